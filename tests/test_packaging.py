"""The wheel ships every package and the bundled ontology and data."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_library_package_is_listed() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kggraph").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_bundled_files_are_package_data() -> None:
    from kggraph.resources import bundled_data_files, ontology_files, shapes_file

    assert {p.name for p in ontology_files()} >= {"kggraph.ttl", "concepts.ttl", "guidelines.ttl"}
    assert shapes_file().is_file()
    assert {p.name for p in bundled_data_files()} >= {"kubu.ttl", "ministries.ttl", "agencies.ttl"}
