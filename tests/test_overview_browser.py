"""The overview page of a large graph in a real headless Chromium, the network cut off.

The bundled data become "large" with ``--max-nodes 20``, so every behaviour of the overview is
checked on data whose answers we know: the page opens on clusters and runs no physics, a click
opens a cluster, search opens the cluster of what it finds, the findings listed are the
findings drawn, and a hostile label stays text. The EU register (imported with the repository's
mapping) checks the size and the readability that the overview exists for.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser import PageWatch, assert_clean, launch, open_page, wait_ready
from click.testing import CliRunner
from test_viz import HOSTILE_LABEL, HOSTILE_NOTATION, HOSTILE_TTL

from kggraph.cli.context import findings_on
from kggraph.cli.main import cli
from kggraph.model.view import build_view
from kggraph.render.html.graph_html import build_page
from kggraph.sources.load import load_model

AT = date(2024, 6, 30)
KGD = "https://w3id.org/kggraph/id/"
ROOT = Path(__file__).resolve().parents[1]
EU = ROOT.parent / "shared" / "realdata" / "eu-expert-groups"
EU_MAPPING = ROOT / "examples" / "eu-expert-groups" / "mapping.toml"
MB = 1_000_000


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as b:
        yield b


def _write(root: Path, name: str, args: list[str]) -> Path:
    path = root / f"{name}.html"
    result = CliRunner().invoke(cli, [args[0], "-o", str(path), *args[1:]])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Overview pages of the bundled data (and of the hostile data) written by the real CLI."""
    root = tmp_path_factory.mktemp("overview")
    (root / "hostile.ttl").write_text(HOSTILE_TTL, encoding="utf-8")
    small = ["--at", AT.isoformat(), "--max-nodes", "20"]
    hostile = [*small, "--data", str(root / "hostile.ttl")]
    runs = {"overview": small, "hostile": hostile}
    paths = {name: _write(root, name, ["viz", *args]) for name, args in runs.items()}
    return {**paths, "report": _write(root, "report", ["report", "--at", AT.isoformat()])}


