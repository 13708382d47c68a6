"""SHACL core over a plain list of triples: would these shapes report anything at all?

pyshacl evaluates a shape through rdflib graph lookups, one generator per focus node and
constraint; on a generated plan (16k triples) that was ~2 s, more than reading it. This module
compiles the shapes once and answers the one question the ingest asks of almost every
document, "no result whatsoever?", from dictionaries built in one pass over the triples.

It is not a second validator with its own opinions: the constraint components it knows are
evaluated as SHACL defines them (and as pyshacl implements sh:datatype, literal by literal);
a shapes graph using any other component is refused (`Unsupported`), and the caller then
runs pyshacl. Where SHACL leaves room (language-tag ranges, comparing literals of different
kinds) it counts a result: a doubtful value costs a pyshacl run, never a missed violation. A
document it finds anything in is handed to pyshacl too, which writes the report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from .namespaces import SH

_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
# what a shape may say that constrains nothing (documentation, grouping, severity: a result of
# any severity counts here, so the severity changes nothing)
_INERT = {
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.severity,
    SH.deactivated,  # evaluating a deactivated shape anyway can only find more, never less
    SH.defaultValue,
}
_SINGLE = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH.nodeKind,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.minLength,
    SH.maxLength,
    SH.uniqueLang,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
}
_MULTI = {SH["class"], SH.lessThanOrEquals, SH.lessThan, SH.equals, SH.disjoint}
_LISTS = {SH["in"], SH.languageIn, SH["or"], SH["and"]}
_NODE_KINDS = {
    SH.IRI: (URIRef,),
    SH.Literal: (Literal,),
    SH.BlankNode: (BNode,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}
# pyshacl's sh:datatype: a literal of exactly that datatype, not ill-typed, whose Python value
# has the datatype's type (a datatype not listed passes once its IRI matches)
_VALUE_TYPES = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: (int,),
    XSD.float: (float,),
    XSD.decimal: (Decimal,),
    XSD.boolean: (bool,),
    XSD.date: (date,),
    XSD.time: (time,),
    XSD.dateTime: (datetime,),
}


# namespace attributes build a new URIRef on every access: looked up once
_MIN_COUNT, _MAX_COUNT, _CLASS, _DATATYPE, _NODE_KIND = SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind
_MIN_LENGTH, _MAX_LENGTH, _LANGUAGE_IN, _IN, _UNIQUE_LANG = (
    SH.minLength,
    SH.maxLength,
    SH.languageIn,
    SH["in"],
    SH.uniqueLang,
)
_OR, _AND, _Q_MIN, _Q_MAX = SH["or"], SH["and"], SH.qualifiedMinCount, SH.qualifiedMaxCount
_LESS_EQ, _LESS, _EQUALS, _DISJOINT = SH.lessThanOrEquals, SH.lessThan, SH.equals, SH.disjoint
_BOUNDS = (
    (SH.minInclusive, lambda c: c >= 0),
    (SH.maxInclusive, lambda c: c <= 0),
    (SH.minExclusive, lambda c: c > 0),
    (SH.maxExclusive, lambda c: c < 0),
)
_RDF_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf
_TARGET_CLASS, _TARGET_NODE, _TARGET_SUBJECTS = SH.targetClass, SH.targetNode, SH.targetSubjectsOf
_TARGET_OBJECTS = SH.targetObjectsOf


class Unsupported(ValueError):
    """The shapes use something this module does not evaluate: validate with pyshacl."""


@dataclass
class Shape:
    node: object
    path: URIRef | None = None
    targets: list = field(default_factory=list)  # (target predicate, term)
    single: dict = field(default_factory=dict)  # component → its one value
    multi: dict = field(default_factory=dict)  # component → its values
    lists: dict = field(default_factory=dict)  # component → the RDF list's members (shapes for or/and)
    properties: list = field(default_factory=list)
    node_shapes: list = field(default_factory=list)  # sh:node
    pattern: re.Pattern | None = None
    qualified: Shape | None = None
    checks: list | None = None  # compiled on first use


def compile_shapes(shapes: Graph) -> list[Shape]:
    """The shapes that have targets, with everything they refer to; raises Unsupported."""
    cache: dict = {}
    tops = set()
    for p in _TARGETS:
        tops.update(shapes.subjects(p, None))
    for s in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if (s, RDF.type, RDFS.Class) in shapes or (s, RDF.type, OWL.Class) in shapes:
            tops.add(s)  # an implicit class target
    out = []
    for s in sorted(tops, key=str):
        shape = _compile(shapes, s, cache)
        if (s, RDF.type, RDFS.Class) in shapes or (s, RDF.type, OWL.Class) in shapes:
            shape.targets.append((SH.targetClass, s))
        out.append(shape)
    return out


def _compile(g: Graph, node, cache: dict) -> Shape:
    if node in cache:
        return cache[node]
    shape = cache[node] = Shape(node)
    flags = ""
    for p, o in g.predicate_objects(node):
        if p in _TARGETS:
            shape.targets.append((p, o))
        elif p == SH.path:
            if not isinstance(o, URIRef):
                raise Unsupported(f"property path {o!r} is not a plain predicate")
            shape.path = o
        elif p == SH.property:
            shape.properties.append(_compile(g, o, cache))
        elif p == SH.node:
            shape.node_shapes.append(_compile(g, o, cache))
        elif p == SH.qualifiedValueShape:
            shape.qualified = _compile(g, o, cache)
        elif p == SH.pattern:
            shape.single[p] = str(o)
        elif p == SH.flags:
            flags = str(o)
        elif p in _SINGLE:
            if p in shape.single:
                raise Unsupported(f"two values of {p}")
            shape.single[p] = o
        elif p in _MULTI:
            shape.multi.setdefault(p, []).append(o)
        elif p in _LISTS:
            members = list(Collection(g, o))
            if p in (SH["or"], SH["and"]):
                members = [_compile(g, m, cache) for m in members]
            shape.lists[p] = members
        elif p in _INERT or not str(p).startswith(str(SH)):
            continue  # rdf:type, rdfs:comment and other non-SHACL statements constrain nothing
        else:
            raise Unsupported(f"constraint {p} is not evaluated here")
    if SH.pattern in shape.single:
        if set(flags) - set("imsx"):
            raise Unsupported(f"regex flags {flags!r}")
        bits = 0
        for f in flags:
            bits |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}[f]
        shape.pattern = re.compile(shape.single[SH.pattern], bits)
    if (SH.qualifiedMinCount in shape.single or SH.qualifiedMaxCount in shape.single) != (shape.qualified is not None):
        raise Unsupported("a qualified count without its shape, or the reverse")
    return shape


class Data:
    """One pass over the triples: the values of each (subject, predicate), the types and the
    class hierarchy that sh:class and sh:targetClass follow."""

    def __init__(self, triples):
        values: dict = defaultdict(dict)  # (s, p) → {o: None}, ordered and without repeats
        subjects_of: dict = defaultdict(set)
        objects_of: dict = defaultdict(set)
        types: dict = defaultdict(set)
        supers: dict = defaultdict(set)
        instances: dict = defaultdict(set)
        for s, p, o in triples:
            values[(s, p)][o] = None
            subjects_of[p].add(s)
            objects_of[p].add(o)
            if p == _RDF_TYPE:
                types[s].add(o)
                instances[o].add(s)
            elif p == _SUBCLASS:
                supers[s].add(o)
        self.values, self.subjects_of, self.objects_of = values, subjects_of, objects_of
        self.types, self.supers, self.instances = types, supers, instances
        self._closure: dict = {}

    def get(self, s, p) -> list:
        found = self.values.get((s, p))
        return list(found) if found else []

    def classes_of(self, cls) -> set:
        """cls and everything it is an rdfs:subClassOf of, transitively."""
        if cls not in self._closure:
            seen, todo = {cls}, [cls]
            while todo:
                for sup in self.supers.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            self._closure[cls] = seen
        return self._closure[cls]

    def is_instance(self, node, cls) -> bool:
        return not isinstance(node, Literal) and any(cls in self.classes_of(t) for t in self.types.get(node, ()))

    def focus_nodes(self, shape: Shape) -> set:
        out = set()
        for p, term in shape.targets:
            if p == _TARGET_NODE:
                out.add(term)
            elif p == _TARGET_SUBJECTS:
                out |= self.subjects_of.get(term, set())
            elif p == _TARGET_OBJECTS:
                out |= self.objects_of.get(term, set())
            else:
                for t, members in self.instances.items():
                    if term in self.classes_of(t):
                        out |= members
        return out


def finds_nothing(shapes: list[Shape], triples) -> bool:
    """True when validating `triples` against `shapes` gives no result of any severity."""
    data = Data(triples)
    return all(_conforms(shape, focus, data) for shape in shapes for focus in data.focus_nodes(shape))


def _conforms(shape: Shape, focus, data: Data) -> bool:
    if shape.checks is None:
        shape.checks = _checks(shape)
    vals = data.get(focus, shape.path) if shape.path is not None else [focus]
    return all(check(vals, focus, data) for check in shape.checks)


def _checks(shape: Shape) -> list:
    """The shape's constraints as functions of (value nodes, focus node, data) → conforms."""
    one, out = shape.single, []
    if _MIN_COUNT in one:
        n = int(one[_MIN_COUNT])
        out.append(lambda vals, f, d: len(vals) >= n)
    if _MAX_COUNT in one:
        m = int(one[_MAX_COUNT])
        out.append(lambda vals, f, d: len(vals) <= m)
    for cls in shape.multi.get(_CLASS, ()):
        out.append(lambda vals, f, d, cls=cls: all(d.is_instance(v, cls) for v in vals))
    if _DATATYPE in one:
        dtype = one[_DATATYPE]
        out.append(lambda vals, f, d: all(_has_datatype(v, dtype) for v in vals))
    if _NODE_KIND in one:
        kinds = _NODE_KINDS.get(one[_NODE_KIND], ())
        out.append(lambda vals, f, d: bool(kinds) and all(isinstance(v, kinds) for v in vals))
    for bound, ok in _BOUNDS:
        if bound in one:
            limit = one[bound]
            out.append(lambda vals, f, d, limit=limit, ok=ok: all(_compare(v, limit, ok) for v in vals))
    if _MIN_LENGTH in one:
        lo = int(one[_MIN_LENGTH])
        out.append(lambda vals, f, d: all(not isinstance(v, BNode) and len(str(v)) >= lo for v in vals))
    if _MAX_LENGTH in one:
        hi = int(one[_MAX_LENGTH])
        out.append(lambda vals, f, d: all(not isinstance(v, BNode) and len(str(v)) <= hi for v in vals))
    if shape.pattern is not None:
        rx = shape.pattern
        out.append(lambda vals, f, d: all(not isinstance(v, BNode) and rx.search(str(v)) for v in vals))
    if _LANGUAGE_IN in shape.lists:
        # exact tags only: a range match ("fr" for "fr-CA") is left to pyshacl
        tags = {str(t).lower() for t in shape.lists[_LANGUAGE_IN]}
        out.append(
            lambda vals, f, d: all(
                isinstance(v, Literal) and bool(v.language) and v.language.lower() in tags for v in vals
            )
        )
    if _IN in shape.lists:
        allowed = set(shape.lists[_IN])
        out.append(lambda vals, f, d: all(v in allowed for v in vals))
    if one.get(_UNIQUE_LANG) is not None and one[_UNIQUE_LANG].toPython() is True:
        out.append(lambda vals, f, d: _unique_langs(vals))
    if _OR in shape.lists:
        alts = shape.lists[_OR]
        out.append(lambda vals, f, d: all(any(_conforms(s, v, d) for s in alts) for v in vals))
    if _AND in shape.lists:
        parts = shape.lists[_AND]
        out.append(lambda vals, f, d: all(_conforms(s, v, d) for s in parts for v in vals))
    if shape.qualified is not None:
        q = shape.qualified
        qmin = int(one[_Q_MIN]) if _Q_MIN in one else None
        qmax = int(one[_Q_MAX]) if _Q_MAX in one else None

        def qualified(vals, f, d):
            n = sum(1 for v in vals if _conforms(q, v, d))
            return (qmin is None or n >= qmin) and (qmax is None or n <= qmax)

        out.append(qualified)
    for p in shape.multi.get(_LESS_EQ, ()):
        out.append(lambda vals, f, d, p=p: all(_compare(v, o, lambda c: c <= 0) for v in vals for o in d.get(f, p)))
    for p in shape.multi.get(_LESS, ()):
        out.append(lambda vals, f, d, p=p: all(_compare(v, o, lambda c: c < 0) for v in vals for o in d.get(f, p)))
    for p in shape.multi.get(_EQUALS, ()):
        out.append(lambda vals, f, d, p=p: set(vals) == set(d.get(f, p)))
    for p in shape.multi.get(_DISJOINT, ()):
        out.append(lambda vals, f, d, p=p: not set(vals) & set(d.get(f, p)))
    for s in shape.node_shapes:
        out.append(lambda vals, f, d, s=s: all(_conforms(s, v, d) for v in vals))
    for ps in shape.properties:
        out.append(lambda vals, f, d, ps=ps: all(_conforms(ps, v, d) for v in vals))
    return out


def _unique_langs(vals) -> bool:
    langs = [v.language.lower() for v in vals if isinstance(v, Literal) and v.language]
    return len(langs) == len(set(langs))


def _has_datatype(v, dtype) -> bool:
    if not isinstance(v, Literal):
        return False
    if v.datatype == dtype:
        if getattr(v, "ill_typed", None) is True:
            return False
        kinds = _VALUE_TYPES.get(dtype)
        return kinds is None or isinstance(v.value, kinds)
    if dtype == RDFS.Literal:
        return True
    if dtype == RDFS.Datatype:
        return v.datatype is not None
    if v.datatype is None and v.language is None and dtype == XSD.string:
        return isinstance(v.value, (str, bytes))
    if dtype == RDF.langString and v.language:
        return isinstance(v.value, (str, bytes))
    return False


def _number(term):
    if isinstance(term, Literal) and getattr(term, "ill_typed", None) is not True:
        value = term.value
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return value
    return None


def _compare(v, bound, ok) -> bool:
    """ok(sign of v − bound) for two numbers; anything else (strings, dates, IRIs) counts as
    a result, for pyshacl to judge."""
    a, b = _number(v), _number(bound)
    if a is None or b is None:
        return False
    return ok((a > b) - (a < b))
