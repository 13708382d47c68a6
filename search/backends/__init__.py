"""Where the search index lives, chosen by name like the graph store (graph/backends):

- absent (or `files:`): FAISS + BM25 files in DATA/index (search/index.py), the default;
- `postgresql://…`: PostgreSQL with pgvector (search/backends/postgres.py), which several
  `boussole serve` replicas share.

`--index URL` on the command line, else $BOUSSOLE_INDEX. Both implementations answer the same
protocol and return a search.index.LoadedIndex whose `search` and `lexical_index` the ranking
(search/hybrid.py) calls, so the ranking is one code path whatever the backend.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from ..engines import Engine
from ..index import BuildReport, IndexStore, LoadedIndex, Progress
from ..units import Unit

ENV_INDEX = "BOUSSOLE_INDEX"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class IndexBackend(Protocol):
    def open(self, specs: tuple[str, ...]) -> LoadedIndex:
        """The live build, checked. Raises search.index.IndexMissing / IndexCorrupt."""

    def build(
        self,
        units: list[Unit],
        engines: dict[str, Engine],
        *,
        progress: Progress | None = None,
        batch: int = 64,
        embed=None,
    ) -> BuildReport:
        """Write a complete build for `units` and make it live in one step."""


def index_url(url: str | None = None) -> str:
    return url or os.environ.get(ENV_INDEX, "") or ""


def is_postgres(url: str | None) -> bool:
    return index_url(url).startswith(POSTGRES_SCHEMES)


def index_store(data: Path, name: str = "index", url: str | None = None) -> IndexBackend:
    """The index backend for a data directory. `name` keeps side indexes (benchmarks) apart."""
    url = index_url(url)
    if not url or url == "files:":
        return IndexStore(data, name)
    if url.startswith(POSTGRES_SCHEMES):
        from .postgres import PostgresIndex

        return PostgresIndex(url, data, name)
    raise ValueError(f"unknown search index {url!r}: expected postgresql://… (or nothing for the files in DATA)")
