"""The bundled data against the seed documents: who takes part where, at which level, when.

Each test cites the sentence it checks. 004 (annex 4) is the mid-term composition (spring
2023); 002 is the report of June 2024.
"""

from __future__ import annotations

from datetime import date

import pytest

from kggraph.analyses.queries import members
from kggraph.model.names import entity_resolver
from kggraph.model.records import Model

MID = date(2023, 6, 30)
REPORT = date(2024, 6, 30)


def _roster(model: Model, name: str, when: date, types: tuple[str, ...] = ("Ministry",)) -> dict:
    iri = entity_resolver(model).resolve(name)
    return {
        r["member"]: (r["role"], r["level"])
        for r in members(model, iri, when)
        if r["member_type"] in types
    }


def _lead(roster: dict) -> set[str]:
    return {m for m, (role, _) in roster.items() if role == "lead"}


@pytest.mark.parametrize(
    ("group", "lead", "others"),
    [
        # 004 V4: "består av departementsråder fra BFD (leder), AID, JD, HOD, KUD og KDD." KD is
        # missing there, but 002 §3.1.2 lists KD and says "Siden 2021 har det ikke skjedd
        # vesentlige organisatoriske endringer i selve kjernegruppen": the data follow 002.
        ("KUBU", "BFD", {"AID", "JD", "HOD", "KUD", "KDD", "KD"}),
        # 004 V4: "består av KLD (leder), FIN, KDD, NFD, OED, SD og LMD."
        ("Klima", "KLD", {"FIN", "KDD", "NFD", "ED", "SD", "LMD"}),
        # 004 V4: "består KD (leder), JD, FIN, AID, BFD, HOD, NFD og KDD deltar"
        ("Kunnskap i kriser", "KD", {"JD", "FIN", "AID", "BFD", "HOD", "NFD", "KDD"}),
        # 004 V4: "Gruppen ledes av HOD, og har deltakere fra KDD, KLD, JD, OED."
        ("VA", "HOD", {"KDD", "KLD", "JD", "ED"}),
        # 004 V4: "består av departementsråder fra KDD (leder), KLD, UD, KD og JD."
        ("Kompetanse", "KDD", {"KLD", "UD", "KD", "JD"}),
    ],
)
def test_mid_term_composition(model: Model, group: str, lead: str, others: set[str]) -> None:
    roster = _roster(model, group, MID)
    assert _lead(roster) == {lead}
    assert set(roster) == others | {lead}


@pytest.mark.parametrize(
    ("group", "lead", "others"),
    [
        # 002 §3.1: "ledes av departementsråden i BFD. De andre departementene som deltar er HOD,
        # KD, JD, AID, KDD, Kulturdepartementet og DFD."
        ("KUBU", "BFD", {"HOD", "KD", "JD", "AID", "KDD", "KUD", "DFD"}),
        # 002 §3.2: "ledet av KLD. De andre deltakende departementene er FIN, NFD, SD, LMD,
        # Energidepartementet og KDD."
        ("Klima", "KLD", {"FIN", "NFD", "SD", "LMD", "ED", "KDD"}),
        # 002 §3.3.2: "et samarbeid mellom AID, BFD, DFD, FIN, HOD, JD, KDD, KD og NFD.
        # Utenriksdepartementet har deltatt på noen møter."
        ("Kunnskap i kriser", "KD", {"AID", "BFD", "DFD", "FIN", "HOD", "JD", "KDD", "NFD", "UD"}),
        # 002 §3.4.2: HOD leads; KDD, KLD, JD (avdelingsdirektør) and Energidepartementet.
        ("VA", "HOD", {"KDD", "KLD", "JD", "ED"}),
        # 002 §3.5.2: "ledes av departementsråden i DFD, og øvrige deltakere er
        # departementsrådene i Justisdepartementet, FD, KLD, KD og UD."
        ("Kompetanse", "DFD", {"JD", "FD", "KLD", "KD", "UD"}),
    ],
)
def test_report_composition(model: Model, group: str, lead: str, others: set[str]) -> None:
    roster = _roster(model, group, REPORT)
    assert _lead(roster) == {lead}
    assert set(roster) == others | {lead}


def test_ud_only_attended_some_meetings(model: Model) -> None:
    """002 §3.3.2: "Utenriksdepartementet har deltatt på noen møter." """
    assert _roster(model, "Kunnskap i kriser", REPORT)["UD"][0] == "observer"


def test_kunnskap_i_kriser_has_agency_directors(model: Model) -> None:
    """002 §3.3.2: "direktørene for FHI, SSB, Forskningsrådet, Direktoratet for e-helse og
    Datatilsynet har deltatt på møtene." (e-helse was merged into Helsedirektoratet in 2024.)"""
    before = _roster(model, "Kunnskap i kriser", MID, ("Agency",))
    assert set(before) == {"FHI", "SSB", "Forskningsrådet", "E-helse", "Datatilsynet"}
    assert {level for _, level in before.values()} == {"agency-director"}


