"""Stemmed word keys shared by lexical ranking, thesaurus matching, cross-plan links and relevance judgement.

Terms are French Snowball stems (plans are French) taken before accent folding, so that
"élèves", "eleves" and "élève" meet; English query words pass through the same function and
only match where the thesaurus carries English labels.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_FRENCH

from .folding import fold

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset(fold(w) for w in (*STOPWORDS_FRENCH, *STOPWORDS_EN)) | {"les", "des", "aux"}
_stemmer = Stemmer.Stemmer("french")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return fold(_stemmer.stemWord(word))


def terms(text: str, keep_stopwords: bool = False) -> list[str]:
    """Lower-cased, stemmed, accent-folded word keys of `text`, in order. Single letters
    (elided articles: l', d') and stop words are dropped unless asked."""
    out = []
    for w in _WORD.findall(text.lower()):
        if len(w) < 2 and not w.isdigit():
            continue
        if not keep_stopwords and fold(w) in STOPWORDS:
            continue
        out.append(_stem(w))
    return out


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Accent- and case-insensitive substring test (the relevance rule of the public set)."""
    return fold(phrase) in fold(haystack)


__all__ = ["terms", "contains_phrase", "STOPWORDS"]
