"""Hybrid ranking: dense engines + BM25, fused, then graph-aware boosts, filters and facets.

Ranking, step by step:
1. each dense engine scores every unit (exact inner product; FAISS flat index; above
   search.index.APPROX_FROM units an unfiltered query scans an inverted-file index instead) —
   units are embedded with their context line (an engagement under its objective's title);
2. BM25 scores units on the query's stemmed terms plus French expansions: thesaurus labels of
   the devices and themes it names, glossary words (ontology/glossary.ttl), acronyms the corpus
   defines (search.acronyms: a typed acronym brings its long form, a spelled-out long form its
   acronym; units using an acronym bare are read with its long form), and pseudo-relevance
   feedback — salient words of the best dense hits, which are French whatever the query's
   language;
3. fusion of those lists: raw scores of different engines are not comparable (e5 similarities
   bunch in 0.75–0.87, BM25 is unbounded), so each list is min-max normalised over its hits
   (best 1, last 0; BM25 from 0) and the weighted sum taken — unlike reciprocal ranks (kept as
   `fusion="rrf"`), it keeps how far ahead of the rest a strong match is;
4. graph boosts: units carrying a device the query names, units tagged with the query's
   themes, and objectives whose engagements/indicators/actions rank well;
5. near-duplicate hits (a figure restating its action, a passage repeated in two places)
   collapse into the best-ranked one.
Each weight, and whether each step runs at all, is chosen by k-fold cross-validation on the
evaluation queries (bench/relevance.py), which also prints how the choice holds on held-out folds.
Measured there as candidates and off by default: dense feedback (Rocchio), a second dense list
over the units' own-words vectors, glossary labels in the text the engines encode, and USE in
the fusion (a held-out gain, but over the latency target: search.service.ENV_USE opts in).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from collections import Counter
from dataclasses import dataclass, field

import faiss
import numpy as np

from boussole.graph.labels import facet_names
from boussole.text import fold, terms

from .acronyms import AcronymTable
from .engines import Engine
from .expand import Expansion, Thesaurus, expand
from .index import LoadedIndex
from .lexical import LexicalIndex
from .units import Unit

# Exact search over at most a few hundred thousand vectors is memory-bound and sub-millisecond;
# FAISS's OpenMP threads would only compete with the query encoder for the two cores.
faiss.omp_set_num_threads(1)


def top_stable(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k largest values, largest first, ties in position order: the first k of
    a stable descending argsort, without sorting all of them (a common word matches tens of
    thousands of units at a few hundred plans)."""
    n = len(values)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if n <= k:
        return np.argsort(-values, kind="stable")
    kth = np.partition(values, n - k)[n - k]  # the k-th largest value
    above = np.flatnonzero(values > kth)
    sel = np.union1d(above, np.flatnonzero(values == kth)[: k - len(above)])
    return sel[np.argsort(-values[sel], kind="stable")]


