"""The fast road (pyoxigraph parse, cache) gives the model and the findings of the rdflib road.

rdflib's graph does not keep the order of the file, so where a record keeps several values in
a tuple (themes, sources) the two roads may list them in another order, and where a record
picks one of several values (a citation labelled in two languages) rdflib may pick another.
The comparison sorts tuples, and accepts two different picks when both are values of the same
subject and property.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from kggraph.analyses.checks import CheckOptions, run_checks
from kggraph.analyses.checks.duplication import score_pairs
from kggraph.analyses.overlap import PairCounts
from kggraph.model.records import Model
from kggraph.render.synth_file import write_file
from kggraph.resources import ontology_files
from kggraph.sources.extract import extract
from kggraph.sources.fastparse import parse_files
from kggraph.sources.load import Sources, data_files, load_graph, load_model
from kggraph.sources.subject_index import Lit, from_rdflib

DATES = (date(2023, 5, 11), date(2024, 6, 30), date(2025, 6, 30))


def _rdflib_model(sources: Sources) -> Model:
    return extract(from_rdflib(load_graph(sources)))


def _alternatives(sources: Sources) -> set[frozenset[str]]:
    """Literal values that share a subject and property: a record may pick any of them."""
    values: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s, p, o in parse_files([*ontology_files(), *data_files(sources)]):
        if isinstance(o, Lit):
            values[s, p].add(o.value)
    return {frozenset(v) for v in values.values() if len(v) > 1}


def _canon(x: object) -> object:
    """A record as nested tuples, every tuple and list sorted."""
    if dataclasses.is_dataclass(x):
        return tuple((f.name, _canon(getattr(x, f.name))) for f in dataclasses.fields(x))
    if isinstance(x, dict):
        return tuple(sorted((k, _canon(v)) for k, v in x.items()))
    if isinstance(x, tuple | list):
        return tuple(sorted((_canon(v) for v in x), key=repr))
    return x


def _differences(a: object, b: object, alternatives: set[frozenset[str]], at: str = "") -> list:
    """Where two canonical forms differ, other than in a choice between alternatives."""
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        pairs = enumerate(zip(a, b, strict=True))
        return [d for i, (x, y) in pairs for d in _differences(x, y, alternatives, f"{at}/{i}")]
    if a == b or (
        isinstance(a, str) and isinstance(b, str) and any({a, b} <= g for g in alternatives)
    ):
        return []
    return [(at, a, b)]


def _assert_same_model(fast: Model, slow: Model, alternatives: set[frozenset[str]]) -> None:
    assert fast.triples == slow.triples
    for name in ("entities", "citations", "concepts", "memberships", "assignments", "events"):
        diff = _differences(_canon(getattr(fast, name)), _canon(getattr(slow, name)), alternatives)
        assert diff == [], f"{name}: {diff[:3]}"


def _finding_keys(model: Model, at: date) -> list[tuple]:
    return sorted((f.rule, f.severity, *f.key()) for f in run_checks(model, at, "en"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "synth.ttl"
    write_file(str(path), 1500, seed=7)
    return path


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def test_bundled_data_same_model_both_roads() -> None:
    sources = Sources()
    _assert_same_model(load_model(sources), _rdflib_model(sources), _alternatives(sources))


def test_synthetic_data_same_model_both_roads(synthetic: Path) -> None:
    sources = Sources(data=(synthetic,), bundled=False)
    fast, slow = load_model(sources), _rdflib_model(sources)
    assert len(fast.memberships) == 1500
    _assert_same_model(fast, slow, set())


@pytest.mark.parametrize("at", DATES)
def test_bundled_data_same_findings_both_roads(at: date) -> None:
    sources = Sources()
    assert _finding_keys(load_model(sources), at) == _finding_keys(_rdflib_model(sources), at)


def test_synthetic_data_same_findings_both_roads(synthetic: Path) -> None:
    sources = Sources(data=(synthetic,), bundled=False)
    fast, slow = load_model(sources), _rdflib_model(sources)
    for at in DATES:
        keys = _finding_keys(fast, at)
        assert keys, "the synthetic set should give findings"
        assert keys == _finding_keys(slow, at)


def test_cached_model_is_the_parsed_model(synthetic: Path) -> None:
    sources = Sources(data=(synthetic,), bundled=False)
    parsed, cached = load_model(sources), load_model(sources)
    assert parsed is not cached
    _assert_same_model(cached, parsed, set())


def test_duplicate_triples_count_once(tmp_path: Path) -> None:
    """As in an rdflib graph: a triple stated in two files is one triple."""
    text = (
        "@prefix kgd: <https://w3id.org/kggraph/id/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'kgd:X skos:altLabel "x" , "x" .\n'
    )
    (tmp_path / "a.ttl").write_text(text)
    (tmp_path / "b.ttl").write_text(text)
    sources = Sources(data=(tmp_path / "a.ttl", tmp_path / "b.ttl"), bundled=False)
    assert load_model(sources).triples == _rdflib_model(sources).triples


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    """``_:b`` in two files are two nodes, as rdflib reads them."""
    for name, label in (("a", "first"), ("b", "second")):
        (tmp_path / f"{name}.ttl").write_text(
            f'@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n_:b rdfs:label "{label}" .\n'
        )
    triples = list(parse_files([tmp_path / "a.ttl", tmp_path / "b.ttl"]))
    assert len({s for s, _, _ in triples}) == 2


def test_literal_forms_match_rdflib(tmp_path: Path) -> None:
    """Plain and language-tagged strings carry no datatype; typed literals keep theirs."""
    path = tmp_path / "lits.ttl"
    path.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:s ex:p "plain" , "norsk"@nb , "2024-06-14"^^xsd:date , 5 .\n'
    )
    from rdflib import Graph

    fast = sorted(o for _, _, o in parse_files([path]))
    slow = sorted(o for _, _, o in from_rdflib(Graph().parse(path)))
    assert fast == slow


def _benchmark_module(name: str) -> ModuleType:
    """``benchmarks/<name>.py``, loaded from its file (the folder is not an installed package)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_benchmarks_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _as_dict(pairs: PairCounts, rows: list[str]) -> dict:
    jaccard, coefficient = pairs.jaccard(), pairs.overlap()
    return {
        tuple(sorted((rows[i], rows[j]))): (int(s), round(float(a), 9), round(float(b), 9))
        for i, j, s, a, b in zip(
            pairs.left, pairs.right, pairs.shared, jaccard, coefficient, strict=True
        )
    }


