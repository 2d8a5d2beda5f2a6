"""«What if we set up this new group?»: proposals in TOML and Turtle, checked against the data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kggraph.analyses.proposal import Compared, check_proposal, with_proposal
from kggraph.analyses.proposal_files import read_proposal
from kggraph.analyses.proposal_toml import read_toml
from kggraph.cli.main import cli
from kggraph.errors import KgError
from kggraph.model.records import Model

FIXTURES = Path(__file__).parent / "fixtures"
COPY = FIXTURES / "proposal-copy-kubu.toml"
BELOW = FIXTURES / "proposal-below-sg.toml"
TURTLE = FIXTURES / "proposal-two-leads.ttl"
ON = date(2025, 1, 1)


def compared(model: Model, path: Path, at: date = ON) -> list[Compared]:
    return check_proposal(model, read_proposal(path, model), at, ON, "en")[1]


def own(rows: list[Compared]) -> set[tuple]:
    return {
        (c.finding.rule, c.finding.related, c.finding.severity) for c in rows if c.about_proposal
    }


def test_a_copy_of_kubu_is_a_duplicate_of_kubu(model: Model) -> None:
    rows = compared(model, COPY)
    dup = next(c for c in rows if c.finding.rule == "2.4" and c.finding.related == ("KUBU",))
    assert (dup.finding.subject, dup.finding.severity, dup.change) == (
        "Barn i utsatte livssituasjoner",
        "error",
        "new",
    )
    assert dup.finding.details["members"] > 0.5 and dup.finding.details["subject"] > 0.9
    assert rows[0].about_proposal and rows[0].finding.severity == "error"


def test_the_proposal_keeps_its_copied_anchoring_gaps(model: Model) -> None:
    """The copy takes JD and AID at director-general level, as KUBU has them (002 §3.1.2)."""
    assert {("5.1", ("AID",), "warning"), ("5.1", ("JD",), "warning")} <= own(compared(model, COPY))


def test_a_ministry_below_secretary_general_is_warned(model: Model) -> None:
    rows = compared(model, BELOW)
    assert own(rows) == {
        ("5.1", ("JD",), "warning"),
        (
            "4.6",
            ("Digitalisering", "Klima", "Kompetanse", "KUBU", "Kunnskap i kriser", "VA"),
            "warning",
        ),
    }
    jd = next(c.finding for c in rows if c.finding.related == ("JD",) and c.about_proposal)
    assert jd.details["level"] == "deputy-director-general"
    assert jd.evidence[0].source == "proposal-below-sg.toml"


def test_the_proposal_changes_nothing_else(model: Model) -> None:
    """Existing groups' findings on the same date are unchanged: the layer only adds. Only 2.4
    scores move a little, as one more structure changes how much a participant or a word
    tells (see kggraph.analyses.participants)."""
    rows = [c for c in compared(model, BELOW) if c.finding.rule != "2.4"]
    assert {c.change for c in rows if not c.about_proposal} == {"same"}
    assert [c.change for c in rows].count("same") == len(rows) - 2


def test_the_data_is_not_changed(model: Model) -> None:
    before = (len(model.entities), len(model.memberships), len(model.assignments))
    layered = with_proposal(model, read_proposal(COPY, model))
    assert (len(model.entities), len(model.memberships), len(model.assignments)) == before
    assert len(layered.entities) == before[0] + 2  # the group and its secretariat
    assert not any(iri.startswith("https://w3id.org/kggraph/proposal/") for iri in model.entities)


def test_a_proposal_that_replaces_kubu_is_not_a_duplicate(model: Model) -> None:
    """2.4: core groups «skal ikke dublere andre strukturer og ordninger, men heller komme til
    erstatning for disse.» The same copy, declared to replace KUBU, is not flagged."""
    text = 'replaces = ["KUBU"]\n' + COPY.read_text(encoding="utf-8")
    layer = read_toml(text, model, "replacing.toml")
    _, rows = check_proposal(model, layer, ON, ON, "en")
    assert not [c for c in rows if c.finding.rule == "2.4" and "KUBU" in c.finding.related]


def test_levels_in_norwegian_and_english(model: Model) -> None:
    layer = read_proposal(BELOW, model)
    levels = {m.member.rsplit("/", 1)[-1]: m.level for m in layer.memberships if m.role == "member"}
    assert levels == {
        "JD": "deputy-director-general",
        "NFD": "secretary-general",
        "FD": "secretary-general",
    }


def test_theme_words_that_match_nothing_are_warned(model: Model) -> None:
    layer = read_proposal(BELOW, model)
    assert [t.rsplit("/", 1)[-1] for t in layer.group.themes] == ["digitalisering"]
    assert len(layer.warnings) == 1 and "'skytjenester'" in layer.warnings[0]


def test_turtle_proposal_two_leads_and_a_steering_line(model: Model) -> None:
    rows = compared(model, TURTLE)
    assert own(rows) >= {
        ("5.1", ("HOD", "KD"), "error"),
        ("6.1", ("Bufdir", "BFD"), "warning"),
    }
    assert not [c for c in rows if c.finding.rule == "6.1" and "Hdir" in c.finding.related]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('lead = "HOD"', "'name' is required"),
        ('name = "X"', "'lead' is required"),
        ('name = "X"\nlead = "Helsedep"', "'lead': unknown organisation or structure"),
        ('name = "X"\nlead = "KUBU"', "'lead': 'KUBU' is not an organisation"),
        ('name = "X"\nlead = "HOD"\nstart = "2025-13-01"', "'start'"),
        ('name = "X"\nlead = "HOD"\nthemes = "klima"', "'themes' must be a list"),
        ('name = "X"\nlead = "HOD"\nleder = "KD"', "unknown proposal field 'leder'"),
        (
            'name = "X"\nlead = "HOD"\n[[members]]\nlevel = "departementsråd"',
            "'members[1].org' is required",
        ),
        (
            'name = "X"\nlead = "HOD"\n[[members]]\norg = "KD"\n'
            '[[members]]\norg = "JD"\nlevel = "sjef"',
            "'members[2].level'",
        ),
        ('name = "X"\nlead = "HOD"\n[[members]]\norg = "KD"\nrole = "lead"', "'members[1].role'"),
        ('name = "KUBU"\nlead = "HOD"', "'notation': 'KUBU' already names KUBU"),
        ('name = "X"\nlead = "HOD"\ngovernment_anchoring = "maybe"', "'government_anchoring'"),
        ('name = "X" lead', "not valid TOML"),
    ],
)
def test_malformed_proposals_name_the_field(model: Model, text: str, field: str) -> None:
    with pytest.raises(KgError, match=field.replace("[", r"\[").replace("]", r"\]")):
        read_toml(text, model, "bad.toml")


def test_a_date_before_the_start_is_refused(model: Model) -> None:
    with pytest.raises(KgError, match="before the proposal's start 2025-01-01"):
        check_proposal(model, read_proposal(BELOW, model), date(2024, 6, 30), ON)


def test_cli_proposal_json_and_strict(runner: CliRunner) -> None:
    args = [
        "check",
        "--proposal",
        str(COPY),
        "--at",
        "2025-01-01",
        "--format",
        "json",
        "--lang",
        "en",
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["change"] == "new" and rows[0]["rule"] == "2.4"
    assert {
        "change",
        "rule",
        "severity",
        "subject",
        "related",
        "evidence",
        "guideline_text",
    } <= set(rows[0])
    strict = runner.invoke(cli, [*args, "--strict"])
    assert strict.exit_code == 1


def test_cli_proposal_table_and_theme_warning(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["check", "--proposal", str(BELOW), "--at", "2025-01-01", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Proposal Digitalisering: 2 new, 1 changed, 0 gone.")
    assert "[new] WARNING  5.1  Digitalisering ~ JD" in result.stdout
    assert "Warning: proposal-below-sg.toml: theme 'skytjenester' matches no theme" in result.stderr


def test_cli_proposal_table_in_norwegian(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--proposal", str(BELOW), "--at", "2025-01-01"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Forslag Digitalisering: 2 nye, 1 endret, 0 borte.")
    assert "[ny] ADVARSEL  5.1  Digitalisering ~ JD" in result.stdout


def test_cli_malformed_proposal_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "X"\nlead = "HOD"\n[[members]]\norg = "Finansdep"\n', encoding="utf-8")
    result = runner.invoke(cli, ["check", "--proposal", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: proposal field 'members[1].org': unknown organisation")
