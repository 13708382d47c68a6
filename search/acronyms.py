"""Acronyms the corpus defines itself: « cellule académique recherche-développement, innovation
et expérimentation (CARDIE) » → CARDIE ↔ its long form.

Plans define an acronym once and then use it bare, so a unit saying only "la CARDIE
accompagne…" shares no word with a query about innovation, and a query typing "UPJV" shares
none with a unit naming the university in full. The table is read from the indexed units'
text when a searcher opens — no list to curate, and a new plan brings its own acronyms.

A definition is a parenthesised acronym after its long form, aligned by the Schwartz–Hearst
algorithm (A simple algorithm for identifying abbreviation definitions in biomedical text,
PSB 2003): every letter of the acronym occurs, in order, in the words before the parenthesis,
its first letter starting a word. Compared accent-folded, so « éducation » gives the E of
« REP ». (The `abbreviations` package implements the same algorithm for English, unmaintained
since 2019 and with English-only tokenisation; the algorithm itself is a dozen lines.)
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from boussole.text import fold, terms

# "(CARDIE)", "(EPSa)", "(3PPM)": 2–10 letters or digits, mostly capitals (a place in
# parentheses, "(Oise)", is not an acronym).
_DEF = re.compile(r"\(\s*([A-Z0-9][A-Za-z0-9&]{1,9})\s*\)")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_ELISION = re.compile(r"^[dlDL]['’]")


def _is_acronym(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper * 3 >= 2 * len(letters)


def best_long_form(short: str, long: str) -> str | None:
    """Schwartz–Hearst: the shortest end of `long` whose letters spell `short`, or None."""
    s_txt, l_txt = fold(short).lower(), fold(long).lower()
    s, i = len(s_txt) - 1, len(l_txt) - 1
    while s >= 0:
        c = s_txt[s]
        if not c.isalnum():
            s -= 1
            continue
        # the acronym's first character must start a word of the long form
        while i >= 0 and (l_txt[i] != c or (s == 0 and i > 0 and l_txt[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = max(l_txt.rfind(" ", 0, i + 1), l_txt.rfind("(", 0, i + 1)) + 1
    # « l'Université… », « d'instituts… »: the elided article is not part of the name
    return _ELISION.sub("", long[start:].strip(" ,;:-–"))


@dataclass(frozen=True)
class Acronym:
    short: str
    long: str  # as first written in the corpus
    long_terms: tuple[str, ...]  # its stemmed, accent-folded content words
    short_terms: tuple[str, ...]  # the acronym as the lexical ranker sees it


class AcronymTable:
    def __init__(self, entries: Iterable[Acronym]):
        self.entries = {a.short: a for a in entries}
        # lower-cased lookup for long acronyms only: "cardie" is CARDIE, "pas" is not PAS
        self._lower = {a.short.lower(): a for a in self.entries.values() if len(a.short) >= 4}

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "AcronymTable":
        found: dict[str, Counter] = defaultdict(Counter)
        first: dict[tuple[str, tuple[str, ...]], str] = {}
        for text in texts:
            for m in _DEF.finditer(text):
                short = m.group(1)
                if not _is_acronym(short):
                    continue
                n = sum(c.isalnum() for c in short)
                words = _WORD.findall(text[max(0, m.start() - 200) : m.start()])
                window = " ".join(words[-min(n + 5, 2 * n) :])
                long = best_long_form(short, window) if window else None
                if not long:
                    continue
                key = tuple(terms(long))
                # a long form of one word is a coincidence of letters, not a definition
                if len(key) < 2 or len(long) <= len(short) or short in _WORD.findall(long):
                    continue
                found[short][key] += 1
                first.setdefault((short, key), long)
        entries = []
        for short, forms in sorted(found.items()):
            key, _ = max(forms.items(), key=lambda kv: (kv[1], -len(kv[0])))
            entries.append(Acronym(short, first[(short, key)], key, tuple(terms(short))))
        return cls(entries)

    # -- units ----------------------------------------------------------------------------
    def used_in(self, text: str) -> list[Acronym]:
        """Acronyms `text` uses (exact case) without spelling out their long form."""
        if not self.entries:
            return []
        own = set(terms(text))
        out = set()
        for line in text.splitlines():
            letters = [c for c in line if c.isalpha()]
            # a heading in capitals: its "DU", "PAS", "CAP" are words, not acronyms
            if not letters or 2 * sum(c.isupper() for c in letters) > len(letters):
                continue
            for w in _WORD.findall(line):
                a = self.entries.get(w)
                if a is not None and a.short_terms and not set(a.long_terms) <= own:
                    out.add(a)
        return sorted(out, key=lambda a: a.short)

    def spelled_out(self, text: str) -> str:
        """`text` followed by the long forms of the acronyms it uses bare."""
        extra = [a.long for a in self.used_in(text)]
        return f"{text}\n{' ; '.join(extra)}" if extra else text

    # -- queries --------------------------------------------------------------------------
    def in_query(self, query: str, known_terms: Iterable[str] = ()) -> tuple[list[Acronym], list[Acronym]]:
        """(acronyms the query types, acronyms whose long form the query — with the terms
        expansion already gave it — contains)."""
        typed = []
        for w in _WORD.findall(query):
            a = self.entries.get(w) or self._lower.get(w.lower())
            if a is not None and a not in typed:
                typed.append(a)
        have = set(terms(query)) | set(known_terms)
        spelled = [a for a in self.entries.values() if a not in typed and set(a.long_terms) <= have]
        return typed, spelled