@pytest.fixture(scope="module")
def eu(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The EU register imported, and its default ``viz`` page."""
    if not EU_MAPPING.is_file() or not EU.is_dir():
        pytest.skip(f"the EU register or its mapping is missing ({EU}, {EU_MAPPING})")
    root = tmp_path_factory.mktemp("eu")
    data = root / "eg.ttl"
    result = CliRunner().invoke(
        cli, ["import", "--mapping", str(EU_MAPPING), str(EU), "-o", str(data)]
    )
    assert result.exit_code == 0, result.output
    args = ["--no-bundled", "--data", str(data)]
    return {name: _write(root, f"eu-{name}", [name, *args]) for name in ("viz", "report")}


def _click_node(watch: PageWatch, node_id: str | int) -> None:
    x, y = watch.page.evaluate(
        """id => { const n = kggraph.network, p = n.canvasToDOM(n.getPosition(id));
                   const r = document.getElementById('kg-network').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node_id,
    )
    watch.page.mouse.click(x, y)


def _overview_data() -> dict:
    """The overview's data as ``viz --max-nodes 20`` writes it, findings included."""
    model = load_model()
    return build_page(build_view(model, AT), findings_on(model, AT, "nb"), threshold=20).data


def test_overview_opens_on_clusters_without_physics(browser, pages) -> None:  # noqa: ANN001
    data = _overview_data()
    with open_page(browser, pages["overview"]) as watch:
        wait_ready(watch)
        ids = watch.page.evaluate("kggraph.nodes.getIds()")
        physics = watch.page.evaluate("kggraph.network.physics.physicsEnabled")
        watch.screenshot("viz-overview")
        assert_clean(watch, pages["overview"])
    assert sorted(ids) == sorted(f"c{i}" for i in range(len(data["clusters"])))
    assert physics is False


def test_a_click_opens_the_cluster_into_its_nodes(browser, pages) -> None:  # noqa: ANN001
    data = _overview_data()
    members = {data["nodes"]["id"][i] for i, c in enumerate(data["nodes"]["cl"]) if c == 0}
    with open_page(browser, pages["overview"]) as watch:
        wait_ready(watch)
        _click_node(watch, "c0")
        opened = watch.page.evaluate("kggraph.openClusters()")
        visible = set(watch.page.evaluate("kggraph.visibleNodeIds()"))
        still_closed = watch.page.evaluate("kggraph.nodes.getIds().filter(i => i[0] === 'c')")
        watch.screenshot("viz-overview-open")
        assert_clean(watch, pages["overview"])
    assert opened == [0]
    assert visible == members
    assert sorted(still_closed) == sorted(f"c{i}" for i in range(1, len(data["clusters"])))


def test_search_finds_a_structure_inside_a_closed_cluster(browser, pages) -> None:  # noqa: ANN001
    data = _overview_data()
    kubu = data["nodes"]["id"].index(KGD + "KUBU")
    with open_page(browser, pages["overview"]) as watch:
        wait_ready(watch)
        closed = watch.page.evaluate("kggraph.openClusters()")
        watch.page.fill("#kg-search", "kubu")
        watch.page.press("#kg-search", "Enter")
        selected = watch.page.evaluate("kggraph.network.getSelectedNodes()")
        opened = watch.page.evaluate("kggraph.openClusters()")
        on_screen = watch.page.evaluate(
            """i => { const b = kggraph.viewBox(), p = kggraph.network.getPosition(i);
                      return p.x > b.left && p.x < b.right && p.y > b.top && p.y < b.bottom; }""",
            kubu,
        )
        status = watch.page.text_content("#kg-status")
        assert_clean(watch, pages["overview"])
    assert closed == []
    assert selected == [kubu]
    assert opened == [data["nodes"]["cl"][kubu]]
    assert on_screen
    assert status.startswith("Viser: ")


_DRAWN = """() => {
    const g = kggraph, b = g.viewBox(), colours = g.data.findingColours;
    const marked = n => typeof n.id === 'string' ? colours.includes(n.color.border)
                                                 : n.borderWidth === 5;
    return g.nodes.get().filter(marked).filter(n => {
        const p = g.network.getPosition(n.id), r = typeof n.id === 'string' ? n.size : 0;
        return p.x + r >= b.left && p.x - r <= b.right && p.y + r >= b.top && p.y - r <= b.bottom;
    }).map(n => n.id);
}"""


def _listed_and_drawn(watch: PageWatch) -> tuple[set, set]:
    listed = watch.page.evaluate("kggraph.listedFindings()")
    return {f["shownAs"] for f in listed}, set(watch.page.evaluate(_DRAWN))


def test_findings_listed_match_findings_drawn(browser, pages) -> None:  # noqa: ANN001
    data = _overview_data()
    placed = [f for f in data["findings"] if f["node"] >= 0]
    assert placed
    with open_page(browser, pages["overview"]) as watch:
        wait_ready(watch)
        page = watch.page
        overview = _listed_and_drawn(watch)
        count = int(page.text_content("#kg-findings-count"))
        items = page.locator("#kg-findings-list li").count()
        severities = [f["severity"] for f in page.evaluate("kggraph.listedFindings()")]
        page.evaluate("kggraph.search('KUBU')")
        page.wait_for_timeout(300)
        zoomed = _listed_and_drawn(watch)
        page.locator("#kg-findings-list button").first.click()
        message = page.locator("#kg-findings-list .kg-message").first.text_content()
        page.locator("#kg-show-findings").uncheck()
        page.wait_for_timeout(300)
        off = _listed_and_drawn(watch)
        assert_clean(watch, pages["overview"])
    assert overview[0] == overview[1] and overview[0]  # every cluster with findings, on screen
    assert count == len(placed) and items == min(25, len(placed))
    assert severities == sorted(severities)  # the most severe first
    assert zoomed[0] == zoomed[1] and zoomed[0] != overview[0]
    assert any(isinstance(i, int) for i in zoomed[0])  # a node of the open cluster
    assert message  # the full text, on demand
    assert off == (set(), set())


def test_hostile_label_stays_inert_in_the_overview(browser, pages) -> None:  # noqa: ANN001
    iri = KGD + "Hostile"
    with open_page(browser, pages["hostile"]) as watch:
        wait_ready(watch)
        page = watch.page
        found = page.evaluate("q => kggraph.search(q)", "onerror")
        index = page.evaluate("kggraph.network.getSelectedNodes()[0]")
        label = page.evaluate("i => kggraph.nodes.get(i).label", index)
        tip = page.evaluate("i => kggraph.nodes.get(i).title.textContent", index)
        clusters = page.evaluate(
            "[...document.querySelectorAll('#kg-cluster option')].map(o => o.textContent)"
        )
        images = page.evaluate("document.querySelectorAll('img').length")
        watch.screenshot("viz-overview-hostile")
        assert_clean(watch, pages["hostile"])
    assert found == iri
    assert label == HOSTILE_NOTATION
    assert HOSTILE_LABEL in tip
    assert images == 0 and clusters


def _label_boxes(watch: PageWatch) -> list[tuple[float, float, float, float]]:
    """Each cluster label's box as drawn by vis-network (left, top, right, bottom)."""
    return [
        tuple(box)
        for box in watch.page.evaluate(
            """() => kggraph.nodes.getIds().filter(i => i[0] === 'c').map(i => {
                const s = kggraph.network.body.nodes[i].labelModule.size;
                return [s.left, s.top, s.left + s.width, s.top + s.height]; })"""
        )
    ]


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


_EMPTY_POINT = """([w, h]) => {
    for (const f of [0.5, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) {
        for (const g of [0.5, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) {
            const p = {x: w * f, y: h * g};
            if (kggraph.network.getNodeAt(p) === undefined) return [p.x, p.y];
        }
    }
    throw new Error('no empty point on the canvas');
}"""


def test_eu_overview_is_small_readable_and_responsive(browser, eu) -> None:  # noqa: ANN001
    path = eu["viz"]
    with open_page(browser, path) as watch:
        wait_ready(watch)
        page = watch.page
        boxes = _label_boxes(watch)
        font = page.evaluate("kggraph.data.font * kggraph.network.getScale()")
        watch.screenshot("viz-eu-overview")
        page.evaluate("kggraph.openCluster(0)")
        opened = len(page.evaluate("kggraph.visibleNodeIds()"))
        before = page.evaluate("[kggraph.network.getViewPosition(), kggraph.network.getScale()]")
        box = page.locator("#kg-network canvas").bounding_box()
        dx, dy = page.evaluate(_EMPTY_POINT, [box["width"], box["height"]])
        x, y = box["x"] + dx, box["y"] + dy  # a drag that starts on a node moves the node
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 120, y + 60, steps=8)
        page.mouse.up()
        dragged = page.evaluate("kggraph.network.getViewPosition()")
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(300)
        zoomed = page.evaluate("kggraph.network.getScale()")
        watch.screenshot("viz-eu-open")
        assert_clean(watch, path)
    assert path.stat().st_size <= 4 * MB
    assert len(boxes) > 10
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if _overlap(a, b)]
    assert font >= 11  # px on screen, the whole overview fitted
    assert opened > 100
    assert dragged != before[0]
    assert zoomed > before[1]


