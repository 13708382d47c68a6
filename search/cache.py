"""Embedding cache keyed by engine identity and content hash.

Embedding is the slow step of indexing (multilingual-e5 encodes ~20 passages/s on two cores),
so a vector is computed once per (engine, text) and reused by every later build: an unchanged
corpus re-indexes from the cache alone. SQLite gives atomic, crash-safe writes from the
standard library.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np


class EmbeddingCache:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (engine TEXT, hash TEXT, dim INTEGER, vec BLOB, "
            "PRIMARY KEY (engine, hash))"
        )
        self._db.commit()

    def get_many(self, engine: str, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        wanted = list(dict.fromkeys(hashes))
        for i in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for h, dim, blob in self._db.execute(
                f"SELECT hash, dim, vec FROM vectors WHERE engine = ? AND hash IN ({marks})", [engine, *chunk]
            ):
                v = np.frombuffer(blob, dtype=np.float32)
                if v.shape[0] == dim:  # a torn row is treated as missing, never served
                    out[h] = v
        return out

    def put_many(self, engine: str, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                [(engine, h, int(v.shape[0]), np.asarray(v, np.float32).tobytes()) for h, v in items.items()],
            )

    def count(self, engine: str | None = None) -> int:
        if engine is None:
            return self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM vectors WHERE engine = ?", [engine]).fetchone()[0]

    def close(self) -> None:
        self._db.close()
