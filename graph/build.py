"""ExtractedPlan → RDF: every triple read from one source document.

`build_plan_graph` is a pure function: same ExtractedPlan (+ same tagger) → same triples with the
same IRIs (no blank nodes at all, so "isomorphic" is plain set equality and a diff of two builds
is meaningful). The caller stores the result in the named graph `document_graph_iri(meta)`.

Modelling follows ontology/README.md. Where the vocabulary reuses a class (bsl:Project ⊑
schema:Project, bsl:Figure ⊑ qb:Observation, …) the reused super-class is also asserted, so that
SPARQL users and generic tools (schema.org, Data Cube, PROV consumers) see it without reasoning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from boussole.ingest.model import (
    DeviceMention,
    DocumentMeta,
    ExtractedPlan,
    Figure,
    Node,
    Organisation,
    Place,
    Project,
    Span,
)

from . import iris
from .namespaces import BSL, BSLD, BSLT, DEFAULT_BASE, ORG, QB, SCHEMA, bind_prefixes
from .themes import ThemeTagger

# rdf:type of each node kind (the asserted reused super-class second).
KIND_TYPES: dict[str, tuple[URIRef, ...]] = {
    "axis": (BSL.Axis, SKOS.Concept),
    "objective": (BSL.Objective, SKOS.Concept),
    "engagement": (BSL.Engagement, SKOS.Concept),
    "indicator": (BSL.Indicator, SKOS.Concept),
    "action": (BSL.Action, SKOS.Concept),
    "focus": (BSL.Focus, SKOS.Concept),
    "passage": (BSL.Passage, SKOS.Concept),
}

# Parent → child property by the child's kind. Passages have no dedicated property: they hang
# on their parent by skos:broader/narrower only.
KIND_LINKS: dict[str, URIRef] = {
    "axis": BSL.hasAxis,
    "objective": BSL.hasObjective,
    "engagement": BSL.hasEngagement,
    "indicator": BSL.hasIndicator,
    "action": BSL.hasAction,
    "focus": BSL.hasFocus,
}


@dataclass(frozen=True)
class PlanIds:
    """The identity of one plan in the graph: what the caller needs to store it."""

    slug: str
    plan: URIRef
    graph: URIRef
    source: URIRef


def plan_ids(meta: DocumentMeta, base: str = DEFAULT_BASE) -> PlanIds:
    s = iris.plan_slug(meta.academy, meta.period, meta.kind, meta.title)
    return PlanIds(s, iris.plan_iri(s, base), iris.graph_iri(s, base), iris.source_iri(meta.sha256, base))


def document_graph_iri(meta: DocumentMeta, base: str = DEFAULT_BASE) -> URIRef:
    """Named graph IRI for the triples of this document (stable across versions of the file)."""
    return plan_ids(meta, base).graph


def build_plan_graph(plan: ExtractedPlan, base: str = DEFAULT_BASE, tagger: ThemeTagger | None = None) -> Graph:
    """All triples of one document. `tagger=None` means no theme links (pass
    `ThemeTagger.from_package()` to tag with the packaged thesaurus)."""
    g = Graph()
    bind_prefixes(g, base)
    for t in plan_triples(plan, base, tagger):
        g.add(t)
    return g


def plan_triples(plan: ExtractedPlan, base: str = DEFAULT_BASE, tagger: ThemeTagger | None = None) -> list:
    """build_plan_graph()'s triples as a list, each once, in the order first made: what the
    ingest checks and stores (an rdflib Graph costs ~20 µs per triple to fill, and the ingest
    never queries it)."""
    return _Builder(plan, base, tagger).build()


def _lit_fr(text: str) -> Literal:
    return Literal(text, lang="fr")


def decimal_value(value: float | int | Decimal) -> Decimal:
    """A float as the decimal a human wrote: 13.0 → 13, 0.1 → 0.1 (repr avoids binary noise)."""
    if isinstance(value, Decimal):
        return value
    if float(value).is_integer():
        return Decimal(int(value))
    return Decimal(repr(float(value)))


class _Builder:
    def __init__(self, plan: ExtractedPlan, base: str, tagger: ThemeTagger | None):
        self.plan = plan
        self.base = base
        self.tagger = tagger
        self.ids = plan_ids(plan.meta, base)
        self.minter = iris.ElementMinter(self.ids.plan)
        self.triples: dict = {}  # (s, p, o) → None: a set that keeps the order of first addition
        self.dataset: URIRef | None = None
        self.by_notation: dict[str, URIRef] = {}  # objective/axis notation → IRI, for presentedUnder

    # -- small helpers ------------------------------------------------------------------
    def add(self, s, p, o) -> None:
        self.triples[(s, p, o)] = None

    def labels(self, node: URIRef, label: str) -> None:
        label = label.strip()
        if label:
            self.add(node, RDFS.label, _lit_fr(label))
            self.add(node, SKOS.prefLabel, _lit_fr(label))

    def provenance(self, node: URIRef, span: Span) -> None:
        sp = iris.span_iri(node)
        self.add(node, PROV.wasDerivedFrom, sp)
        self.add(sp, RDF.type, BSL.TextSpan)
        self.add(sp, RDF.type, PROV.Entity)
        self.add(sp, BSL.document, self.ids.source)
        self.add(sp, BSL.startLine, Literal(int(span.start)))
        self.add(sp, BSL.endLine, Literal(int(span.end)))
        self.add(sp, BSL.quote, Literal(span.quote))

    def devices(self, node: URIRef, mentions: Iterable[DeviceMention]) -> None:
        for m in mentions:
            self.add(node, BSL.device, BSLD[m.device])
            if m.surface:
                self.add(node, BSL.matchedText, Literal(m.surface))

    def themes(self, node: URIRef, text: str, devices: Iterable[DeviceMention]) -> None:
        if self.tagger is None:
            return
        for theme, score in self.tagger.tag(text, [d.device for d in devices]):
            a = iris.assignment_iri(node, theme)
            self.add(node, DCTERMS.subject, BSLT[theme])
            self.add(node, BSL.themeAssignment, a)
            self.add(a, RDF.type, BSL.ThemeAssignment)
            self.add(a, BSL.theme, BSLT[theme])
            self.add(a, BSL.score, Literal(decimal_value(score), datatype=XSD.decimal))

    # -- shared entities ------------------------------------------------------------------
    def place(self, p: Place) -> URIRef:
        if p.kind == "commune":
            iri, types = iris.commune_iri(p.name, self.base), (BSL.Commune, SCHEMA.Place)
        elif p.kind == "departement":
            iri, types = iris.departement_iri(p.name, p.code, self.base), (BSL.Departement, SCHEMA.Place)
        else:  # the vocabulary has no region class: a plain schema:Place keeps it queryable
            iri, types = iris.region_iri(p.name, self.base), (SCHEMA.Place,)
        for t in types:
            self.add(iri, RDF.type, t)
        self.add(iri, RDFS.label, _lit_fr(p.name))
        if p.code and p.kind == "departement":
            self.add(iri, SKOS.notation, Literal(p.code))
        return iri

    def organisation(self, o: Organisation, commune: str | None = None) -> URIRef:
        if o.kind == "school":
            iri = iris.school_iri(o.name, commune, self.base)
            types = (BSL.School, SCHEMA.School, ORG.Organization)
        else:
            iri = iris.organisation_iri(o.name, self.base)
            types = (BSL.Organisation, ORG.Organization)
        for t in types:
            self.add(iri, RDF.type, t)
        self.add(iri, RDFS.label, _lit_fr(o.name))
        return iri

    def figure(self, f: Figure, describes: URIRef) -> URIRef:
        value = decimal_value(f.value)
        iri = self.minter.mint("figure", describes, str(value), f"{f.unit} {f.subject} {f.text}")
        if self.dataset is None:
            self.dataset = iris.dataset_iri(self.ids.slug, self.base)
            self.add(self.dataset, RDF.type, QB.DataSet)
            self.add(self.dataset, QB.structure, BSL.figureStructure)
            self.add(self.dataset, RDFS.label, _lit_fr(f"Chiffres : {self.plan.meta.title}"))
            # not bsl:inPlan: that marks extracted nodes, which all carry prov:wasDerivedFrom
            self.add(self.dataset, DCTERMS.isPartOf, self.ids.plan)
        self.add(iri, RDF.type, BSL.Figure)
        self.add(iri, RDF.type, QB.Observation)
        self.add(iri, QB.dataSet, self.dataset)
        self.add(iri, BSL.value, Literal(value, datatype=XSD.decimal))
        if f.unit:
            self.add(iri, BSL.unit, Literal(f.unit))
        if f.subject:
            self.add(iri, BSL.measure, Literal(f.subject))
        if f.year:
            self.add(iri, BSL.refPeriod, Literal(f.year))
        self.add(iri, BSL.describes, describes)
        self.labels(iri, f.text)
        self.add(iri, BSL.inPlan, self.ids.plan)
        self.provenance(iri, f.span)
        return iri

    # -- the plan -------------------------------------------------------------------------
    def build(self) -> list:
        meta, ids = self.plan.meta, self.ids
        plan = ids.plan
        self.add(plan, RDF.type, BSL.Plan)
        self.add(plan, RDF.type, PROV.Plan)
        self.add(plan, DCTERMS.title, _lit_fr(meta.title))
        self.add(plan, RDFS.label, _lit_fr(meta.title))
        academy = iris.academy_iri(meta.academy, self.base)
        self.add(plan, DCTERMS.publisher, academy)
        self.add(academy, RDF.type, BSL.Academy)
        self.add(academy, RDF.type, ORG.Organization)
        self.add(academy, RDFS.label, _lit_fr(meta.academy))  # "Amiens": no "Académie de/d'" elision games
        if meta.period:
            self.add(plan, DCTERMS.temporal, Literal(meta.period))
        self.add(plan, BSL.documentKind, Literal(meta.kind))
        src = ids.source
        self.add(plan, DCTERMS.source, src)
        self.add(src, RDF.type, BSL.SourceDocument)
        self.add(src, RDF.type, PROV.Entity)
        self.add(src, BSL.sha256, Literal(meta.sha256.lower()))
        self.add(src, BSL.path, Literal(meta.path))
        self.add(src, BSL.lineCount, Literal(int(meta.n_lines)))

        for axis in self.plan.axes:
            self.node(axis, plan, None)
        for passage in self.plan.passages:
            self.node(passage, plan, None)
        for project in self.plan.projects:  # after nodes: presentedUnder needs their notations
            self.project(project)
        for f in self.plan.figures:
            self.figure(f, plan)
        for m in self.plan.devices:
            self.add(plan, BSL.device, BSLD[m.device])
        for p in self.plan.places:
            self.add(plan, BSL.place, self.place(p))
        for o in self.plan.organisations:
            self.add(plan, BSL.organisation, self.organisation(o))
        return list(self.triples)

    def node(self, n: Node, parent: URIRef, parent_kind: str | None) -> URIRef:
        iri = self.minter.mint(n.kind, parent, n.notation, n.label)
        for t in KIND_TYPES[n.kind]:
            self.add(iri, RDF.type, t)
        self.labels(iri, n.label)
        if n.notation:
            self.add(iri, SKOS.notation, Literal(n.notation))
            if n.kind in ("objective", "axis"):
                self.by_notation.setdefault(f"{n.kind}:{n.notation}", iri)
        text = n.text.strip()
        if text and text != n.label.strip():
            self.add(iri, BSL.text, Literal(text))  # rdfs:range xsd:string in the vocabulary
        if n.status:
            self.add(iri, BSL.status, Literal(n.status))
        self.add(iri, BSL.inPlan, self.ids.plan)
        if parent_kind is None:
            if n.kind == "axis":
                self.add(parent, BSL.hasAxis, iri)
        else:
            link = KIND_LINKS.get(n.kind)
            if link is not None:
                self.add(parent, link, iri)
            self.add(iri, SKOS.broader, parent)
            self.add(parent, SKOS.narrower, iri)
        self.provenance(iri, n.span)
        self.devices(iri, n.devices)
        for p in n.places:
            self.add(iri, BSL.place, self.place(p))
        for o in n.organisations:
            self.add(iri, BSL.organisation, self.organisation(o))
        for f in n.figures:
            self.figure(f, iri)
        self.themes(iri, f"{n.label}\n{n.text}", n.devices)
        for child in n.children:
            self.node(child, iri, n.kind)
        return iri

    def project(self, pr: Project) -> URIRef:
        iri = self.minter.mint("project", self.ids.plan, None, pr.title)
        self.add(iri, RDF.type, BSL.Project)
        self.add(iri, RDF.type, SCHEMA.Project)
        self.add(iri, SCHEMA.name, _lit_fr(pr.title))
        self.labels(iri, pr.title)
        desc = pr.description.strip()
        if desc:
            self.add(iri, SCHEMA.description, _lit_fr(desc))
            self.add(iri, BSL.text, Literal(desc))
        self.add(iri, BSL.isCNR, Literal(bool(pr.is_cnr)))
        self.add(iri, BSL.inPlan, self.ids.plan)
        commune = self.place(pr.commune) if pr.commune else None
        dept = self.place(pr.departement) if pr.departement else None
        if commune is not None:
            self.add(iri, BSL.place, commune)
            if dept is not None:
                self.add(commune, SCHEMA.containedInPlace, dept)
        if dept is not None:
            self.add(iri, BSL.place, dept)
        if pr.establishment is not None:
            school = self.organisation(pr.establishment, pr.commune.name if pr.commune else None)
            self.add(iri, BSL.carriedBy, school)
            if commune is not None:
                self.add(school, SCHEMA.location, commune)
        if pr.objective:
            under = self.by_notation.get(f"objective:{pr.objective}") or self.by_notation.get(f"axis:{pr.objective}")
            if under is not None:
                self.add(iri, BSL.presentedUnder, under)
        self.provenance(iri, pr.span)
        self.devices(iri, pr.devices)
        for f in pr.figures:
            self.figure(f, iri)
        self.themes(iri, f"{pr.title}\n{pr.description}", pr.devices)
        return iri
