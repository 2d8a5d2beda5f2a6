"""The IRIs of the project's vocabulary, concept schemes and individuals.

The project's own terms are :class:`rdflib.namespace.DefinedNamespace` classes, so a
misspelt term is an error at import time rather than a silent new IRI.

>>> from kggraph.model.namespaces import KG
>>> str(KG.CoreGroup)
'https://w3id.org/kggraph/ont#CoreGroup'
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace
from rdflib.term import URIRef

__all__ = [
    "DCTERMS",
    "KG",
    "KGD",
    "KGGL",
    "KGLEVEL",
    "KGROLE",
    "KGSTEP",
    "KGTHEME",
    "KGVAL",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "TIME",
    "XSD",
]


class KG(DefinedNamespace):
    """The kggraph ontology (``ontology/kggraph.ttl``)."""

    _NS = Namespace("https://w3id.org/kggraph/ont#")
    _fail = True

    Ministry: URIRef
    Agency: URIRef
    OtherOrganisation: URIRef
    Structure: URIRef
    CoreGroup: URIRef
    Secretariat: URIRef
    InterAgencyCollaboration: URIRef
    DirectorGroup: URIRef
    LeadersGroup: URIRef
    WorkingCommittee: URIRef
    ExpertGroup: URIRef
    WorkingGroup: URIRef
    DirectorateGroup: URIRef
    ContactGroup: URIRef
    AdvisoryCouncil: URIRef
    WorkArea: URIRef
    WorkPackage: URIRef
    Programme: URIRef
    TargetedSocietalMission: URIRef
    Forum: URIRef
    Mandate: URIRef
    QualifiedValue: URIRef
    Assignment: URIRef
    SourceDocument: URIRef
    Citation: URIRef
    parentMinistry: URIRef
    alsoSteeredBy: URIRef
    hostedBy: URIRef
    providedBy: URIRef
    activeDuring: URIRef
    steers: URIRef
    predecessor: URIRef
    theme: URIRef
    mandate: URIRef
    mandateStatus: URIRef
    governmentAnchoring: URIRef
    coordinationStep: URIRef
    level: URIRef
    precision: URIRef
    notBefore: URIRef
    notAfter: URIRef
    issuedBy: URIRef
    assignedTo: URIRef
    leadAssignee: URIRef
    numberOfAssignees: URIRef
    subject: URIRef
    deliverable: URIRef
    channel: URIRef
    numberOfWorkPackages: URIRef
    numberOfResponsibleMinistries: URIRef
    section: URIRef
    quote: URIRef
    fileName: URIRef
    rank: URIRef
    Dataset: URIRef
    snapshotDate: URIRef
    themeScheme: URIRef
    guidelineSet: URIRef
    agenciesNeedParent: URIRef
    category: URIRef
    status: URIRef
    scope: URIRef
    composition: URIRef
    levelClaim: URIRef
    contradictedBy: URIRef
    inferredFrom: URIRef
    Assessment: URIRef
    about: URIRef
    guideline: URIRef
    verdict: URIRef
    formerName: URIRef
    DatedName: URIRef
    validDuring: URIRef
    staffCount: URIRef


KGD = Namespace("https://w3id.org/kggraph/id/")
KGLEVEL = Namespace("https://w3id.org/kggraph/level/")
KGROLE = Namespace("https://w3id.org/kggraph/role/")
KGVAL = Namespace("https://w3id.org/kggraph/value/")
KGSTEP = Namespace("https://w3id.org/kggraph/step/")
KGTHEME = Namespace("https://w3id.org/kggraph/theme/")
KGGL = Namespace("https://w3id.org/kggraph/guideline/")

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgd": str(KGD),
    "kglevel": str(KGLEVEL),
    "kgrole": str(KGROLE),
    "kgval": str(KGVAL),
    "kgstep": str(KGSTEP),
    "kgtheme": str(KGTHEME),
    "kggl": str(KGGL),
    "org": str(ORG),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "time": str(TIME),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
}
