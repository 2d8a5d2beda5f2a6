"""Tables in and out: a hand-built workbook, the round trips, cell syntax, problems, --data."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kggraph.cli.main import cli
from kggraph.errors import DataError
from kggraph.model.namespaces import DCTERMS, KG, KGD, KGLEVEL, KGVAL, ORG, RDFS, TIME, XSD
from kggraph.resources import bundled_data_files, ontology_files
from kggraph.sources.tables import export_tables, import_tables
from kggraph.sources.tables.cells import CellError, LangTexts
from kggraph.sources.tables.date_cells import INSTANT
from kggraph.sources.tables.layout import SHEETS, sheet_named
from kggraph.sources.tables.layout_help import help_text
from kggraph.sources.tables.names import Names
from kggraph.sources.tables.read import read_tables
from kggraph.sources.tables.write import write_tables

Rows = list[list[object]]


# ---------------------------------------------------------------- helpers and fixtures


def _graph(paths: list[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    """The vocabulary and concept schemes."""
    return _graph(ontology_files())


@pytest.fixture(scope="module")
def data() -> rdflib.Graph:
    """The bundled data (data/*.ttl) without the ontology."""
    return _graph(bundled_data_files())


def assert_isomorphic(expected: rdflib.Graph, got: rdflib.Graph) -> None:
    """Graphs equal up to blank-node names; on failure, show what differs."""
    if isomorphic(expected, got):
        return
    _both, first, second = graph_diff(to_isomorphic(expected), to_isomorphic(got))
    lines = [f"- {t}" for t in sorted(first)[:20]] + [f"+ {t}" for t in sorted(second)[:20]]
    pytest.fail(f"{len(first)} triples only expected, {len(second)} only got:\n" + "\n".join(lines))


def workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    """An .xlsx file with one sheet per entry (first row: headers), written by openpyxl."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


ALL_ERRORS = ("member", "date", "theme")


def core_group(*, errors: tuple[str, ...] = ()) -> dict[str, Rows]:
    """A new core group as a secretariat would send it (Norwegian headers); ``errors`` puts a
    mistake in up to three rows: an unknown member, a month 13, an unknown theme."""
    src = "src-test-digsik"
    return {
        "kildehenvisninger": [
            ["id", "dokument", "avsnitt", "sitat", "kortform"],
            [src, "003", "1", "Kjernegruppen for digital sikkerhet ledes av JD.", "003 §1"],
        ],
        "strukturer": [
            ["type", "kortnavn", "navn", "navn (engelsk)", "leder", "start", "temaer"]
            + ["regjeringsforankring", "kilde for regjeringsforankring", "mandat"]
            + ["kilde for mandat", "kilde"],
            ["kjernegruppe", "DigSik", "Kjernegruppe for digital sikkerhet"]
            + ["Core group for digital security", "Justisdepartementet", date(2024, 3, 1)]
            + ["digitalisering; romfart" if "theme" in errors else "digitalisering; beredskap"]
            + ["ja", src, "ja", src, src],
        ],
        "medlemskap": [
            ["struktur", "medlem", "rolle", "nivå", "start", "kilde"],
            ["DigSik", "JD", "leder", "departementsråd", date(2024, 3, 1), src],
            ["DigSik", "Forsvarsdept" if "member" in errors else "Forsvarsdepartementet", "medlem"]
            + ["departementsråd", date(2024, 3, 1), src],
            ["DigSik", "DFD", "medlem", "ekspedisjonssjef"]
            + ["2024-13" if "date" in errors else "2024-03 (month)", src],
            ["Kjernegruppe for digital sikkerhet", "Kunnskapsdepartementet", "medlem", None]
            + ["unknown ≤ 2024-06-14", src],
        ],
    }


# ---------------------------------------------------------------- the hand-built workbook


def test_workbook_with_three_wrong_rows_is_reported_whole_and_nothing_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    book = workbook(tmp_path / "digsik.xlsx", core_group(errors=ALL_ERRORS))
    out = tmp_path / "digsik.ttl"
    result = runner.invoke(cli, ["import", str(book), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{book}:medlemskap, row 3, medlem: unknown organisation or structure 'Forsvarsdept'; "
        "did you mean 'Forsvarsdepartementet', 'Fagrådet'?",
        f"{book}:medlemskap, row 4, start: '2024-13' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
        f"{book}:strukturer, row 2, temaer: unknown theme 'romfart'",
        "Nothing written: 3 problem(s) in 3 row(s). Fix them, or write the other rows with "
        "--keep-going.",
    ]
    assert not out.exists()


def test_fixed_workbook_group_appears_in_who_members_and_check(
    runner: CliRunner, tmp_path: Path
) -> None:
    book = workbook(tmp_path / "digsik.xlsx", core_group())
    out = tmp_path / "digsik.ttl"
    result = runner.invoke(cli, ["import", str(book), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {out}: 73 triples from 6 row(s).\n"

    at = ["--at", "2024-06-30", "--format", "csv", "--data", str(out)]
    who = runner.invoke(cli, ["who", "Forsvarsdepartementet", *at])
    assert who.exit_code == 0, who.stderr
    assert (
        "DigSik,Kjernegruppe for digital sikkerhet,CoreGroup,member,secretary-general" in who.stdout
    )

    members = runner.invoke(cli, ["members", "DigSik", *at])
    assert members.exit_code == 0, members.stderr
    rows = list(csv.DictReader(members.stdout.splitlines()))
    assert [(r["member"], r["role"], r["level"]) for r in rows] == [
        ("JD", "lead", "secretary-general"),
        ("DFD", "member", "director-general"),
        ("FD", "member", "secretary-general"),
        ("KD", "member", "unknown"),
    ]

    check = runner.invoke(cli, ["check", "--at", "2024-06-30", "--lang", "en", "--data", str(book)])
    assert check.exit_code == 0, check.stderr
    assert "DigSik" in check.stdout
    assert "DigSik has neither a secretariat nor a contact point" in check.stdout


def test_keep_going_writes_the_rows_that_are_right(runner: CliRunner, tmp_path: Path) -> None:
    book = workbook(tmp_path / "digsik.xlsx", core_group(errors=("member", "date")))
    out, problems = tmp_path / "digsik.ttl", tmp_path / "problems.csv"
    args = ["import", str(book), "-o", str(out), "--keep-going", "--problems", str(problems)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Wrote {out}: 49 triples from 4 row(s); rejected 2 row(s), listed above."
    )
    graph = rdflib.Graph().parse(out)
    assert (KGD["m-DigSik-JD-lead"], None, None) in graph
    assert (KGD["m-DigSik-FD-member"], None, None) not in graph
    with problems.open(encoding="utf-8-sig") as f:
        listed = list(csv.reader(f))
    assert listed[0] == ["file or sheet", "row", "column", "problem"]
    assert [(r[1], r[2]) for r in listed[1:]] == [("3", "medlem"), ("4", "start")]


def test_keep_going_names_the_rejected_row_a_reference_needs(
    runner: CliRunner, tmp_path: Path
) -> None:
    book = workbook(tmp_path / "digsik.xlsx", core_group(errors=("theme",)))
    out = tmp_path / "x.ttl"
    result = runner.invoke(cli, ["import", str(book), "-o", str(out), "--keep-going"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        f"{book}:medlemskap, row 2, struktur: a membership needs exactly one org:organization "
        f"that is a structure (found kgd:DigSik, whose row was rejected: {book}:strukturer, row 2)"
    ) in lines
    assert lines[-1].endswith("from 1 row(s); rejected 5 row(s), listed above.")


def test_shape_violation_is_traced_to_row_and_column(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "organisations.csv"
    table.write_text(
        "type,abbreviation,name,source\nAgency,Testdir,Testdirektoratet,src-general-knowledge\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["import", str(table), "-o", str(tmp_path / "x.ttl")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{table}, row 2, parent: "
        "an agency needs exactly one kg:parentMinistry that is a kg:Ministry"
    )


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize(("fmt", "name"), [("xlsx", "tables.xlsx"), ("csv-dir", "tables")])
def test_export_then_import_gives_the_bundled_data_back(
    runner: CliRunner, tmp_path: Path, data: rdflib.Graph, fmt: str, name: str
) -> None:
    tables, out = tmp_path / name, tmp_path / "back.ttl"
    result = runner.invoke(cli, ["export", "--format", fmt, "-o", str(tables)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(cli, ["import", str(tables), "-o", str(out), "--no-bundled"])
    assert result.exit_code == 0, result.stderr
    assert_isomorphic(data, rdflib.Graph().parse(out))


def test_norwegian_headers_round_trip(
    runner: CliRunner, tmp_path: Path, data: rdflib.Graph
) -> None:
    tables = tmp_path / "tabeller"
    result = runner.invoke(
        cli, ["export", "--format", "csv-dir", "--headers", "nb", "-o", str(tables)]
    )
    assert result.exit_code == 0, result.stderr
    assert (tables / "medlemskap.csv").exists()
    result = runner.invoke(cli, ["info", "--no-bundled", "--data", str(tables), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert f'"triples": {len(data) + len(_graph(ontology_files()))}' in result.stdout


def test_the_workbook_carries_the_data_sets_profile_and_themes(
    data: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    """The triples sheet holds the data set's own profile and theme scheme, so a workbook
    carries its themes (and imports again without the bundled data)."""
    export = export_tables(data, ontology)
    rows = export.rows["triples"]
    assert {r["predicate"] for r in rows if r["subject"] == "bundled-data"} >= {
        "kg:themeScheme",
        "kg:guidelineSet",
    }
    themes = {r["subject"] for r in rows if r["predicate"] == "skos:inScheme"}
    assert "kgtheme:klima" in themes and len(themes) >= 15


def test_import_export_import_is_stable(
    tmp_path: Path, data: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    context = ontology + data
    book = workbook(tmp_path / "digsik.xlsx", core_group())
    first = import_tables([book], context)
    assert first.ok, first.problems
    export = export_tables(first.graph, context)
    write_tables(export, tmp_path / "again.xlsx", "xlsx")
    second = import_tables([tmp_path / "again.xlsx"], context)
    assert second.ok, second.problems
    assert_isomorphic(first.graph, second.graph)
    assert export_tables(second.graph, context).rows == export.rows


def test_workbook_has_dates_as_dates_and_readable_headers(
    tmp_path: Path, data: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    context = ontology + data
    new = import_tables([workbook(tmp_path / "digsik.xlsx", core_group())], context)
    path = tmp_path / "kjernegrupper.xlsx"
    write_tables(export_tables(data + new.graph, ontology), path, "xlsx")
    book = load_workbook(path)
    assert book.sheetnames == [s.en for s in SHEETS]
    sheet = book["memberships"]
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["id", "structure", "member", "role", "level", "start"]
    assert all(c.font.bold for c in sheet[1])
    starts = {row[0].value: row[5] for row in sheet.iter_rows(min_row=2)}
    assert starts["m-DigSik-JD-lead"].is_date
    assert starts["m-DigSik-JD-lead"].number_format == "yyyy-mm-dd"
    assert starts["m-DigSik-DFD-member"].value == "2024-03 (month)"
    issued = {row[0].value: row[10] for row in book["documents"].iter_rows(min_row=2)}
    assert issued["doc-002"].is_date and issued["doc-002"].value.date() == date(2024, 6, 14)


# ---------------------------------------------------------------- cell syntax


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (date(2021, 2, 14), date(2021, 2, 14)),
        ("2021-02-14", date(2021, 2, 14)),
        ("2021-02", "2021-02 (month)"),
        ("2022 (år)", "2022 (year)"),
        ("2022-09-01 (season) «høsten 2022»", "2022-09-01 (season) «høsten 2022»"),
        ("ukjent <= 2024-06-14", "unknown ≤ 2024-06-14"),
        ("unknown ≥ 2020-01-01", "unknown ≥ 2020-01-01"),
        ("2023-05-11 ≤ unknown ≤ 2024-06-13", "2023-05-11 ≤ unknown ≤ 2024-06-13"),
        (
            "2021-10 (month) «oktober 2021» [t-Klima-start]",
            "2021-10 (month) «oktober 2021» [t-Klima-start]",
        ),
        (
            "unknown ≤ 2024-06-14 «ukjent; «i perioden»»",
            "unknown ≤ 2024-06-14 «ukjent; «i perioden»»",
        ),
        ("2024-01-01 «fra 2024» «from 2024»@en", "2024-01-01 (day) «fra 2024» «from 2024»@en"),
    ],
)
def test_dates_read_and_write_back(cell: object, written: object) -> None:
    written = cell if written == "same" else written
    names = Names.empty()
    values = INSTANT.read(cell, names)
    assert INSTANT.write(values, names) == written
    assert INSTANT.read(INSTANT.write(values, names), names) == values


def test_a_month_is_its_first_day_with_its_precision() -> None:
    (node,) = INSTANT.read("2021-02 (month) «februar 2021»", Names.empty())
    assert dict(node.pairs) == {
        rdflib.RDF.type: TIME.Instant,
        TIME.inXSDDate: rdflib.Literal("2021-02-01", datatype=XSD.date),
        KG.precision: KGVAL.month,
        RDFS.label: rdflib.Literal("februar 2021", lang="nb"),
    }


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("2021-02-30", "'2021-02-30' is not a date"),
        ("2021 (fortnight)", "unknown precision 'fortnight'"),
        ("unknown", "an unknown date needs a bound"),
        ("soon", "'soon' is not a date: write e.g. 2021-02-14"),
        ("2021 «februar", "a « without its »"),
    ],
)
def test_bad_dates_say_what_is_wrong(cell: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        INSTANT.read(cell, Names.empty())


def test_names_are_norwegian_unless_tagged() -> None:
    values = LangTexts().read("Justisdepartementet; Ministry of Justice@en", Names.empty())
    assert values == [
        rdflib.Literal("Justisdepartementet", lang="nb"),
        rdflib.Literal("Ministry of Justice", lang="en"),
    ]


def test_sheets_and_headers_in_either_language() -> None:
    assert sheet_named("Medlemskap") is sheet_named("memberships")
    assert sheet_named("members").column_for_header("Nivå").key == "level"
    assert sheet_named("strukturer").column_for_header("Government anchoring").key == (
        "government_anchoring"
    )
    assert sheet_named("budget") is None


def test_help_lists_every_sheet_and_the_date_syntax(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    for sheet in SHEETS:
        assert f"{sheet.en} ({sheet.nb}):" in flat
    assert "unknown ≤ 2024-06-14" in flat
    assert " ".join(help_text().replace("\b", "").split()) in flat


# ---------------------------------------------------------------- reading problems


def test_unknown_columns_and_sheets_are_problems_too(tmp_path: Path) -> None:
    (tmp_path / "memberships.csv").write_text(
        "structure;member;rolle;colour\nKUBU;KD;medlem;blue\n", encoding="utf-8"
    )
    (tmp_path / "budget.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    tables = read_tables([tmp_path])
    assert [(p.row, p.column, p.message.split(" (")[0]) for p in tables.problems] == [
        (0, "", "unknown table 'budget'"),
        (1, "colour", "unknown column"),
    ]
    (row,) = tables.rows["memberships"]
    assert row.cells == {"structure": "KUBU", "member": "KD", "role": "medlem"}


def test_data_option_reads_tables_and_reports_problems_in_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "memberships.csv").write_text(
        "structure,member,role,source\nKUBU,UD,observer,src-002-3.1-start\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["who", "UD", "--data", str(folder), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert "KUBU" in result.stdout

    (folder / "memberships.csv").write_text(
        "structure,member,role,source\nKUBU,Nobody,observer,src-002-3.1-start\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["who", "UD", "--data", str(folder)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {folder / 'memberships.csv'}, row 2, member: unknown organisation or structure "
        "'Nobody'\n"
    )


def test_many_problems_point_to_kggraph_import(tmp_path: Path, ontology: rdflib.Graph) -> None:
    table = tmp_path / "memberships.csv"
    table.write_text("structure,member\n" + "X,Y\n" * 5, encoding="utf-8")
    from kggraph.sources.tables import add_tables

    with pytest.raises(DataError, match=r"problems in the tables, the first: .*kggraph import"):
        add_tables(ontology + rdflib.Graph(), table)


def test_benchmark_command_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.tables_import import main

    assert main(["200"]) == 0
    out = capsys.readouterr().out
    assert "200 membership rows imported in" in out
    assert "machine:" in out


def test_chunked_validation_traces_a_shape_violation_to_its_row(
    tmp_path: Path, data: rdflib.Graph, ontology: rdflib.Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.tables_import import make_memberships_csv
    from kggraph.sources.tables import shacl

    monkeypatch.setattr(shacl, "CHUNK", 50)
    table = tmp_path / "memberships.csv"
    make_memberships_csv(table, 200)
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[151] = "KD," + lines[151].split(",", 1)[1]  # row 152: a ministry is no structure
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    conversion = import_tables([table], ontology + data)
    assert [(p.row, p.column, p.message) for p in conversion.problems] == [
        (
            152,
            "structure",
            "a membership needs exactly one org:organization that is a structure (found kgd:KD)",
        )
    ]


def test_lead_column_makes_a_lead_membership_when_none_is_listed(
    tmp_path: Path, data: rdflib.Graph, ontology: rdflib.Graph
) -> None:
    sheets = core_group()
    sheets["medlemskap"] = [sheets["medlemskap"][0], *sheets["medlemskap"][2:]]  # no JD row
    conversion = import_tables([workbook(tmp_path / "digsik.xlsx", sheets)], ontology + data)
    assert conversion.ok, conversion.problems
    lead = KGD["m-DigSik-JD-lead"]
    graph = conversion.graph
    assert (lead, ORG.member, KGD.JD) in graph
    assert (lead, KG.level, KGLEVEL.unknown) in graph
    assert set(graph.objects(lead, DCTERMS.source)) == {KGD["src-test-digsik"]}
