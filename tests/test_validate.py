"""SHACL validation: the bundled data conform; a broken copy does not."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from kggraph.cli.main import cli
from kggraph.resources import bundled_data_files


def test_bundled_data_conform(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("Conforms")


def test_broken_copy_fails(runner: CliRunner, tmp_path: Path) -> None:
    """A membership without a source, and an agency without a parent ministry, fail."""
    for path in bundled_data_files():
        shutil.copy(path, tmp_path / path.name)
    kubu = tmp_path / "kubu.ttl"
    text = kubu.read_text(encoding="utf-8")
    start = text.index("kgd:m-KUBU-BFD-lead a org:Membership")
    end = text.index("\n\n", start)
    block = text[start:end]
    broken = block[: block.index("    dcterms:source")].rstrip().rstrip(";") + " .\n"
    kubu.write_text(text.replace(block, broken), encoding="utf-8")
    agencies = tmp_path / "agencies.ttl"
    agencies.write_text(
        agencies.read_text(encoding="utf-8").replace("kg:parentMinistry kgd:BFD", "", 1),
        encoding="utf-8",
    )

    result = runner.invoke(cli, ["validate", "--no-bundled", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "Does not conform" in result.stdout
    assert "a membership needs a source" in result.stdout
    assert "an agency needs exactly one kg:parentMinistry" in result.stdout
