"""Shared fixtures: the real bundled data, loaded once, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kggraph.cli.main import cli
from kggraph.model.records import Model
from kggraph.sources.load import load_model

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="session")
def model() -> Model:
    """The model of the bundled ontology and data."""
    return load_model()


@pytest.fixture()
def runner() -> CliRunner:
    """A click runner; stderr is kept apart from stdout."""
    return CliRunner()


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The folder of seed documents beside the repository (as in CI)."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    return SEEDS


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


@pytest.fixture(scope="session")
def imported(register: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The register imported once by the command line: the Turtle file and what was said."""
    out = tmp_path_factory.mktemp("eg") / "eg.ttl"
    result = CliRunner().invoke(
        cli, ["import", "--mapping", str(MAPPING), str(register), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output + result.stderr
    return out, result.stderr
