"""The import contract: data flows one way, and so do the imports.

Layers, lowest first: the foundation (``kggraph.errors``, ``kggraph.outputs``,
``kggraph.resources``), ``model``, ``sources``, ``analyses``, ``render``, the team's ``site``,
and the CLI on top. A module may import its own layer and any lower one, never a higher one;
nothing in ``kggraph/`` imports the CLI. The test reads every module's imports with :mod:`ast`
(run-time imports inside functions included), so it needs no third-party tool and sees exactly
what Python would import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["foundation", "model", "sources", "analyses", "render", "site", "cli"]
FOUNDATION = {"kggraph", "kggraph.errors", "kggraph.outputs", "kggraph.resources"}


def layer_of(module: str) -> str | None:
    """The layer of a ``kggraph`` module name, or ``None`` for a module outside kggraph.

    >>> layer_of("kggraph.sources.load"), layer_of("kggraph.cli.main"), layer_of("click")
    ('sources', 'cli', None)
    """
    if module in FOUNDATION:
        return "foundation"
    parts = module.split(".")
    if parts[0] != "kggraph" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else "foundation"


def module_name(path: Path) -> str:
    """``kggraph/sources/load.py`` → ``kggraph.sources.load``; ``cli/x.py`` → ``kggraph.cli.x``."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[0] == "cli":
        parts.insert(0, "kggraph")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            stem = ".".join(base) if node.level else ""
            target = ".".join(p for p in (stem, node.module or "") if p)
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def violations(paths: list[Path]) -> list[str]:
    """``module → imported`` for every import of a higher layer."""
    bad = []
    for path in paths:
        own = layer_of(module_name(path))
        for target in sorted(imported_modules(path)):
            theirs = layer_of(target)
            if theirs and LAYERS.index(theirs) > LAYERS.index(own):
                bad.append(f"{module_name(path)} ({own}) imports {target} ({theirs})")
    return bad


def library_files() -> list[Path]:
    return sorted((ROOT / "kggraph").rglob("*.py")) + sorted((ROOT / "cli").rglob("*.py"))


def test_no_layer_imports_a_higher_one() -> None:
    assert violations(library_files()) == []


def test_every_library_module_is_in_a_layer() -> None:
    loose = [
        module_name(p)
        for p in (ROOT / "kggraph").glob("*.py")
        if module_name(p) not in FOUNDATION and p.name != "__init__.py"
    ]
    assert loose == [], "put each module in model/, sources/, analyses/ or render/"


@pytest.mark.parametrize(
    ("where", "line", "expected"),
    [
        ("kggraph/model/records.py", "from kggraph.sources.load import load_model", "sources"),
        ("kggraph/sources/load.py", "from kggraph.analyses import checks", "analyses"),
        ("kggraph/analyses/queries.py", "from kggraph.render import render", "render"),
        ("kggraph/render/cells.py", "import kggraph.cli.main", "cli"),
        ("kggraph/analyses/checks/common.py", "from ...render import cells", "render"),
    ],
)
def test_contract_catches_a_deliberate_violation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, line: str, expected: str
) -> None:
    """The contract is not vacuous: a copy of a real module with one upward import fails."""
    real = ROOT / where
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    copy = tmp_path / where
    copy.parent.mkdir(parents=True)
    copy.write_text(real.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    found = violations([copy])
    assert found and all(f.endswith(f"({expected})") for f in found), found
