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
from rdflib import Graph, Literal, URIRef

from kggraph.cli.main import cli
from kggraph.model.namespaces import DCTERMS, KG, KGROLE, ORG, SKOS

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "examples" / "eu-expert-groups" / "mapping.toml"
_CANDIDATES = [p / "shared" / "realdata" / "eu-expert-groups" for p in ROOT.parents[:2]]
GROUPS, SEATS = "ec_expert_groups.csv", "ec_expert_group_organisation_members.csv"


@pytest.fixture(scope="session")
def register() -> Path:
    """The folder of the real EU register beside the repository (as in CI)."""
    for path in _CANDIDATES:
        if (path / GROUPS).is_file():
            return path
    pytest.skip(f"the EU register is not at {_CANDIDATES[0]}")


def _rows(register: Path, name: str) -> list[dict[str, str]]:
    with (register / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


@pytest.fixture(scope="session")
def imported(register: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The register imported once by the command line: the Turtle file and what was said."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("eg") / "eg.ttl"
    result = CliRunner().invoke(
        cli, ["import", "--mapping", str(MAPPING), str(register), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output + result.stderr
    return out, result.stderr


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
    for g in groups:
        for column, role in (("lead_dg", "lead"), ("associated_dg", "associated")):
            for line in g[column].splitlines():
                code = dg.match(line.strip()).group(1)
                orgs.add(("dg", code))
                held.add((g["code"], "", code, role))
    return {
        "structures": len(groups),
        "parts": len(
            {
                (r["group_code"], r["subgroup_name"].strip())
                for r in seats
                if r["subgroup_name"].strip()
            }
        ),
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
    assert "columns the mapping does not read" in said and "subgroup_status" in said


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
