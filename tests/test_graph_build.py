"""build_plan_graph: the triples of one document, deterministic and stable."""

from decimal import Decimal

import pytest
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from boussole.graph.build import build_plan_graph, decimal_value, plan_ids
from boussole.graph.namespaces import BSL, BSLD, BSLT, QB, SCHEMA
from boussole.graph.sample import SAMPLE_LINES, mini_tagger, sample_plan

# open Namespaces (rdflib's closed ones warn when pytest inspects module globals)
DCTERMS, PROV, RDF, RDFS, SKOS, XSD = (
    Namespace(str(n))
    for n in (
        "http://purl.org/dc/terms/",
        "http://www.w3.org/ns/prov#",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/2001/XMLSchema#",
    )
)


EXTRACTED = (
    BSL.Axis,
    BSL.Objective,
    BSL.Engagement,
    BSL.Indicator,
    BSL.Action,
    BSL.Focus,
    BSL.Passage,
    BSL.Project,
    BSL.Figure,
)


@pytest.fixture(scope="module")
def tagger():
    return mini_tagger()


@pytest.fixture(scope="module")
def g(tagger):
    return build_plan_graph(sample_plan(), tagger=tagger)


def one(g, s, p):
    vals = list(g.objects(s, p))
    assert len(vals) == 1, (s, p, vals)
    return vals[0]


def by_notation(g, cls, notation):
    (node,) = [s for s in g.subjects(SKOS.notation, Literal(notation)) if (s, RDF.type, cls) in g]
    return node


def test_plan_and_source_document(g):
    plan = plan_ids(sample_plan().meta).plan
    assert (plan, RDF.type, BSL.Plan) in g and (plan, RDF.type, PROV.Plan) in g
    assert one(g, plan, DCTERMS.title) == Literal("Projet académique 2023-2027", lang="fr")
    academy = one(g, plan, DCTERMS.publisher)
    assert (academy, RDF.type, BSL.Academy) in g
    assert one(g, academy, RDFS.label) == Literal("Clermont-Ferrand", lang="fr")
    assert one(g, plan, DCTERMS.temporal) == Literal("2023-2027")
    assert one(g, plan, BSL.documentKind) == Literal("plan")
    src = one(g, plan, DCTERMS.source)
    assert (src, RDF.type, BSL.SourceDocument) in g
    assert one(g, src, BSL.sha256) == Literal(sample_plan().meta.sha256)
    assert one(g, src, BSL.path) == Literal("corpus/exemple_projet-academique_2023-2027.txt")
    assert one(g, src, BSL.lineCount) == Literal(21)


def test_hierarchy(g):
    plan = plan_ids(sample_plan().meta).plan
    axis = one(g, plan, BSL.hasAxis)
    assert one(g, axis, SKOS.notation) == Literal("1")
    objectives = set(g.objects(axis, BSL.hasObjective))
    assert {str(one(g, o, SKOS.notation)) for o in objectives} == {"1.1", "1.2"}
    o11 = by_notation(g, BSL.Objective, "1.1")
    assert (o11, SKOS.broader, axis) in g and (axis, SKOS.narrower, o11) in g
    assert (
        one(g, o11, RDFS.label)
        == one(g, o11, SKOS.prefLabel)
        == Literal("Favoriser l'accès à la culture des élèves des territoires ruraux", lang="fr")
    )
    assert len(list(g.objects(o11, BSL.hasIndicator))) == 2
    assert len(list(g.objects(o11, BSL.hasEngagement))) == 1
    statuses = sorted(str(one(g, a, BSL.status)) for a in g.objects(o11, BSL.hasAction))
    assert statuses == ["done", "planned"]
    o12 = by_notation(g, BSL.Objective, "1.2")
    assert len(list(g.objects(o12, BSL.hasFocus))) == 1
    ind = next(i for i in g.objects(o12, BSL.hasIndicator))
    assert one(g, ind, BSL.text) == Literal("Taux d'écoles formées au programme pHARe : +19 % en une année scolaire")
    for node in g.subjects(RDF.type, BSL.Objective):
        assert one(g, node, BSL.inPlan) == plan
    (passage,) = g.subjects(RDF.type, BSL.Passage)
    assert one(g, passage, BSL.inPlan) == plan


def test_every_extracted_node_has_a_text_span(g):
    nodes = {s for cls in EXTRACTED for s in g.subjects(RDF.type, cls)}
    assert (
        len(nodes) == 1 + 2 + 2 + 3 + 2 + 1 + 1 + 2 + 4
    )  # axis, obj, eng, ind, act, focus, passage, projects, figures
    src = next(g.subjects(RDF.type, BSL.SourceDocument))
    for node in nodes:
        span = one(g, node, PROV.wasDerivedFrom)
        assert (span, RDF.type, BSL.TextSpan) in g
        assert one(g, span, BSL.document) == src
        start, end = one(g, span, BSL.startLine).toPython(), one(g, span, BSL.endLine).toPython()
        # the span points at the very lines its quote was read from
        assert start <= end and str(one(g, span, BSL.quote)) == "\n".join(SAMPLE_LINES[start - 1 : end])
        assert one(g, node, RDFS.label).language == "fr"
        assert one(g, node, BSL.inPlan)
    # and conversely: whatever is bsl:inPlan is an extracted node with provenance
    assert set(g.subjects(BSL.inPlan, None)) == nodes


