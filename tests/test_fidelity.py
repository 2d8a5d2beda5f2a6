"""The bundled data against the seed documents: who takes part where, at which level, when.

Each test cites the sentence it checks. 004 (annex 4) is the mid-term composition (spring
2023); 002 is the report of June 2024.
"""

from __future__ import annotations

from datetime import date

import pytest

from kggraph.analyses.checks import run_checks
from kggraph.analyses.queries import members, who
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
        # 004 V4: "består av KLD (leder), FIN, KDD, NFD, OED, SD og LMD." (OED by its 2023 name)
        ("Klima", "KLD", {"FIN", "KDD", "NFD", "OED", "SD", "LMD"}),
        # 004 V4: "består KD (leder), JD, FIN, AID, BFD, HOD, NFD og KDD deltar"
        ("Kunnskap i kriser", "KD", {"JD", "FIN", "AID", "BFD", "HOD", "NFD", "KDD"}),
        # 004 V4: "Gruppen ledes av HOD, og har deltakere fra KDD, KLD, JD, OED."
        ("VA", "HOD", {"KDD", "KLD", "JD", "OED"}),
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


# ---------------------------------------------------------------- issue 19: the second pass


def _membership(model: Model, group: str, member: str, when: date):  # noqa: ANN202
    r = entity_resolver(model)
    g, who = r.resolve(group), r.resolve(member)
    held = [m for m in model.memberships_in[g] if m.member == who and model.holds(m, when)]
    assert len(held) == 1, held
    return held[0]


def _findings(model: Model, when: date, rule: str | None = None) -> list:
    return run_checks(model, when, rules=[rule] if rule else None)


@pytest.mark.parametrize("ministry", ["AID", "JD"])
def test_kubu_level_conflict_is_kept_as_a_conflict(model: Model, ministry: str) -> None:
    """004 V4: "består av departementsråder fra BFD (leder), AID, JD, HOD, KUD og KDD."
    002 §3.1.2: "... og ekspedisjonssjefer fra Justis- og beredskapsdepartementet, Arbeids- og
    inkluderingsdepartementet." and "Siden 2021 har det ikke skjedd vesentlige organisatoriske
    endringer i selve kjernegruppen": one membership from the start, both levels, no change."""
    for when in (MID, REPORT):
        m = _membership(model, "KUBU", ministry, when)
        assert m.level == "disputed"
        claims = {(c.value, model.document_labels(c.sources)) for c in m.level_claims}
        assert claims == {("secretary-general", "004"), ("director-general", "002")}
    assert _membership(model, "KUBU", ministry, MID) == _membership(model, "KUBU", ministry, REPORT)
    row = _roster(model, "KUBU", REPORT)[ministry]
    assert row[1] == "disputed"
    shown = {r["member"]: r["level_label"] for r in members(model, _iri(model, "KUBU"), REPORT)}
    assert shown[ministry] == "departementsråd (004) / ekspedisjonssjef (002)"


def _iri(model: Model, name: str) -> str:
    return entity_resolver(model).resolve(name)


@pytest.mark.parametrize("when", [MID, REPORT])
def test_check_51_reports_the_disagreement_as_info(model: Model, when: date) -> None:
    """004 V4 (departementsråder) against 002 §3.1.2 (ekspedisjonssjefer): 5.1 says the
    sources disagree, as info, and gives each source's level; no plain warning."""
    kubu = [f for f in _findings(model, when, "5.1") if f.subject == "KUBU"]
    for ministry in ("AID", "JD"):
        (f,) = [f for f in kubu if f.related == (ministry,)]
        assert f.severity == "info"
        assert "departementsråd (004) / ekspedisjonssjef (002)" in f.message
        assert f.message.startswith("Kildene er uenige")
    en = [f for f in run_checks(model, when, "en", ["5.1"]) if f.related == ("AID",)]
    assert any("secretary-general (004) / director general (002)" in f.message for f in en)


def test_kd_in_kubu_from_the_start_with_004_as_contradiction(model: Model) -> None:
    """002 §3.1.2: "Siden 2021 har det ikke skjedd vesentlige organisatoriske endringer i selve
    kjernegruppen" and 002 §3.1 lists KD; 004 V4's list leaves KD out: KD from February 2021,
    004's sentence kept as kg:contradictedBy."""
    m = _membership(model, "KUBU", "KD", MID)
    assert m.during.start.iso() == "2021-02-01"
    assert [model.citations[c].label for c in m.contradicted_by] == ["004 Vedlegg 4"]
    assert "KD" in _roster(model, "KUBU-sekretariatet", MID)


