"""Overlap between structures: hand-computed answers on a tiny model, a brute-force cross-check
on a random one, the real data, and the ``overlap`` command."""

from __future__ import annotations

import csv
import json
import random
from datetime import date
from itertools import combinations

import pytest
from click.testing import CliRunner
from scipy import sparse

from kggraph.analyses import overlap as ov
from kggraph.analyses import seats
from kggraph.analyses.checks import CheckOptions
from kggraph.analyses.checks.duplication import score_pairs
from kggraph.cli.main import cli
from kggraph.model.records import Concept, Entity, Membership, Model
from kggraph.render import overlap_rows

AT = date(2024, 6, 30)
T = "https://w3id.org/kggraph/theme/"


def overlap_pairs(model: Model, at: date, by: str = "all") -> list[dict]:
    """The pair rows of ``kggraph overlap``: the analysis, then its rows."""
    return overlap_rows.pair_rows(model, seats.group_pairs(model, at, by))


def load_of(model: Model, at: date, by: str = "all") -> list[dict]:
    return overlap_rows.load_rows(model, seats.loads(model, at, by))


def participation_matrix(model: Model, at: date, by: str, lang: str) -> tuple[list, list]:
    return overlap_rows.matrix_rows(model, seats.participation(model, at, by), lang)


def entity(name: str, kind: str, **kw: object) -> Entity:
    return Entity(iri=f"x:{name}", type=kind, notation=name, labels={"nb": name}, **kw)


def member(org: str, structure: str, role: str = "member") -> Membership:
    return Membership(f"x:m-{org}-{structure}", f"x:{org}", f"x:{structure}", role, "unknown")


@pytest.fixture(scope="module")
def tiny() -> Model:
    """Ministries A, B, C and agency X. G1 = {A (lead), B} with secretariat P = {X};
    G2 = {A, C (lead)}; forum F = {B}. Themes: G1 'child', G2 'sibling', F 'top' (the parent
    of both)."""
    concepts = {
        T + "top": Concept(T + "top", "top", {"nb": "top"}),
        T + "child": Concept(T + "child", "child", {"nb": "child"}, broader=(T + "top",)),
        T + "sibling": Concept(T + "sibling", "sibling", {"nb": "sibling"}, broader=(T + "top",)),
    }
    entities = [
        entity("A", "Ministry"),
        entity("B", "Ministry"),
        entity("C", "Ministry"),
        entity("X", "Agency", parent="x:A"),
        entity("G1", "CoreGroup", themes=(T + "child",)),
        entity("G2", "CoreGroup", themes=(T + "sibling",)),
        entity("P", "Secretariat", part_of=("x:G1",)),
        entity("F", "Forum", themes=(T + "top",)),
    ]
    memberships = [
        member("A", "G1", "lead"),
        member("B", "G1"),
        member("X", "P", "secretariat-member"),
        member("A", "G2"),
        member("C", "G2", "lead"),
        member("B", "F"),
    ]
    return Model({e.iri: e for e in entities}, memberships, concepts=concepts)


def test_shared_pairs_by_hand() -> None:
    a = sparse.csr_matrix([[1, 1, 0, 1], [0, 1, 1, 1], [1, 0, 0, 0]])
    p = ov.shared_pairs(a)
    assert list(zip(p.left.tolist(), p.right.tolist(), p.shared.tolist(), strict=True)) == [
        (0, 1, 2),
        (0, 2, 1),
    ]
    assert p.jaccard().round(3).tolist() == [0.5, 0.333]  # 2/4, 1/3
    assert p.overlap().tolist() == [2 / 3, 1.0]  # 2/min(3,3), 1/min(3,1)
    assert ov.shared_pairs(a, minimum=2).shared.tolist() == [2]


