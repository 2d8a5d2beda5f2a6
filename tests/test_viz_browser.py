"""The pages in a real headless Chromium with the network cut off.

Each page must load with no console error and no request leaving it, draw every node of the
graph on the date, focus a searched node, hide a filtered type, toggle the findings, and show
hostile labels as text without running them. Screenshots go to ``test-artifacts/``.

Without Chromium (Debian's ``chromium``) or playwright these tests are skipped with a reason;
with ``KGGRAPH_REQUIRE_BROWSER=1`` (CI) they fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser import PageWatch, assert_clean, launch, open_page, unavailable, wait_ready
from click.testing import CliRunner
from test_viz import HOSTILE_LABEL, HOSTILE_NOTATION, HOSTILE_SOURCE, HOSTILE_TTL

from kggraph.analyses.change import Change
from kggraph.analyses.changes import compare
from kggraph.analyses.checks import run_checks
from kggraph.analyses.findings import Evidence, Finding
from kggraph.analyses.scope import Scope
from kggraph.cli.main import cli
from kggraph.model.records import Model
from kggraph.model.view import build_view
from kggraph.render.html.graph_html import render_graph_html
from kggraph.sources.load import load_model

AT = date(2024, 6, 30)
KGD = "https://w3id.org/kggraph/id/"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as b:
        yield b


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pages under test, written by the real CLI from the bundled (and hostile) data."""
    root = tmp_path_factory.mktemp("pages")
    hostile = root / "hostile.ttl"
    hostile.write_text(HOSTILE_TTL, encoding="utf-8")
    runs = {
        "graph": ["viz", "--at", AT.isoformat()],
        "report": ["report", "--at", AT.isoformat()],
        "hostile-graph": ["viz", "--at", AT.isoformat(), "--data", str(hostile)],
        "hostile-report": ["report", "--at", AT.isoformat(), "--data", str(hostile)],
    }
    paths = {}
    for name, args in runs.items():
        paths[name] = root / f"{name}.html"
        result = CliRunner().invoke(cli, [*args[:1], "-o", str(paths[name]), *args[1:]])
        assert result.exit_code == 0, result.output
    findings = [
        Finding(
            "2.4",
            "warning",
            "KUBU",
            "Overlap",
            ("Kunnskap i kriser",),
            (Evidence("both include HOD", "002 §3.1.2"),),
            "000 §2.4",
            "Unngå dobbeltarbeid.",
        ),
        Finding("5.3", "error", "VA", "No government anchoring", source="000 §5.3"),
        Finding("5.1", "warning", "KUBU", "AID sits below secretary-general", ("AID",)),
    ]
    html, _ = render_graph_html(build_view(load_model(), AT), findings)
    paths["findings"] = root / "findings.html"
    paths["findings"].write_text(html, encoding="utf-8")
    return paths


def _visible(watch: PageWatch) -> list[str]:
    return watch.page.evaluate("kggraph.visibleNodeIds()")


def test_graph_page_loads_offline_and_draws_every_node(browser, pages) -> None:  # noqa: ANN001
    view = build_view(load_model(), AT)
    with open_page(browser, pages["graph"]) as watch:
        wait_ready(watch)
        drawn = watch.page.evaluate("kggraph.network.body.nodeIndices.length")
        in_data = watch.page.evaluate("kggraph.nodes.length")
        physics = watch.page.evaluate("kggraph.network.physics.physicsEnabled")
        watch.screenshot("viz-graph")
        assert_clean(watch, pages["graph"])
    assert drawn == in_data == view.number_of_nodes()
    assert physics is False  # stabilised, then stopped


def test_report_loads_offline_with_its_sections_and_graph(browser, pages) -> None:  # noqa: ANN001
    view = build_view(load_model(), AT)
    with open_page(browser, pages["report"], height=1000) as watch:
        wait_ready(watch)
        page = watch.page
        drawn = page.evaluate("kggraph.network.body.nodeIndices.length")
        tables = page.evaluate("[...document.querySelectorAll('table.kg-table')].map(t => t.id)")
        matrix_cells = page.locator("#kg-matrix td[style]").count()
        watch.screenshot("viz-report")
        watch.screenshot("viz-report-full", full_page=True)
        page.locator("#matrix").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('matrix').scrollIntoView()")
        watch.screenshot("viz-report-matrix")
        assert_clean(watch, pages["report"])
    assert drawn == view.number_of_nodes()
    assert tables == ["kg-structures", "kg-matrix", "kg-overlap"]
    assert matrix_cells > 0


