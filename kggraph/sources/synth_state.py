"""A synthetic state's organisations, themes and subject words (see
:mod:`kggraph.sources.synth`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .synth_rdf import Calendar, Pairs, Sink, When, local_iri, text, xsd_date

__all__ = ["State", "write_state"]

MEMBERSHIPS_PER_STATE = 25_000
AGENCIES_PER_STATE = 150
OTHERS_PER_STATE = 30
THEMES_PER_STATE = 600  # narrower themes under the real ones: few pairs share one by chance
WORDS_PER_STATE = 8000  # made-up subject words: two families share one only by chance
HUB_SHARE = 0.6  # the hub sits in every core group and in this share of the other structures
DUPLICATE_EVERY = 40  # one planted duplicate per this many families
ANCHORING_GAP_EVERY = 10
LEVEL_GAP_EVERY = 7
STEERING_GAP_EVERY = 25
ASSIGNMENT_SHARE = 0.3
REORGANISED_ON = date(2024, 1, 1)

# (notation, nb label, en label) — the 2024 ministries; DFD is split off KDD on 1 January 2024.
MINISTRIES = (
    ("AID", "Arbeids- og inkluderingsdepartementet", "Ministry of Labour and Social Inclusion"),
    ("BFD", "Barne- og familiedepartementet", "Ministry of Children and Families"),
    ("DFD", "Digitaliserings- og forvaltningsdepartementet", "Ministry of Digitalisation"),
    ("ED", "Energidepartementet", "Ministry of Energy"),
    ("FIN", "Finansdepartementet", "Ministry of Finance"),
    ("FD", "Forsvarsdepartementet", "Ministry of Defence"),
    ("HOD", "Helse- og omsorgsdepartementet", "Ministry of Health and Care Services"),
    ("JD", "Justis- og beredskapsdepartementet", "Ministry of Justice and Public Security"),
    ("KDD", "Kommunal- og distriktsdepartementet", "Ministry of Local Government"),
    ("KLD", "Klima- og miljødepartementet", "Ministry of Climate and Environment"),
    ("KUD", "Kultur- og likestillingsdepartementet", "Ministry of Culture and Equality"),
    ("KD", "Kunnskapsdepartementet", "Ministry of Education and Research"),
    ("LMD", "Landbruks- og matdepartementet", "Ministry of Agriculture and Food"),
    ("NFD", "Nærings- og fiskeridepartementet", "Ministry of Trade, Industry and Fisheries"),
    ("SD", "Samferdselsdepartementet", "Ministry of Transport"),
    ("UD", "Utenriksdepartementet", "Ministry of Foreign Affairs"),
)
SPLIT_FROM, SPLIT_INTO = "KDD", "DFD"

THEMES = (  # the broader themes of ontology/concepts.ttl
    "barn-og-unge",
    "utsatte-barn-og-unge",
    "ungt-utenforskap",
    "psykisk-helse",
    "ungdomskriminalitet",
    "sosial-utjevning",
    "klima",
    "gronn-omstilling",
    "kriseberedskap",
    "kunnskapsgrunnlag",
    "datadeling",
    "vann-og-avlop",
    "kompetanse",
    "forvaltningsutvikling",
    "digitalisering",
    "kommunene",
    "etatsstyring",
    "helse",
)
MINISTRY_LEVELS = ("director-general", "deputy-director-general", "secretary-general")
SECRETARIAT_LEVELS = ("coordinator", "deputy-director-general")
AGENCY_LEVELS = ("agency-director", "division-head", "case-officer")
SUB_BODIES = (
    # (type, short name, nb, en, members drawn from: "agencies" | "mixed" | "ministries")
    (
        "InterAgencyCollaboration",
        "etat",
        "Etatssamarbeid",
        "Inter-agency collaboration",
        "agencies",
    ),
    ("DirectorGroup", "dir", "Direktørgruppe", "Director group", "agencies"),
    ("WorkingGroup", "ag", "Arbeidsgruppe", "Working group", "mixed"),
    ("ExpertGroup", "eg", "Ekspertgruppe", "Expert group", "mixed"),
    ("ContactGroup", "kg", "Kontaktgruppe", "Contact group", "ministries"),
    ("WorkArea", "wa", "Arbeidsområde", "Work area", "ministries"),
)
START_FIRST, START_LAST = date(2015, 1, 1), date(2024, 6, 1)
LAST_END = date(2025, 12, 31)


@dataclass
class State:
    """One state's organisations: ministries by notation, agencies with their parent."""

    number: int
    ministries: dict[str, str] = field(default_factory=dict)  # notation → IRI
    # (IRI, parent notation, every steering ministry's notation)
    agencies: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    notations: dict[str, str] = field(default_factory=dict)  # agency IRI → notation
    themes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    hub: str = ""
    document: str = ""

    @property
    def tag(self) -> str:
        return "" if self.number == 1 else f"-{self.number}"

    def agencies_of(self, ministries: list[str]) -> list[str]:
        """The agencies whose parent ministry is one of ``ministries``."""
        wanted = set(ministries)
        return [iri for iri, parent, _ in self.agencies if parent in wanted]

    def stranger(self, ministries: list[str], rng: random.Random) -> str | None:
        """An agency none of ``ministries`` steers (as parent or also-steered-by)."""
        wanted = set(ministries)
        pool = [iri for iri, _, steering in self.agencies if not steering & wanted]
        return rng.choice(pool) if pool else None


