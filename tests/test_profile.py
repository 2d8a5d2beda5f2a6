"""The bundled data's profile (guidelines, themes) and the spreadsheet workflow with the bundled
data loaded: export, change a row, import."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from kggraph.cli.main import cli
from kggraph.model.records import Model
from kggraph.sources.load import Sources, load_model


def test_the_bundled_data_declare_the_norwegian_profile(model: Model) -> None:
    assert "https://w3id.org/kggraph/guideline/scheme" in model.guideline_sets
    assert model.theme_schemes == {"https://w3id.org/kggraph/theme/scheme"}
    assert model.snapshot is None


def test_without_the_bundled_data_no_theme_loads() -> None:
    model = load_model(Sources(bundled=False))
    assert not any(
        c.scheme == "https://w3id.org/kggraph/theme/scheme" for c in model.concepts.values()
    )
    assert not model.guideline_sets


def test_an_unchanged_export_imports_as_no_conflict(runner: CliRunner, tmp_path: Path) -> None:
    book = tmp_path / "k.xlsx"
    assert runner.invoke(cli, ["export", "--format", "xlsx", "-o", str(book)]).exit_code == 0
    result = runner.invoke(cli, ["import", str(book), "-o", str(tmp_path / "k.ttl")])
    assert result.exit_code == 0, result.stderr
    assert "0 triples from 0 row(s);" in result.stderr
    assert "row(s) left out, the loaded data hold them already" in result.stderr
    workbook = load_workbook(book)
    sheet = workbook["memberships"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=5, column=header.index("level") + 1, value="director-general")
    workbook.save(book)
    changed = runner.invoke(cli, ["import", str(book), "-o", str(tmp_path / "k.ttl")])
    assert changed.exit_code == 1
    lines = changed.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{book}:memberships, row 5: kgd:m-")
    assert (
        "is in the loaded data with other kg:level; to replace the loaded data, import with "
        "--no-bundled" in lines[0]
    )
