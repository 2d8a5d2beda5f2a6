"""The picture without a browser: escaping, self-containedness, selection, layout, CLI.

Every test reads the bundled data through the real loader; hostile labels come from an extra
data file, exactly as a user would add one with ``--data``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kggraph.analyses.findings import Evidence, Finding
from kggraph.analyses.report import report_content
from kggraph.analyses.seats import group_pairs, participation
from kggraph.cli.main import cli
from kggraph.errors import KgError
from kggraph.model.records import Model
from kggraph.model.view import build_view
from kggraph.render.html import report_html
from kggraph.render.html.assets import inline_text, json_for_script
from kggraph.render.html.graph_html import build_graph_page, build_page, render_graph_html
from kggraph.render.html.select import neighbourhood, only_types, parse_types
from kggraph.render.overlap_rows import pair_rows
from kggraph.sources.load import Sources, load_model

AT = date(2024, 6, 30)
KGD = "https://w3id.org/kggraph/id/"
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"
HOSTILE_NOTATION = "<b>XSS</b></script>"
HOSTILE_SOURCE = "<img src=y onerror=alert(2)>"
HOSTILE_TTL = f"""\
@prefix kg:      <https://w3id.org/kggraph/ont#> .
@prefix kgd:     <https://w3id.org/kggraph/id/> .
@prefix kglevel: <https://w3id.org/kggraph/level/> .
@prefix kgrole:  <https://w3id.org/kggraph/role/> .
@prefix kgval:   <https://w3id.org/kggraph/value/> .
@prefix kgtheme: <https://w3id.org/kggraph/theme/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

kgd:src-hostile a kg:Citation ; rdfs:label "{HOSTILE_SOURCE}" ;
    kg:quote "</script><script>alert(3)</script>"@nb .

kgd:t-hostile-start a time:Instant ; time:inXSDDate "2023-01-01"^^xsd:date ;
    kg:precision kgval:day .

kgd:Hostile a kg:CoreGroup ;
    skos:notation "{HOSTILE_NOTATION}" ;
    skos:prefLabel "{HOSTILE_LABEL}"@nb , "{HOSTILE_LABEL}"@en ;
    kg:activeDuring [ a time:Interval ; time:hasBeginning kgd:t-hostile-start ] ;
    kg:theme kgtheme:klima ;
    kg:governmentAnchoring [ a kg:QualifiedValue ; rdf:value kgval:unknown ;
        dcterms:source kgd:src-hostile ] ;
    dcterms:source kgd:src-hostile .

kgd:m-Hostile-KD a org:Membership ;
    org:member kgd:KD ; org:organization kgd:Hostile ;
    org:role kgrole:lead ; kg:level kglevel:secretary-general ;
    org:memberDuring [ a time:Interval ; time:hasBeginning kgd:t-hostile-start ] ;
    dcterms:source kgd:src-hostile .
"""


def render_report_html(
    model: Model, view: object, at: date, findings: list[Finding] | tuple = ()
) -> tuple[str, object]:
    """The report as ``kggraph report`` builds it: the analyses' content, then the page."""
    return report_html.render_report_html(model, report_content(model, at, findings), view)