def test_va_directorate_group_names_no_members(model: Model) -> None:
    """002 §3.4.3: "direktoratene våre, Miljødirektoratet, Mattilsynet og FHI ... Det ble gitt
    et oppdrag til disse tre direktoratene": assignees of an assignment, not members named in
    §3.4.2; and §3.4.3 calls the arrangement "i tråd med retningslinje 6.2"."""
    assert members(model, _iri(model, "VA-direktoratgruppen"), REPORT) == []
    assignees = {
        model.entities[a].notation
        for x in model.assignments
        if x.issuers == (_iri(model, "VA"),)
        for a in x.assignees
    }
    assert assignees == {"Miljødirektoratet", "Mattilsynet", "FHI"}
    found = _findings(model, REPORT, "6.2")
    assert not [f for f in found if f.subject == "VA" and f.severity != "assessment"]
    (va,) = [f for f in found if f.subject == "VA"]
    assert "i tråd med retningslinje 6.2" in va.message


def test_step_5_is_the_agency_collaborations(model: Model) -> None:
    """002 §3.1.3: "Et interessant grep som har sitt utspring i etatssamarbeidet, er at de har
    lagt på et ekstra trinn på samordningstrappen ... (trinn 5)." KUBU itself: "Det øverste
    trinnet i samordningstrappen (trinn 4)"."""
    step = {
        n: model.entities[_iri(model, n)].coordination_step
        for n in ("KUBU", "KUBU-etatssamarbeidet")
    }
    assert step["KUBU"].value.endswith("/4")
    assert step["KUBU-etatssamarbeidet"].value.endswith("/5")


def test_mission_start_says_what_it_rests_on(model: Model) -> None:
    """002 §3.1.1: "I Langtidsplanen for forskning og høyere utdanning 2023-2032 (LTP), ble det
    lansert en ny satsning om ungt utenforskap": the start ≤ 2023-01-01 is inferred, and says so
    where the 2.4 finding shows it."""
    start = model.entities[_iri(model, "Ungt utenforskap")].active.start
    assert start.not_after == date(2023, 1, 1) and start.inferred_from
    assert "lansert i LTP 2023–2032" in start.text
    assert start.describe() == "ukjent ≤2023-01-01 (utledet)"
    (dup,) = [f for f in _findings(model, REPORT, "2.4") if "Ungt utenforskap" in f.related]
    assert any("ukjent ≤2023-01-01 (utledet)" in e.fact for e in dup.evidence)


def test_va_levels_unknown_in_2023(model: Model) -> None:
    """004 V4: "Gruppen ledes av HOD, og har deltakere fra KDD, KLD, JD, OED." gives no levels;
    002 §3.4.2 gives them in 2024 ("ledes av departementsråden i HOD ... departementsrådene i
    KDD og KLD fast")."""
    assert {level for _, level in _roster(model, "VA", MID).values()} == {"unknown"}
    assert _roster(model, "VA", REPORT)["HOD"] == ("lead", "secretary-general")


@pytest.mark.parametrize(
    ("structure", "expected"),
    [
        # 002 §3.1: "Kjernegruppen har også gått sammen om å etablere et samarbeid med 13
        # underliggende etater." §3.1.2: "Etatssamarbeidet ble etablert i 2022".
        ("KUBU-etatssamarbeidet", 13),
        # 004 V4: "Sekretariatet består av to nøkkelpersoner fra KLD som koordinerer seg med
        # aktuelle fagpersoner i de andre departementene."
        ("Klima-kontaktgruppen", 6),
        # 002 §3.3.2: "de andre deltakerne har ikke hatt ansvar på lik linje med
        # Kunnskapsdepartementet" (perfect tense: the secretariat's members before 2024 too).
        ("Kunnskap i kriser-sekretariatet", 8),
        # 002 §3.5.2: "Under ledelse av Kunnskapsdepartementet, med deltakelse fra Direktoratet
        # for høyere utdanning og kompetanse og DFØ, ble det tatt initiativ til ... master."
        ("Kompetanse-mastergruppen", 3),
        # 004 Litteraturoversikt: KDD (2023) "Supplerende tildelingsbrev nr. 7 for 2023 – DSS –
        # Etablering av departementsakademiet."
        ("Departementsakademiet", 1),
    ],
)
def test_sub_bodies_filled_at_mid_term(model: Model, structure: str, expected: int) -> None:
    assert len(members(model, _iri(model, structure), MID)) == expected


