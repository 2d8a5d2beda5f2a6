"""kggraph: a knowledge graph of the Norwegian ministries' core groups (kjernegrupper).

Data flows one way: ``load`` (RDF) → ``model`` (plain records) → ``view`` (networkx)
→ analyses (``queries``, ``checks``) that return rows or findings → ``render``.
Nothing in the library prints.
"""

__version__ = "0.1.0"


def _checkout_subpackages() -> None:
    """In a source checkout, make ``cli/``, ``ontology/`` and ``data/`` the subpackages
    ``kggraph.cli``, ``kggraph.ontology`` and ``kggraph.data``, as the build maps them
    (pyproject.toml): then code run from the checkout (``python -m benchmarks``) finds them
    even when kggraph is installed from a wheel. Installed, this does nothing."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    project = root / "pyproject.toml"
    if project.is_file() and 'name = "kggraph"' in project.read_text(encoding="utf-8"):
        __path__.append(str(root))


_checkout_subpackages()
