"""Open a ready-to-query searcher for a data directory (index checked, rebuilt if needed)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from .engines import parse_specs
from .expand import default_tagger, default_thesaurus
from .hybrid import Searcher, Weights
from .index import BuildReport, Progress, ensure_index, load_engines


# Opt-in: USE joined to the score fusion at this weight. On held-out folds it gains MRR@10 (0.856
# against 0.833 in bench/relevance.py, "USE in the fusion"), but encoding the query with a second
# engine puts warm p50 at 1.3x the e5 encoding (bench/latency.py), over the 1.2x target: so the
# default keeps USE at 0 and a deployment that can spend the time sets this (0.25 was chosen).
ENV_USE = "BOUSSOLE_SEARCH_USE"


def default_weights() -> Weights:
    """The shipped weights, with USE's weight from BOUSSOLE_SEARCH_USE when it is set."""
    value = os.environ.get(ENV_USE, "").strip()
    if not value:
        return Weights()
    try:
        use = float(value)
    except ValueError:
        raise ValueError(f"{ENV_USE} must be a weight (a number such as 0.25), not {value!r}") from None
    if not 0.0 <= use <= 10.0:
        raise ValueError(f"{ENV_USE} must be a weight between 0 and 10, not {use}")
    return replace(Weights(), engine=(("use", use),))


def engine_specs(value: str | None = None) -> tuple[str, ...]:
    """Engines from an explicit value, else BOUSSOLE_ENGINES, else the offline default."""
    return parse_specs(value or os.environ.get("BOUSSOLE_ENGINES"))


def open_searcher(
    store,
    data: Path,
    specs: tuple[str, ...] | None = None,
    *,
    progress: Progress | None = None,
    threads: int = 2,
    weights: Weights | None = None,  # default: default_weights()
    force: bool = False,
    name: str = "index",
    build: bool = True,
) -> tuple[Searcher, BuildReport]:
    specs = specs or engine_specs()
    index, report = ensure_index(
        store, Path(data), specs, progress=progress, threads=threads, force=force, name=name, build=build
    )
    return Searcher(
        index, load_engines(specs, threads), default_thesaurus(), default_tagger(), weights or default_weights()
    ), report