_ROWS = "t => [...document.querySelectorAll(`#${t} tbody tr`)].filter(r => !r.hidden)"


def test_report_tables_filter_and_sort_in_the_page(browser, pages) -> None:  # noqa: ANN001
    with open_page(browser, pages["report"], height=1000) as watch:
        wait_ready(watch)
        page = watch.page
        every = page.evaluate(_ROWS + ".length", "kg-structures")
        page.locator("#kg-structures").locator("xpath=preceding-sibling::input[1]").fill("kubu")
        kept = page.evaluate(_ROWS + ".map(r => r.textContent.toLowerCase())", "kg-structures")
        page.locator("#kg-structures thead th").first.click()
        first = page.evaluate(_ROWS + ".map(r => r.cells[0].textContent)", "kg-structures")
        page.locator("#kg-structures thead th").first.click()
        again = page.evaluate(_ROWS + ".map(r => r.cells[0].textContent)", "kg-structures")
        assert_clean(watch, pages["report"])
    assert 0 < len(kept) < every
    assert all("kubu" in row for row in kept)
    assert first == sorted(first, key=str.casefold) and again == first[::-1]


def test_eu_report_is_small_and_readable(browser, eu) -> None:  # noqa: ANN001
    path = eu["report"]
    with open_page(browser, path, height=1000) as watch:
        wait_ready(watch)
        sections = watch.page.evaluate("[...document.querySelectorAll('main > h2')].length")
        clusters = watch.page.evaluate("kggraph.nodes.length")
        watch.screenshot("viz-eu-report")
        assert_clean(watch, path)
    assert path.stat().st_size <= 6 * MB
    assert sections >= 5
    assert clusters > 10  # the graph opens on its clusters
