"""SHACL validation of built graphs (pyshacl), report parsing and timing."""

import time

import pytest
from rdflib import Graph, Literal, Namespace

from boussole.graph import vocab
from boussole.graph.build import build_plan_graph
from boussole.graph.namespaces import BSL
from boussole.graph.sample import mini_tagger, sample_plan, synthetic_plan
from boussole.graph.validate import validate_graph

PROV = Namespace("http://www.w3.org/ns/prov#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")

# A few shapes in the spirit of ontology/shapes.ttl, so the machinery is tested whatever that
# file's state; the packaged shapes are exercised below when they exist.
MINI_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix bsl: <https://w3id.org/boussole/ns#> .
bsl:PlanElementShape a sh:NodeShape ; sh:targetClass bsl:PlanElement ;
  sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:datatype <http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> ;
                sh:message "a plan element needs a French label" ] ;
  sh:property [ sh:path prov:wasDerivedFrom ; sh:minCount 1 ; sh:maxCount 1 ; sh:class bsl:TextSpan ] ;
  sh:property [ sh:path bsl:inPlan ; sh:minCount 1 ; sh:class bsl:Plan ] .
bsl:TextSpanShape a sh:NodeShape ; sh:targetClass bsl:TextSpan ;
  sh:property [ sh:path bsl:startLine ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:minInclusive 1 ] ;
  sh:property [ sh:path bsl:endLine ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ] ;
  sh:property [ sh:path bsl:quote ; sh:minCount 1 ; sh:datatype xsd:string ] ;
  sh:property [ sh:path bsl:document ; sh:minCount 1 ; sh:class bsl:SourceDocument ] .
bsl:FigureShape a sh:NodeShape ; sh:targetClass bsl:Figure ;
  sh:property [ sh:path bsl:value ; sh:minCount 1 ; sh:datatype xsd:decimal ] ;
  sh:property [ sh:path bsl:describes ; sh:minCount 1 ; sh:nodeKind sh:IRI ] .
bsl:ProjectShape a sh:NodeShape ; sh:targetClass bsl:Project ;
  sh:property [ sh:path bsl:isCNR ; sh:maxCount 1 ; sh:datatype xsd:boolean ] ;
  sh:property [ sh:path bsl:carriedBy ; sh:class bsl:School ; sh:severity sh:Warning ] .
"""


@pytest.fixture(scope="module")
def mini_shapes():
    return Graph().parse(data=MINI_SHAPES, format="turtle")


@pytest.fixture(scope="module")
def ontology():
    return vocab.load_vocab(vocab.ONTOLOGY)  # class hierarchy: Axis ⊑ PlanElement …


def test_sample_conforms_to_mini_shapes(mini_shapes, ontology):
    report = validate_graph(build_plan_graph(sample_plan(), tagger=mini_tagger()), mini_shapes, ontology)
    assert report.conforms, report.text
    assert report.violations == []
    assert report.text.startswith("SHACL: conforms")


def test_broken_graph_reports_readable_violations(mini_shapes, ontology):
    g = build_plan_graph(sample_plan())
    axis = next(g.subjects(predicate=BSL.hasObjective))
    g.remove((axis, PROV.wasDerivedFrom, None))
    g.remove((axis, RDFS.label, None))
    g.add((axis, RDFS.label, Literal("sans langue")))  # plain string where a @fr label is required
    span = next(g.subjects(BSL.startLine, None))
    g.set((span, BSL.startLine, Literal(0)))
    report = validate_graph(g, mini_shapes, ontology)
    assert not report.conforms
    paths = sorted(v.path for v in report.violations)
    assert paths == ["bsl:startLine", "prov:wasDerivedFrom", "rdfs:label"]
    label_v = next(v for v in report.violations if v.path == "rdfs:label")
    assert label_v.message == "a plan element needs a French label" and label_v.focus_label == "sans langue"
    assert label_v.severity == "Violation"
    lines = report.text.splitlines()
    assert lines[0].startswith("SHACL: does NOT conform: 3 violation(s)")
    assert any('"sans langue"' in line and "rdfs:label" in line for line in lines)
    assert "By property:" in report.text


def test_warnings_do_not_break_conformance(mini_shapes, ontology):
    g = build_plan_graph(sample_plan())
    proj = next(g.subjects(predicate=BSL.carriedBy))
    school = g.value(proj, BSL.carriedBy)
    g.remove((school, None, None))
    report = validate_graph(g, mini_shapes, ontology)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]


def test_validation_time_for_a_10k_triple_document(mini_shapes, ontology, capsys):
    g = build_plan_graph(synthetic_plan(40, 8), tagger=mini_tagger())
    assert len(g) >= 10000
    t0 = time.perf_counter()
    report = validate_graph(g, mini_shapes, ontology)
    elapsed = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\n[timing] SHACL (mini shapes) on {len(g)} triples: {elapsed:.2f}s")
    assert report.conforms, report.text
    assert elapsed < 30  # generous: shared CI cores; typically a few seconds


needs_shapes = pytest.mark.skipif(not vocab.vocab_exists(vocab.SHAPES), reason="ontology/shapes.ttl not written yet")


@needs_shapes
@pytest.mark.skipif(not vocab.vocab_exists(vocab.THEMES), reason="themes.ttl not written yet")
def test_sample_conforms_to_packaged_shapes(capsys):
    from boussole.graph.themes import ThemeTagger

    g = build_plan_graph(sample_plan(), tagger=ThemeTagger.from_package())
    report = validate_graph(g)
    with capsys.disabled():
        print(f"\n[timing] SHACL (packaged shapes) on sample ({len(g)} triples): {report.seconds:.2f}s")
    assert report.conforms, report.text


@needs_shapes
def test_packaged_shapes_time_on_10k_triples(capsys):
    g = build_plan_graph(synthetic_plan(40, 8), tagger=mini_tagger())
    report = validate_graph(g)
    with capsys.disabled():
        print(f"\n[timing] SHACL (packaged shapes) on {len(g)} triples: {report.seconds:.2f}s")
    assert report.conforms, report.text
    assert report.seconds < 30