def test_energy_ministry_has_the_name_of_the_date(model: Model) -> None:
    """004 V4 (2023): "består av KLD (leder), FIN, KDD, NFD, OED, SD og LMD."; 002 §3.2 (2024):
    "... Landbruks- og matdepartementet, Energidepartementet og ...": OED, then ED."""
    ed = model.entities[_iri(model, "ED")]
    assert (ed.notation_on(MID), ed.label("nb", MID)) == ("OED", "Olje- og energidepartementet")
    assert (ed.notation_on(REPORT), ed.label("nb", REPORT)) == ("ED", "Energidepartementet")
    assert "OED" in _roster(model, "Klima", MID) and "ED" in _roster(model, "Klima", REPORT)
    who_rows = {r["structure"] for r in who(model, ed.iri, MID)}
    assert "Klima" in who_rows
    found = [f for f in _findings(model, MID, "5.1") if f.subject == "VA"]
    assert ("OED",) in {f.related for f in found} and ("ED",) not in {f.related for f in found}


_ASSESSED = [
    # 002 §3.2.2: "Blant våre informanter fremstår ikke mandatet som tydelig."
    ("Klima", "4.2", "no", "fremstår ikke mandatet som tydelig"),
    # 002 §3.3.4: "en sentral medarbeider i Kunnskapsdepartementet i stor grad har drevet
    # sekretariatsarbeidet fram alene."
    ("Kunnskap i kriser", "7.3", "partly", "en sentral medarbeider"),
    # 002 §3.3.4: "Det er ikke behov for en permanent kjernegruppe på området ..."
    ("Kunnskap i kriser", "2.1", "no", "ikke behov for en permanent kjernegruppe"),
    # 002 §3.5.4: "Oppsummert kan ikke denne kjernegruppen sies å oppfylle kriteriene ..."
    ("Kompetanse", "1", "no", "kan ikke denne kjernegruppen sies å oppfylle kriteriene"),
    # 002 §3.1.3: "organiseringen av etatssamarbeidet er for omfattende"
    ("KUBU", "6.2", "partly", "for omfattende"),
    # 002 §3.1.3: "oppdragstekstene ikke alltid er helt likelydende"
    ("KUBU", "6.1", "partly", "ikke alltid er helt likelydende"),
]


@pytest.mark.parametrize(("group", "rule", "verdict", "words"), _ASSESSED)
def test_the_reports_judgements_are_shown_as_its_own(
    model: Model, group: str, rule: str, verdict: str, words: str
) -> None:
    """Each judgement is a kg:Assessment, and `check` shows it on 2024-06-30 as the sources'
    assessment (severity 'assessment'), not as kggraph's finding."""
    found = [
        f
        for f in _findings(model, REPORT)
        if f.severity == "assessment" and f.subject == group and f.rule == rule
    ]
    assert len(found) == 1, found
    f = found[0]
    assert words in f.message and f.details["verdict"] == verdict
    assert "kildenes, ikke kggraphs" in f.message


def test_assessment_quotes_are_verbatim(model: Model, seeds) -> None:  # noqa: ANN001
    """Every kg:Assessment quotes 002 word for word."""
    text = " ".join((seeds / "002_8bf1eb300ac1b2a0.txt").read_text(encoding="utf-8").split())
    assert len(model.assessments) >= len(_ASSESSED)
    for a in model.assessments:
        assert " ".join(a.quote.split()) in text, a.iri


def test_assessments_hold_from_the_report(model: Model) -> None:
    """The judgements are the report's (002, 14 June 2024); before it, none is shown."""
    assert not [f for f in _findings(model, MID) if f.severity == "assessment"]


def test_one_person_secretariat_rule_agrees_with_the_assessment(model: Model) -> None:
    """002 §3.3.4: "en sentral medarbeider i Kunnskapsdepartementet i stor grad har drevet
    sekretariatsarbeidet fram alene" and §3.4.2: "En medarbeider i Helse- og omsorgsdepartementet
    koordinerer administrativt arbeidet til gruppen." The computed 7.3 rule (a secretariat
    whose work one person does) warns for both, and agrees with the evaluators' 7.3 judgement
    of Kunnskap i kriser (not met in full)."""
    found = _findings(model, REPORT, "7.3")
    computed = {f.subject for f in found if f.details.get("kind") == "one-person"}
    assert computed == {"Kunnskap i kriser", "VA"}
    assessed = {f.subject: f.details["verdict"] for f in found if f.severity == "assessment"}
    assert assessed == {"Kunnskap i kriser": "partly"}
    assert all(
        f.severity == "warning"
        for f in found
        if f.subject in computed and f.details.get("kind") == "one-person"
    )


