"""Open a ready-to-query searcher for a data directory (index checked, rebuilt if needed)."""

from __future__ import annotations

import os
from pathlib import Path

from .engines import parse_specs
from .expand import default_tagger, default_thesaurus
from .hybrid import Searcher, Weights
from .index import BuildReport, Progress, ensure_index, load_engines


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
    weights: Weights = Weights(),
    force: bool = False,
    name: str = "index",
    build: bool = True,
) -> tuple[Searcher, BuildReport]:
    specs = specs or engine_specs()
    index, report = ensure_index(
        store, Path(data), specs, progress=progress, threads=threads, force=force, name=name, build=build
    )
    return Searcher(index, load_engines(specs, threads), default_thesaurus(), default_tagger(), weights), report