@pytest.mark.parametrize(
    ("query", "iri"),
    [("KUBU", KGD + "KUBU"), ("kjernegruppe for vann og avløp", KGD + "VA"), ("bufdir", None)],
)
def test_search_focuses_the_node(browser, pages, query: str, iri: str | None) -> None:  # noqa: ANN001
    with open_page(browser, pages["graph"]) as watch:
        wait_ready(watch)
        page = watch.page
        page.fill("#kg-search", query)
        page.press("#kg-search", "Enter")
        selected = page.evaluate("kggraph.network.getSelectedNodes()")
        want = iri or page.evaluate(
            "q => kggraph.nodes.get().find(n => n.notation.toLowerCase() === q).id", query
        )
        centre = page.evaluate(
            """id => { const n = kggraph.network; const p = n.getPosition(id);
                       const v = n.getViewPosition(); return Math.hypot(p.x - v.x, p.y - v.y); }""",
            want,
        )
        status = page.text_content("#kg-status")
        watch.screenshot(f"viz-search-{query.split()[0].lower()}")
        assert_clean(watch, pages["graph"])
    assert selected == [want]
    assert centre < 1.0  # the view is centred on it
    assert status.startswith("Viser: ")


def test_unknown_search_says_so(browser, pages) -> None:  # noqa: ANN001
    with open_page(browser, pages["graph"]) as watch:
        wait_ready(watch)
        watch.page.fill("#kg-search", "no such thing")
        watch.page.press("#kg-search", "Enter")
        assert watch.page.text_content("#kg-status") == "Fant ikke: no such thing"
        assert watch.page.evaluate("kggraph.network.getSelectedNodes()") == []


def test_type_filter_hides_that_type(browser, pages) -> None:  # noqa: ANN001
    view = build_view(load_model(), AT)
    agencies = {n for n, c in view.nodes(data="category") if c == "agency"}
    assert agencies
    with open_page(browser, pages["graph"]) as watch:
        wait_ready(watch)
        box = watch.page.locator('#kg-types input[data-category="agency"]')
        box.uncheck()
        hidden = set(view.nodes) - set(_visible(watch))
        drawn = watch.page.evaluate("kggraph.network.body.nodeIndices.length")
        watch.screenshot("viz-filter-no-agencies")
        box.check()
        back = len(_visible(watch))
        assert_clean(watch, pages["graph"])
    assert hidden == agencies
    assert drawn == view.number_of_nodes() - len(agencies)
    assert back == view.number_of_nodes()


def test_core_group_filter_keeps_the_group_its_parts_and_members(browser, pages) -> None:  # noqa: ANN001
    view = build_view(load_model(), AT)
    inside, stack = {KGD + "VA"}, [KGD + "VA"]
    while stack:
        whole = stack.pop()
        for part, _, kind in view.in_edges(whole, data="kind"):
            if kind == "part_of" and part not in inside:
                inside.add(part)
                stack.append(part)
    members = {u for s in inside for u, _, k in view.in_edges(s, data="kind") if k == "membership"}
    with open_page(browser, pages["graph"]) as watch:
        wait_ready(watch)
        watch.page.select_option("#kg-core-group", KGD + "VA")
        visible = set(_visible(watch))
        watch.screenshot("viz-filter-va")
        assert_clean(watch, pages["graph"])
    assert visible == inside | members


def test_findings_toggle_shows_and_hides_the_layer(browser, pages) -> None:  # noqa: ANN001
    layer = """va => {
        const g = kggraph, seat = g.data.findings.find(f => f.rule === '5.1').edgeIds[0];
        return [g.edges.get({filter: e => e.finding && !e.hidden}).length,
                g.nodes.get(va).borderWidth, g.edges.get(seat).color.color];
    }"""
    with open_page(browser, pages["findings"]) as watch:
        wait_ready(watch)
        page = watch.page
        shown = page.evaluate(layer, KGD + "VA")
        watch.screenshot("viz-findings")
        page.locator("#kg-show-findings").uncheck()
        hidden = page.evaluate(layer, KGD + "VA")
        page.locator(".kg-findings button").first.click()
        focused = page.evaluate("kggraph.network.getSelectedNodes()")
        assert_clean(watch, pages["findings"])
    assert shown == [1, 5, "#e36c09"]  # a duplication line, a marked gap, a lit seat
    assert hidden == [0, 1.5, "#4a6a8a"]  # all back to their own look
    assert focused == [KGD + "KUBU"]


