"""`kggraph dedupe` on the real EU register: BEUC's spellings become one candidate cluster, two
bodies that only share an acronym do not, and only the rows a person accepts are merged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from kggraph.cli.main import cli


@pytest.fixture(scope="module")
def review(imported: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    out = tmp_path_factory.mktemp("dedupe") / "review.csv"
    result = CliRunner().invoke(cli, ["dedupe", str(imported[0]), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _cluster_of(review: list[dict], name: str) -> str:
    return next(r["cluster"] for r in review if r["name"] == name)


def test_beucs_spellings_are_one_candidate_cluster(review: list[dict]) -> None:
    spellings = {r["name"] for r in review if "BEUC" in r["name"]}
    assert len(spellings) >= 10
    assert {_cluster_of(review, s) for s in spellings} == {
        _cluster_of(review, "Bureau Européen des Unions de Consommateurs (BEUC)")
    }
    assert all(r["accept"] == "" for r in review), "nothing is accepted for the reviewer"


def test_two_bodies_sharing_an_acronym_stay_apart(review: list[dict]) -> None:
    cinematheques = [r for r in review if r["name"].startswith("ACE - European association")]
    cartons = [r for r in review if r["name"].startswith("ACE, the Alliance")]
    assert not {r["cluster"] for r in cinematheques} & {r["cluster"] for r in cartons}


def test_a_joint_seat_chains_no_two_bodies_into_one_cluster(review: list[dict]) -> None:
    """ "COPA-COGECA - CEJA - CPE" (one seat for three bodies) and "ETUC -ETUI-REHS" are linked
    through the acronym they go by only: CEJA, CPE and ETUI-REHS are not proposed as spellings
    of COPA-COGECA or ETUC."""
    joint = next(r for r in review if "(COPA-COGECA) -  Confédération" in r["name"])
    copa = {r["name"] for r in review if r["cluster"] == joint["cluster"]}
    assert any(n.startswith("COPA-COGECA (") for n in copa)
    assert not any(
        n.startswith(("Confédération Européenne des Jeunes", "Coordination")) for n in copa
    )
    etuc = {r["name"] for r in review if r["cluster"] == _cluster_of(review, "ETUC")}
    assert "ETUC -ETUI-REHS" in etuc
    assert "ETUI-REHS" not in etuc


def test_the_same_name_in_two_countries_stays_apart(review: list[dict]) -> None:
    ministries = [r for r in review if r["name"] == "Ministry of Health"]
    assert len({(r["cluster"]) for r in ministries}) == len(ministries)


def test_accepted_rows_become_one_organisation(
    imported: tuple[Path, str], review: list[dict], tmp_path: Path, runner: CliRunner
) -> None:
    beuc = _cluster_of(review, "BEUC")
    accepted = [dict(r, accept="yes" if r["cluster"] == beuc else "") for r in review]
    table = tmp_path / "accepted.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(review[0]))
        writer.writeheader()
        writer.writerows(accepted)
    merged = tmp_path / "merged.ttl"
    result = runner.invoke(
        cli, ["dedupe", str(imported[0]), "--apply", str(table), "-o", str(merged)]
    )
    assert result.exit_code == 0, result.stderr
    who = runner.invoke(cli, ["who", "BEUC", "--no-bundled", "--data", str(merged)])
    assert who.exit_code == 0, who.stderr
    assert who.stdout.startswith("Bureau Européen des Unions de Consommateurs (BEUC) (BEUC)")
    text = merged.read_text(encoding="utf-8")
    assert "skos:altLabel" in text and '"BEUC - European Consumers\' Organisation"@und' in text
