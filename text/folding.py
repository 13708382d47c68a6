"""Accent-, case- and ligature-insensitive keys: the one `fold` every layer compares text with.

French text reaches Boussole with and without accents (OCR, hurried typing, English keyboards)
and with the ligatures œ/æ that Unicode does not decompose; all comparisons go through `fold`
so that the reader, the graph, the search and the API agree on when two words are the same.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose but French text uses.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Ligatures spelled out and accents dropped, case kept ("Œuvre É" → "OEuvre E"): for the
    few labels that must match with their case ("CAP", "JO")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out ("Élève  Œuvre" → "eleve  oeuvre").

    White space is kept as it is: the reader matches its layout rules on folded lines, where
    indentation and column gaps carry meaning. `key` collapses it.
    """
    if text.isascii():
        return text.lower()  # nothing to strip or spell out: the common case, and the gazetteer's hot path
    return strip_accents(text).casefold()


def key(text: str) -> str:
    """`fold` with white space collapsed and trimmed ("  Élève  Œuvre " → "eleve oeuvre"): the
    identity of a label, hashed into IRIs and used to look names up."""
    return _SPACES.sub(" ", fold(text)).strip()
