"""The per-document SHACL check (graph/check.py) finds what the full check finds on a plan's graph."""

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from boussole.graph import BSL, build_plan_graph, validate_graph
from boussole.graph.check import document_check
from boussole.jobs import reference_graph, theme_tagger
from boussole.ingest.pipeline import extract

FIXTURE = Path(__file__).parent / "fixtures" / "rennes_priorites.txt"


def _graph() -> Graph:
    return build_plan_graph(extract(FIXTURE), tagger=theme_tagger())


def _full(g: Graph):
    checked = Graph()
    checked += g
    checked += reference_graph()
    return validate_graph(checked)


def test_a_good_plan_conforms():
    assert document_check(_graph()).conforms


def test_an_unknown_device_is_a_violation_in_both_checks():
    g = _graph()
    node = next(g.subjects(RDF.type, BSL.Objective))
    g.add((node, BSL.device, URIRef("https://w3id.org/boussole/device/no-such-device")))
    assert not document_check(g).conforms and not _full(g).conforms


def test_an_axis_without_label_is_a_violation_in_both_checks():
    g = _graph()
    axis = next(g.subjects(RDF.type, BSL.Axis))
    g.remove((axis, RDFS.label, None))
    assert not document_check(g).conforms and not _full(g).conforms
