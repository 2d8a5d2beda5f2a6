"""`kggraph import --mapping`: the real EU register in its own columns, checked against the CSV
files read here with the csv module, independently of the importer."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from conftest import GROUPS, SEATS
from rdflib import Graph, Literal, URIRef

from kggraph.cli.main import cli
from kggraph.model.namespaces import DCTERMS, KG, KGROLE, ORG, SKOS


def _rows(register: Path, name: str) -> list[dict[str, str]]:
    with (register / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


@pytest.fixture(scope="session")
def graph(imported: tuple[Path, str]) -> Graph:
    return Graph().parse(imported[0])


def _expected(register: Path) -> dict[str, int]:
    """Groups, subgroups, seats and organisations, counted from the CSV files."""
    groups, seats = _rows(register, GROUPS), _rows(register, SEATS)
    dg = re.compile(r"^([A-Z0-9_]+) -")
    orgs = {("o", _fold(r["name"] + " " + r["countries_areas_represented"])) for r in seats}
    held = {
        (
            r["group_code"],
            r["subgroup_name"].strip(),
            _fold(r["name"] + " " + r["countries_areas_represented"]),
            r["membership_status"],
        )
        for r in seats
    }
    parts = {
        (r["group_code"], r["subgroup_name"].strip()) for r in seats if r["subgroup_name"].strip()
    }
    roles = {"Member": "Member", "Observer": "Observer", "Alternate member": "Alternate member"}
    for r in seats:  # "Subgroup\nNot a member\nOther subgroup\nMember": parts, and seats in them
        lines = [x.strip() for x in r["subgroup_status"].splitlines() if x.strip()]
        for part, status in zip(lines[::2], lines[1::2], strict=True):
            parts.add((r["group_code"], part))
            if status in roles:
                org = _fold(r["name"] + " " + r["countries_areas_represented"])
                held.add((r["group_code"], part, org, roles[status]))
    for g in groups:
        for column, role in (("lead_dg", "lead"), ("associated_dg", "associated")):
            for line in g[column].splitlines():
                code = dg.match(line.strip()).group(1)
                orgs.add(("dg", code))
                held.add((g["code"], "", code, role))
    return {
        "structures": len(groups),
        "parts": len(parts),
        "memberships": len(held),
        "organisations": len(orgs),
    }


def test_info_counts_the_register_as_the_csv_files_do(register, imported, runner):
    path, _ = imported
    result = runner.invoke(cli, ["info", "--no-bundled", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    counted = {k: info[k] for k in ("structures", "parts", "memberships", "organisations")}
    assert counted == _expected(register)


def test_the_summary_says_what_was_left_out(imported):
    _, said = imported
    assert "Imported 918 structures" in said
    assert "rows repeat a seat already imported" in said
    unread = next(line for line in said.splitlines() if line.startswith(SEATS))
    assert "columns the mapping does not read" in unread and "subgroup_status" not in unread
    assert "statuses in subgroup_status repeat a seat already imported" in said


def test_a_group_keeps_its_code_names_languages_dates_and_themes(graph):
    group = URIRef("https://w3id.org/kggraph/id/eg-E00003")
    assert graph.value(group, SKOS.notation) == Literal("E00003")
    assert Literal("Social partners and the activities of the Fund structural", lang="en") in set(
        graph.objects(group, SKOS.prefLabel)
    )
    themes = {graph.value(t, SKOS.prefLabel) for t in graph.objects(group, KG.theme)}
    assert themes == {Literal("Regional Policy", lang="en")}
    scheme = graph.value(next(graph.objects(group, KG.theme)), SKOS.inScheme)
    assert (None, KG.themeScheme, scheme) in graph
    lead = [
        m
        for m in graph.subjects(ORG.organization, group)
        if graph.value(m, ORG.role) == KGROLE.lead
    ]
    assert [graph.value(graph.value(m, ORG.member), SKOS.notation) for m in lead] == [
        Literal("REGIO")
    ]
    associated = {
        str(graph.value(graph.value(m, ORG.member), SKOS.notation))
        for m in graph.subjects(ORG.organization, group)
        if graph.value(m, ORG.role) == KGROLE.associated
    }
    assert associated == {"AGRI", "EMPL", "MARE"}


def test_a_bare_year_keeps_year_precision(register, graph):
    year_only = next(
        g for g in _rows(register, GROUPS) if re.fullmatch(r"\d{4}", g["active_since"])
    )
    group = URIRef(f"https://w3id.org/kggraph/id/eg-{year_only['code']}")
    start = graph.value(
        graph.value(group, KG.activeDuring), URIRef("http://www.w3.org/2006/time#hasBeginning")
    )
    assert str(graph.value(start, KG.precision)).endswith("/year")


def test_alternate_members_and_every_seat_cites_its_row(register, graph):
    roles = Counter(graph.value(m, ORG.role) for m in graph.subjects(ORG.member, None))
    assert roles[KGROLE.alternate] > 0 and roles[KGROLE.observer] > 0
    for m in graph.subjects(ORG.member, None):
        sources = list(graph.objects(m, DCTERMS.source))
        assert sources and all(str(graph.value(s, KG.section)).startswith("row ") for s in sources)


def test_a_wrong_cell_names_file_row_and_column(tmp_path, runner):
    (tmp_path / "groups.csv").write_text("code,name,since\nA1,Alpha,2009\nA2,Beta,31/31/2011\n")
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[dataset]\nprefix = "t"\n[structures]\nfile = "groups.csv"\nid = "code"\n'
        'type = { value = "ExpertGroup" }\nnames = { column = "name", lang = "en" }\n'
        'start = { column = "since", formats = ["%Y", "%d/%m/%Y"] }\n'
    )
    result = runner.invoke(
        cli, ["import", "--mapping", str(mapping), str(tmp_path), "-o", str(tmp_path / "o.ttl")]
    )
    assert result.exit_code == 2
    assert "groups.csv, row 3, since: '31/31/2011' is not a date" in result.stderr
    assert not (tmp_path / "o.ttl").exists()
    kept = runner.invoke(
        cli,
        [
            "import",
            "--mapping",
            str(mapping),
            str(tmp_path),
            "-o",
            str(tmp_path / "o.ttl"),
            "--keep-going",
        ],
    )
    assert kept.exit_code == 1 and "Imported 1 structures" in kept.stderr


def test_a_mistake_in_the_mapping_names_the_key(tmp_path, runner):
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[dataset]\nprefix = "t"\n[structures]\nfile = "g.csv"\nid = "code"\n'
        'type = "t"\nnames = "n"\nnotes = "x"\n'
    )
    result = runner.invoke(cli, ["import", "--mapping", str(mapping), str(tmp_path), "-o", "-"])
    assert result.exit_code == 2
    assert "[structures] unknown key 'notes'" in result.stderr


def _run(runner, *args: str):  # noqa: ANN001, ANN202
    return runner.invoke(cli, list(args), env={"COLUMNS": "200"})


def test_no_norwegian_theme_or_rule_loads_without_the_bundled_data(imported, runner):
    from kggraph.sources.load import Sources, load_model

    model = load_model(Sources(data=(imported[0],), bundled=False))
    assert not [c for c in model.concepts if c.startswith("https://w3id.org/kggraph/theme/")]
    assert model.theme_schemes == {"https://w3id.org/kggraph/id/eg-policy-areas"}
    asked = _run(runner, "check", "--no-bundled", "--data", str(imported[0]), "--rule", "5.1")
    assert asked.exit_code == 2 and "Norwegian" in asked.stderr


def test_expert_groups_are_checked_for_duplication(imported, runner):
    result = _run(runner, "check", "--no-bundled", "--data", str(imported[0]), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rules = Counter(f["rule"] for f in json.loads(result.stdout))
    assert rules["2.4"] > 0 and set(rules) == {"2.4"}


def test_what_all_of_one_directorates_groups_share_makes_no_two_alike(imported, runner):
    """Eurostat's groups share its template mission, the policy area Statistics and the same
    non-EU offices; weighed among the groups Eurostat convenes, these tell nothing. Tourism
    statistics (E01469) and Public health (E01539) were an error-level pair before (0.44);
    the Customs Policy Group under two entries (X00944, X00945) stays a duplicate."""
    args = ["check", "--no-bundled", "--data", str(imported[0]), "--rule", "2.4"]
    result = _run(runner, *args, "--scope", "all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    level = {
        frozenset((f["subject"], *f["related"])): f["severity"] for f in json.loads(result.stdout)
    }
    assert frozenset(("E01469", "E01539")) not in level
    assert level[frozenset(("X00944", "X00945"))] == "error"


def test_the_snapshot_date_is_the_default_date(imported, runner):
    result = _run(runner, "structures", "--no-bundled", "--data", str(imported[0]))
    assert result.stdout.startswith("2011-06-10: 1190 structures")


def test_an_unknown_type_lists_the_types(imported, runner):
    result = _run(runner, "structures", "--no-bundled", "--data", str(imported[0]), "--type", "Foo")
    assert result.exit_code == 2
    assert "unknown structure type 'Foo'; the data hold: ExpertGroup" in result.stderr


def test_prefixed_ids_and_ambiguity_name_labels(imported, runner):
    data = ("--no-bundled", "--data", str(imported[0]))
    beuc = _run(runner, "who", "BEUC", *data)
    assert beuc.exit_code == 2
    assert "Bureau Européen des Unions de Consommateurs (BEUC) [kgd:eg-o-" in beuc.stderr
    assert "https://" not in beuc.stderr
    by_id = _run(runner, "who", "kgd:eg-o-beuc-european", *data)
    assert by_id.exit_code == 0 and by_id.stdout.startswith("BEUC (BEUC) — 2011-06-10: 19")


def test_the_register_validates_agencies_without_parent(imported, runner):
    result = _run(runner, "validate", "--no-bundled", "--data", str(imported[0]))
    assert result.exit_code == 0, result.stdout


def test_export_to_a_workbook_and_import_gives_the_register_back(imported, graph, tmp_path, runner):
    from rdflib.compare import isomorphic

    book, back = tmp_path / "eg.xlsx", tmp_path / "back.ttl"
    data = ("--no-bundled", "--data", str(imported[0]))
    assert _run(runner, "export", *data, "--format", "xlsx", "-o", str(book)).exit_code == 0
    result = _run(runner, "import", "--no-bundled", str(book), "-o", str(back))
    assert result.exit_code == 0, result.stderr
    assert isomorphic(Graph().parse(back), graph)
