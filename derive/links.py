"""Cross-plan links: similar objectives and engagements, indicators and the figures that measure
them, related projects — scored, explained and stored in the graph so SPARQL sees them.

What is linked
--------------
- objectives/engagements of two different plans: `skos:closeMatch` (strong) or
  `skos:relatedMatch` (weaker), stated in both directions (SKOS declares both symmetric);
- an indicator and a figure (`qb:Observation`) of the same or another plan that count the
  same thing: `bsl:measuredBy` (indicator → figure);
- two projects sharing devices, themes or places that read alike: `bsl:relatedProject`,
  stated in both directions.
Each link is also a `bsl:Link` node (qualified relation) with `bsl:linkSource`,
`bsl:linkTarget`, `bsl:linkKind` (the plain property), `bsl:score`, `bsl:similarity`,
`bsl:sharedDevice`/`bsl:sharedTheme`/`bsl:sharedPlace` and an `rdfs:comment` explanation.

Similarity is the cosine of the unit vectors the search index already holds (mean over its
engines), so nothing is embedded again; a node without a vector (no index, or an engine that
cannot load) falls back to a lexical cosine over French stems, and the explanation says so.

Storage
-------
One named graph per pair of plans, `<base>graph/links/<slugA>--<slugB>` (slugs sorted), and
`<base>graph/links/<slug>` for links inside one plan. Each carries a marker
(`<graph> dcterms:identifier "links:…"`) naming the method, the thresholds and the SHA-256 of
its plans' documents: a pair is recomputed when its marker differs (one of its plans changed,
even in a run that was interrupted before its links) or its graph is missing, and never
otherwise; link graphs of plans no longer in the store are dropped. IRIs are content-derived.

Everything but `update_links` is a pure function of its arguments. This is a derivation stage
above the search layer: it reads the graph and the search index (through
`LoadedIndex.unit_vectors`) and writes link graphs back to the store, so neither the graph nor the
search layer needs to know it exists.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations_with_replacement

import numpy as np
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from boussole.graph.namespaces import BSL, BSLD, DEFAULT_BASE
from boussole.ingest.devices import default_matcher
from boussole.search.units import load_units
from boussole.text import terms

# -- thresholds (chosen with bench/link_thresholds.py on tests/fixtures/links_gold.json) --------
# Match score = similarity + THEME_WEIGHT·Jaccard(themes) + DEVICE_BONUS·shared devices (≤ 2),
# similarity = COSINE_WEIGHT·cosine + (1 − COSINE_WEIGHT)·lexical cosine. On the 40 gold pairs
# (16 same, 24 different) the embedding cosine alone reaches F1 0.74 at best and precision 1.00
# only at recall 0.31, the lexical cosine alone F1 0.84, the blend with themes F1 0.87:
#   score ≥ 0.47 → precision 1.00, recall 0.56 (F1 0.72): no wrong close match on the gold set;
#   score ≥ 0.42 → precision 0.93, recall 0.81 (F1 0.87, the best of the grid).
COSINE_WEIGHT = 0.5
THEME_WEIGHT = 0.2
DEVICE_BONUS = 0.05  # per shared device, two at most (few gold pairs share one: not tuned)
CLOSE_MATCH = 0.47
RELATED_MATCH = 0.42
# Without a search index (lexical similarity alone), same score otherwise, same grid:
#   ≥ 0.26 → precision 1.00, recall 0.62;  ≥ 0.16 → precision 0.92, recall 0.75 (F1 0.83).
CLOSE_MATCH_LEXICAL = 0.26
RELATED_MATCH_LEXICAL = 0.16
# A related match must also be among the RELATED_TOP_K best partners of one of its two ends in
# the other plan: keeps a generic objective ("accompagner…") from linking to everything.
RELATED_TOP_K = 3
# Indicator ↔ figure: a candidate must share a device or a content word between what the
# figure counts and the indicator's label; score = 0.5·similarity + 0.3·(shared device)
# + 0.2·(share of the counted words the indicator names). On the seed corpus (206 candidates)
# 0.43 keeps "taux d'occupation des internats d'excellence" → "13 internats d'excellence" (0.70),
# "cordées de la réussite" → "101 têtes de cordées" (0.62), "conventions TER" → "6 TER" (0.45)
# and "13 TER" (0.44); the best candidate below it is a wrong one sharing only the word "élèves"
# ("absentéisme des élèves" → "17220 élèves", 0.43).
MEASURED_BY = 0.43
# Projects: score = 0.5·similarity + 0.5·mean Jaccard of devices, themes, places (over the kinds
# either project has). On the seed corpus (41 candidates) 0.30 keeps the two "section
# internationale" pages (0.71) and each of them ↔ "Méru : cité apprenante" (CNR device and
# three or four themes shared, 0.33 and 0.32), and drops pairs sharing only one theme and a
# town ("Ambition DNB" ↔ "section internationale", 0.30 and below).
RELATED_PROJECT = 0.30

MATCH_TYPES = ("Objective", "Engagement")
VERSION = "1"

KINDS: dict[str, URIRef] = {
    "closeMatch": SKOS.closeMatch,
    "relatedMatch": SKOS.relatedMatch,
    "measuredBy": BSL.measuredBy,
    "relatedProject": BSL.relatedProject,
}
SYMMETRIC = {"closeMatch", "relatedMatch", "relatedProject"}
# Words that say how an indicator counts, not what: they must not make a figure "measure" it.
_GENERIC = {
    "nombr",
    "taux",
    "part",
    "pourcentag",
    "evolu",
    "augment",
    "diminu",
    "resultat",
    "annee",
    "dan",
    "ayant",
    "effectu",
    "pui",
    "cadr",
}


@dataclass(frozen=True)
class Ref:
    id: str
    label: str


@dataclass(frozen=True)
class Item:
    """A linkable node: what the scorers need, nothing else."""

    id: str
    type: str  # Objective, Engagement, Indicator, Figure, Project
    plan: str  # plan slug
    label: str
    text: str
    devices: tuple[Ref, ...] = ()
    themes: tuple[Ref, ...] = ()
    places: tuple[Ref, ...] = ()
    counts: str = ""  # figures: what is counted (unit and measure words)
    period: str | None = None  # figures: year or school year

    @property
    def passage(self) -> str:
        return self.text if self.text.startswith(self.label.rstrip("…").rstrip()) else f"{self.label}\n{self.text}"


@dataclass(frozen=True)
class Link:
    kind: str  # a key of KINDS
    source: str
    target: str
    score: float
    similarity: float  # the blend (or lexical alone) the score rests on
    cosine: float | None  # None: no vector for one of the nodes (lexical fallback)
    lexical: float
    devices: tuple[Ref, ...] = ()
    themes: tuple[Ref, ...] = ()
    places: tuple[Ref, ...] = ()
    words: tuple[str, ...] = ()  # measuredBy: counted words found in the indicator
    period: str | None = None

    @property
    def explanation(self) -> str:
        if self.cosine is None:
            parts = [f"lexical {self.lexical:.2f} (no embedding available)"]
        else:
            parts = [f"cosine {self.cosine:.2f}", f"lexical {self.lexical:.2f}"]
        if self.devices:
            parts.append("shared devices: " + ", ".join(r.label for r in self.devices))
        if self.themes:
            parts.append("shared themes: " + ", ".join(_local(r.id) for r in self.themes))
        if self.places:
            parts.append("shared places: " + ", ".join(r.label for r in self.places))
        if self.words:
            parts.append("counts: " + ", ".join(self.words))
        if self.period:
            parts.append(f"period: {self.period}")
        return "; ".join(parts)


@dataclass
class LinkReport:
    pairs_recomputed: list[str] = field(default_factory=list)  # link graph IRIs rewritten
    pairs_kept: int = 0
    graphs_removed: list[str] = field(default_factory=list)
    links: Counter = field(default_factory=Counter)  # kind → links in recomputed pairs
    method: str = "lexical"
    seconds: float = 0.0


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# -- similarity --------------------------------------------------------------------------------
def lexical_vector(text: str) -> dict[str, float]:
    """L2-normalised counts of French stems (stop words dropped)."""
    c = Counter(terms(text))
    norm = math.sqrt(sum(v * v for v in c.values())) or 1.0
    return {k: v / norm for k, v in c.items()}


def similarity_method(engines: Sequence[str]) -> str:
    return f"cosine:{'+'.join(engines)}+lexical" if engines else "lexical"


@dataclass(frozen=True)
class SimMatrix:
    value: np.ndarray  # the similarity the scores use: blend where cosine exists, else lexical
    cosine: np.ndarray  # mean cosine over engines; NaN where a node has no vector
    lexical: np.ndarray


class Similarity:
    """Text similarity of two nodes: COSINE_WEIGHT·cosine (stored unit vectors, mean over the
    engines) + (1 − COSINE_WEIGHT)·lexical cosine; lexical alone where a vector is missing."""

    def __init__(self, vectors: Mapping[str, Sequence[np.ndarray]] | None = None, engines: Sequence[str] = ()):
        self.vectors = dict(vectors or {})  # item id → one unit vector per engine, in `engines` order
        self.engines = tuple(engines)
        self._lex: dict[str, dict[str, float]] = {}
        self._vocab: dict[str, int] = {}

    @property
    def method(self) -> str:
        return similarity_method(self.engines if self.vectors else ())

    def _lexical(self, items: Sequence[Item]):
        from scipy.sparse import csr_matrix

        data, cols, ptr = [], [], [0]
        for it in items:
            v = self._lex.get(it.id)
            if v is None:
                v = self._lex[it.id] = lexical_vector(it.passage)
            for k, w in v.items():
                cols.append(self._vocab.setdefault(k, len(self._vocab)))
                data.append(w)
            ptr.append(len(cols))
        return csr_matrix((data, cols, ptr), shape=(len(items), max(1, len(self._vocab) + 1)))

    def matrix(self, a: Sequence[Item], b: Sequence[Item]) -> SimMatrix:
        la, lb = self._lexical(a), self._lexical(b)
        width = max(la.shape[1], lb.shape[1])
        la.resize((la.shape[0], width))
        lb.resize((lb.shape[0], width))
        lex = np.asarray((la @ lb.T).todense(), np.float32)
        cos = np.full((len(a), len(b)), np.nan, np.float32)
        ia = [i for i, x in enumerate(a) if x.id in self.vectors]
        ib = [j for j, y in enumerate(b) if y.id in self.vectors]
        if ia and ib:
            sims = np.zeros((len(ia), len(ib)), np.float32)
            for e in range(len(self.engines)):  # engines differ in dimension: one product each
                va = np.stack([self.vectors[a[i].id][e] for i in ia])
                vb = np.stack([self.vectors[b[j].id][e] for j in ib])
                sims += va @ vb.T
            cos[np.ix_(ia, ib)] = sims / len(self.engines)
        value = np.where(np.isnan(cos), lex, COSINE_WEIGHT * np.nan_to_num(cos) + (1 - COSINE_WEIGHT) * lex)
        return SimMatrix(value.astype(np.float32), cos, lex)


def _method(m: SimMatrix, i: int, j: int) -> tuple[float | None, float]:
    c = float(m.cosine[i, j])
    return (None if math.isnan(c) else c), float(m.lexical[i, j])


def _shared(a: Iterable[Ref], b: Iterable[Ref]) -> tuple[Ref, ...]:
    ids = {r.id for r in b}
    return tuple(sorted({r for r in a if r.id in ids}, key=lambda r: r.id))


def _jaccard(a: Sequence[Ref], b: Sequence[Ref]) -> float | None:
    sa, sb = {r.id for r in a}, {r.id for r in b}
    return len(sa & sb) / len(sa | sb) if sa | sb else None


# -- scorers (pure) ----------------------------------------------------------------------------
def match_score(similarity: float, theme_jaccard: float, shared_devices: int) -> float:
    return min(1.0, max(0.0, similarity + THEME_WEIGHT * theme_jaccard + DEVICE_BONUS * min(shared_devices, 2)))


def match_thresholds(cosine_available: bool) -> tuple[float, float]:
    return (CLOSE_MATCH, RELATED_MATCH) if cosine_available else (CLOSE_MATCH_LEXICAL, RELATED_MATCH_LEXICAL)


def match_links(a: Sequence[Item], b: Sequence[Item], sim: Similarity) -> list[Link]:
    """closeMatch / relatedMatch between objectives and engagements of two different plans."""
    a = [x for x in a if x.type in MATCH_TYPES]
    b = [y for y in b if y.type in MATCH_TYPES]
    if not a or not b:
        return []
    m = sim.matrix(a, b)
    scores = np.zeros_like(m.value)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            scores[i, j] = match_score(
                float(m.value[i, j]), _jaccard(x.themes, y.themes) or 0.0, len(_shared(x.devices, y.devices))
            )
    top_a = np.argsort(-scores, axis=1)[:, :RELATED_TOP_K]  # best partners in b of each a
    top_b = np.argsort(-scores, axis=0)[:RELATED_TOP_K, :]  # best partners in a of each b
    out = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            s = float(scores[i, j])
            cosine, lexical = _method(m, i, j)
            close, related = match_thresholds(cosine is not None)
            if s >= close:
                kind = "closeMatch"
            elif s >= related and (j in top_a[i] or i in top_b[:, j]):
                kind = "relatedMatch"
            else:
                continue
            out.append(
                Link(
                    kind,
                    x.id,
                    y.id,
                    s,
                    float(m.value[i, j]),
                    cosine,
                    lexical,
                    _shared(x.devices, y.devices),
                    _shared(x.themes, y.themes),
                )
            )
    return out


def _content(text: str) -> list[str]:
    return [t for t in terms(text) if t not in _GENERIC and not t.isdigit()]


def measure_links(indicators: Sequence[Item], figures: Sequence[Item], sim: Similarity) -> list[Link]:
    """measuredBy from each indicator to the figures that count what it tracks."""
    indicators = [x for x in indicators if x.type == "Indicator"]
    figures = [y for y in figures if y.type == "Figure"]
    if not indicators or not figures:
        return []
    # stems once per node, not once per pair: the counted words of a figure the indicator names too
    named = [set(terms(x.label)) for x in indicators]
    counted = [set(_content(y.counts)) for y in figures]
    m = sim.matrix(indicators, figures)
    out = []
    for i, ind in enumerate(indicators):
        for j, fig in enumerate(figures):
            devices = _shared(ind.devices, fig.devices) if ind.devices and fig.devices else ()
            words = tuple(sorted(counted[j] & named[i]))
            if not devices and not words:
                continue
            overlap = len(words) / max(1, len(counted[j]))
            s = 0.5 * max(0.0, float(m.value[i, j])) + 0.3 * bool(devices) + 0.2 * min(1.0, overlap)
            if s >= MEASURED_BY:
                cosine, lexical = _method(m, i, j)
                out.append(
                    Link(
                        "measuredBy",
                        ind.id,
                        fig.id,
                        min(1.0, s),
                        float(m.value[i, j]),
                        cosine,
                        lexical,
                        devices,
                        (),
                        (),
                        words,
                        fig.period,
                    )
                )
    return out


def project_links(a: Sequence[Item], b: Sequence[Item], sim: Similarity, same_plan: bool) -> list[Link]:
    """relatedProject between projects (of one plan when same_plan, each pair once)."""
    a = [x for x in a if x.type == "Project"]
    b = [y for y in b if y.type == "Project"]
    if not a or not b:
        return []
    m = sim.matrix(a, b)
    out = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if same_plan and j <= i:
                continue
            devices, themes, places = (
                _shared(x.devices, y.devices),
                _shared(x.themes, y.themes),
                _shared(x.places, y.places),
            )
            if not (devices or themes or places):
                continue
            js = [
                v
                for v in (_jaccard(x.devices, y.devices), _jaccard(x.themes, y.themes), _jaccard(x.places, y.places))
                if v is not None
            ]
            s = 0.5 * max(0.0, float(m.value[i, j])) + 0.5 * (sum(js) / len(js) if js else 0.0)
            if s >= RELATED_PROJECT:
                cosine, lexical = _method(m, i, j)
                out.append(
                    Link(
                        "relatedProject",
                        x.id,
                        y.id,
                        min(1.0, s),
                        float(m.value[i, j]),
                        cosine,
                        lexical,
                        devices,
                        themes,
                        places,
                    )
                )
    return out


def pair_links(a: Sequence[Item], b: Sequence[Item] | None, sim: Similarity) -> list[Link]:
    """Every link of one pair of plans (b None: the links inside plan a)."""
    if b is None:
        return measure_links(a, a, sim) + project_links(a, a, sim, True)
    return (
        match_links(a, b, sim) + measure_links(a, b, sim) + measure_links(b, a, sim) + project_links(a, b, sim, False)
    )


# -- RDF (pure) --------------------------------------------------------------------------------
def _base(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def links_graph_prefix(base: str = DEFAULT_BASE) -> str:
    return f"{_base(base)}graph/links/"


def links_graph_iri(slug_a: str, slug_b: str | None = None, base: str = DEFAULT_BASE) -> URIRef:
    if slug_b is None or slug_a == slug_b:
        return URIRef(links_graph_prefix(base) + slug_a)
    x, y = sorted((slug_a, slug_b))
    return URIRef(f"{links_graph_prefix(base)}{x}--{y}")


def link_iri(link: Link, base: str = DEFAULT_BASE) -> URIRef:
    h = hashlib.sha1(f"{link.kind}\x1f{link.source}\x1f{link.target}".encode()).hexdigest()[:16]
    return URIRef(f"{_base(base)}link/{h}")


def _dec(x: float) -> Literal:
    return Literal(Decimal(f"{max(0.0, min(1.0, x)):.3f}"), datatype=XSD.decimal)


def link_triples(graph: URIRef, links: Iterable[Link], marker: str, base: str = DEFAULT_BASE) -> list[tuple]:
    """Triples of one link graph: the marker, the plain links, and one bsl:Link node each."""
    out: list[tuple] = [(graph, DCTERMS.identifier, Literal(marker))]
    for ln in links:
        s, o, p = URIRef(ln.source), URIRef(ln.target), KINDS[ln.kind]
        out.append((s, p, o))
        if ln.kind in SYMMETRIC:
            out.append((o, p, s))
        node = link_iri(ln, base)
        out += [
            (node, RDF.type, BSL.Link),
            (node, BSL.linkSource, s),
            (node, BSL.linkTarget, o),
            (node, BSL.linkKind, p),
            (node, BSL.score, _dec(ln.score)),
            (node, BSL.similarity, _dec(ln.similarity)),
            (node, RDFS.comment, Literal(ln.explanation, lang="en")),
        ]
        out += [(node, BSL.sharedDevice, URIRef(r.id)) for r in ln.devices]
        out += [(node, BSL.sharedTheme, URIRef(r.id)) for r in ln.themes]
        out += [(node, BSL.sharedPlace, URIRef(r.id)) for r in ln.places]
    return out


def marker(method: str) -> str:
    """Names the method and every threshold: a change of either recomputes all pairs."""
    return (
        f"links:v{VERSION};{method};close={CLOSE_MATCH};related={RELATED_MATCH};k={RELATED_TOP_K};"
        f"lexical={CLOSE_MATCH_LEXICAL}/{RELATED_MATCH_LEXICAL};cosine-weight={COSINE_WEIGHT};theme={THEME_WEIGHT};"
        f"device={DEVICE_BONUS};measured={MEASURED_BY};project={RELATED_PROJECT}"
    )


# -- reading the store -------------------------------------------------------------------------
# a plan's version is its file's bytes and the extraction rules it was read with: either changing
# makes its stored links stale
_PLANS = """SELECT ?g ?plan ?sha WHERE { GRAPH ?g { ?plan a bsl:Plan .
  OPTIONAL { ?plan dcterms:source/bsl:sha256 ?bytes } OPTIONAL { ?plan dcterms:source/bsl:pipeline ?rules } }
  BIND(IF(BOUND(?rules), CONCAT(STR(?bytes), "+", STR(?rules)), ?bytes) AS ?sha) }"""
_FIGURES = """SELECT ?f ?unit ?measure ?period ?label WHERE { ?f a bsl:Figure ; bsl:unit ?unit ; rdfs:label ?label .
  OPTIONAL { ?f bsl:measure ?measure } OPTIONAL { ?f bsl:refPeriod ?period } }"""
_DEVICE_LABELS = """SELECT ?d ?label WHERE { ?d a bsl:Device ; skos:prefLabel ?label FILTER(LANG(?label) = "fr") }"""
_MARKERS = "SELECT ?g ?m WHERE { GRAPH ?g { ?g dcterms:identifier ?m } FILTER(STRSTARTS(STR(?g), ?prefix)) }"


def _rows(store, q: str, bindings: dict | None = None) -> list[dict[str, str]]:
    res = store.query(q, bindings=bindings)
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in res]


def plan_versions(store, base: str = DEFAULT_BASE) -> dict[str, tuple[str, str]]:
    """plan IRI → (slug, version: SHA-256 of its source document, + the extraction rules'
    fingerprint when recorded); the slug is the local part of its document graph IRI."""
    prefix = f"{_base(base)}graph/"
    return {
        r["plan"]: (r["g"][len(prefix) :], r.get("sha", ""))
        for r in _rows(store, _PLANS)
        if r["g"].startswith(prefix) and not r["g"].startswith(links_graph_prefix(base))
    }


def plan_slugs(store, base: str = DEFAULT_BASE) -> dict[str, str]:
    """plan IRI → slug."""
    return {p: v[0] for p, v in plan_versions(store, base).items()}


def load_items(store, units, slugs: Mapping[str, str]) -> list[Item]:
    """Items from search units, figures completed with what they count and devices they name."""
    figures = {}
    for r in _rows(store, _FIGURES):
        figures.setdefault(r["f"], r)
    dev_label = {r["d"]: r["label"] for r in _rows(store, _DEVICE_LABELS)}
    matcher = default_matcher()
    out = []
    for u in units:
        if u.type not in (*MATCH_TYPES, "Indicator", "Figure", "Project") or u.plan.id not in slugs:
            continue
        refs = lambda xs: tuple(Ref(x.id, x.label) for x in xs)  # noqa: E731
        counts, period, devices = "", None, refs(u.devices)
        if u.type == "Figure":
            f = figures.get(u.id, {})
            counts = " ".join(dict.fromkeys(x for x in (f.get("unit", ""), f.get("measure", "")) if x != "%"))
            period = f.get("period")
            # a figure names a device only if its own sentence does (the node it describes may
            # name many others)
            found = {str(BSLD[m.device]) for m in matcher.find(f.get("label", u.label))}
            devices = tuple(Ref(d, dev_label.get(d, _local(d))) for d in sorted(found))
        out.append(
            Item(
                u.id, u.type, slugs[u.plan.id], u.label, u.text, devices, refs(u.themes), refs(u.places), counts, period
            )
        )
    return out


def index_vectors(
    index, units_by_id: Mapping[str, object]
) -> tuple[dict[str, tuple[np.ndarray, ...]], tuple[str, ...]]:
    """One unit vector per engine for every unit whose indexed text is still current (the
    vectors of the units' own words where the index has them: `LoadedIndex.unit_vectors`)."""
    if index is None or not index.vectors:
        return {}, ()
    by_engine = index.unit_vectors()
    engines = tuple(by_engine)
    mats = [by_engine[e] for e in engines]
    out = {}
    for row, u in enumerate(index.units):
        cur = units_by_id.get(u.id)
        if cur is not None and cur.content_hash == u.content_hash:
            out[u.id] = tuple(m[row] for m in mats)
    return out, engines


# -- the I/O entry point -----------------------------------------------------------------------
def update_links(
    store,
    changed: Iterable[str] | None = None,
    *,
    index=None,
    units=None,
    base: str = DEFAULT_BASE,
    progress: Callable[[str], None] | None = None,
) -> LinkReport:
    """Bring the link graphs in line with the plans in `store`.

    changed: slugs of plans to recompute whatever their markers say (None: all). Pairs whose
    marker no longer matches (a plan's document hash, the method or a threshold changed) are
    recomputed in any case, so an interrupted run heals on the next one.
    index: the live search index (search.index.LoadedIndex) whose vectors give the cosines.
    units: the search units of the store when the caller has them current (the index it just
    brought in line with the graph); read from the store otherwise.
    Nothing is read beyond a few small queries when no pair needs recomputing.
    """
    t0 = time.perf_counter()
    say = progress or (lambda _m: None)
    report = LinkReport()
    versions = plan_versions(store, base)
    slugs = {p: v[0] for p, v in versions.items()}
    sha = {v[0]: v[1] for v in versions.values()}
    engines = tuple(index.vectors) if index is not None and index.vectors and index.units else ()
    method = similarity_method(engines)
    report.method = method
    changed_set = set(slugs.values()) if changed is None else set(changed)

    def mark(a: str, b: str | None) -> str:
        # the documents' hashes make the marker stale whenever a plan changed, even if a run
        # was interrupted between storing the plan and recomputing its links
        return marker(method) + "".join(f";{s}={sha[s]}" for s in (a, b) if s)

    prefix = links_graph_prefix(base)
    existing = {str(g): "" for g in store.graphs() if str(g).startswith(prefix)}
    existing.update({r["g"]: r["m"] for r in _rows(store, _MARKERS, {"prefix": Literal(prefix)})})
    wanted = {}
    for a, b in combinations_with_replacement(sorted(set(slugs.values())), 2):
        wanted[str(links_graph_iri(a, b, base))] = (a, None if a == b else b)
    for g in sorted(set(existing) - set(wanted)):  # pairs of a plan no longer in the store
        store.remove_document(g)
        report.graphs_removed.append(g)
    todo = [
        (g, pair)
        for g, pair in sorted(wanted.items())
        if pair[0] in changed_set or (pair[1] or pair[0]) in changed_set or existing.get(g) != mark(*pair)
    ]
    report.pairs_kept = len(wanted) - len(todo)
    if not todo:
        report.seconds = time.perf_counter() - t0
        return report

    units = load_units(store) if units is None else units
    vectors, engines = index_vectors(index, {u.id: u for u in units})
    sim = Similarity(vectors, engines)
    by_plan: dict[str, list[Item]] = {}
    for it in load_items(store, units, slugs):
        by_plan.setdefault(it.plan, []).append(it)
    for n, (g, (a, b)) in enumerate(todo, start=1):
        links = pair_links(by_plan.get(a, []), None if b is None else by_plan.get(b, []), sim)
        store.replace_document(g, link_triples(URIRef(g), links, mark(a, b), base))
        report.links.update(ln.kind for ln in links)
        report.pairs_recomputed.append(g)
        if n == len(todo) or n % 50 == 0:
            say(f"links: {n}/{len(todo)} plan pairs recomputed")
    report.seconds = time.perf_counter() - t0
    return report
