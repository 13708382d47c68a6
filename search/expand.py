"""Query understanding through the thesauri: which devices, themes and glossary terms a query names.

The device thesaurus carries French and English labels, acronyms and spellings
("excellence boarding schools" → internats d'excellence); matching a query against them
gives French terms for the lexical ranker (which cannot cross languages) and device and
theme IRIs for graph-aware boosts. Labels match as stemmed, accent-folded phrases, so
plurals and elisions do not matter; labels the thesaurus marks ambiguous ("PHARE", "PAS")
must appear with their exact case. The glossary (ontology/glossary.ttl) adds the everyday
vocabulary of plans — school levels, roles, common words — so that "public speaking" or
"middle school" bring « éloquence » and « collège » to the lexical ranker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from boussole.graph.namespaces import BSL

from boussole.text import terms


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str  # "device", "theme" or "term" (glossary)
    label: str  # French preferred label
    french: tuple[str, ...]  # French labels (preferred and alternative) used as expansion text
    english: str = ""  # English preferred label


@dataclass(frozen=True)
class Expansion:
    devices: tuple[Concept, ...] = ()
    themes: tuple[tuple[Concept, float], ...] = ()
    terms: dict[str, float] = field(default_factory=dict)  # extra lexical terms → weight
    glossary: tuple[Concept, ...] = ()

    @property
    def device_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.devices)

    @property
    def theme_ids(self) -> dict[str, float]:
        return {c.id: s for c, s in self.themes}


class Thesaurus:
    def __init__(self, devices: Graph, themes: Graph, glossary: Graph | None = None):
        self.concepts: dict[str, Concept] = {}
        # stemmed label phrase → concept ids, one table per group; ambiguous labels kept apart
        # with their exact text. Glossary words are matched on their own: "école maternelle"
        # must not consume the words of the device "plan maternelle".
        self._groups: dict[str, dict[tuple[str, ...], set[str]]] = {"vocab": {}, "term": {}}
        self._exact: list[tuple[re.Pattern, str]] = []
        sources = [(devices, "device", BSL.Device), (themes, "theme", BSL.Theme)]
        if glossary is not None:
            sources.append((glossary, "term", SKOS.Concept))
        for g, kind, cls in sources:
            for c in sorted(set(g.subjects(RDF.type, cls))):
                labels = {str(o): o for p in (SKOS.prefLabel, SKOS.altLabel) for o in g.objects(c, p)}
                fr_pref = [str(o) for o in g.objects(c, SKOS.prefLabel) if getattr(o, "language", None) == "fr"]
                en_pref = [str(o) for o in g.objects(c, SKOS.prefLabel) if getattr(o, "language", None) == "en"]
                french = tuple(
                    dict.fromkeys(
                        fr_pref + sorted(str(o) for o in labels.values() if getattr(o, "language", None) == "fr")
                    )
                )
                self.concepts[str(c)] = Concept(
                    str(c), kind, fr_pref[0] if fr_pref else str(c), french, en_pref[0] if en_pref else ""
                )
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
                    group = self._groups["term" if kind == "term" else "vocab"]
                    group.setdefault(key, set()).add(str(c))
                for lab in ambiguous:
                    self._exact.append((re.compile(rf"(?<!\w){re.escape(lab)}(?!\w)"), str(c)))
        self._max_len = {g: max((len(k) for k in ph), default=0) for g, ph in self._groups.items()}

    def match(self, query: str) -> list[Concept]:
        """Concepts whose label occurs in the query (longest phrases first, no overlaps within
        a group)."""
        q = terms(query)
        found: dict[str, Concept] = {}
        for group, phrases in self._groups.items():
            max_len = self._max_len[group]
            i = 0
            while i < len(q):
                for n in range(min(max_len, len(q) - i), 0, -1):
                    ids = phrases.get(tuple(q[i : i + n]))
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


def expand(
    query: str, thesaurus: Thesaurus, tagger, expansion_weight: float = 0.5, glossary_weight: float = 0.5
) -> Expansion:
    """Devices named in the query, themes the query is about, glossary terms it uses, and French
    lexical terms for all three.

    Expansion terms weigh less than the user's own words; a theme adds only the terms of its
    preferred label (its keyword list is broad and would drown the query).
    """
    matched = thesaurus.match(query)
    devices = tuple(c for c in matched if c.kind == "device")
    glossary = tuple(c for c in matched if c.kind == "term")
    named_themes = {c.id for c in matched if c.kind == "theme"}
    scored = {
        f"https://w3id.org/boussole/theme/{t}" if not t.startswith("http") else t: s
        for t, s in tagger.tag(query, [c.id.rsplit("/", 1)[-1] for c in devices])
    }
    for t in named_themes:
        scored[t] = max(scored.get(t, 0.0), 1.0)
    themes = tuple(
        sorted(((thesaurus.concepts[t], s) for t, s in scored.items() if t in thesaurus.concepts), key=lambda x: -x[1])
    )
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
    if glossary_weight:
        for c in glossary:
            for lab in c.french:
                for t in terms(lab):
                    if t not in own:
                        extra[t] = max(extra.get(t, 0.0), glossary_weight)
    return Expansion(devices, themes, extra, glossary)


@lru_cache(maxsize=1)
def default_thesaurus() -> Thesaurus:
    from boussole.graph import vocab

    return Thesaurus(vocab.load_vocab(vocab.DEVICES), vocab.load_vocab(vocab.THEMES), vocab.load_vocab(GLOSSARY))


GLOSSARY = "glossary.ttl"


@lru_cache(maxsize=1)
def default_tagger():
    from boussole.graph.themes import ThemeTagger

    return ThemeTagger.from_package()
