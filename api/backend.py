"""What Boussole answers from, opened in one place for every entry point: the web app
(`boussole serve`), the MCP server (`boussole mcp`) and the commands that read a data directory.

    backend = open_backend(Settings(data=Path("data")))   # store + search index + chat, SPARQL service
    backend.searcher.search("internats d'excellence")
    backend.close()

A Backend holds the current Snapshot (store, searcher, chat: api/live.py) and the SPARQL
service. The web app opens it unloaded (`load=False`) and loads it in its lifespan, then swaps
snapshots when an ingest finishes; the MCP server and the CLI load it at once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from boussole.datadir import DataDir
from boussole.graph.backends import StoreConfig

from .live import LiveData, Snapshot, graph_version, snapshot
from .sparql.service import SparqlService, SparqlSettings

if TYPE_CHECKING:
    from boussole.graph.store import GraphStore
    from boussole.search.hybrid import Searcher

    from .chat import ChatService

log = logging.getLogger("boussole.api")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    data: DataDir | Path  # a Path is taken as DataDir(path)
    store: StoreConfig | None = None  # None: $BOUSSOLE_STORE… or the embedded store in data/store
    engines: tuple[str, ...] | None = None  # None: $BOUSSOLE_ENGINES or the offline default
    sparql_timeout_s: float = 10.0
    sparql_max_rows: int = 10000
    sparql_workers: int = 2
    sparql_per_client: int | None = None  # None: workers - 1 (at least 1)
    cors_origins: tuple[str, ...] = ()  # CORS is off unless origins are given
    max_body_bytes: int = 1_000_000
    chat_llm_url: str | None = None  # optional OpenAI-compatible rephrasing, off by default
    chat_llm_model: str | None = None
    threads: int = 2
    ready_message: str | None = None  # printed to stderr once the app answers
    reload_check_s: float = 1.0  # how often to look for a finished ingest (0: never reload)
    public_url: str = "http://127.0.0.1:8000"  # where clients reach the server; never taken from Host
    sparql_max_bytes: int = 16 << 20  # SPARQL response body cap
    sparql_max_literal_bytes: int = 1 << 20  # one literal in a SPARQL answer
    compute_per_client: int = 1  # /search and /chat calls one client runs at once
    compute_wait_s: float = 10.0  # how long its next one waits for a turn (then 429)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", DataDir.of(self.data))

    @property
    def dirs(self) -> DataDir:
        assert isinstance(self.data, DataDir)
        return self.data

    @property
    def store_config(self) -> StoreConfig:
        return self.store or StoreConfig.resolve(self.dirs.root)


class StoreMissing(RuntimeError):
    pass


def open_store(config: StoreConfig, *, require_documents: bool = False) -> GraphStore:
    """The graph store, read-only. StoreMissing when an embedded store was never written (or,
    with require_documents, holds no document)."""
    if config.embedded and config.path is not None and not config.path.exists():
        raise StoreMissing(f"no graph store in {config.path.parent}: run `boussole ingest` first")
    store = config.open(read_only=True)
    if require_documents and not store.documents():
        store.close()
        where = config.path.parent if config.path is not None else config
        raise StoreMissing(f"the graph store in {where} is empty: run `boussole ingest` first")
    return store


def sparql_settings(settings: Settings) -> SparqlSettings:
    config = settings.store_config
    return SparqlSettings(
        store_path=config.path or settings.dirs.store,
        timeout_s=settings.sparql_timeout_s,
        max_rows=settings.sparql_max_rows,
        workers=settings.sparql_workers,
        per_client=settings.sparql_per_client,
        public_url=settings.public_url,
        store_url=None if config.embedded else config.url,
        store_endpoints=(("graphs", config.graphs),),
        max_bytes=settings.sparql_max_bytes,
        max_literal_bytes=settings.sparql_max_literal_bytes,
    )


def _log_progress(message: str) -> None:
    log.info(json.dumps({"event": "index", "message": message}))


@dataclass
class Backend:
    """The current snapshot (store, searcher, chat) and the SPARQL service over one data directory."""

    settings: Settings
    sparql: SparqlService
    progress: Progress | None = None  # index build messages (None: the JSON log)
    warm: bool = False  # run one search when a snapshot opens (the server's first answer is then fast)
    rebuild: bool = False  # rebuild the first index from the cache
    require_documents: bool = False
    live: LiveData = field(init=False)

    def __post_init__(self) -> None:
        config = self.settings.store_config
        self.live = LiveData(
            config.url,
            self.open_snapshot,
            check_s=self.settings.reload_check_s,
            graphs=config.graphs,
            ingest_lock=self.settings.dirs.ingest_lock,
        )

    # -- the current snapshot ------------------------------------------------------------------
    @property
    def current(self) -> Snapshot:
        """The request's snapshot (api/live.pin), or the live one."""
        current = snapshot(self.live)
        if current is None:
            raise RuntimeError("the backend is not loaded yet")
        return current

    @property
    def store(self) -> GraphStore:
        return self.current.store

    @property
    def searcher(self) -> Searcher:
        return self.current.searcher

    @property
    def chat(self) -> ChatService:
        return self.current.chat

    # -- lifecycle -------------------------------------------------------------------------------
    def load(self) -> Snapshot:
        return self.live.load()

    def open_snapshot(self, stamp: tuple) -> Snapshot:
        """Store, searcher and chat on the store state `stamp` (LiveData calls it on each reload)."""
        from boussole.search.service import engine_specs, open_searcher

        from .chat import ChatService

        first = self.live.current is None
        store = open_store(self.settings.store_config, require_documents=self.require_documents and first)
        try:
            # a reload uses the index the ingest wrote; building one here would race the ingest's
            searcher, report = open_searcher(
                store,
                self.settings.dirs.root,
                engine_specs(",".join(self.settings.engines or ())),
                build=first,
                threads=self.settings.threads,
                progress=self.progress or _log_progress,
                force=self.rebuild and first,
            )
        except BaseException:
            store.close()
            raise
        if self.warm:
            searcher.search("warm-up")  # first call loads tokenizers and touches every page of the index
        chat = ChatService(searcher, store, llm_url=self.settings.chat_llm_url, llm_model=self.settings.chat_llm_model)
        return Snapshot(store, searcher, chat, report, stamp, graph_version(store))

    def close(self) -> None:
        self.live.stop()
        self.sparql.close()
        if self.live.current is not None:
            self.live.current.store.close()


def open_backend(
    settings: Settings,
    *,
    load: bool = True,
    progress: Progress | None = None,
    warm: bool = False,
    rebuild: bool = False,
    require_documents: bool = True,
) -> Backend:
    """The backend of a data directory. load=True opens the store and the search index now
    (rebuilt from the cache if stale): StoreMissing when the data directory holds no ingested
    store, EngineUnavailable when a model is not on the machine. SPARQL workers start with
    `backend.sparql.start()` (the server's lifespan), or on the first query."""
    backend = Backend(settings, SparqlService(sparql_settings(settings)), progress, warm, rebuild, require_documents)
    if load:
        backend.load()
    return backend


__all__ = ["Backend", "Settings", "StoreMissing", "open_backend", "open_store", "sparql_settings"]