def _hover(watch: PageWatch, iri: str) -> str:
    """Move the mouse onto a node; return the tooltip's text once it shows."""
    page = watch.page
    page.evaluate("id => kggraph.focusNode(id)", iri)
    x, y = page.evaluate(
        """id => { const n = kggraph.network, p = n.canvasToDOM(n.getPosition(id));
                   const r = document.getElementById('kg-network').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        iri,
    )
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    return tip.text_content() or ""


def test_hostile_labels_run_nothing_and_show_as_text(browser, pages) -> None:  # noqa: ANN001
    iri = KGD + "Hostile"
    with open_page(browser, pages["hostile-graph"]) as watch:
        wait_ready(watch)
        page = watch.page
        canvas_label = page.evaluate("id => kggraph.nodes.get(id).label", iri)
        hover = _hover(watch, iri)
        images = page.evaluate("document.querySelectorAll('img').length")
        option = page.locator(f'#kg-core-group option[value="{iri}"]').text_content()
        watch.screenshot("viz-hostile-hover")
        assert_clean(watch, pages["hostile-graph"])
    assert canvas_label == HOSTILE_NOTATION
    assert HOSTILE_LABEL in hover and HOSTILE_SOURCE in hover
    assert images == 0
    assert HOSTILE_LABEL in option
    with open_page(browser, pages["hostile-report"], height=1000) as watch:
        wait_ready(watch)
        page = watch.page
        cells = page.evaluate(
            "[...document.querySelectorAll('#kg-structures td')].map(td => td.textContent)"
        )
        images = page.evaluate("document.querySelectorAll('img').length")
        watch.screenshot("viz-hostile-report")
        assert_clean(watch, pages["hostile-report"])
    assert HOSTILE_LABEL in cells and HOSTILE_NOTATION in cells and HOSTILE_SOURCE in cells
    assert images == 0


def test_without_a_browser_ci_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGGRAPH_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="KGGRAPH_REQUIRE_BROWSER=1 forbids"):
        unavailable("no Chromium found")
    monkeypatch.delenv("KGGRAPH_REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception, match="browser tests skipped: no Chromium"):
        unavailable("no Chromium found")


# ---- the date slider of `viz --from --to`: the lines and findings change as `diff` says

SLIDER_FROM, SLIDER_TO = date(2023, 6, 30), date(2024, 6, 30)


@pytest.fixture(scope="module")
def slider_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("slider") / "slider.html"
    args = [
        "viz",
        "-o",
        str(path),
        "--from",
        SLIDER_FROM.isoformat(),
        "--to",
        SLIDER_TO.isoformat(),
    ]
    result = CliRunner().invoke(cli, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def slider_changes(model: Model) -> list[Change]:
    """What `kggraph diff --from 2023-06-30 --to 2024-06-30` says (the same analysis)."""
    scope = Scope.everything(model)
    return compare(
        model, SLIDER_FROM, SLIDER_TO, scope, lambda day: run_checks(model, day, "en"), "en"
    )


def _slide(watch: PageWatch, index: int) -> dict:
    """Move the slider as a user does, and read what the page then shows."""
    watch.page.locator("#kg-day").fill(str(index))
    return watch.page.evaluate(
        """() => ({
            day: document.getElementById('kg-day-label').textContent,
            edges: kggraph.visibleEdgeKeys(),
            maybe: kggraph.uncertainEdgeKeys(),
            findings: [...document.querySelectorAll('.kg-findings li[data-finding]')]
                .filter(li => !li.hidden).map(li => li.textContent.trim()),
        })"""
    )


def test_slider_moves_from_2023_to_2024_as_the_diff_says(
    browser,  # noqa: ANN001
    slider_page: Path,
    slider_changes: list[Change],
) -> None:
    with open_page(browser, slider_page) as watch:
        wait_ready(watch)
        last = int(watch.page.get_attribute("#kg-day", "max"))
        before = _slide(watch, 0)
        watch.screenshot("viz-slider-2023")
        after = _slide(watch, last)
        watch.screenshot("viz-slider-2024")
        assert watch.console_errors == [] and watch.blocked == [] and watch.dialogs == []
    assert (before["day"], after["day"]) == (SLIDER_FROM.isoformat(), SLIDER_TO.isoformat())
    joined = [c.records[0] for c in slider_changes if c.kind == "joined"]
    left = [c.records[0] for c in slider_changes if c.kind == "left"]
    levels = [c.records for c in slider_changes if c.kind == "level"]
    assert joined and left and levels
    for iri in joined:  # absent or only possible in 2023, there for sure in 2024
        assert iri not in before["edges"] or iri in before["maybe"], iri
        assert iri in after["edges"] and iri not in after["maybe"], iri
    for iri in left:
        assert iri in before["edges"] and iri not in after["edges"], iri
    for was, now in levels:  # the old seat gives way to the new
        assert was in before["edges"] and was not in after["edges"]
        assert now in after["edges"] and (now not in before["edges"] or now in before["maybe"])
    gone = [c for c in slider_changes if c.kind == "finding-gone"]
    new = [c for c in slider_changes if c.kind == "finding-new"]
    fin = next(c for c in gone if c.subject == "Klima" and c.member == "FIN")
    assert any("FIN" in f and "Klima" in f and "coordinator" in f for f in before["findings"])
    assert not any("FIN" in f and "coordinator" in f for f in after["findings"])
    assert fin in gone and new
    for c in gone:  # each finding the diff says went away leaves the list, each new one joins
        message = c.text.split(": ", 1)[1]
        assert any(message in f for f in before["findings"]), message
        assert not any(message in f for f in after["findings"]), message
    for c in new:
        message = c.text.split(": ", 1)[1]
        assert any(message in f for f in after["findings"]), message
        assert not any(message in f for f in before["findings"]), message
