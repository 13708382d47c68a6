"""BM25 over stemmed, accent-folded terms (bm25s: sparse-matrix BM25, maintained)."""

from __future__ import annotations

import bm25s
import numpy as np

from boussole.text import terms


class LexicalIndex:
    def __init__(self, passages: list[str]):
        self.size = len(passages)
        self._bm25 = bm25s.BM25()
        docs = [terms(p) for p in passages]
        self._bm25.index(docs, show_progress=False) if self.size else None
        # Scores are read straight from the sparse columns: only variants without a
        # non-occurrence term (bm25s's default, Lucene's BM25) score a passage by its postings alone.
        assert getattr(self._bm25, "nonoccurrence_array", None) is None

    def scores(self, query_terms: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """BM25 score of every passage for the query terms (0 for no overlap). Terms may carry
        weights: thesaurus expansions count less than the words the user typed.

        Each term adds its own posting list (the model's sparse column) into the scores: the
        work grows with the postings of the query's terms, not with terms × passages (bm25s's
        get_scores fills a dense column per term). The same float32 sums, in the same order."""
        out = np.zeros(self.size, dtype=np.float32)
        if not self.size or not query_terms:
            return out
        column = self._column
        for t in dict.fromkeys(query_terms):
            found = column(t)
            if found is not None:
                pos, score = found
                out[pos] += (weights or {}).get(t, 1.0) * score
        return out

    def _column(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        tid = self._bm25.vocab_dict.get(term)
        sc = self._bm25.scores
        indptr = sc["indptr"]
        if tid is None or tid + 1 >= len(indptr):  # bm25s's placeholder for the empty token has no column
            return None
        lo, hi = int(indptr[tid]), int(indptr[tid + 1])
        return sc["indices"][lo:hi], sc["data"][lo:hi].astype(np.float32, copy=False)

    def postings(self):
        """(term, unit positions, BM25 score of the term in each) for every term of the
        vocabulary: the model's own sparse columns, so a store of them scores exactly alike."""
        if not self.size:
            return
        sc = self._bm25.scores
        data, indices, indptr = sc["data"], sc["indices"], sc["indptr"]
        for term, tid in self._bm25.vocab_dict.items():
            if tid + 1 >= len(indptr):  # bm25s's placeholder for the empty token has no column
                continue
            lo, hi = int(indptr[tid]), int(indptr[tid + 1])
            if hi > lo:
                yield term, indices[lo:hi].astype(np.int32), data[lo:hi].astype(np.float32)


class PostingsLexical:
    """The same scores as LexicalIndex from stored postings (search/backends/postgres.py):
    `fetch(terms)` returns term → (positions, scores) for the terms it holds."""

    def __init__(self, size: int, fetch):
        self.size = size
        self._fetch = fetch

    def scores(self, query_terms: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        if not self.size or not query_terms:
            return out
        wanted = list(dict.fromkeys(query_terms))
        got = self._fetch(wanted)
        for t in wanted:  # the same order and float32 arithmetic as LexicalIndex.scores
            if t in got:
                pos, score = got[t]
                out[pos] += (weights or {}).get(t, 1.0) * score
        return out
