"""SHACL check of one document's graph with only what that document needs.

Validating each plan together with the whole vocabulary and thesauri re-checked the thesauri
(a few thousand triples, the same each time) for every document, which was most of an ingest's
time. Here a document is checked with the shapes whose targets occur in it, and with the
reference triples its values point at: the class and property axioms, and the types of the
thesaurus concepts it cites (sh:class bsl:Device needs `bsld:x a bsl:Device`). The thesauri
themselves are checked once, by the ontology tests, not per document.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import SH
from .validate import Report, default_ontology, default_shapes, validate_graph

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


def document_check(data: Graph) -> Report:
    """Validate one document's graph against the shapes that apply to it."""
    classes = _superclasses(set(data.objects(None, RDF.type)))
    predicates = frozenset(data.predicates())
    reference = Graph()
    reference += _axioms()
    ref = _reference()
    for o in set(data.objects()):
        if isinstance(o, URIRef):
            for t in ref.triples((o, RDF.type, None)):
                reference.add(t)
    nodes = frozenset(s for s in data.subjects() if isinstance(s, URIRef))
    shapes = _shapes_for(frozenset(classes), predicates, frozenset(n for n in nodes if (n, None, None) in _shapes()))
    return validate_graph(data, shapes=shapes, ontology=reference)