_SYLLABLES = (
    *("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da"),
    *("fe", "gi", "ho", "ju", "pa", "ro", "si", "tu", "ve", "no"),
)


def subject_words(n: int) -> list[str]:
    """State ``n``'s made-up subject words: three syllables and a state letter, all different.

    >>> subject_words(1)[:3]
    ['kakakar', 'lokakar', 'mikakar']
    """
    k = len(_SYLLABLES)
    tail = "rstnlmk"[(n - 1) % 7] + ("" if n <= 7 else str(n))
    return [
        _SYLLABLES[i % k] + _SYLLABLES[i // k % k] + _SYLLABLES[i // k // k % k] + tail
        for i in range(WORDS_PER_STATE)
    ]


def _organisation(
    w: Sink, iri: str, cls: str, notation: str, nb: str, en: str, extra: Pairs
) -> None:
    w.subject(
        iri,
        [
            ("a", cls),
            ("skos:notation", text(notation)),
            ("skos:prefLabel", text(nb, "nb")),
            ("skos:prefLabel", text(en, "en")),
            *extra,
        ],
    )


def write_state(w: Sink, cal: Calendar, st: State, rng: random.Random, general: str) -> None:
    """Ministries, agencies, other organisations, the source document and the reorganisation."""
    n = st.number
    st.document = local_iri(f"synth-doc-s{n}")
    w.subject(
        st.document,
        [
            ("a", "kg:SourceDocument"),
            ("rdfs:label", text(f"S{n}")),
            (
                "dcterms:title",
                text(f"Syntetisk oversikt over samordningsstrukturer, stat {n}", "nb"),
            ),
        ],
    )
    for notation, nb, en in MINISTRIES:
        iri = local_iri(f"synth-s{n}-{notation}")
        st.ministries[notation] = iri
        extra: Pairs = [("dcterms:source", general)]
        if notation == SPLIT_INTO:
            extra.append(("kg:activeDuring", cal.interval(When(REORGANISED_ON), None)))
        _organisation(w, iri, "kg:Ministry", notation + st.tag, nb, en, extra)
    parents = sorted(st.ministries)
    for i in range(AGENCIES_PER_STATE):
        parent = parents[i % len(parents)] if i < len(parents) else rng.choice(parents)
        parent = SPLIT_FROM if parent == SPLIT_INTO else parent
        iri = local_iri(f"synth-s{n}-a{i:04d}")
        extra = [("kg:parentMinistry", st.ministries[parent]), ("dcterms:source", general)]
        steering = {parent}
        if rng.random() < 0.08:
            also = rng.choice(parents)
            steering.add(also)
            extra.append(("kg:alsoSteeredBy", st.ministries[also]))
        notation = f"A{i:04d}{st.tag}"
        _organisation(w, iri, "kg:Agency", notation, f"Direktorat {i}", f"Agency {i}", extra)
        st.agencies.append((iri, parent, frozenset(steering)))
        st.notations[iri] = notation
    for i in range(OTHERS_PER_STATE):
        iri = local_iri(f"synth-s{n}-o{i:03d}")
        st.others.append(iri)
        extra = [("dcterms:source", general)]
        _organisation(
            w, iri, "kg:OtherOrganisation", f"O{i:03d}{st.tag}", f"Organisasjon {i}",
            f"Organisation {i}", extra,
        )  # fmt: skip
    st.hub = local_iri("synth-hub")  # one for every state: it sits in most structures
    if n == 1:
        _organisation(
            w, st.hub, "kg:OtherOrganisation", "HUB", "Samordningsnettverket",
            "The coordination network", [("dcterms:source", general)],
        )  # fmt: skip
    st.notations[st.hub] = "HUB"
    st.words = subject_words(n)
    for i in range(THEMES_PER_STATE):
        broader = THEMES[i % len(THEMES)]
        theme = f"kgtheme:synth-s{n}-{i:03d}"
        st.themes.append(theme)
        w.subject(
            theme,
            [
                ("a", "skos:Concept"),
                ("skos:inScheme", "kgtheme:scheme"),
                ("skos:broader", f"kgtheme:{broader}"),
                ("skos:prefLabel", text(f"Tema {i}{st.tag}", "nb")),
                ("skos:prefLabel", text(f"Theme {i}{st.tag}", "en")),
            ],
        )
    w.subject(
        local_iri(f"synth-s{n}-reorganisation"),
        [
            ("a", "org:ChangeEvent"),
            ("rdfs:label", text(f"Deling av {SPLIT_FROM}{st.tag}", "nb")),
            ("rdfs:label", text(f"Split of {SPLIT_FROM}{st.tag}", "en")),
            ("dcterms:date", xsd_date(REORGANISED_ON)),
            ("org:originalOrganization", st.ministries[SPLIT_FROM]),
            ("org:resultingOrganization", st.ministries[SPLIT_FROM]),
            ("org:resultingOrganization", st.ministries[SPLIT_INTO]),
            ("dcterms:source", general),
        ],
    )
