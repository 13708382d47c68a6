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

    def scores(self, query_terms: list[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """BM25 score of every passage for the query terms (0 for no overlap). Terms may carry
        weights: thesaurus expansions count less than the words the user typed."""
        out = np.zeros(self.size, dtype=np.float32)
        if not self.size or not query_terms:
            return out
        vocab = self._bm25.vocab_dict
        for t in dict.fromkeys(query_terms):
            if t in vocab:
                w = (weights or {}).get(t, 1.0)
                out += w * self._bm25.get_scores([t]).astype(np.float32)
        return out
