"""The Boussole web application: search, entities, SPARQL, chat, dumps, health, the page.

    app = create_app(Settings(data=Path("data")))

The store is opened read-only (the ingest is the only writer); SPARQL runs in worker processes
with a hard time limit; search and chat answer from the in-memory index. Nothing here makes an
outbound request.
"""
from __future__ import annotations

import json
import logging
import sys
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

import anyio
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator

from boussole import __version__

from . import vocabulary
from .body_limit import BodyLimit
from .http_guard import ClientShare, FramingGuard, no_lone_surrogates, validation_handler
from .queries import MAX_K, MAX_QUERY_CHARS, UNIT_TYPES, QueryError, lookup_entity, run_search, search_request

log = logging.getLogger("boussole.api")

DUMPS = {"boussole.ttl": "text/turtle", "boussole.nq": "application/n-quads",
         "boussole.jsonld": "application/ld+json"}


@dataclass
class Settings:
    data: Path
    store: str | None = None                    # store URL (graph/backends); None: the embedded store in data/store
    store_graphs: str | None = None             # Graph Store endpoint of a server other than Oxigraph
    engines: tuple[str, ...] | None = None      # None: $BOUSSOLE_ENGINES or the offline default
    sparql_timeout_s: float = 10.0
    sparql_max_rows: int = 10000
    sparql_workers: int = 2
    sparql_per_client: int | None = None        # None: workers - 1 (at least 1)
    cors_origins: tuple[str, ...] = ()          # CORS is off unless origins are given
    max_body_bytes: int = 1_000_000
    chat_llm_url: str | None = None             # optional OpenAI-compatible rephrasing, off by default
    chat_llm_model: str | None = None
    threads: int = 2
    ready_message: str | None = None            # printed to stderr once the app answers
    reload_check_s: float = 1.0                 # how often to look for a finished ingest (0: never reload)
    public_url: str = "http://127.0.0.1:8000"   # where clients reach the server; never taken from Host
    sparql_max_bytes: int = 16 << 20            # SPARQL response body cap
    sparql_max_literal_bytes: int = 1 << 20     # one literal in a SPARQL answer
    compute_per_client: int = 1                 # /search and /chat calls one client runs at once
    compute_wait_s: float = 10.0                # how long its next one waits for a turn (then 429)



# -- request/response models (OpenAPI) ------------------------------------------------------------
class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=2000, examples=["Quels projets soutiennent l'accès à la culture en zone rurale ?"])
    conversation_id: str | None = Field(default=None, max_length=100, examples=[None],
                                        description="the id a previous answer returned; an unknown id starts a new "
                                                    "conversation under a new id")

    _text = field_validator("message", "conversation_id")(no_lone_surrogates)


class Citation(BaseModel):
    n: int
    id: str
    label: str
    source: dict


class ChatResponse(BaseModel):
    answer: str
    language: str
    citations: list[Citation]
    results: list[dict]
    conversation_id: str
    understood: dict = Field(description="how the question was read: topic, types, académies, intent")


class Problem(BaseModel):
    detail: str | list[dict] = Field(description="what was wrong, naming the parameter at fault "
                                                 "(a list of validation errors for a malformed request)")


_ERROR_TEXT = {400: "bad parameter or unreadable body: the message says which", 404: "no such entity, node, plan or dump",
               413: "request body over 1 MB", 422: "missing, malformed or out-of-range parameter",
               429: "this client already has a search running; retry", 503: "still starting"}


def errors(*codes: int) -> dict:
    """OpenAPI entries for the errors a route answers with: every one is `{"detail": …}`."""
    return {c: {"model": Problem, "description": _ERROR_TEXT[c]} for c in codes}


# SPARQL errors are plain text, as the SPARQL 1.1 Protocol has them.
SPARQL_ERRORS = {c: {"description": d, "content": {"text/plain": {"schema": {"type": "string"}}}} for c, d in {
    400: "malformed query, an update, SERVICE, or an unknown graph", 406: "no acceptable result format",
    413: "request body over 1 MB", 415: "unsupported request content type", 429: "too many queries from this client",
    503: "time or memory limit reached"}.items()}


def _json_logger() -> None:
    if not log.handlers:
        h = logging.StreamHandler()
        h.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(h)
        log.setLevel(logging.INFO)
        log.propagate = False