@dataclass(frozen=True)
class Weights:
    """Every weight, boost and threshold of the ranking. The defaults are the configuration
    `bench/relevance.py --cv` selects on all evaluation queries; its k-fold run measures how
    well that selection holds on queries it was not chosen on."""

    dense: float = 1.0  # per dense engine, unless overridden below
    # (engine spec, weight) overrides. USE at 0: on held-out folds removing it cost nothing
    # (bench/README.md: the run over 4 320 configurations; since then the grid keeps it at 0).
    # An engine weighted 0 is not even asked to encode the query.
    engine: tuple[tuple[str, float], ...] = (("use", 0.0),)
    lexical: float = 1.0  # BM25 list
    # "cc": convex combination of min-max normalised scores (Bruch et al., An Analysis of Fusion
    # Functions for Hybrid Retrieval, 2023); "rrf": weighted reciprocal rank fusion. cc: on
    # held-out folds rrf costs 0.05 MRR@10 (bench/relevance.py, "without score fusion").
    fusion: str = "cc"
    rrf_k: int = 60
    device: float = 0.6  # unit carries a device the query names (in units of a list's rank 1)
    theme: float = 0.25  # unit tagged with a query theme, scaled by the theme's score
    # objective/axis: best child's fused score times this. Off: on held-out folds it changed
    # nothing (bench/README.md, the run over 4 320 configurations).
    child: float = 0.0
    depth: int = 100  # ranks beyond this contribute nothing
    expansion: bool = True  # thesaurus terms in the BM25 query
    glossary: float = 0.5  # weight of glossary terms in the BM25 query (user's words: 1)
    # Pseudo-relevance feedback terms in the BM25 query. Off: on held-out folds it did not
    # beat the glossary and boosts it would add to (bench/relevance.py, "without feedback").
    prf: float = 0.0
    prf_docs: int = 5  # feedback from this many best dense hits…
    prf_terms: int = 10  # …giving at most this many terms
    # BM25 reads units with their context line. Off: forced off on every fold, held-out MRR@10
    # is higher (bench/relevance.py, "without BM25 on contextual text"); the engines keep it.
    lexical_context: bool = False
    # Acronyms the corpus defines (search.acronyms), weight of their terms in the BM25 query;
    # above 0, BM25 also reads units that use an acronym bare with its long form. Off: on
    # held-out folds it changed nothing (bench/relevance.py, "without corpus acronyms") — the
    # seed plans define few acronyms that queries use; measured in every run.
    acronyms: float = 0.0
    acronym_dense: bool = False  # dense engines encode the query with typed acronyms spelled out
    # Feedback in vector space (Rocchio): each dense engine searches again with its query vector
    # moved towards the mean of its best hits, weighted this much (0: off). For an English
    # query those hits are mostly French units, so the second search reaches French paraphrases
    # the query alone lands short of. Measured by bench/relevance.py ("without dense feedback").
    dense_prf: float = 0.0
    dense_prf_docs: int = 3  # …the mean of this many best hits
    # Each dense engine also searches the vectors of the units' own words (without their context
    # line; the index holds both) with the same query vector: a second list, weighted this much
    # relative to the engine's weight (0: off). No second encoding: it costs one exact search.
    own_words: float = 0.0
    # Query translation on the dense side: the engines encode the query followed by the French
    # preferred labels of the glossary terms ("term") and also of the devices ("device") it names,
    # so an English paraphrase reaches French text through the words the plans use ("" : off).
    # One encoding still: the query text changes, not the number of calls.
    translate: str = ""

    def for_engine(self, spec: str) -> float:
        return dict(self.engine).get(spec, self.dense)


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    academies: tuple[str, ...] = ()  # IRI, label or slug, any case/accents
    themes: tuple[str, ...] = ()  # IRI, id or label
    devices: tuple[str, ...] = ()  # IRI, id or label
    plans: tuple[str, ...] = ()  # IRI

    def active(self) -> bool:
        return any((self.types, self.academies, self.themes, self.devices, self.plans))


