"""Query understanding through the thesauri: which devices and themes a query names.

The device thesaurus carries French and English labels, acronyms and spellings
("excellence boarding schools" → internats d'excellence); matching a query against them
gives French terms for the lexical ranker (which cannot cross languages) and device and
theme IRIs for graph-aware boosts. Labels match as stemmed, accent-folded phrases, so
plurals and elisions do not matter; labels the thesaurus marks ambiguous ("PHARE", "PAS")
must appear with their exact case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from boussole.graph.namespaces import BSL

from .text import terms


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str            # "device" or "theme"
    label: str           # French preferred label
    french: tuple[str, ...]  # French labels (preferred and alternative) used as expansion text


@dataclass(frozen=True)
class Expansion:
    devices: tuple[Concept, ...] = ()
    themes: tuple[tuple[Concept, float], ...] = ()
    terms: dict[str, float] = field(default_factory=dict)   # extra lexical terms → weight

    @property
    def device_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.devices)

    @property
    def theme_ids(self) -> dict[str, float]:
        return {c.id: s for c, s in self.themes}


class Thesaurus:
    def __init__(self, devices: Graph, themes: Graph):
        self.concepts: dict[str, Concept] = {}
        # stemmed label phrase → concept ids; ambiguous labels kept apart with their exact text
        self._phrases: dict[tuple[str, ...], set[str]] = {}
        self._exact: list[tuple[re.Pattern, str]] = []
        for g, kind, cls in ((devices, "device", BSL.Device), (themes, "theme", BSL.Theme)):
            for c in sorted(set(g.subjects(RDF.type, cls))):
                labels = {str(o): o for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(c, p)}
                fr_pref = [str(o) for o in g.objects(c, SKOS.prefLabel) if getattr(o, "language", None) == "fr"]
                french = tuple(dict.fromkeys(
                    fr_pref + sorted(str(o) for o in labels.values() if getattr(o, "language", None) == "fr")))
                self.concepts[str(c)] = Concept(str(c), kind, fr_pref[0] if fr_pref else str(c), french)
                ambiguous = {str(o) for o in g.objects(c, BSL.ambiguousLabel)}
                phrase_labels = set(labels)
                if kind == "device":  # theme keywords (hiddenLabel) are the tagger's business
                    phrase_labels |= {str(o) for o in g.objects(c, SKOS.hiddenLabel)}
                for lab in phrase_labels:
                    if lab in ambiguous:
                        continue
                    key = tuple(terms(lab))
                    if not key or (len(key) == 1 and len(key[0]) < 3):
                        continue
                    self._phrases.setdefault(key, set()).add(str(c))
                for lab in ambiguous:
                    self._exact.append((re.compile(rf"(?<!\w){re.escape(lab)}(?!\w)"), str(c)))
        self._max_len = max((len(k) for k in self._phrases), default=0)

    def match(self, query: str) -> list[Concept]:
        """Concepts whose label occurs in the query (longest phrases first, no overlaps)."""
        q = terms(query)
        found: dict[str, Concept] = {}
        i = 0
        while i < len(q):
            for n in range(min(self._max_len, len(q) - i), 0, -1):
                ids = self._phrases.get(tuple(q[i:i + n]))
                if ids:
                    for cid in sorted(ids):
                        found.setdefault(cid, self.concepts[cid])
                    i += n
                    break
            else:
                i += 1
        for pat, cid in self._exact:
            if pat.search(query):
                found.setdefault(cid, self.concepts[cid])
        return list(found.values())


def expand(query: str, thesaurus: Thesaurus, tagger, expansion_weight: float = 0.5) -> Expansion:
    """Devices named in the query, themes the query is about, and French lexical terms for both.

    Expansion terms weigh less than the user's own words; a theme adds only the terms of its
    preferred label (its keyword list is broad and would drown the query).
    """
    matched = thesaurus.match(query)
    devices = tuple(c for c in matched if c.kind == "device")
    named_themes = {c.id for c in matched if c.kind == "theme"}
    scored = {f"https://w3id.org/boussole/theme/{t}" if not t.startswith("http") else t: s
              for t, s in tagger.tag(query, [c.id.rsplit("/", 1)[-1] for c in devices])}
    for t in named_themes:
        scored[t] = max(scored.get(t, 0.0), 1.0)
    themes = tuple(sorted(((thesaurus.concepts[t], s) for t, s in scored.items() if t in thesaurus.concepts),
                          key=lambda x: -x[1]))
    own = set(terms(query))
    extra: dict[str, float] = {}
    for c in devices:
        for lab in c.french:
            for t in terms(lab):
                if t not in own:
                    extra[t] = expansion_weight
    for c, _ in themes:
        for t in terms(c.label):
            if t not in own:
                extra.setdefault(t, expansion_weight / 2)
    return Expansion(devices, themes, extra)


@lru_cache(maxsize=1)
def default_thesaurus() -> Thesaurus:
    from boussole.graph import vocab

    return Thesaurus(vocab.load_vocab(vocab.DEVICES), vocab.load_vocab(vocab.THEMES))


@lru_cache(maxsize=1)
def default_tagger():
    from boussole.graph.themes import ThemeTagger

    return ThemeTagger.from_package()