def test_a_part_counts_for_its_whole(tiny: Model) -> None:
    inc = ov.member_incidence(tiny, AT, ["x:G1", "x:G2", "x:P"])
    assert inc.members(0) == {"x:A", "x:B", "x:X"}
    assert inc.members(2) == {"x:X"}
    alone = ov.member_incidence(tiny, AT, ["x:G1"], families=False)
    assert alone.members(0) == {"x:A", "x:B"}


def test_broader_and_narrower_themes_match_siblings_do_not(tiny: Model) -> None:
    rows = ["x:G1", "x:G2", "x:F"]
    own = ov.theme_incidence(tiny, rows)
    related = ov.related_theme_incidence(tiny, own)
    assert related.members(0) == {T + "child", T + "top"}
    assert related.members(2) == {T + "top", T + "child", T + "sibling"}
    assert T + "sibling" not in related.members(0)


def test_overlap_pairs_by_hand(tiny: Model) -> None:
    (row,) = overlap_pairs(tiny, AT)
    assert (row["a"], row["b"], row["shared"], row["shared_members"]) == ("G1", "G2", 1, ["A"])
    assert (row["jaccard"], row["overlap"]) == (0.25, 0.5)  # {A,B,X} vs {A,C}
    (ministries,) = overlap_pairs(tiny, AT, "ministries")
    assert (ministries["jaccard"], ministries["overlap"]) == (0.333, 0.5)  # {A,B} vs {A,C}


def test_load_by_hand(tiny: Model) -> None:
    rows = {r["org"]: r for r in load_of(tiny, AT, "ministries")}
    assert (rows["A"]["core_groups"], rows["A"]["leads"], rows["A"]["leading"]) == (2, 1, ["G1"])
    assert (rows["C"]["core_groups"], rows["C"]["leads"]) == (1, 1)
    assert "X" not in rows


def test_duplication_needs_shared_themes(tiny: Model) -> None:
    """G1 and F share one member (B) and a broader and a narrower theme. G1 and G2 share A (it
    leads G1 and sits in G2, so it takes part in both) but only sibling themes, which never
    meet."""
    options = CheckOptions(duplicate_min_shared=1)
    pairs = {(p.subject, p.other): p for p in score_pairs(tiny, AT, options, minimum=0.0)}
    g1_f = pairs[("x:G1", "x:F")]
    assert g1_f.themes == ((T + "child", T + "top"),) and g1_f.subject_score > 0
    g_pair = pairs.get(("x:G2", "x:G1")) or pairs[("x:G1", "x:G2")]
    assert g_pair.themes == () and g_pair.member_score > 0 and not g_pair.convenors


def random_model(seed: int, structures: int, orgs: int, per: int) -> Model:
    rng = random.Random(seed)
    entities = [entity(f"o{i}", rng.choice(["Ministry", "Agency"])) for i in range(orgs)]
    entities += [entity(f"s{i}", "CoreGroup") for i in range(structures)]
    memberships = [
        member(f"o{o}", f"s{s}") for s in range(structures) for o in rng.sample(range(orgs), per)
    ]
    return Model({e.iri: e for e in entities}, memberships)


def test_sparse_pairs_agree_with_brute_force() -> None:
    model = random_model(7, structures=120, orgs=40, per=6)
    got = {(r["a"], r["b"]): (r["shared"], r["jaccard"]) for r in overlap_pairs(model, AT)}
    sets: dict[str, set[str]] = {}
    for m in model.memberships:
        sets.setdefault(model.entities[m.organization].notation, set()).add(m.member)
    want = {}
    for a, b in combinations(sorted(sets, key=str.casefold), 2):
        shared = len(sets[a] & sets[b])
        if shared:
            want[(a, b)] = (shared, round(shared / len(sets[a] | sets[b]), 3))
    assert got == want


# ---------------------------------------------------------------- the real data