@dataclass
class Hit:
    unit: Unit
    score: float
    parts: dict[str, int] = field(default_factory=dict)  # list name → rank (1-based), for explain
    duplicates: list[str] = field(default_factory=list)  # IRIs collapsed into this hit

    def to_json(self) -> dict:
        u = self.unit
        return {
            "id": u.id,
            "type": u.type,
            "label": u.label,
            "text": u.text,
            "score": round(self.score, 6),
            "source": {"document": u.document, "lines": list(u.lines) if u.lines else None},
            "context": {
                "plan": u.plan.label,
                "plan_id": u.plan.id,
                "academy": u.academy.label if u.academy else None,
                "axis": u.axis.label if u.axis else None,
                "objective": u.objective.label if u.objective else None,
            },
            "devices": [{"id": d.id, "label": d.label} for d in u.devices],
            "themes": [{"id": t.id, "label": t.label} for t in u.themes],
            "places": [{"id": p.id, "label": p.label} for p in u.places],
            "status": u.status,
            "ranks": self.parts,
            "duplicates": self.duplicates,
        }


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    facets: dict[str, list[dict]]
    expansion: Expansion
    total: int  # candidates that passed the filters
    # Facets describe the best-ranked results, not every weak candidate (dense retrieval always
    # returns its full depth): this says how many results they were counted over.
    facets_over: int = 0
    acronyms: tuple = ()  # corpus-defined acronyms the query was bridged through

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "results": [h.to_json() for h in self.hits],
            "facets": self.facets,
            "facets_over": self.facets_over,
            "total": self.total,
            "understood": {
                "devices": [{"id": c.id, "label": c.label} for c in self.expansion.devices],
                "themes": [{"id": c.id, "label": c.label, "score": s} for c, s in self.expansion.themes],
                # glossary entries (ontology/glossary.ttl) whose French words joined the query
                "terms": [{"id": c.id, "label": c.label, "en": c.english} for c in self.expansion.glossary],
                # acronyms the plans define, typed or spelled out in the query (search.acronyms)
                "acronyms": [{"acronym": a.short, "long": a.long} for a in self.acronyms],
            },
        }


