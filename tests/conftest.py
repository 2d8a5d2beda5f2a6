"""Shared fixtures: the real bundled data, loaded once, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

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