def test_fin_still_flagged_in_klima_at_mid_term(model: Model) -> None:
    """002 §3.2.2: "Finansdepartementet deltok frem til høsten 2023 med sin klimakoordinator." """
    found = [
        f for f in _findings(model, MID, "5.1") if f.subject == "Klima" and f.related == ("FIN",)
    ]
    assert [f.severity for f in found] == ["warning"]


def test_disputed_level_shape_rejects_a_single_claim(model: Model) -> None:  # noqa: ARG001
    """kgs:DisputedLevelShape: a disputed level needs two claims with different levels from
    different citations (002 §3.1.2 against 004 V4); one claim alone does not conform."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from kggraph.sources.load import load_graph
    from kggraph.sources.validate import validate

    graph: Graph = load_graph()
    assert validate(graph).conforms
    kg = "https://w3id.org/kggraph/ont#"
    aid = URIRef("https://w3id.org/kggraph/id/m-KUBU-AID-member")
    claims = sorted(graph.objects(aid, URIRef(kg + "levelClaim")))
    graph.remove((aid, URIRef(kg + "levelClaim"), claims[0]))
    report = validate(graph)
    assert not report.conforms and "kglevel:disputed needs" in report.text
    assert (aid, RDF.type, URIRef("http://www.w3.org/ns/org#Membership")) in graph


def test_report_and_picture_show_the_assessments_and_the_disagreement(tmp_path) -> None:  # noqa: ANN001
    """The report and the picture show the evaluators' judgements (002 §3.2.2, §3.3.4, §3.5.4,
    §3.1.3) beside the computed findings, and KUBU's disputed levels with both sources (004 V4
    / 002 §3.1.2)."""
    from click.testing import CliRunner

    from kggraph.cli.main import cli

    report, picture = tmp_path / "r.html", tmp_path / "v.html"
    for cmd, out in (("report", report), ("viz", picture)):
        result = CliRunner().invoke(cli, [cmd, "--at", "2024-06-30", "-o", str(out)])
        assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert html.count('class="kg-finding assessment"') == 8
    assert "kildenes vurdering · 4.2 · Klima" in html
    assert "departementsråd (004) / ekspedisjonssjef (002)" in html
    assert picture.read_text(encoding="utf-8").count('"severity": "assessment"') == 8


def test_diff_reports_neither_the_rename_nor_the_reports_judgements_as_changes(runner) -> None:  # noqa: ANN001
    """Between 004 (2023) and 002 (2024), Klima changed in one thing: «Finansdepartementet
    deltok frem til høsten 2023 med sin klimakoordinator. Fra 2024 har Finansdepartementet også
    deltatt på departementsrådsnivå» (002 §3.2.2). OED becoming ED, and the report's own
    judgement of the mandate (§3.2.2 «fremstår ikke mandatet som tydelig»), are not changes."""
    import json

    from kggraph.cli.main import cli

    args = ["diff", "--from", "2023-06-30", "--to", "2024-06-30", "Klima", "--format", "json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {(r["kind"], r["member"]) for r in rows} == {("level", "FIN"), ("finding-gone", "FIN")}


@pytest.mark.parametrize("case", ["no claims", "a claim on an undisputed level"])
def test_disputed_level_shape_rejects_claims_out_of_place(case: str) -> None:
    """kgs:DisputedLevelShape and kgs:DisputedLevelHasClaimsShape: a disputed level (002 §3.1.2
    against 004 V4) with no claims, and a claim on a level nobody disputes, do not conform."""
    from rdflib import URIRef

    from kggraph.sources.load import load_graph
    from kggraph.sources.validate import validate

    graph = load_graph()
    claim = URIRef("https://w3id.org/kggraph/ont#levelClaim")
    aid = URIRef("https://w3id.org/kggraph/id/m-KUBU-AID-member")
    claims = list(graph.objects(aid, claim))
    if case == "no claims":
        for c in claims:
            graph.remove((aid, claim, c))
        expected = "kglevel:disputed needs"
    else:
        graph.add((URIRef("https://w3id.org/kggraph/id/m-KUBU-BFD-lead"), claim, claims[0]))
        expected = "only for a disputed level"
    report = validate(graph)
    assert not report.conforms and expected in report.text
