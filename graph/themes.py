"""Theme tagging from the SKOS theme thesaurus (themes.ttl) and the device thesaurus (devices.ttl).

A text is tagged with a theme when it contains one of the theme's labels or keywords
(skos:prefLabel / altLabel / hiddenLabel, any language), matched accent- and case-insensitively
on word boundaries, with an optional plural "s"/"x" ("territoire rural" matches
"territoires ruraux" only if "ruraux" is itself a keyword: there is no stemming beyond that).
A node that names a device also gets the device's `dcterms:subject` themes. `bsl:ambiguousLabel`
keywords ("CAP", "JO": also common words) match case-sensitively, whole word, no plural.
Figurative uses listed in FIGURATIVE ("une culture de l'évaluation") are masked before their
theme is matched.

Scoring — independent pieces of evidence combined as a noisy-OR, so the score grows with every
distinct hit and stays in 0..1:
    score = 1 − Π (1 − w_i)
    w = 0.6 for a distinct prefLabel/altLabel hit, 0.4 for a distinct hiddenLabel (keyword) hit,
        0.5 for each distinct device that links to the theme.
So: one keyword → 0.4, one label → 0.6, two keywords → 0.64, label + device → 0.8.

DEFAULT_THRESHOLD = 0.4 keeps a theme on a single keyword hit (plan texts are short, and a single
"ruralité" is meaningful); pass threshold=0.6 to require a label-strength hit or two pieces of
evidence. Scores are rounded to 3 decimals so graphs stay byte-stable across platforms.

Pure and fast: one compiled regex per theme, built once; `tag` does no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from boussole.text import fold, strip_accents

from .namespaces import BSL, BSLD, BSLT

W_LABEL = 0.6
W_KEYWORD = 0.4
W_DEVICE = 0.5
DEFAULT_THRESHOLD = 0.4

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


_NON_ALNUM_CASED = re.compile(r"[^A-Za-z0-9]+")

# Figurative uses of a keyword, masked before that theme is matched (on normalised text).
# "une culture de l'évaluation", "la culture de l'inclusion", "une culture commune" speak of a
# shared habit, not of arts and culture; "l'accès à la culture", "les professionnels de la
# culture", "l'accès à la culture des élèves" are left alone.
FIGURATIVE: dict[str, tuple[re.Pattern[str], ...]] = {
    "culture": (
        # not after "à"/"de": "l'accès à la culture des élèves" is about culture
        re.compile(r"(?<! a)(?<! de) (?:une|la|sa|leur|notre) culture (?:de|du|d) "),
        re.compile(r" culture (?:commune|academique|sportive|numerique|professionnelle)s? "),
    ),
}


def _mask(theme: str, normalized_text: str) -> str:
    for pattern in FIGURATIVE.get(theme, ()):
        normalized_text = pattern.sub(" ", normalized_text)
    return normalized_text


def normalize(text: str) -> str:
    """Accent/case-folded text with every run of non-alphanumerics turned into one space."""
    return " " + _NON_ALNUM.sub(" ", fold(text)).strip() + " "


def normalize_keep_case(text: str) -> str:
    """Accent-folded text, case kept: for bsl:ambiguousLabel keywords ("CAP", "JO") that are
    also common words in lower case and must match case-sensitively (themes.ttl's rule)."""
    return " " + _NON_ALNUM_CASED.sub(" ", strip_accents(text)).strip() + " "


@dataclass
class _ThemeMatcher:
    theme: str
    weights: dict[str, float]  # normalised keyword → weight (the strongest label kind wins)
    cased: dict[str, float] = field(default_factory=dict)  # ambiguous labels, matched case-sensitively
    regex: re.Pattern[str] | None = field(init=False, default=None)
    cased_regex: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.weights:
            kws = sorted(
                self.weights, key=lambda k: (-len(k), k)
            )  # longest first: "culture scientifique" before "culture"
            alternation = "|".join(re.escape(k) for k in kws)
            self.regex = re.compile(rf"(?<![a-z0-9])({alternation})(?:s|x)?(?![a-z0-9])")
        if self.cased:
            kws = sorted(self.cased, key=lambda k: (-len(k), k))
            self.cased_regex = re.compile(rf"(?<![A-Za-z0-9])({'|'.join(re.escape(k) for k in kws)})(?![A-Za-z0-9])")

    def hits(self, normalized_text: str, cased_text: str = "") -> set[str]:
        found = set(self.regex.findall(normalized_text)) if self.regex else set()
        if self.cased_regex and cased_text:
            found |= set(self.cased_regex.findall(cased_text))
        return found

    def weight(self, kw: str) -> float:
        return self.weights.get(kw) or self.cased.get(kw, W_KEYWORD)


class ThemeTagger:
    """Tags texts with theme ids (local names of bslt: concepts)."""

    def __init__(
        self,
        keywords: Mapping[str, Mapping[str, float]],
        device_themes: Mapping[str, Iterable[str]] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        labels: Mapping[str, str] | None = None,
        cased_keywords: Mapping[str, Iterable[str]] | None = None,
    ):
        """keywords: theme id → {keyword: weight}; device_themes: device id → theme ids;
        cased_keywords: theme id → ambiguous labels matched case-sensitively (weight W_KEYWORD)."""
        self.threshold = threshold
        self.labels = dict(labels or {})
        self._matchers = []
        cased_keywords = cased_keywords or {}
        for theme in sorted(set(keywords) | set(cased_keywords)):
            weights: dict[str, float] = {}
            for kw, w in keywords.get(theme, {}).items():
                nk = normalize(kw).strip()
                if nk:
                    weights[nk] = max(w, weights.get(nk, 0.0))
            cased = {normalize_keep_case(k).strip(): W_KEYWORD for k in cased_keywords.get(theme, ())}
            cased.pop("", None)
            for k in cased:  # an ambiguous label listed as a hiddenLabel too must not match "cap"
                weights.pop(normalize(k).strip(), None)
            if weights or cased:
                self._matchers.append(_ThemeMatcher(theme, weights, cased))
        self.device_themes = {d: tuple(sorted(set(ts))) for d, ts in (device_themes or {}).items()}
        self.themes = sorted(
            set(keywords) | set(cased_keywords) | {t for ts in self.device_themes.values() for t in ts}
        )

    # -- construction from the thesauri (pure: takes parsed graphs) ---------------------------
    @classmethod
    def from_graphs(
        cls, themes: Graph, devices: Graph | None = None, threshold: float = DEFAULT_THRESHOLD
    ) -> "ThemeTagger":
        keywords: dict[str, dict[str, float]] = {}
        cased: dict[str, list[str]] = {}
        labels: dict[str, str] = {}
        for concept in _theme_concepts(themes):
            tid = str(concept)[len(str(BSLT)) :]
            amb = sorted(str(lit) for lit in themes.objects(concept, BSL.ambiguousLabel))
            if amb:
                cased[tid] = amb
            kw: dict[str, float] = {}
            for pred, w in ((SKOS.prefLabel, W_LABEL), (SKOS.altLabel, W_LABEL), (SKOS.hiddenLabel, W_KEYWORD)):
                for lit in themes.objects(concept, pred):
                    kw[str(lit)] = max(w, kw.get(str(lit), 0.0))
            fr = sorted(str(l) for l in themes.objects(concept, SKOS.prefLabel) if getattr(l, "language", None) == "fr")
            anyl = sorted(str(l) for l in themes.objects(concept, SKOS.prefLabel))
            if fr or anyl:
                labels[tid] = (fr or anyl)[0]
            keywords[tid] = kw
        device_themes: dict[str, list[str]] = {}
        if devices is not None:
            for dev, theme in devices.subject_objects(DCTERMS.subject):
                if isinstance(dev, URIRef) and str(dev).startswith(str(BSLD)) and str(theme).startswith(str(BSLT)):
                    device_themes.setdefault(str(dev)[len(str(BSLD)) :], []).append(str(theme)[len(str(BSLT)) :])
        return cls(keywords, device_themes, threshold, labels, cased)

    @classmethod
    def from_package(cls, directory: str | Path | None = None, threshold: float = DEFAULT_THRESHOLD) -> "ThemeTagger":
        """Load themes.ttl (+ devices.ttl when present) from boussole.ontology or a directory."""
        from . import vocab

        devices = vocab.load_vocab(vocab.DEVICES, directory) if vocab.vocab_exists(vocab.DEVICES, directory) else None
        return cls.from_graphs(vocab.load_vocab(vocab.THEMES, directory), devices, threshold)

    # -- tagging -------------------------------------------------------------------------------
    def evidence(self, text: str, devices: Iterable[str] = ()) -> dict[str, dict[str, list[str]]]:
        """theme → {"keywords": [...], "devices": [...]}: why a text got its themes."""
        norm = normalize(text)
        cased = normalize_keep_case(text)
        out: dict[str, dict[str, list[str]]] = {}
        for m in self._matchers:
            hits = m.hits(_mask(m.theme, norm), cased)
            if hits:
                out.setdefault(m.theme, {"keywords": [], "devices": []})["keywords"] = sorted(hits)
        for dev in sorted(set(devices)):
            for theme in self.device_themes.get(dev, ()):
                out.setdefault(theme, {"keywords": [], "devices": []})["devices"].append(dev)
        return out

    def score_all(self, text: str, devices: Iterable[str] = ()) -> list[tuple[str, float]]:
        """Every theme with any evidence, with its score (no threshold)."""
        matchers = {m.theme: m for m in self._matchers}
        scored = []
        for theme, ev in self.evidence(text, devices).items():
            miss = 1.0
            for kw in ev["keywords"]:
                miss *= 1.0 - matchers[theme].weight(kw)
            for _ in ev["devices"]:
                miss *= 1.0 - W_DEVICE
            scored.append((theme, round(1.0 - miss, 3)))
        return sorted(scored, key=lambda ts: (-ts[1], ts[0]))

    def tag(self, text: str, devices: Iterable[str] = ()) -> list[tuple[str, float]]:
        """[(theme_id, score)] with score ≥ threshold, best first (ties by id)."""
        return [(t, s) for t, s in self.score_all(text, devices) if s >= self.threshold]


def _theme_concepts(g: Graph) -> list[URIRef]:
    """Concepts of the theme scheme: typed bsl:Theme/skos:Concept or in a scheme, under bslt:."""
    found: set[URIRef] = set()
    for cls_ in (BSL.Theme, SKOS.Concept):
        found.update(s for s in g.subjects(RDF.type, cls_) if isinstance(s, URIRef))
    found.update(s for s in g.subjects(SKOS.inScheme, None) if isinstance(s, URIRef))
    found.update(s for s in g.subjects(SKOS.prefLabel, None) if isinstance(s, URIRef))
    ns = str(BSLT)
    scheme = BSLT.scheme
    return sorted(
        c for c in found if str(c).startswith(ns) and c != scheme and (c, RDF.type, SKOS.ConceptScheme) not in g
    )