@pytest.mark.parametrize(
    ("group", "ministry", "when", "level"),
    [
        # 002 §3.1.2: "Fra juni 2024 deltar også departementsråden fra DFD."
        ("KUBU", "DFD", REPORT, "secretary-general"),
        # 002 §3.2.2: "Finansdepartementet deltok frem til høsten 2023 med sin klimakoordinator.
        # Fra 2024 har Finansdepartementet også deltatt på departementsrådsnivå i møtene."
        ("Klima", "FIN", MID, "coordinator"),
        ("Klima", "FIN", REPORT, "secretary-general"),
        # 002 §3.4.2: "JD representert ved avdelingsdirektør i beredskapsseksjonen deltar på
        # vegne av departementsråden"
        ("VA", "JD", REPORT, "deputy-director-general"),
        # 002 §3.5.1: KDD's secretary-general led until the split; DFD's after it.
        ("Kompetanse", "KDD", date(2023, 12, 31), "secretary-general"),
    ],
)
def test_levels(model: Model, group: str, ministry: str, when: date, level: str) -> None:
    assert _roster(model, group, when)[ministry][1] == level


def test_kubu_dfd_joins_in_june_2024(model: Model) -> None:
    """002 §3.1.2: "Fra juni 2024 deltar også departementsråden fra DFD." """
    assert "DFD" not in _roster(model, "KUBU", date(2024, 5, 31))
    assert "DFD" in _roster(model, "KUBU", date(2024, 6, 1))


def test_leadership_moves_with_the_kdd_split(model: Model) -> None:
    """002 §3.5.1: "Etter delingen av KDD 1.1.24, ligger dette ansvaret nå i DFD." """
    assert _lead(_roster(model, "Kompetanse", date(2023, 12, 31))) == {"KDD"}
    assert _lead(_roster(model, "Kompetanse", date(2024, 1, 1))) == {"DFD"}


@pytest.mark.parametrize(
    ("group", "ministry"),
    [
        # 002 §3.1.2: "I tillegg stiller Kommunal- og distriktsdepartementet og
        # Kulturdepartementet." — no level given.
        ("KUBU", "KDD"),
        ("KUBU", "KUD"),
        # 002 §3.3.2 names the ministries of Kunnskap i kriser but not their levels.
        ("Kunnskap i kriser", "JD"),
        ("Kunnskap i kriser", "FIN"),
        ("Kunnskap i kriser", "DFD"),
    ],
)
def test_silence_is_unknown(model: Model, group: str, ministry: str) -> None:
    assert _roster(model, group, REPORT)[ministry][1] == "unknown"


def test_dfd_does_not_exist_before_2024(model: Model) -> None:
    """Seeds README: DFD was split from KDD on 1 January 2024."""
    dfd = entity_resolver(model).resolve("DFD")
    assert not model.entities[dfd].active.contains(date(2023, 12, 31))
    assert model.entities[dfd].active.contains(date(2024, 1, 1))


def test_every_membership_has_a_quoted_source(model: Model) -> None:
    for m in model.memberships:
        assert m.sources, m.iri
        for s in m.sources:
            citation = model.citations[s]
            assert citation.quote or citation.label, s


def test_quotes_are_verbatim_in_the_seeds(model: Model, seeds) -> None:  # noqa: ANN001
    """Every kg:quote appears word for word in the document it cites."""
    texts = {
        p.name[:3]: " ".join(p.read_text(encoding="utf-8").split()) for p in seeds.glob("0*.txt")
    }
    for c in model.citations.values():
        if not c.quote or not c.document:
            continue
        doc = c.document.rsplit("-", 1)[-1]
        assert " ".join(c.quote.split()) in texts[doc], f"{c.iri} ({c.label}) not in {doc}"


def test_every_agency_has_a_parent_ministry(model: Model) -> None:
    for e in model.entities.values():
        if e.type == "Agency":
            assert e.parent and model.entities[e.parent].type == "Ministry", e.iri


def test_judgements(model: Model) -> None:
    """Government anchoring (guideline 5.3) as 002 states it.

    §3.1 KUBU "er forankret i regjeringen"; §3.2 Klima "ikke forankret i regjeringen";
    §3.3 Kunnskap i kriser "er regjeringsforankret"; §3.5 Kompetanse "ikke regjeringsforankret";
    §3.4 says only that VA's goals are anchored in the government: unknown.
    """
    r = entity_resolver(model)
    expected = {
        "KUBU": "yes",
        "Klima": "no",
        "Kunnskap i kriser": "yes",
        "VA": "unknown",
        "Kompetanse": "no",
    }
    for name, value in expected.items():
        anchoring = model.entities[r.resolve(name)].government_anchoring
        assert anchoring is not None and anchoring.value.endswith("/" + value), name
        assert anchoring.sources