def test_naive_and_fast_benchmark_roads_agree(synthetic: Path) -> None:
    """The benchmark compares like with like: every stage's result is the same."""
    naive, ours = _benchmark_module("naive"), _benchmark_module("ours")
    at = date(2024, 6, 30)
    slow, fast = naive.load(synthetic), ours.load(synthetic)
    _assert_same_model(fast, slow, set())
    g_slow, g_fast = naive.build_graph(slow, at), ours.build_graph(fast, at)
    groups = g_fast.members.rows
    assert sorted(n for n, d in g_slow.nodes(data=True) if d["bipartite"] == 0) == sorted(groups)
    assert g_slow.number_of_edges() == g_fast.members.matrix.nnz
    o_slow, o_fast = naive.overlaps(slow, at, g_slow), ours.overlaps(fast, at, g_fast)
    for kind in ("ministries", "agencies", "themes"):
        expected = {k: (s, round(a, 9), round(b, 9)) for k, (s, a, b) in o_slow[kind].items()}
        assert _as_dict(o_fast[kind], groups) == expected, kind
        assert expected, kind
    defaults = {frozenset((p.subject, p.other)) for p in ours.duplication_scores(fast, at)}
    assert defaults == set(naive.duplication_scores(slow, at))
    every = CheckOptions(duplicate_warning=1e-9)
    scores = {frozenset((p.subject, p.other)): p.score for p in score_pairs(fast, at, every)}
    expected = naive.duplication_scores(slow, at, every)
    assert scores.keys() == expected.keys()
    assert all(abs(scores[k] - expected[k]) < 1e-9 for k in scores)
    assert len(scores) >= 5
