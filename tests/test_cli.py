"""The query CLI end to end through click, on the real bundled data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kggraph.cli.main import cli
from kggraph.model.names import entity_resolver

WHO_KEYS = {
    "structure",
    "structure_label",
    "structure_type",
    "role",
    "level",
    "start",
    "end",
    "source",
}
MEMBER_KEYS = {"member", "member_label", "member_type", "role", "level", "start", "end", "source"}


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_who_json(runner: CliRunner) -> None:
    code, out, _ = run(runner, "who", "KD", "--at", "2024-06-30", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert all(set(r) == WHO_KEYS for r in rows)
    by_structure = {r["structure"]: r for r in rows}
    assert by_structure["Kunnskap i kriser"]["role"] == "lead"
    assert by_structure["Kunnskap i kriser"]["structure_type"] == "CoreGroup"
    assert by_structure["KUBU"]["level"] == "secretary-general"
    assert by_structure["Kompetanse"]["start"] == "2021-02"
    # an unknown start keeps its bound (EDTF), it does not read as open
    assert by_structure["Ungt utenforskap"]["start"] == "[..2024-06-14]"
    assert all(r["source"] for r in rows)


def test_members_json_includes_lead(runner: CliRunner) -> None:
    code, out, _ = run(
        runner, "members", "KUBU", "--at", "2024-06-30", "--format", "json", "--lang", "en"
    )
    assert code == 0
    rows = json.loads(out)
    assert all(set(r) == MEMBER_KEYS for r in rows)
    lead = [r for r in rows if r["role"] == "lead"]
    assert [r["member"] for r in lead] == ["BFD"]
    assert lead[0]["member_label"] == "Ministry of Children and Families"


@pytest.mark.parametrize(
    "name", ["OED", "Olje- og energidepartementet", "ED", "Energidepartementet"]
)
def test_renamed_ministry_resolves_under_old_and_new_name(runner: CliRunner, name: str) -> None:
    """004 says OED, 002 says Energidepartementet: the same ministry, in Klima and VA."""
    code, out, _ = run(runner, "who", name, "--at", "2023-06-30", "--format", "json")
    assert code == 0
    assert {r["structure"] for r in json.loads(out)} >= {"Klima", "VA"}


@pytest.mark.parametrize(
    ("variant", "notation"),
    [
        ("Justisdepartementet", "JD"),
        ("Digitaliserings og forvaltningsdepartementet", "DFD"),
        ("Digitaliserings- og distriktsdepartementet", "DFD"),
        ("Kulturdepartementet", "KUD"),
        ("kunnskapsdepartementet", "KD"),
        ("Kunnskap i kriser", "Kunnskap i kriser"),
        ("klima og omstilling", "Klima"),
    ],
)
def test_name_variants(model, variant: str, notation: str) -> None:  # noqa: ANN001
    """The documents' variants (and the wrong name for DFD in 002 §3.5) resolve correctly."""
    iri = entity_resolver(model).resolve(variant)
    assert model.entities[iri].notation == notation


def test_unknown_name_lists_candidates(runner: CliRunner) -> None:
    code, out, err = run(runner, "who", "Kunnskapsdep", "--at", "2024-06-30")
    assert code == 2
    assert out == ""
    assert err.startswith("Error: unknown organisation or structure 'Kunnskapsdep'")
    assert "Kunnskapsdepartementet" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_date_is_one_line_exit_2(runner: CliRunner) -> None:
    code, _, err = run(runner, "who", "KD", "--at", "2024-13-01")
    assert code == 2
    assert "not an ISO 8601 date" in err
    assert "Traceback" not in err


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "who", "KD", "--data", str(tmp_path / "nope.ttl"))
    assert code == 2
    assert err.strip() == f"Error: {tmp_path / 'nope.ttl'}: no such file or folder"


def test_malformed_turtle_names_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e "oops .\n')
    code, _, err = run(runner, "who", "KD", "--data", str(bad))
    assert code == 2
    assert err.startswith(f"Error: {bad}: line 3:")
    assert "Traceback" not in err
    debug = runner.invoke(cli, ["--debug", "who", "KD", "--data", str(bad)])
    assert debug.exit_code != 0 and debug.exception is not None


def test_structures_lists_the_five_core_groups(runner: CliRunner) -> None:
    code, out, _ = run(
        runner, "structures", "--type", "CoreGroup", "--at", "2024-06-30", "--format", "json"
    )
    assert code == 0
    rows = {r["structure"]: r for r in json.loads(out)}
    assert set(rows) == {"KUBU", "Klima", "Kunnskap i kriser", "VA", "Kompetanse"}
    assert rows["Kompetanse"]["lead"] == "DFD"
    assert rows["KUBU"]["members"] == 8


def test_structures_before_the_groups_existed(runner: CliRunner) -> None:
    code, out, _ = run(
        runner, "structures", "--type", "CoreGroup", "--at", "2020-06-30", "--format", "json"
    )
    assert code == 0 and json.loads(out) == []


def test_info(runner: CliRunner) -> None:
    code, out, _ = run(runner, "info", "--format", "json")
    summary = json.loads(out)
    assert code == 0
    assert summary["entities"]["CoreGroup"] == 5
    assert summary["entities"]["Ministry"] == 17
    assert summary["triples"] > 1000


def test_sparql(runner: CliRunner) -> None:
    query = "SELECT ?n WHERE { ?m a kg:Ministry ; skos:notation ?n } ORDER BY ?n"
    code, out, _ = run(runner, "sparql", query, "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "n" and "KD" in out.splitlines()


def test_sparql_syntax_error(runner: CliRunner) -> None:
    code, _, err = run(runner, "sparql", "SELEC nonsense")
    assert code == 2 and err.startswith("Error: SPARQL query failed")


def test_no_bundled_leaves_data_out(runner: CliRunner) -> None:
    code, out, _ = run(runner, "info", "--no-bundled", "--format", "json")
    assert code == 0
    assert "Ministry" not in json.loads(out)["entities"]


def test_every_command_has_help(runner: CliRunner) -> None:
    ctx = click.Context(cli)
    names = cli.list_commands(ctx)
    assert {"who", "members", "structures", "check", "viz", "report", "import", "publish"} <= set(
        names
    )
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None and command.help, f"{name} has no help text"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
    assert "who" in runner.invoke(cli, ["--help"]).stdout


def test_console_script_works_from_any_directory(tmp_path: Path) -> None:
    """The installed ``kggraph`` finds its bundled ontology and data wherever it runs."""
    exe = shutil.which("kggraph") or pytest.fail("the kggraph console script is not installed")
    result = subprocess.run(
        [exe, "who", "KD", "--at", "2024-06-30", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert any(r["structure"] == "KUBU" for r in json.loads(result.stdout))
    assert sys.executable
