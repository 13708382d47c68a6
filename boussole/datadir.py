"""The layout of a data directory, spelled once.

    data = DataDir.resolve(args.data)        # --data, else $BOUSSOLE_DATA, else ./data
    data.store, data.dumps, data.index, data.ingest_lock

This module imports nothing of Boussole, so that every layer (ingest, graph, search, api, the
command line) can name the same places without importing up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA = "BOUSSOLE_DATA"
DEFAULT_DATA = "data"


@dataclass(frozen=True)
class DataDir:
    root: Path

    @classmethod
    def resolve(cls, option: str | Path | None = None) -> DataDir:
        return cls(Path(option or os.environ.get(ENV_DATA) or DEFAULT_DATA))

    @classmethod
    def of(cls, data: DataDir | str | Path) -> DataDir:
        return data if isinstance(data, DataDir) else cls(Path(data))

    @property
    def store(self) -> Path:
        """The embedded graph store (RocksDB files)."""
        return self.root / "store"

    @property
    def dumps(self) -> Path:
        """boussole.ttl / .nq / .jsonld, written by the ingest."""
        return self.root / "dumps"

    def dump(self, name: str) -> Path:
        return self.dumps / name

    @property
    def index(self) -> Path:
        """The search index directory (its CURRENT file names the live build)."""
        return self.root / "index"

    @property
    def cache(self) -> Path:
        """The embedding cache, unless $BOUSSOLE_CACHE names a shared one."""
        return self.root / "cache"

    @property
    def ingest_lock(self) -> Path:
        """Held by an ingest into a server store (graph/backends/embedded.INGEST_LOCK)."""
        return self.root / "ingest.lock"

    def __fspath__(self) -> str:
        return os.fspath(self.root)

    def __str__(self) -> str:
        return str(self.root)
