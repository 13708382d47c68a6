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
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from boussole import __version__

from .entities import describe, resolve_id

log = logging.getLogger("boussole.api")

DUMPS = {"boussole.ttl": "text/turtle", "boussole.nq": "application/n-quads",
         "boussole.jsonld": "application/ld+json"}
UNIT_TYPES = ("Axis", "Objective", "Engagement", "Indicator", "Action", "Focus", "Project", "Figure", "Passage")


@dataclass
class Settings:
    data: Path
    engines: tuple[str, ...] | None = None      # None: $BOUSSOLE_ENGINES or the offline default
    sparql_timeout_s: float = 10.0
    sparql_max_rows: int = 10000
    sparql_workers: int = 2
    cors_origins: tuple[str, ...] = ()          # CORS is off unless origins are given
    max_body_bytes: int = 1_000_000
    chat_llm_url: str | None = None             # optional OpenAI-compatible rephrasing, off by default
    chat_llm_model: str | None = None
    threads: int = 2
    ready_message: str | None = None            # printed to stderr once the app answers



# -- request/response models (OpenAPI) ------------------------------------------------------------
class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=2000, examples=["Quels projets soutiennent l'accès à la culture en zone rurale ?"])
    conversation_id: str | None = Field(default=None, max_length=100, examples=[None])


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
    from .sparql import SparqlService, SparqlSettings

    _json_logger()
    state: dict = {}
    sparql = SparqlService(SparqlSettings(store_path=settings.data / "store", timeout_s=settings.sparql_timeout_s,
                                          max_rows=settings.sparql_max_rows, workers=settings.sparql_workers))

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        store = GraphStore(settings.data / "store", read_only=True)
        searcher, report = open_searcher(store, settings.data, engine_specs(",".join(settings.engines or ())),
                                         threads=settings.threads, progress=lambda m: log.info(json.dumps({"event": "index", "message": m})))
        searcher.search("warm-up")  # first call loads tokenizers and touches every page of the index
        searcher._qcache.clear()
        if settings.ready_message:
            print(settings.ready_message, file=sys.stderr, flush=True)
        state.update(store=store, searcher=searcher, index=report, started=time.time(),
                     chat=ChatService(searcher, store, llm_url=settings.chat_llm_url, llm_model=settings.chat_llm_model))
        try:
            yield
        finally:
            store.close()

    # FastAPI's own /docs loads Swagger UI from a CDN: blank offline. fastapi-offline serves the
    # same Swagger UI and ReDoc from its wheel.
    app = FastAPIOffline(
        title="Boussole", version=__version__, lifespan=lifespan,
        description=("Knowledge graph and semantic search over French education plans (projets académiques). "
                     "Search in French or English, look up entities with their provenance, query the graph "
                     "with SPARQL 1.1 (read-only), or ask questions in chat style."),
    )
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["*"],
                           # a browser client must be able to read why a SPARQL answer was cut short
                           expose_headers=["X-Boussole-Truncated", "X-Boussole-Timeout", "X-Boussole-Memory-Limit"])

    @app.middleware("http")
    async def guard_and_log(request: Request, call_next):
        started = time.perf_counter()
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_body_bytes:
            response = JSONResponse({"detail": f"request body over {settings.max_body_bytes} bytes"}, status_code=413)
        else:
            response = await call_next(request)
        log.info(json.dumps({
            "event": "request", "method": request.method, "path": request.url.path,
            "status": response.status_code, "ms": round((time.perf_counter() - started) * 1000, 1),
            "client": request.client.host if request.client else None}))
        return response

    app.include_router(sparql.router)

    # -- search ------------------------------------------------------------------------------------
    @app.get("/search", tags=["search"], summary="Search plans by theme (French or English)")
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500, description="words or a question",
                                examples=["projects supporting rural access to culture"])],
        k: Annotated[int, Query(ge=1, le=100, description="number of results")] = 10,
        type: Annotated[list[str] | None, Query(description=f"node types: {', '.join(UNIT_TYPES)}")] = None,
        academy: Annotated[list[str] | None, Query(description="académie name", examples=[["Amiens"]])] = None,
        theme: Annotated[list[str] | None, Query(description="theme id, label or IRI", examples=[["culture"]])] = None,
        device: Annotated[list[str] | None, Query(description="device id, label or IRI")] = None,
    ) -> dict:
        from boussole.search.hybrid import Filters

        for t in type or ():
            if t not in UNIT_TYPES:
                raise HTTPException(400, f"unknown type {t!r}: use one of {', '.join(UNIT_TYPES)}")
        filters = Filters(types=tuple(type or ()), academies=tuple(academy or ()), themes=tuple(theme or ()),
                          devices=tuple(device or ()))
        return state["searcher"].search(q, k=k, filters=filters).to_json()

    # -- entities ----------------------------------------------------------------------------------
    @app.get("/entities/{entity_id:path}", tags=["graph"], summary="A node with its literals, neighbours and provenance")
    def entity(entity_id: str) -> dict:
        iri = resolve_id(entity_id)
        if iri is None:
            raise HTTPException(400, "not an entity id: give an IRI or a path under https://w3id.org/boussole/id/")
        found = describe(state["store"], iri)
        if found is None:
            raise HTTPException(404, f"no entity {iri}")
        return found

    # -- chat --------------------------------------------------------------------------------------
    @app.post("/chat", tags=["chat"], response_model=ChatResponse,
              summary="Ask a question in French or English; get a short answer with citations")
    def chat(body: ChatRequest) -> dict:
        return state["chat"].ask(body.message, body.conversation_id)

    # -- dumps, health, page -----------------------------------------------------------------------
    @app.get("/dumps", tags=["graph"], summary="Downloadable dumps of the whole graph")
    def dumps() -> dict:
        root = settings.data / "dumps"
        return {"dumps": [{"name": n, "media_type": m, "url": f"/dumps/{n}",
                           "bytes": (root / n).stat().st_size} for n, m in DUMPS.items() if (root / n).is_file()]}

    @app.get("/dumps/{name}", tags=["graph"], summary="One dump: boussole.ttl, boussole.nq or boussole.jsonld")
    def dump(name: str):
        if name not in DUMPS:  # a fixed list: no path from the request reaches the filesystem
            raise HTTPException(404, f"no dump {name!r}: available {', '.join(DUMPS)}")
        path = settings.data / "dumps" / name
        if not path.is_file():
            raise HTTPException(404, f"dump {name} has not been written: run `boussole ingest`")
        return FileResponse(path, media_type=DUMPS[name], filename=name)

    @app.get("/health", tags=["meta"], summary="Liveness and what is loaded")
    def health() -> dict:
        s = state.get("searcher")
        if s is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        store = state["store"]
        return {"status": "ok", "version": __version__, "documents": len(store.documents()),
                "units": len(s.units), "engines": list(s.engines),
                "index": {"path": str(s.index.path.name), "fingerprint": s.index.fingerprint[:12]},
                "sparql": {"timeout_s": settings.sparql_timeout_s, "max_rows": settings.sparql_max_rows},
                "uptime_s": round(time.time() - state["started"], 1)}

    static = resources.files("boussole.api") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((static / "index.html").read_text(encoding="utf-8"))

    return app
