"""Text keys shared by every layer (the bottom of the import graph: imports nothing of Boussole).

`fold` and `key` decide when two spellings are the same word; `terms` gives the stemmed word
keys the lexical ranker, the thesaurus matcher and the cross-plan links compare.
"""

from .folding import fold, key, strip_accents
from .stems import STOPWORDS, contains_phrase, terms

__all__ = ["fold", "key", "strip_accents", "terms", "contains_phrase", "STOPWORDS"]