def test_real_pairs_kubu_and_kunnskap_i_kriser(model: Model) -> None:
    """KUBU (8 ministries + 13 agencies in its inter-agency collaboration) and Kunnskap i kriser
    (10 ministries + 4 agency directors) share 7 ministries and FHI."""
    pair = next(
        r for r in overlap_pairs(model, AT) if {r["a"], r["b"]} == {"KUBU", "Kunnskap i kriser"}
    )
    assert pair["shared_members"] == ["AID", "BFD", "DFD", "FHI", "HOD", "JD", "KD", "KDD"]
    assert (pair["jaccard"], pair["overlap"]) == (round(8 / 27, 3), round(8 / 14, 3))
    ministries = next(
        r
        for r in overlap_pairs(model, AT, "ministries")
        if {r["a"], r["b"]} == {"KUBU", "Kunnskap i kriser"}
    )
    assert ministries["shared"] == 7


def test_real_load(model: Model) -> None:
    load = {r["org"]: r for r in load_of(model, AT, "ministries")}
    assert load["JD"]["groups"] == ["Kompetanse", "KUBU", "Kunnskap i kriser", "VA"]
    assert load["DFD"]["leading"] == ["Kompetanse"]
    before = {r["org"]: r for r in load_of(model, date(2023, 6, 30), "ministries")}
    assert before["KDD"]["leading"] == ["Kompetanse"] and "DFD" not in before
    assert sum(r["leads"] for r in load.values()) == 5


def test_real_matrix_cells(model: Model) -> None:
    columns, rows = participation_matrix(model, AT, "all", "nb")
    assert columns == ["org", "Klima", "Kompetanse", "KUBU", "Kunnskap i kriser", "VA", "source"]
    cells = {r["org"]: r for r in rows}
    assert "002 §" in cells["JD"]["source"]
    assert cells["JD"]["VA"] == "medlem · avdelingsdirektør"
    assert cells["UD"]["Kunnskap i kriser"].startswith("deltar på enkelte møter")
    assert cells["Bufdir"]["KUBU"].startswith("(leder · KUBU-etatssamarbeidet")
    assert "KUBU" not in cells["KLD"]


def test_overlap_command_json(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["overlap", "--at", "2024-06-30", "--by", "ministries", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"at", "by", "pairs", "load"} and doc["by"] == "ministries"
    assert {(p["a"], p["b"]) for p in doc["pairs"]} >= {("KUBU", "Kunnskap i kriser")}


def test_overlap_command_matrix_csv(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["overlap", "--at", "2024-06-30", "--matrix", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "org,Klima,Kompetanse,KUBU,Kunnskap i kriser,VA,source"
    assert any(line.startswith("JD,") and "avdelingsdirektør" in line for line in lines)
    jd = next(row for row in csv.DictReader(lines) if row["org"] == "JD")
    assert "002 §" in jd["source"]


def test_overlap_command_table(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["overlap", "--at", "2024-06-30", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2024-06-30: 10 pairs of core groups sharing members (all)" in result.stdout
    assert "2024-06-30: load (all)" in result.stdout


def test_overlap_and_load_cite_the_seats_they_count(model: Model) -> None:
    """A pair cites the seats of its shared members in both groups (Klima 002 §3.2.2, VA
    002 §3.4.2), a load row the seats it counts (FIN sits only in core groups)."""
    fin = {r["org"]: r for r in load_of(model, date(2023, 6, 30), "ministries")}["FIN"]
    seats = [
        m
        for m in model.memberships
        if model.entities[m.member].notation == "FIN" and model.holds(m, date(2023, 6, 30))
    ]
    assert seats and fin["source"] == "; ".join(
        model.source_labels(tuple(s for m in seats for s in m.sources))
    )
    pair = next(
        r for r in overlap_pairs(model, AT, "ministries") if {r["a"], r["b"]} == {"Klima", "VA"}
    )
    assert pair["shared_members"] == ["ED", "KDD", "KLD"]
    assert {"002 §3.2.2", "002 §3.4.2"} <= set(pair["source"].split("; "))
