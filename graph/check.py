"""SHACL check of one document's graph with only what that document needs.

Validating each plan together with the whole vocabulary and thesauri re-checked the thesauri
(a few thousand triples, the same each time) for every document, which was most of an ingest's
time. Here a document is checked with the shapes whose targets occur in it, and with the
reference triples its values point at: the class and property axioms, and the types of the
thesaurus concepts it cites (sh:class bsl:Device needs `bsld:x a bsl:Device`). The thesauri
themselves are checked once, by the ontology tests, not per document.

A document is first run through `shacl_core` (the same shapes over plain dictionaries, ~50×
faster than pyshacl on a plan): when it finds no result at all, the document conforms and
pyshacl would have said so with an empty report. Otherwise, or when the shapes use a
constraint `shacl_core` does not evaluate, pyshacl validates the document and writes the
report, exactly as before.
"""

from __future__ import annotations

import time
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from . import shacl_core
from .namespaces import SH
from .validate import Report, default_ontology, default_shapes, summarize, validate_graph

_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return default_shapes()


@lru_cache(maxsize=1)
def _reference() -> Graph:
    return default_ontology()


@lru_cache(maxsize=1)
def _axioms() -> Graph:
    """The vocabulary's class and property hierarchy: what SHACL targeting follows."""
    g = Graph()
    for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass):
        for t in _reference().triples((None, p, None)):
            g.add(t)
    return g


@lru_cache(maxsize=64)
def _shapes_for(classes: frozenset, predicates: frozenset, nodes: frozenset) -> Graph:
    shapes = _shapes()
    out = Graph()
    for prefix, ns in shapes.namespaces():
        out.bind(prefix, ns)
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        wanted = any(
            (p == SH.targetClass and o in classes)
            or (p in (SH.targetSubjectsOf, SH.targetObjectsOf) and o in predicates)
            or (p == SH.targetNode and o in nodes)
            for p in _TARGETS
            for o in shapes.objects(shape, p)
        )
        if wanted:
            out += shapes.cbd(shape)
    return out


def _superclasses(classes: set) -> set:
    axioms = _axioms()
    seen, todo = set(classes), list(classes)
    while todo:
        for sup in axioms.objects(todo.pop(), RDFS.subClassOf):
            if sup not in seen:
                seen.add(sup)
                todo.append(sup)
    return seen


@lru_cache(maxsize=1)
def _reference_types() -> dict:
    """IRI → its rdf:type triples in the vocabulary and thesauri."""
    out: dict = {}
    for t in _reference().triples((None, RDF.type, None)):
        out.setdefault(t[0], []).append(t)
    return out


@lru_cache(maxsize=1)
def _shape_subjects() -> frozenset:
    return frozenset(_shapes().subjects())


@lru_cache(maxsize=64)
def _compiled(shapes: Graph):
    try:
        return shacl_core.compile_shapes(shapes)
    except shacl_core.Unsupported:
        return None


def document_check(data: Graph) -> Report:
    """Validate one document's graph against the shapes that apply to it."""
    return check_triples(list(data), data)


def _applicable(triples: list) -> tuple[Graph, list]:
    """The shapes that apply to a document and the reference triples its values point at."""
    classes: set = set()
    predicates: set = set()
    subjects: set = set()
    objects: set = set()
    for s, p, o in triples:
        predicates.add(p)
        subjects.add(s)
        objects.add(o)
        if p == RDF.type:
            classes.add(o)
    ref_types = _reference_types()
    reference = list(_axioms())
    for o in objects:
        if isinstance(o, URIRef):
            reference.extend(ref_types.get(o, ()))
    nodes = frozenset(s for s in subjects if isinstance(s, URIRef)) & _shape_subjects()
    return _shapes_for(frozenset(_superclasses(classes)), frozenset(predicates), nodes), reference


def fast_finds_nothing(triples: list) -> bool | None:
    """shacl_core's answer for a document: True when no shape reports anything, False when
    something would be reported, None when the shapes need pyshacl."""
    shapes, reference = _applicable(triples)
    compiled = _compiled(shapes)
    return None if compiled is None else shacl_core.finds_nothing(compiled, triples + reference)


def check_triples(triples: list, graph: Graph | None = None, fast: bool = True) -> Report:
    """document_check() of a document given as its triples (the rdflib Graph is only built when
    pyshacl has to run). `fast=False` always runs pyshacl."""
    t0 = time.perf_counter()
    shapes, reference = _applicable(triples)
    compiled = _compiled(shapes) if fast else None
    if compiled is not None and shacl_core.finds_nothing(compiled, triples + reference):
        report = Report(conforms=True, seconds=time.perf_counter() - t0)
        report.text = summarize(report)
        return report
    if graph is None:
        graph = Graph()
        for t in triples:
            graph.add(t)
    ontology = Graph()
    for t in reference:
        ontology.add(t)
    return validate_graph(graph, shapes=shapes, ontology=ontology)