def test_devices(g):
    eng = next(s for s in g.subjects(RDF.type, BSL.Engagement) if "TER" in str(one(g, s, RDFS.label)))
    assert one(g, eng, BSL.device) == BSLD["territoires-educatifs-ruraux"]
    assert one(g, eng, BSL.matchedText) == Literal("TER")
    plan = plan_ids(sample_plan().meta).plan
    assert BSLD.phare in set(g.objects(plan, BSL.device))


def test_figures_are_data_cube_observations(g):
    figs = list(g.subjects(RDF.type, BSL.Figure))
    assert len(figs) == 4
    ds = {one(g, f, QB.dataSet) for f in figs}
    assert len(ds) == 1 and (ds.pop(), RDF.type, QB.DataSet) in g
    (f13,) = [f for f in figs if one(g, f, BSL.value).toPython() == Decimal(13)]
    assert (f13, RDF.type, QB.Observation) in g
    assert one(g, f13, BSL.value).datatype == XSD.decimal
    assert one(g, f13, BSL.unit) == Literal("internats d'excellence")
    assert one(g, f13, BSL.refPeriod) == Literal("2024")
    assert one(g, f13, BSL.measure) == Literal("internats d'excellence ouverts")
    assert (one(g, f13, BSL.describes), RDF.type, BSL.Action) in g
    assert one(g, f13, RDFS.label) == Literal("Ouverture de 13 internats d'excellence en 2024", lang="fr")
    assert decimal_value(19.0) == Decimal(19) and decimal_value(0.1) == Decimal("0.1")


def test_projects_schools_places(g):
    (cnr,) = [p for p in g.subjects(RDF.type, BSL.Project) if one(g, p, BSL.isCNR).toPython() is True]
    assert (cnr, RDF.type, SCHEMA.Project) in g
    assert one(g, cnr, SCHEMA.name) == one(g, cnr, RDFS.label) == Literal("Lire à la campagne", lang="fr")
    assert str(one(g, cnr, SCHEMA.description)).startswith("120 élèves")
    school = one(g, cnr, BSL.carriedBy)
    assert (school, RDF.type, BSL.School) in g and (school, RDF.type, SCHEMA.School) in g
    commune = one(g, school, SCHEMA.location)
    assert (commune, RDF.type, BSL.Commune) in g and one(g, commune, RDFS.label) == Literal("Saint-Flour", lang="fr")
    dept = one(g, commune, SCHEMA.containedInPlace)
    assert (dept, RDF.type, BSL.Departement) in g and one(g, dept, SKOS.notation) == Literal("15")
    assert {commune, dept} <= set(g.objects(cnr, BSL.place))
    under = one(g, cnr, BSL.presentedUnder)
    assert one(g, under, SKOS.notation) == Literal("1.1")
    assert one(g, cnr, BSL.isCNR).datatype == XSD.boolean


def test_themes(g):
    o11 = by_notation(g, BSL.Objective, "1.1")
    assert {BSLT.culture, BSLT.rurality} <= set(g.objects(o11, DCTERMS.subject))
    scores = {one(g, a, BSL.theme): one(g, a, BSL.score) for a in g.objects(o11, BSL.themeAssignment)}
    assert set(scores) == set(g.objects(o11, DCTERMS.subject))
    for a in g.objects(o11, BSL.themeAssignment):
        assert (a, RDF.type, BSL.ThemeAssignment) in g
    assert all(s.datatype == XSD.decimal and 0 < s.toPython() <= 1 for s in scores.values())
    # no tagger → no theme triples
    assert not list(build_plan_graph(sample_plan()).triples((None, DCTERMS.subject, None)))


def test_deterministic_and_stable(tagger):
    a = build_plan_graph(sample_plan(), tagger=tagger)
    b = build_plan_graph(sample_plan(), tagger=tagger)
    assert set(a) == set(b) and isomorphic(a, b)
    assert not [t for t in a if any(isinstance(x, BNode) for x in t)]  # no blank nodes: IRIs all the way
    # editing one leaf changes only that leaf's IRI, never its siblings' or parents'
    plan = sample_plan()
    plan.axes[0].children[1].children[0].label = "Autre engagement"
    c = build_plan_graph(plan, tagger=tagger)

    def subj(gr):
        return {s for s in gr.subjects(RDF.type, None) if isinstance(s, URIRef)}

    lost = subj(a) - subj(c)
    assert len([s for s in lost if "/engagement/" in s and not s.endswith("/span")]) == 1
    assert not [s for s in lost if "/objective/" in s or "/axis/" in s or "/indicator/" in s]


def test_base_is_configurable():
    g = build_plan_graph(sample_plan(), base="http://example.org/kg/")
    subjects = {str(s) for s in g.subjects() if not str(s).startswith("https://w3id.org/boussole/device/")}
    assert all(s.startswith("http://example.org/kg/") for s in subjects)