class Searcher:
    """Answers queries over one loaded index. Thread-safe: engines serialise their own calls."""

    def __init__(
        self, index: LoadedIndex, engines: dict[str, Engine], thesaurus: Thesaurus, tagger, weights: Weights = Weights()
    ):
        self.index = index
        self.units = index.units
        self.engines = engines
        self.thesaurus = thesaurus
        self.tagger = tagger
        self.weights = weights
        self._lexicals: dict[tuple[bool, bool], LexicalIndex] = {}
        # read from the units at load: the corpus's own definitions, no list to curate
        self.acronyms = AcronymTable.from_texts(u.body for u in self.units)
        self._termstats: dict[bool, tuple[list[dict[str, float]], dict[str, float]]] = {}
        self._pos = {u.id: i for i, u in enumerate(self.units)}
        # Postings (key → unit positions) make filters and boosts vector operations: a Python
        # loop over every unit per query would cost milliseconds per thousand units.
        self._parent = np.array(
            [self._pos.get(u.parent, -1) if u.type != "Figure" else -1 for u in self.units], dtype=np.int64
        )
        self._post: dict[str, dict[str, np.ndarray]] = {}
        for kind, refs_of in (
            ("type", lambda u: [(u.type, u.type)]),
            ("academy", lambda u: [(u.academy.id, u.academy.label)] if u.academy else []),
            ("plan", lambda u: [(u.plan.id, u.plan.label)]),
            ("theme", lambda u: [(r.id, r.label) for r in u.themes]),
            ("device", lambda u: [(r.id, r.label) for r in u.devices]),
        ):
            post: dict[str, set[int]] = {}
            for i, u in enumerate(self.units):
                for rid, label in refs_of(u):
                    for key in {fold(rid), fold(label), fold(rid.rstrip("/").rsplit("/", 1)[-1])}:
                        post.setdefault(key, set()).add(i)
            self._post[kind] = {k: np.fromiter(sorted(v), dtype=np.int64) for k, v in post.items()}
        self._terms = [frozenset(terms(u.body)) for u in self.units]
        self._lock = threading.Lock()
        self._qcache: dict[tuple[str, str], np.ndarray] = {}
        self._rcache: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._matrices: dict[tuple[str, bool], np.ndarray] = {}  # (engine, own words) → unit vectors
        self.lexical_index(weights.lexical_context, weights.acronyms > 0)
        if weights.prf:  # built now rather than on the first query
            self._term_stats(weights.lexical_context)
        self._pool = ThreadPoolExecutor(max_workers=max(1, len(engines)), thread_name_prefix="encode")

    # -- lexical side ---------------------------------------------------------------------
    def lexical_index(self, context: bool, acronyms: bool = False) -> LexicalIndex:
        """BM25 over the units' own words, or with their context line, and with the long form
        of the acronyms they use bare, or not (built once each)."""
        key = (context, acronyms)
        with self._lock:
            idx = self._lexicals.get(key)
        if idx is None:
            if acronyms:  # an experiment measured by bench/relevance.py: built here, on any index backend
                texts = [u.passage if context else u.body for u in self.units]
                idx = LexicalIndex([self.acronyms.spelled_out(t) for t in texts])
            else:
                idx = self.index.lexical_index(context)
            with self._lock:
                self._lexicals.setdefault(key, idx)
        return self._lexicals[key]

    @property
    def lexical(self) -> LexicalIndex:
        return self.lexical_index(self.weights.lexical_context, self.weights.acronyms > 0)

    def _term_stats(self, context: bool) -> tuple[list[dict[str, float]], dict[str, float]]:
        """Per unit: term → relative frequency; per term: idf. What feedback weighs terms by."""
        with self._lock:
            st = self._termstats.get(context)
        if st is None:
            docs = [terms(u.passage if context else u.body) for u in self.units]
            tf = []
            df: Counter = Counter()
            for d in docs:
                c = Counter(d)
                n = max(1, len(d))
                tf.append({t: k / n for t, k in c.items()})
                df.update(c.keys())
            n = max(1, len(docs))
            idf = {t: float(np.log((n + 1) / (k + 0.5))) for t, k in df.items()}
            st = (tf, idf)
            with self._lock:
                self._termstats.setdefault(context, st)
        return self._termstats[context]

    def feedback_terms(self, ranked: np.ndarray, own: set[str]) -> dict[str, float]:
        """RM3-style pseudo-relevance feedback: salient words of the best dense hits.

        The dense engines cross languages, so for an English query their best hits are French
        units; their words weighted by how much of each hit they make up, by the hit's rank and
        by their rarity (idf) give the lexical ranker French terms the user never typed."""
        w = self.weights
        if not w.prf or not len(ranked):
            return {}
        tf, idf = self._term_stats(w.lexical_context)
        score: Counter = Counter()
        for r, i in enumerate(ranked[: w.prf_docs]):
            doc_w = 1.0 / (w.rrf_k + r + 1)
            for t, f in tf[int(i)].items():
                if t not in own and not t.isdigit():
                    score[t] += doc_w * f * idf.get(t, 0.0)
        best = score.most_common(w.prf_terms)
        if not best or best[0][1] <= 0:
            return {}
        top = best[0][1]
        return {t: w.prf * v / top for t, v in best if v > 0}

    # -- filtering ------------------------------------------------------------------------
    def _postings(self, kind: str, value: str) -> np.ndarray:
        return self._post[kind].get(fold(value).strip(), np.zeros(0, dtype=np.int64))

    def filter_matches(self, kind: str, value: str) -> int:
        """How many units a filter value (kind: academy, theme, device, type, plan) selects."""
        return int(self._postings(kind, value).size)

    def _mask(self, f: Filters) -> np.ndarray:
        """Units passing the filters: any value within a facet, every facet."""
        mask = np.ones(len(self.units), dtype=bool)
        for kind, values in (
            ("type", f.types),
            ("academy", f.academies),
            ("theme", f.themes),
            ("device", f.devices),
            ("plan", f.plans),
        ):
            if values:
                sel = np.zeros(len(self.units), dtype=bool)
                for v in values:
                    sel[self._postings(kind, v)] = True
                mask &= sel
        return mask

    # -- ranking --------------------------------------------------------------------------
    def _dense_ranks(self, query: str, allowed: np.ndarray | None) -> dict[str, np.ndarray]:
        return {spec: ids for spec, (ids, _) in self._dense_lists(query, allowed).items()}

    def _dense_lists(self, query: str, allowed: np.ndarray | None) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per engine: units by decreasing similarity, and the similarities. query: the text the
        engines encode (the user's, or with acronyms spelled out)."""
        out = {}
        n = len(self.units)
        depth = min(self.weights.depth, n)
        # an engine weighted 0 contributes nothing: its query is not even encoded
        specs = [sp for sp in self.engines if self.weights.for_engine(sp)]
        if len(specs) > 1:
            # Engines run side by side (native code releases the GIL): latency is the slowest
            # engine's, not the sum.
            vecs = dict(zip(specs, self._pool.map(lambda sp: self._query_vector(sp, self.engines[sp], query), specs)))
        else:
            vecs = {sp: self._query_vector(sp, self.engines[sp], query) for sp in specs}
        w = self.weights
        for spec in specs:
            out[spec] = self._dense_search(spec, vecs[spec], query, depth, allowed, own=False)
            if w.own_words and spec in self.index.own_vectors:
                out[f"{spec}:own"] = self._dense_search(spec, vecs[spec], query, depth, allowed, own=True)
        return out

    def _dense_search(
        self, spec: str, q: np.ndarray, query: str, depth: int, allowed: np.ndarray | None, own: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        w = self.weights
        key = (spec, own, query, depth, w.dense_prf, w.dense_prf_docs)
        if allowed is not None:
            if not len(allowed):
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            depth = min(depth, len(allowed))
        else:
            with self._lock:
                hit = self._rcache.get(key)
            if hit is not None:
                return hit
        found = self.index.search(spec, q, depth, allowed, own=own)
        if w.dense_prf and len(found[0]):
            found = self.index.search(spec, self._rocchio(spec, q, found[0], own), depth, allowed, own=own)
        if allowed is None:
            with self._lock:
                if len(self._rcache) >= 2048:
                    self._rcache.pop(next(iter(self._rcache)))
                self._rcache[key] = found
        return found

    def list_weight(self, name: str) -> float:
        """Weight of one dense list: an engine's, or its search over the units' own words."""
        spec, _, own = name.partition(":")
        return self.weights.for_engine(spec) * (self.weights.own_words if own else 1.0)

    def _unit_matrix(self, spec: str, own: bool) -> np.ndarray:
        """One engine's vectors, one row per unit (read once, for feedback)."""
        with self._lock:
            m = self._matrices.get((spec, own))
        if m is None:
            idx = (self.index.own_vectors if own else self.index.vectors)[spec]
            m = np.ascontiguousarray(idx.reconstruct_n(0, idx.ntotal), dtype=np.float32)
            with self._lock:
                self._matrices.setdefault((spec, own), m)
        return self._matrices[(spec, own)]

    def _rocchio(self, spec: str, q: np.ndarray, ranked: np.ndarray, own: bool) -> np.ndarray:
        """The query vector moved towards the centroid of its best hits, re-normalised (the
        index holds L2-normalised vectors and scores by inner product)."""
        w = self.weights
        top = self._unit_matrix(spec, own)[ranked[: w.dense_prf_docs]]
        v = q[0] + w.dense_prf * top.mean(axis=0)
        norm = float(np.linalg.norm(v))
        return (v / norm if norm > 0 else q[0]).astype(np.float32)[None, :]

    def _query_vector(self, spec: str, engine: Engine, query: str) -> np.ndarray:
        # Advisers refine and page through the same query; the encode is most of the latency.
        key = (spec, query)
        with self._lock:
            v = self._qcache.get(key)
        if v is None:
            v = engine.encode_queries([query]).astype(np.float32)
            with self._lock:
                if len(self._qcache) >= 2048:
                    self._qcache.pop(next(iter(self._qcache)))
                self._qcache[key] = v
        return v

    def search(self, query: str, k: int = 10, filters: Filters = Filters(), facet_depth: int = 50) -> SearchResult:
        query = query.strip()
        w = self.weights
        n = len(self.units)
        exp = expand(query, self.thesaurus, self.tagger, glossary_weight=w.glossary if w.expansion else 0.0)
        mask = self._mask(filters)
        allowed = np.flatnonzero(mask) if filters.active() else None
        if not query or n == 0:
            return SearchResult(query, [], {}, exp, 0)

        fused = np.zeros(n, dtype=np.float64)
        candidate = np.zeros(n, dtype=bool)  # boosts reorder candidates; they do not create them
        lists: dict[str, np.ndarray] = {}  # list name → its ranked units (for the hits' ranks)
        cc = w.fusion == "cc"

        def add(name: str, ranked: np.ndarray, weight: float, scores: np.ndarray) -> None:
            ranked, scores = ranked[: w.depth], scores[: w.depth]  # unique ids: fancy-index += is exact
            if cc:
                # convex combination of normalised scores: a list's best is 1, its last (or, for
                # BM25, no match) 0 — unlike ranks, it keeps how far ahead the best matches are
                lo = 0.0 if name == "bm25" else float(scores[-1]) if len(scores) else 0.0
                span = float(scores[0]) - lo if len(scores) else 0.0
                fused[ranked] += weight * ((scores - lo) / span if span > 0 else 1.0)
            else:
                fused[ranked] += weight / (w.rrf_k + np.arange(1, len(ranked) + 1))
            if weight > 0:  # a list weighted 0 proposes nothing
                candidate[ranked] = True
            lists[name] = ranked

        typed, spelled = self.acronyms.in_query(query, exp.terms) if (w.acronyms or w.acronym_dense) else ([], [])
        encoded = query
        if w.acronym_dense and typed:
            # e5 has rarely seen a rectorate's acronyms; their long forms it can read
            encoded = f"{query} ({' ; '.join(a.long for a in typed)})"
        if w.translate:
            named = list(exp.glossary) + (list(exp.devices) if w.translate == "device" else [])
            said = fold(query)
            labels = list(dict.fromkeys(c.label for c in named if fold(c.label) not in said))
            if labels:
                encoded = f"{encoded} ({' ; '.join(labels)})"
        dense = np.zeros(n, dtype=np.float64)
        for name, (ranked, sims) in self._dense_lists(encoded, allowed).items():
            add(name, ranked, self.list_weight(name), sims.astype(np.float64))
            dense[ranked[: w.depth]] += self.list_weight(name) / (w.rrf_k + np.arange(1, min(len(ranked), w.depth) + 1))
        own = terms(query)
        extra = dict(exp.terms) if w.expansion else {}
        if w.acronyms:
            for a in typed:
                for t in a.long_terms:
                    if t not in own:
                        extra[t] = max(extra.get(t, 0.0), w.acronyms)
            for a in spelled:
                for t in a.short_terms:
                    if t not in own:
                        extra[t] = max(extra.get(t, 0.0), w.acronyms)
        if w.prf:
            nzd = np.flatnonzero(dense > 0)
            for t, v in self.feedback_terms(nzd[np.argsort(-dense[nzd], kind="stable")], set(own)).items():
                extra[t] = max(extra.get(t, 0.0), v)
        lex = self.lexical.scores(own + list(extra), {**extra, **{t: 1.0 for t in own}})
        lex = np.where(mask, lex, 0.0)
        nz = np.flatnonzero(lex > 0)
        nz = nz[top_stable(lex[nz], w.depth)]  # ranks past the depth count for nothing
        add("bm25", nz, w.lexical, lex[nz].astype(np.float64))

        top = 1.0 if cc else 1.0 / (w.rrf_k + 1)  # what rank 1 of a list weighted 1 is worth
        boost = np.zeros(n, dtype=np.float64)
        if w.device:
            for c in exp.devices:
                boost[self._postings("device", c.id)] = w.device * top
        if w.theme:
            theme_score = np.zeros(n, dtype=np.float64)
            for c, score in exp.themes:
                idx = self._postings("theme", c.id)
                theme_score[idx] = np.maximum(theme_score[idx], score)
            boost += w.theme * top * theme_score
        if w.child:
            # an objective (or axis) whose engagements, indicators or actions match rises
            best = np.zeros(n, dtype=np.float64)
            has = self._parent >= 0
            np.maximum.at(best, self._parent[has], fused[has])
            boost += w.child * best
        # a candidate at the bottom of every normalised list scores 0 and stays a candidate
        fused = np.where(candidate & mask, fused + boost + 1e-12, 0.0)

        order = np.flatnonzero(fused > 0)
        order = order[np.argsort(-fused[order], kind="stable")]
        where = {name: {int(i): r + 1 for r, i in enumerate(ranked)} for name, ranked in lists.items()}

        def parts(i: int) -> dict[str, int]:
            return {name: pos[i] for name, pos in where.items() if i in pos}

        hits = self._collapse(
            (Hit(self.units[i], float(fused[i]), parts(int(i))) for i in order), limit=max(k, facet_depth)
        )
        facets = self._facets(hits[:facet_depth])
        bridged = tuple(typed + spelled) if w.acronyms else tuple(typed if w.acronym_dense else ())
        return SearchResult(query, hits[:k], facets, exp, len(order), min(len(hits), facet_depth), bridged)

    # -- post-processing ------------------------------------------------------------------
    def _collapse(self, hits, limit: int) -> list[Hit]:
        """Fold a hit into a better one of the same plan when it says the same thing: a figure
        and the sentence it was read from, or two passages whose words (nearly) coincide."""
        kept: list[Hit] = []
        # per plan, in rank order: only hits of the same plan can be folded together
        by_plan: dict[str, list[tuple[Hit, frozenset[str], int]]] = {}
        for h in hits:
            u = h.unit
            t = self._terms[self._pos[u.id]]
            lt = len(t)
            dup = None
            for kh, kt, lk in by_plan.get(u.plan.id, ()):
                k = kh.unit
                if u.parent == k.id and u.type == "Figure" or k.parent == u.id and k.type == "Figure":
                    dup = kh
                    break
                if not lt or not lk:
                    continue
                small, large = (lt, lk) if lt <= lk else (lk, lt)
                if small >= 0.6 * large and len(t & kt) >= 0.9 * small:  # cheap test first
                    dup = kh
                    break
            if dup is not None:
                dup.duplicates.append(u.id)
                continue
            kept.append(h)
            by_plan.setdefault(u.plan.id, []).append((h, t, lt))
            if len(kept) >= limit:
                break
        return kept

    @staticmethod
    def _facets(hits: list[Hit]) -> dict[str, list[dict]]:
        counters: dict[str, Counter] = {k: Counter() for k in facet_names()}  # the ontology's bsl:searchFacets
        labels: dict[tuple[str, str], str] = {}
        for h in hits:
            u = h.unit
            counters["type"][u.type] += 1
            labels[("type", u.type)] = u.type
            if u.academy:
                counters["academy"][u.academy.id] += 1
                labels[("academy", u.academy.id)] = u.academy.label
            for r in u.themes:
                counters["theme"][r.id] += 1
                labels[("theme", r.id)] = r.label
            for r in u.devices:
                counters["device"][r.id] += 1
                labels[("device", r.id)] = r.label
        return {
            name: [
                {"value": v, "label": labels[(name, v)], "count": c}
                for v, c in sorted(cnt.items(), key=lambda x: (-x[1], labels[(name, x[0])]))
            ]
            for name, cnt in counters.items()
        }

    def with_weights(self, weights: Weights) -> "Searcher":
        """A searcher sharing this one's index and engines with other weights (benchmarks)."""
        other = object.__new__(Searcher)
        other.__dict__.update(self.__dict__)
        other.weights = weights
        return other

    def with_engines(self, specs: tuple[str, ...]) -> "Searcher":
        other = object.__new__(Searcher)
        other.__dict__.update(self.__dict__)
        other.engines = {s: e for s, e in self.engines.items() if s in specs}
        return other
