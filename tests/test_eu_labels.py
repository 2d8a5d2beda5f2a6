"""The hand-labelled pairs of EU expert groups (tests/data/eu-pair-labels.tsv) hold together.

Checked against the real register beside the repository: every code is a group there, no pair
is listed twice or with itself, the labels and samplers are from their sets, and every sampler
named on a line really draws that pair (benchmarks/eu_pair_samplers.py, run here).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "eu-pair-labels.tsv"
REGISTER = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "eu-expert-groups"
HEADER = ["code_a", "code_b", "label", "samplers", "reason"]
KINDS = {"duplicate", "related", "distinct"}


@pytest.fixture(scope="module")
def register() -> Path:
    """The folder of the real EU register (as laid beside the repository in CI)."""
    if not (REGISTER / "ec_expert_groups.csv").is_file():
        pytest.skip(f"the EU register is not at {REGISTER}")
    return REGISTER


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    """The label file's lines as dicts, header checked."""
    with LABELS.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == HEADER
        return list(reader)


def test_every_code_is_a_group_of_the_register(register: Path, rows: list[dict]) -> None:
    with (register / "ec_expert_groups.csv").open(encoding="utf-8", newline="") as f:
        codes = {row["code"] for row in csv.DictReader(f)}
    missing = {r[k] for r in rows for k in ("code_a", "code_b")} - codes
    assert not missing


def test_lines_are_whole_distinct_and_ordered(register: Path, rows: list[dict]) -> None:
    assert len(rows) >= 60
    pairs = [frozenset((r["code_a"], r["code_b"])) for r in rows]
    assert all(len(p) == 2 for p in pairs), "a group paired with itself"
    assert len(set(pairs)) == len(pairs), "a pair listed twice"
    assert [r["code_a"] for r in rows] == sorted(r["code_a"] for r in rows)
    for row in rows:
        assert row["label"] in KINDS, row
        assert row["reason"].strip(), row
        assert all(row["samplers"].split(",")), row


def test_several_samplers_and_every_label_are_represented(rows: list[dict]) -> None:
    samplers = {s for r in rows for s in r["samplers"].split(",")}
    assert len(samplers) >= 3
    assert {r["label"] for r in rows} == KINDS


def test_each_sampler_named_draws_its_pair(
    register: Path, rows: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks.eu_pair_samplers import candidates, load

    drawn = {
        (r.code_a, r.code_b): set(r.samplers.split(","))
        for r in candidates(*load(register)).itertuples()
    }
    for row in rows:
        pair = (row["code_a"], row["code_b"])
        assert set(row["samplers"].split(",")) == drawn.get(pair), row