def level_matrix(model: Model, at: date) -> tuple[list[dict], list[dict]]:
    return report_html.level_matrix(model, participation(model, at))


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text(HOSTILE_TTL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_model(hostile_file: Path) -> Model:
    return load_model(Sources(data=(hostile_file,)))


def _findings() -> list[Finding]:
    """Real findings of the real type: a duplication pair, an anchoring gap, one off-graph."""
    return [
        Finding(
            rule="2.4",
            severity="warning",
            subject="KUBU",
            related=("Kunnskap i kriser",),
            message="Overlapping members and themes",
            evidence=(Evidence("both include HOD", "002 §3.1.2"),),
            source="000 §2.4",
            guideline_text="Unngå dobbeltarbeid.",
        ),
        Finding(rule="5.3", severity="error", subject="VA", message="No government anchoring"),
        Finding(rule="5.1", severity="warning", subject="KUBU", related=("AID",), message="Low"),
        Finding(rule="5.3", severity="info", subject="NOT-THERE", message="Not in the view"),
    ]


def _external_references(html: str) -> list[str]:
    """Every way a page could fetch something: src/href/url()/@import/<link>/srcset."""
    patterns = [
        r"""\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""",
        r"""url\(\s*["']?\s*(?:https?:)?//""",
        r"@import",
        r"<link\b",
        r"<script\b[^>]*\bsrc\s*=",
        r"<iframe\b",
    ]
    return [m.group(0) for p in patterns for m in re.finditer(p, html, re.IGNORECASE)]


def test_json_for_script_escapes_what_could_close_a_script() -> None:
    text = json_for_script({"label": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert text == '{"label": "\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'


def test_inline_text_refuses_an_asset_that_closes_its_element() -> None:
    with pytest.raises(KgError, match="refusing to inline"):
        inline_text("var a = '</SCRIPT>';")
    assert inline_text("var a = 1;") == "var a = 1;"


def test_graph_page_is_self_contained(model: Model) -> None:
    html, page = render_graph_html(build_view(model, AT), _findings())
    assert _external_references(html) == []
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "vis.Network" in html  # our script, inlined
    assert "visjs" in html  # vis-network itself, inlined from pyvis
    assert "bootstrap" not in html.lower()
    assert page.node_count == build_view(model, AT).number_of_nodes()


def test_report_is_self_contained(model: Model) -> None:
    html, _ = render_report_html(model, build_view(model, AT), AT, _findings())
    assert _external_references(html) == []
    assert "Unngå dobbeltarbeid." in html and "000 §2.4" in html and "002 §3.1.2" in html


def test_cli_writes_one_file_and_says_what_it_did(
    runner: CliRunner, model: Model, tmp_path: Path
) -> None:
    out = tmp_path / "graph.html"
    result = runner.invoke(cli, ["viz", "-o", str(out), "--at", AT.isoformat()])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]  # no lib/ folder
    view = build_view(model, AT)
    first, second = result.output.splitlines()
    assert first.startswith(f"Wrote {out} (2024-06-30): {view.number_of_nodes()} nodes, ")
    assert second == (
        f"Layout: {view.number_of_nodes()} nodes; physics stabilises for at most 400 "
        "iterations in the browser, then stops"
    )


def test_cli_says_when_it_drew_the_overview(
    runner: CliRunner, model: Model, tmp_path: Path
) -> None:
    view = build_view(model, AT)
    page = build_page(view, threshold=20)
    out = tmp_path / "g.html"
    result = runner.invoke(cli, ["viz", "-o", str(out), "--at", "2024-06-30", "--max-nodes", "20"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        f"Layout: overview ({view.number_of_nodes()} nodes > 20): "
        f"{len(page.data['clusters'])} clusters (Louvain communities of the membership "
        f"network), {len(page.data['links']) // 3} links between them; positions computed "
        "before the page opens, no physics; click a cluster to open it"
    )


def test_cli_report_writes_one_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["report", "-o", str(out), "--at", AT.isoformat()])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    assert result.output.startswith(f"Wrote {out} (2024-06-30): ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--depth", "2"], "Error: --depth needs --focus NAME"),
        (["--focus", "Nowhere at all"], "Error: unknown organisation or structure 'Nowhere"),
        (["--types", "core_group,bogus"], "Error: unknown type 'bogus' in --types; choose"),
        (["--focus", "KUBU", "--at", "2019-01-01"], "Error: 'KUBU' is not in the graph on"),
    ],
)
def test_cli_refuses_bad_options_in_one_line(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(cli, ["viz", "-o", str(tmp_path / "x.html"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "x.html").exists()


def test_hostile_labels_are_escaped_everywhere(hostile_model: Model) -> None:
    view = build_view(hostile_model, AT)
    assert view.nodes[KGD + "Hostile"]["label"] == HOSTILE_LABEL
    hostile = [Finding("x", "info", HOSTILE_NOTATION, HOSTILE_LABEL)]
    graph, _ = render_graph_html(view, hostile)
    overview, page = render_graph_html(view, hostile, threshold=10)
    report, _ = render_report_html(hostile_model, view, AT)
    assert page.overview
    for html, scripts in ((graph, 5), (overview, 5), (report, 7)):
        for raw in (HOSTILE_LABEL, HOSTILE_SOURCE, HOSTILE_NOTATION, "<script>alert(3)"):
            assert raw not in html
        assert "<img" not in html
        assert html.lower().count("</script") == scripts  # our own script elements, no more
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in overview  # data for the canvas
    assert "&lt;img src=x onerror=alert(1)&gt;" in report  # shown as text in the tables
    assert "&lt;img src=x onerror=alert(1)&gt;" in graph  # …and in the core-group filter
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in graph  # …and as data for the canvas


def test_depth_zero_is_the_node_alone_and_depth_one_its_neighbours(model: Model) -> None:
    view = build_view(model, AT)
    kubu = KGD + "KUBU"
    assert list(neighbourhood(view, kubu, 0).nodes) == [kubu]
    one = neighbourhood(view, kubu, 1)
    expected = {kubu, *view.predecessors(kubu), *view.successors(kubu)}
    assert set(one.nodes) == expected
    assert KGD + "BFD" in expected  # BFD leads KUBU (002 §3.1.2)


def test_focus_keeps_the_view_attributes(model: Model) -> None:
    view = build_view(model, AT)
    sub = neighbourhood(view, KGD + "KUBU", 1)
    page = build_graph_page(sub)
    assert page.node_count == sub.number_of_nodes()
    assert {n["id"] for n in page.data["nodes"]} == set(sub.nodes)


def test_types_by_category_or_by_type(model: Model) -> None:
    view = build_view(model, AT)
    known = {e.type for e in model.entities.values()}
    cores = only_types(view, parse_types("core_group", known))
    assert {a["category"] for _, a in cores.nodes(data=True)} == {"core_group"}
    assert cores.number_of_nodes() == sum(
        1 for _, c in view.nodes(data="category") if c == "core_group"
    )
    mixed = only_types(view, parse_types("Ministry, secretariat", known))
    assert {a["type"] for _, a in mixed.nodes(data=True)} == {"Ministry", "Secretariat"}
    assert only_types(view, parse_types("", known)) is view


def test_findings_layer_links_pairs_and_marks_gaps(model: Model) -> None:
    view = build_view(model, AT)
    page = build_graph_page(view, _findings())
    by_rule = {(f["rule"], f["subject"]): f for f in page.findings}
    pair = by_rule[("2.4", "KUBU")]
    assert (pair["subjectId"], pair["lineTo"], pair["edgeIds"]) == (
        KGD + "KUBU",
        [KGD + "Kunnskap-i-kriser"],
        [],
    )
    lines = [e for e in page.data["edges"] if e.get("finding")]
    assert [(e["from"], e["to"], e["finding"]) for e in lines] == [
        (KGD + "KUBU", KGD + "Kunnskap-i-kriser", pair["id"])
    ]
    gap = by_rule[("5.3", "VA")]
    assert (gap["subjectId"], gap["lineTo"], gap["edgeIds"]) == (KGD + "VA", [], [])
    assert [f["subject"] for f in page.unplaced] == ["NOT-THERE"]
    assert page.edge_count == len(page.data["edges"]) - 1


def test_a_finding_about_a_ministry_lights_up_its_seat(model: Model) -> None:
    page = build_graph_page(build_view(model, AT), _findings())
    low = next(f for f in page.findings if f["rule"] == "5.1")
    lit = [e for e in page.data["edges"] if e["id"] in low["edgeIds"]]
    assert low["lineTo"] == [] and lit
    assert {(e["from"], e.get("kind")) for e in lit} == {(KGD + "AID", "membership")}
    assert KGD + "KUBU" in {e["to"] for e in lit}  # AID's seat in the core group itself


def test_no_findings_leaves_the_layer_out(model: Model) -> None:
    page = build_graph_page(build_view(model, AT), _findings(), show_findings=False)
    assert page.findings == []
    assert not any(e.get("finding") for e in page.data["edges"])


def test_level_matrix_marks_the_lead_at_its_level(model: Model) -> None:
    columns, rows = level_matrix(model, AT)
    kubu = [c["notation"] for c in columns].index("KUBU")
    cell = next(r for r in rows if r["notation"] == "BFD")["cells"][kubu]
    assert (cell.role_label, cell.level) == ("leder", "secretary-general")  # 002 §3.1.2
    assert cell.dark and cell.colour == "#08306b"


def test_level_matrix_names_the_seat_in_the_group_itself_first(model: Model) -> None:
    columns, rows = level_matrix(model, AT)
    kompetanse = [c["notation"] for c in columns].index("Kompetanse")
    cell = next(r for r in rows if r["notation"] == "KD")["cells"][kompetanse]
    # KD sits in Kompetanse at secretary-general level and leads its master group (002 §3.5.2)
    assert (cell.role_label, cell.level) == ("medlem", "secretary-general")
    assert cell.seats[0].startswith("Kompetanse: medlem, departementsråd")
    assert any(s.startswith("Kompetanse-mastergruppen: leder") for s in cell.seats[1:])


def test_report_shows_the_overlap_of_kggraph_overlap(model: Model) -> None:
    html, _ = render_report_html(model, build_view(model, AT), AT)
    first = pair_rows(model, group_pairs(model, AT))[0]
    row = (
        f"<tr><td>{first['a']}</td><td>{first['b']}</td><td>{first['shared']}</td>"
        f"<td>{first['jaccard']:.2f}</td><td>{first['overlap']:.2f}</td>"
        f"<td>{', '.join(first['shared_members'])}</td></tr>"
    )
    assert row in html


def test_same_page_whatever_order_the_triples_come_in(model: Model, tmp_path: Path) -> None:
    from rdflib import Graph

    from kggraph.resources import bundled_data_files

    graph = Graph()
    for path in bundled_data_files():
        graph.parse(path)
    backwards = tmp_path / "backwards.nt"  # "general knowledge"@en now before "allmennkunnskap"@nb
    backwards.write_text("\n".join(sorted(graph.serialize(format="nt").splitlines())[::-1]))
    other = load_model(Sources(data=(backwards,), bundled=False))
    general = "https://w3id.org/kggraph/id/src-general-knowledge"
    assert other.citations[general].label == model.citations[general].label == "allmennkunnskap"
    views = [build_view(m, AT) for m in (model, other)]
    assert list(views[0].nodes) == list(views[1].nodes)
    assert list(views[0].edges(keys=True)) == list(views[1].edges(keys=True))
    pages = [render_graph_html(view, _findings())[0] for view in views]
    assert pages[0] == pages[1]
