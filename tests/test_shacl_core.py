"""graph/shacl_core.py says "nothing to report" exactly when pyshacl does, on the seed plans'
real graphs and on broken copies of them (one constraint broken at a time, and random
deletions): the per-document check may skip pyshacl only where pyshacl would find nothing."""

import random
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from boussole.graph import BSL, build_plan_graph
from boussole.graph.check import check_triples, fast_finds_nothing
from boussole.jobs import bundled_sources, theme_tagger
from boussole.ingest.pipeline import extract


def _pyshacl_finds_nothing(triples: list) -> bool:
    report = check_triples(triples, fast=False)
    return report.conforms and not report.violations


@pytest.fixture(scope="module")
def seeds() -> dict[str, list]:
    return {
        s.display: list(build_plan_graph(extract(s.path, academy=s.academy, kind=s.kind), tagger=theme_tagger()))
        for s in bundled_sources()
    }


@pytest.fixture(scope="module")
def report_graph(seeds) -> Graph:
    """The progress report: axes, objectives, actions, projects, figures, devices, themes."""
    g = Graph()
    for t in next(v for k, v in seeds.items() if "amiens" in k):
        g.add(t)
    return g


def test_the_seed_plans_conform_in_both(seeds):
    for name, triples in seeds.items():
        assert fast_finds_nothing(triples) is True, name
        assert _pyshacl_finds_nothing(triples), name
        assert check_triples(triples).conforms


def _one(g: Graph, cls) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _set(g: Graph, s, p, o) -> None:
    g.remove((s, p, None))
    g.add((s, p, o))


def _plan(g):
    return _one(g, BSL.Plan)


def _span(g):
    return _one(g, BSL.TextSpan)


BREAKS = {
    "axis without label": lambda g: g.remove((_one(g, BSL.Axis), RDFS.label, None)),
    "two plan titles": lambda g: g.add((_plan(g), DCTERMS.title, Literal("Autre titre", lang="fr"))),
    "unknown document kind": lambda g: _set(g, _plan(g), BSL.documentKind, Literal("draft")),
    "unknown device": lambda g: g.add(
        (_one(g, BSL.Objective), BSL.device, URIRef("https://w3id.org/boussole/device/no-such-device"))
    ),
    "line 0": lambda g: _set(g, _span(g), BSL.startLine, Literal(0)),
    "end before start": lambda g: (
        _set(g, _span(g), BSL.startLine, Literal(9)),
        _set(g, _span(g), BSL.endLine, Literal(3)),
    ),
    "upper-case sha256": lambda g: _set(
        g,
        _one(g, BSL.SourceDocument),
        BSL.sha256,
        Literal(str(g.value(_one(g, BSL.SourceDocument), BSL.sha256)).upper()),
    ),
    "short label": lambda g: g.add((_one(g, BSL.Objective), RDFS.label, Literal("ab", lang="fr"))),
    "no French label": lambda g: _set(g, _one(g, BSL.Action), RDFS.label, Literal("An action", lang="en")),
    "untagged label": lambda g: g.add((_one(g, BSL.Action), RDFS.label, Literal("Une action"))),
    "double figure value": lambda g: _set(g, _one(g, BSL.Figure), BSL.value, Literal(1.5, datatype=XSD.double)),
    "integer figure value": lambda g: _set(g, _one(g, BSL.Figure), BSL.value, Literal(3)),
    "tagged quote": lambda g: _set(g, _span(g), BSL.quote, Literal("texte", lang="fr")),
    "objective under an objective": lambda g: _set(
        g, _one(g, BSL.Objective), SKOS.broader, sorted(g.subjects(RDF.type, BSL.Objective))[1]
    ),
    "unknown action status": lambda g: _set(g, _one(g, BSL.Action), BSL.status, Literal("ongoing")),
    "string isCNR": lambda g: _set(g, _one(g, BSL.Project), BSL.isCNR, Literal("yes")),
    "two isCNR": lambda g: g.add(
        (_one(g, BSL.Project), BSL.isCNR, Literal(not g.value(_one(g, BSL.Project), BSL.isCNR).toPython()))
    ),
    "IRI unit": lambda g: _set(g, _one(g, BSL.Figure), BSL.unit, URIRef("https://example.org/unit")),
    "ill-typed line count": lambda g: _set(
        g, _one(g, BSL.SourceDocument), BSL.lineCount, Literal("many", datatype=XSD.integer)
    ),
    "project under a passage": lambda g: g.add((_one(g, BSL.Project), BSL.presentedUnder, _one(g, BSL.Passage))),
    "literal publisher": lambda g: _set(g, _plan(g), DCTERMS.publisher, Literal("Amiens")),
    "theme score as IRI": lambda g: _set(g, _one(g, BSL.ThemeAssignment), BSL.score, URIRef("https://example.org/s")),
    "unknown theme": lambda g: _set(
        g, _one(g, BSL.ThemeAssignment), BSL.theme, URIRef("https://w3id.org/boussole/theme/no-such-theme")
    ),
    "node outside any plan": lambda g: g.remove((_one(g, BSL.Passage), BSL.inPlan, None)),
}

KEEPS = {
    "a second French label": lambda g: g.add(
        (_one(g, BSL.Objective), RDFS.label, Literal("Un autre libellé", lang="fr"))
    ),
    "an English label besides": lambda g: g.add((_one(g, BSL.Axis), RDFS.label, Literal("An axis", lang="en"))),
    "a decimal figure": lambda g: _set(
        g, _one(g, BSL.Figure), BSL.value, Literal(Decimal("2.5"), datatype=XSD.decimal)
    ),
    "a one-line span": lambda g: _set(g, _span(g), BSL.endLine, g.value(_span(g), BSL.startLine)),
    "an unrelated triple": lambda g: g.add((URIRef("https://example.org/x"), RDFS.comment, Literal("x"))),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_broken_graph_is_reported_by_both(report_graph, name):
    g = Graph()
    g += report_graph
    BREAKS[name](g)
    triples = list(g)
    assert not _pyshacl_finds_nothing(triples), "the mutation must break a shape"
    assert fast_finds_nothing(triples) is False
    report = check_triples(triples)
    assert report.violations == check_triples(triples, fast=False).violations


@pytest.mark.parametrize("name", sorted(KEEPS))
def test_a_harmless_change_conforms_in_both(report_graph, name):
    g = Graph()
    g += report_graph
    KEEPS[name](g)
    triples = list(g)
    assert _pyshacl_finds_nothing(triples)
    assert fast_finds_nothing(triples) is True


def test_random_deletions_get_the_same_verdict(report_graph):
    triples = sorted(report_graph)
    rng = random.Random(14)
    broken = 0
    for _ in range(12):
        kept = list(triples)
        for i in sorted(rng.sample(range(len(kept)), 3), reverse=True):
            del kept[i]
        expected = _pyshacl_finds_nothing(kept)
        broken += not expected
        assert fast_finds_nothing(kept) is expected
    assert broken, "some deletions must break a shape, or the test compares nothing"
