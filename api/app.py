"""The Boussole web application: search, entities, SPARQL, chat, dumps, health, the page.

    app = create_app(Settings(data=Path("data")))

The composition root: the backend (api/backend.py), the middleware, the routers (api/routers/,
one per surface). The store is opened read-only (the ingest is the only writer); SPARQL runs in
worker processes with a hard time limit; search and chat answer from the in-memory index.
Nothing here makes an outbound request.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from boussole import __version__

from .backend import Settings, open_backend
from .body_limit import BodyLimit
from .deps import AppState
from .http_guard import ClientShare, FramingGuard, validation_handler
from .live import pin, snapshot, unpin
from .routers import ROUTERS, pages

__all__ = ["Settings", "create_app"]

log = logging.getLogger("boussole.api")

DESCRIPTION = (
    "Knowledge graph and semantic search over French education plans (projets académiques). "
    "Search in French or English, look up entities with their provenance, query the graph "
    "with SPARQL 1.1 (read-only), or ask questions in chat style."
)


def _json_logger() -> None:
    if not log.handlers:
        h = logging.StreamHandler()
        h.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(h)
        log.setLevel(logging.INFO)
        log.propagate = False


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    state: AppState = app.state.boussole
    backend = state.backend
    await anyio.to_thread.run_sync(backend.load)
    state.started = time.time()
    if state.settings.reload_check_s:
        backend.live.start()  # a finished `boussole ingest` becomes visible without a restart
    await anyio.to_thread.run_sync(backend.sparql.start)
    if state.settings.ready_message:
        print(state.settings.ready_message, file=sys.stderr, flush=True)
    try:
        yield
    finally:
        backend.live.stop()
        await anyio.to_thread.run_sync(backend.sparql.close)


async def guard_and_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    state: AppState = request.app.state.boussole
    started = time.perf_counter()
    length = request.headers.get("content-length")
    live = state.backend.live
    token = pin(live)  # the whole request answers from one version of the graph and index
    pinned = snapshot(live)
    limit = state.settings.max_body_bytes
    try:
        if length and length.isdigit() and int(length) > limit:
            response: Response = JSONResponse({"detail": f"request body over {limit} bytes"}, status_code=413)
        else:
            response = await call_next(request)
    finally:
        unpin(token)
    if pinned is not None:
        response.headers["X-Boussole-Version"] = pinned.version
    log.info(
        json.dumps(
            {
                "event": "request",
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "client": request.client.host if request.client else None,
            }
        )
    )
    return response


def create_app(settings: Settings) -> FastAPI:
    _json_logger()
    backend = open_backend(settings, load=False, warm=True, require_documents=False)
    # FastAPI's own /docs loads Swagger UI from a CDN: blank offline. fastapi-offline serves the
    # same Swagger UI and ReDoc from its wheel.
    # No slash redirects: Starlette builds their Location from the Host header.
    app = FastAPIOffline(
        title="Boussole", version=__version__, lifespan=lifespan, redirect_slashes=False, description=DESCRIPTION
    )
    app.state.boussole = AppState(
        settings, backend, ClientShare(settings.compute_per_client, wait_s=settings.compute_wait_s)
    )
    app.state.sparql = backend.sparql

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
            # a browser client must be able to read why a SPARQL answer was cut short
            expose_headers=[
                "X-Boussole-Truncated",
                "X-Boussole-Timeout",
                "X-Boussole-Memory-Limit",
                "X-Boussole-Version",
            ],
        )
    app.add_exception_handler(RequestValidationError, validation_handler)
    # Inside the logging middleware (added after it), so that its 413s are logged too.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.middleware("http")(guard_and_log)
    app.add_middleware(FramingGuard)  # outermost: an ambiguous request reaches nothing

    for router in ROUTERS:
        app.include_router(router)
    pages.mount_static(app)
    return app
