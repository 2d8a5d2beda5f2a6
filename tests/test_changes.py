"""`kggraph diff` and `kggraph history` on the bundled data: the changes between the mid-term
evaluation (004, spring 2023) and the report (002, June 2024), each with its sources."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kggraph.analyses.change import CHANGE_COLUMNS
from kggraph.analyses.finding_changes import finding_changes
from kggraph.analyses.findings import Finding
from kggraph.analyses.scope import Scope
from kggraph.analyses.timeline import history
from kggraph.cli.main import cli
from kggraph.model.records import Model
from kggraph.render.changes_text import render_changes

FROM, TO = "2023-06-30", "2024-06-30"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    """The whole graph's changes from mid 2023 to mid 2024, as JSON rows."""
    result = CliRunner().invoke(cli, ["diff", "--from", FROM, "--to", TO, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _one(rows: list[dict], **wanted: str) -> dict:
    found = [r for r in rows if all(r.get(k) == v for k, v in wanted.items())]
    assert len(found) == 1, (wanted, found)
    return found[0]


def _cites_002_or_004(row: dict) -> bool:
    return any(s.startswith(("002 ", "004 ")) for s in row["source"].split("; "))


def test_the_changes_the_evaluators_read_between_004_and_002(rows: list[dict]) -> None:
    """The list the issue fixes: each change is there once, cited to 002 or 004."""
    expected = [
        _one(rows, kind="joined", subject="KUBU", member="DFD"),
        _one(rows, kind="level", subject="Klima", member="FIN"),
        _one(rows, kind="lead", subject="Kompetanse"),
        _one(rows, kind="reorganised", subject="KDD"),
        _one(rows, kind="renamed", subject="ED"),
        _one(rows, kind="finding-gone", subject="Klima", member="FIN"),
    ]
    assert all(_cites_002_or_004(r) for r in expected), expected
    fin, lead, split = expected[1], expected[2], expected[3]
    assert (fin["before"], fin["after"]) == ("coordinator", "secretary-general")
    assert (lead["before"], lead["after"]) == ("KDD", "DFD")
    assert split["after"] == "KDD, DFD" and split["when"] == "2024-01-01"
    assert (expected[4]["before"], expected[4]["after"]) == ("OED", "ED")  # the name then
    assert expected[0]["when"] == "2024-06" and expected[5]["before"] == "warning"
    assert "5.1" in expected[5]["change"]


def test_a_silent_source_is_no_change_of_level(rows: list[dict], model: Model) -> None:
    """KUD in KUBU: secretary-general in 004, level not given in 002; Klima's members: level
    not given in 004, secretary-general in 002; AID and JD in KUBU: 004 and 002 disagree. None
    of these is a change of level."""
    levels = [r for r in rows if r["kind"] == "level"]
    assert not [r for r in levels if {r["before"], r["after"]} & {"unknown", "disputed"}]
    changed = {(r["subject"], r["member"]) for r in levels}
    silent = {("KUBU", "KUD"), ("KUBU", "KDD"), ("KUBU", "AID"), ("KUBU", "JD")} | {
        ("Klima", m) for m in ("KDD", "NFD", "ED", "SD", "LMD")
    }
    assert not changed & silent
    # nor do the findings that stand on those unknown levels come and go (VA: JD's level is
    # unknown in 2023 and deputy director general in 2024: no new warning, no change)
    findings = {(r["subject"], r["member"]) for r in rows if r["kind"].startswith("finding")}
    assert not findings & (silent | {("VA", "JD"), ("VA", "KDD"), ("VA", "OED"), ("Klima", "OED")})
    assert ("Klima", "FIN") in findings  # a known level that changed still counts
    # and those memberships do differ in level between the dates: the test can fail
    nfd = {m.level for m in model.memberships_in[_iri(model, "Klima")] if m.member.endswith("/NFD")}
    assert nfd == {"unknown", "secretary-general"}


def _iri(model: Model, notation: str) -> str:
    return next(i for i, e in model.entities.items() if e.notation == notation)


def test_uncertain_dates_are_ranges_never_a_day(rows: list[dict]) -> None:
    """A change whose date the sources do not give is 'between A and B' (or 'by B'), and its
    JSON keeps the bounds."""
    unknown = [r for r in rows if r["when"] and r["when"].startswith("[")]
    assert unknown
    result = CliRunner().invoke(cli, ["diff", "--from", FROM, "--to", TO, "--lang", "en"])
    text = result.stdout
    for r in unknown:
        first, last = r["when"][1:-1].split("..")
        shown = f"between {first} and {last}" if first else f"by {last}"
        assert shown in text


def test_findings_compared_by_key_and_severity() -> None:
    """Same key and severity: no change; another severity: a change; gone and new."""
    a = Finding("5.1", "warning", "Klima", "m", related=("FIN",))
    b = Finding("5.1", "info", "Klima", "m", related=("FIN",))
    c = Finding("2.4", "warning", "KUBU", "m", related=("VA",))
    scope = Scope(True, frozenset())
    kinds = [x.kind for x in finding_changes([a, c], [b], scope, "en")]
    assert sorted(kinds) == ["finding-gone", "finding-severity"]
    assert finding_changes([a], [a], scope) == []


def test_diff_named_structures_only(runner: CliRunner, model: Model) -> None:
    """Klima and its parts (secretariat, contact group), nothing else."""
    result = runner.invoke(cli, ["diff", "--from", FROM, "--to", TO, "Klima", "--format", "json"])
    subjects = {r["subject"] for r in json.loads(result.stdout)}
    parts = {model.entities[p].notation for p in model.parts_of[_iri(model, "Klima")]}
    assert "Klima" in subjects and subjects <= {"Klima"} | parts


def test_diff_from_after_to_is_a_user_mistake(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", "--from", TO, "--to", FROM])
    assert result.exit_code == 2
    assert "must be before" in result.stderr


def test_history_of_fin_and_kubu_in_order(model: Model) -> None:
    fin = history(model, _iri(model, "FIN"), "en")
    klima = [c for c in fin if c.subject == "Klima"]
    assert [(c.kind, c.before, c.after) for c in klima] == [
        ("joined", None, "member"),
        ("level", "coordinator", "secretary-general"),
    ]
    kubu = history(model, _iri(model, "KUBU"), "en")
    kinds = [(c.kind, c.subject, c.member) for c in kubu]
    assert kinds.index(("started", "KUBU", None)) < kinds.index(("joined", "KUBU", "DFD"))
    assert ("mandate", "KUBU", None) in kinds
    assert all(c.sources for c in kubu)


def test_report_since_adds_what_changed(runner: CliRunner, tmp_path) -> None:  # noqa: ANN001
    """`report --since` carries the diff's lines, each with its sources, in its own section."""
    out = tmp_path / "report.html"
    args = ["report", "-o", str(out), "--at", TO, "--since", FROM, "--lang", "en"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "What changed since 2023-06-30: " in result.stdout
    html = out.read_text(encoding="utf-8")
    section = html[html.index('<h2 id="changes">') : html.index('<h2 id="graph">')]
    assert "What changed since 2023-06-30" in section
    assert "DFD joined KUBU (member, secretary-general)" in section
    assert "FIN in Klima: level coordinator → secretary-general" in section
    assert "Kompetanse: the lead moved from KDD to DFD" in section
    rows = section.count("<tr data-kind=")
    diff = runner.invoke(cli, ["diff", "--from", FROM, "--to", TO, "--format", "json"])
    assert rows == len(json.loads(diff.stdout))


def test_history_cli_json_and_a_period_page_needs_both_dates(runner: CliRunner, tmp_path) -> None:  # noqa: ANN001
    result = runner.invoke(cli, ["history", "FIN", "--format", "json"])
    rows = json.loads(result.stdout)
    assert rows and all(list(r) == CHANGE_COLUMNS for r in rows)
    assert ("level", "coordinator", "secretary-general") in [
        (r["kind"], r["before"], r["after"]) for r in rows
    ]
    page = str(tmp_path / "p.html")
    for args in (["--from", FROM], ["--from", FROM, "--to", TO, "--at", TO]):
        bad = runner.invoke(cli, ["viz", "-o", page, *args])
        assert bad.exit_code == 2 and "--from and --to" in bad.stderr
    single = runner.invoke(cli, ["diff", "--from", FROM, "--to", TO, "ED", "--lang", "en"])
    assert single.stdout.startswith("2023-06-30 → 2024-06-30 (ED): 1 change\n")


def test_text_output_escapes_control_characters_from_the_data() -> None:
    """A label with a terminal escape prints as its escape, never as the control character."""
    row = {
        "subject": "X\x1b[2J",
        "when_text": "2024",
        "change": "Y\x1b]0;t\x07 joined",
        "source": "",
    }
    for grouped in (True, False):
        text = render_changes([row], grouped=grouped)
        assert "\x1b" not in text and "\x07" not in text and "\\x1b" in text
