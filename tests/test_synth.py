"""The synthetic data set: exact size, deterministic, shaped like the real data, valid, and the
checks find what it plants."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kggraph.analyses.checks import CheckOptions, run_checks
from kggraph.cli.synth import synth
from kggraph.model.records import Model
from kggraph.render.rdf import TripleWriter
from kggraph.render.synth_file import write_file
from kggraph.sources.load import Sources, load_graph, load_model
from kggraph.sources.synth import NOTE, SynthReport, generate
from kggraph.sources.validate import validate

AT = date(2024, 6, 30)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGGRAPH_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthReport]:
    path = tmp_path_factory.mktemp("synth") / "synth.ttl"
    return path, write_file(str(path), 3000, seed=11)


@pytest.fixture(scope="module")
def model(written: tuple[Path, SynthReport]) -> Model:
    return load_model(Sources(data=(written[0],), bundled=False))


def _text(memberships: int, seed: int, ntriples: bool = False) -> str:
    out = io.StringIO()
    generate(TripleWriter(out, ntriples, NOTE), memberships, seed)
    return out.getvalue()


@pytest.mark.parametrize("n", [1, 7, 501])
def test_exactly_n_memberships(n: int, tmp_path: Path) -> None:
    path = tmp_path / "s.ttl"
    report = write_file(str(path), n, seed=1)
    assert report.memberships == n
    assert len(load_model(Sources(data=(path,), bundled=False)).memberships) == n


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    assert _text(400, 5) == _text(400, 5)
    assert _text(400, 5) != _text(400, 6)


def test_ntriples_and_turtle_hold_the_same_graph(tmp_path: Path) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    ttl, nt = tmp_path / "s.ttl", tmp_path / "s.nt"
    a, b = write_file(str(ttl), 300, seed=2), write_file(str(nt), 300, seed=2)
    assert a == b
    assert isomorphic(Graph().parse(ttl), Graph().parse(nt))


def test_report_counts_what_the_model_holds(model: Model, written: tuple) -> None:
    _, report = written
    types = Counter(e.type for e in model.entities.values())
    assert types["Ministry"] == report.ministries
    assert types["Agency"] == report.agencies
    assert types["OtherOrganisation"] == report.other_organisations
    assert types["CoreGroup"] == report.core_groups
    assert (
        sum(n for t, n in types.items() if t not in {"Ministry", "Agency", "OtherOrganisation"})
        == report.structures
    )
    assert len(model.assignments) == report.assignments


def test_shaped_like_the_real_data(model: Model) -> None:
    ms = model.memberships
    assert {m.level for m in ms} >= {"unknown", "secretary-general", "agency-director"}
    assert {m.role for m in ms} >= {"lead", "member", "secretariat-lead", "responsible"}
    precisions = {m.during.start.precision for m in ms if m.during.start}
    assert precisions >= {"day", "month", "season", "year", "unknown"}
    agencies = [e for e in model.entities.values() if e.type == "Agency"]
    assert all(e.parent in model.entities for e in agencies)
    groups = [e for e in model.entities.values() if e.type == "CoreGroup"]
    assert all(e.themes and e.government_anchoring for e in groups)
    parts = [e for e in model.entities.values() if e.part_of]
    assert {model.entities[e.part_of[0]].type for e in parts} == {"CoreGroup"}
    assert model.events and all(m.sources for m in ms)
    assert all(model.source_labels(m.sources)[0].startswith("S1 §") for m in ms[:50])


def test_valid_against_the_shapes(tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    write_file(str(path), 400, seed=4)
    report = validate(load_graph(Sources(data=(path,), bundled=False)))
    assert report.conforms, report.text[:2000]


def _active(model: Model, notation: str) -> bool:
    e = next(e for e in model.entities.values() if e.notation == notation)
    return e.active.contains(AT)


def test_checks_find_what_was_planted(model: Model, written: tuple) -> None:
    _, report = written
    findings = run_checks(model, AT, "en")
    duplicates = [f for f in findings if f.rule == "2.4"]
    errors = {(f.subject, *f.related) for f in duplicates if f.severity == "error"}
    planted = [(a, b) for a, b in report.duplicates if _active(model, a)]
    assert planted
    for a, b in planted:
        assert (a, b) in errors or (b, a) in errors, (a, b)
    below = {
        (f.subject, *f.related) for f in findings if (f.rule, f.severity) == ("5.1", "warning")
    }
    assert below
    assert {(g, m) for g, m in report.level_gaps if _active(model, g)} == below
    anchoring = {f.subject for f in findings if f.rule == "5.3"}
    assert {g for g in report.anchoring_gaps if _active(model, g)} == anchoring
    steering = {(f.subject, agency) for f in findings if f.rule == "6.1" for agency in f.related}
    gaps = {(g, a) for g, a in report.steering_gaps if _active(model, g)}
    assert gaps
    assert gaps <= steering


def test_cli_writes_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "cli.ttl"
    result = CliRunner().invoke(synth, ["--memberships", "250", "--seed", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "250 memberships" in result.stderr
    assert "Planted:" in result.stderr
    assert out.read_text() == _text(250, 3)


def test_cli_refuses_other_suffixes(tmp_path: Path) -> None:
    result = CliRunner().invoke(synth, ["-n", "5", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert "-o must end in .ttl or .nt" in result.stderr


# ---------------------------------------------------------------- 2.4 hard negatives


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Model, SynthReport]:
    """A small set with every kind of planted pair active on AT."""
    path = tmp_path_factory.mktemp("planted") / "planted.ttl"
    report = write_file(str(path), 12_000, seed=2)
    return load_model(Sources(data=(path,), bundled=False)), report


@pytest.mark.parametrize("kind", ["same-members", "same-subject", "shared-lead", "hub"])
def test_hard_negatives_are_not_duplicates(planted: tuple, kind: str) -> None:
    """Same members on another subject, the same subject with other members, a shared lead, a
    hub organisation in every core group: none of them is a duplicate (error)."""
    model, report = planted
    pairs = [(a, b) for a, b, k in report.hard_negatives if k == kind and _active(model, a)]
    assert pairs, kind
    errors = {
        frozenset((f.subject, *f.related))
        for f in run_checks(model, AT, "en", rules=["2.4"])
        if f.severity == "error"
    }
    assert not [p for p in pairs if frozenset(p) in errors]
    assert {frozenset(p) for p in report.duplicates if _active(model, p[0])} <= errors


def test_scope_all_and_top(planted: tuple) -> None:
    """--scope all compares structures of any type; --top keeps the N strongest pairs."""
    model, _ = planted
    core = run_checks(model, AT, "en", rules=["2.4"])
    every = run_checks(model, AT, "en", rules=["2.4"], options=CheckOptions(duplicate_scope="all"))
    assert len(every) >= len(core)
    top = run_checks(model, AT, "en", rules=["2.4"], options=CheckOptions(duplicate_top=3))
    scores = sorted((f.details["score"] for f in core), reverse=True)[:3]
    assert sorted((f.details["score"] for f in top), reverse=True) == scores