def create_app(settings: Settings) -> FastAPI:
    from boussole.graph.store import GraphStore
    from boussole.search.service import engine_specs, open_searcher

    from .chat import ChatService
    from .live import LiveData, Snapshot, graph_version, pin, snapshot, unpin
    from .sparql import SparqlService, SparqlSettings
    from .views import views_router

    from boussole.graph.backends import embedded_path, is_embedded, store_url
    from boussole.graph.backends.embedded import INGEST_LOCK

    _json_logger()
    state: dict = {}
    url = store_url(settings.store, settings.data)
    remote = None if is_embedded(url) else url
    sparql = SparqlService(SparqlSettings(store_path=embedded_path(url) if remote is None else settings.data / "store",
                                          timeout_s=settings.sparql_timeout_s,
                                          max_rows=settings.sparql_max_rows, workers=settings.sparql_workers,
                                          per_client=settings.sparql_per_client, public_url=settings.public_url,
                                          store_url=remote, store_endpoints=(("graphs", settings.store_graphs),),
                                          max_bytes=settings.sparql_max_bytes,
                                          max_literal_bytes=settings.sparql_max_literal_bytes))
    compute = ClientShare(settings.compute_per_client, wait_s=settings.compute_wait_s)

    def fair(request: Request, work):
        """Run one CPU-bound call within the client's share (see http_guard.ClientShare)."""
        client = request.client.host if request.client else "unknown"
        if not compute.acquire(client):
            raise HTTPException(429, f"{client} already has {compute.limit} search or chat request(s) running; "
                                     "retry when it has finished", headers={"Retry-After": "1"})
        try:
            return work()
        finally:
            compute.release(client)

    def open_snapshot(stamp: tuple) -> Snapshot:
        store = GraphStore(url, read_only=True, graphs=settings.store_graphs)
        try:
            # a reload uses the index the ingest wrote; building one here would race the ingest's
            searcher, report = open_searcher(store, settings.data, engine_specs(",".join(settings.engines or ())),
                                             build=live.current is None, threads=settings.threads,
                                             progress=lambda m: log.info(json.dumps({"event": "index", "message": m})))
        except BaseException:
            store.close()
            raise
        searcher.search("warm-up")  # first call loads tokenizers and touches every page of the index
        searcher._qcache.clear()
        chat = ChatService(searcher, store, llm_url=settings.chat_llm_url, llm_model=settings.chat_llm_model)
        return Snapshot(store, searcher, chat, report, stamp, graph_version(store))

    live = LiveData(url, open_snapshot, check_s=settings.reload_check_s, graphs=settings.store_graphs,
                    ingest_lock=settings.data / INGEST_LOCK)

    def snap() -> Snapshot:
        return snapshot(live)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await anyio.to_thread.run_sync(live.load)
        state["started"] = time.time()
        if settings.reload_check_s:
            live.start()  # a finished `boussole ingest` becomes visible without a restart
        if settings.ready_message:
            print(settings.ready_message, file=sys.stderr, flush=True)
        try:
            yield
        finally:
            live.stop()

    # FastAPI's own /docs loads Swagger UI from a CDN: blank offline. fastapi-offline serves the
    # same Swagger UI and ReDoc from its wheel.
    app = FastAPIOffline(
        # no slash redirects: Starlette builds their Location from the Host header
        title="Boussole", version=__version__, lifespan=lifespan, redirect_slashes=False,
        description=("Knowledge graph and semantic search over French education plans (projets académiques). "
                     "Search in French or English, look up entities with their provenance, query the graph "
                     "with SPARQL 1.1 (read-only), or ask questions in chat style."),
    )
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["*"],
                           # a browser client must be able to read why a SPARQL answer was cut short
                           expose_headers=["X-Boussole-Truncated", "X-Boussole-Timeout", "X-Boussole-Memory-Limit",
                                           "X-Boussole-Version"])

    app.add_exception_handler(RequestValidationError, validation_handler)
    # Inside the logging middleware (added after it), so that its 413s are logged too.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    @app.middleware("http")
    async def guard_and_log(request: Request, call_next):
        started = time.perf_counter()
        length = request.headers.get("content-length")
        token = pin(live)  # the whole request answers from one version of the graph and index
        pinned = snapshot(live)
        try:
            if length and length.isdigit() and int(length) > settings.max_body_bytes:
                response = JSONResponse({"detail": f"request body over {settings.max_body_bytes} bytes"}, status_code=413)
            else:
                response = await call_next(request)
        finally:
            unpin(token)
        if pinned is not None:
            response.headers["X-Boussole-Version"] = pinned.version
        log.info(json.dumps({
            "event": "request", "method": request.method, "path": request.url.path,
            "status": response.status_code, "ms": round((time.perf_counter() - started) * 1000, 1),
            "client": request.client.host if request.client else None}))
        return response

    app.add_middleware(FramingGuard)  # outermost: an ambiguous request reaches nothing

    app.include_router(sparql.router, responses=SPARQL_ERRORS)
    app.include_router(views_router(lambda: {"store": snap().store, "searcher": snap().searcher}),
                       responses=errors(400, 404, 422))
    app.include_router(vocabulary.router)

    # -- search ------------------------------------------------------------------------------------
    @app.get("/search", tags=["search"], summary="Search plans by theme (French or English)",
             responses=errors(400, 422, 429))
    def search(
        request: Request,
        # Bounds are checked by api/queries.py (shared with the MCP tools); here they only document.
        q: Annotated[str, Query(description=f"words or a question (at most {MAX_QUERY_CHARS} characters)",
                                json_schema_extra={"minLength": 1, "maxLength": MAX_QUERY_CHARS},
                                examples=["projects supporting rural access to culture"])],
        k: Annotated[int, Query(description=f"number of results (1 to {MAX_K})",
                                json_schema_extra={"minimum": 1, "maximum": MAX_K})] = 10,
        type: Annotated[list[str] | None, Query(description=f"node types: {', '.join(UNIT_TYPES)}")] = None,
        academy: Annotated[list[str] | None, Query(description="académie name", examples=[["Amiens"]])] = None,
        theme: Annotated[list[str] | None, Query(description="theme id, label or IRI", examples=[["culture"]])] = None,
        device: Annotated[list[str] | None, Query(description="device id, label or IRI")] = None,
    ) -> dict:
        try:
            checked = search_request(q, k, type, academy, theme, device)
            return fair(request, lambda: run_search(snap().searcher, checked))
        except QueryError as e:
            raise HTTPException(e.status, str(e)) from None

    # -- entities ----------------------------------------------------------------------------------
    @app.get("/entities/{entity_id:path}", tags=["graph"], summary="A node with its literals, neighbours and provenance",
             responses=errors(400, 404))
    def entity(entity_id: str) -> dict:
        try:
            return lookup_entity(snap().store, entity_id)
        except QueryError as e:
            raise HTTPException(e.status, str(e)) from None

    # -- chat --------------------------------------------------------------------------------------
    @app.post("/chat", tags=["chat"], response_model=ChatResponse, responses=errors(400, 413, 422, 429),
              summary="Ask a question in French or English; get a short answer with citations")
    def chat(body: ChatRequest, request: Request) -> dict:
        return fair(request, lambda: snap().chat.ask(body.message, body.conversation_id))

    # -- dumps, health, page -----------------------------------------------------------------------
    @app.get("/dumps", tags=["graph"], summary="Downloadable dumps of the whole graph")
    def dumps() -> dict:
        root = settings.data / "dumps"
        return {"dumps": [{"name": n, "media_type": m, "url": f"/dumps/{n}",
                           "bytes": (root / n).stat().st_size} for n, m in DUMPS.items() if (root / n).is_file()]}

    @app.get("/dumps/{name}", tags=["graph"], summary="One dump: boussole.ttl, boussole.nq or boussole.jsonld",
             responses=errors(404))
    def dump(name: str):
        if name not in DUMPS:  # a fixed list: no path from the request reaches the filesystem
            raise HTTPException(404, f"no dump {name!r}: available {', '.join(DUMPS)}")
        path = settings.data / "dumps" / name
        if not path.is_file():
            raise HTTPException(404, f"dump {name} has not been written: run `boussole ingest`")
        return FileResponse(path, media_type=DUMPS[name], filename=name)

    @app.get("/health", tags=["meta"], summary="Liveness and what is loaded", responses=errors(503))
    def health() -> dict:
        current = snap()
        if current is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        s, store = current.searcher, current.store
        return {"status": "ok", "version": __version__, "documents": len(store.documents()),
                "units": len(s.units), "engines": list(s.engines),
                "index": {"path": str(s.index.path.name), "fingerprint": s.index.fingerprint[:12]},
                "sparql": {"timeout_s": settings.sparql_timeout_s, "max_rows": settings.sparql_max_rows},
                "graph_version": current.version, "reloads": live.reloads,
                "uptime_s": round(time.time() - state["started"], 1)}

    static = resources.files("boussole.api") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((static / "index.html").read_text(encoding="utf-8"))

    return app
