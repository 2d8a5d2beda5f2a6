"""Where the bundled ontology and data live: inside the installed package.

The build maps the top-level ``ontology/`` and ``data/`` folders to ``kggraph.ontology`` and
``kggraph.data``, so they are found the same way from a checkout and from a wheel.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["bundled_data_files", "ontology_files", "shapes_file"]


def _ttl_files(package: str, *, exclude: tuple[str, ...] = ()) -> list[Path]:
    root = files(package)
    with as_file(root) as path:
        return sorted(p for p in Path(path).glob("*.ttl") if p.name not in exclude)


def ontology_files() -> list[Path]:
    """The vocabulary and concept schemes (not the SHACL shapes): always loaded."""
    return _ttl_files("kggraph.ontology", exclude=("shapes.ttl",))


def shapes_file() -> Path:
    """The SHACL shapes that encode what the data must satisfy."""
    with as_file(files("kggraph.ontology") / "shapes.ttl") as path:
        return Path(path)


def bundled_data_files() -> list[Path]:
    """The bundled instance data (left out with ``--no-bundled``)."""
    return _ttl_files("kggraph.data")
