"""HTTP hygiene that FastAPI, Starlette and uvicorn leave to the application.

- `validation_handler`: FastAPI's default 422 echoes each offending input back as JSON. Python's
  JSON reader accepts `1e999`, `NaN`, `-Infinity` and lone UTF-16 surrogates (`"\\ud800"`) that
  no JSON writer may emit, so the echo itself failed and the client got a 500. Inputs are made
  JSON-safe before they are echoed: non-finite numbers as their name, unpaired surrogates as
  `\\udXXX` text.
- `no_lone_surrogates`: a pydantic validator for text fields; a lone surrogate is not a
  character, so no further code (the search, the chat, a JSON response) should have to cope with
  one.
- `FramingGuard`: a request with both Transfer-Encoding and Content-Length is ambiguous (the
  classic request-smuggling vector: a proxy and this server may disagree on where it ends): 400,
  and the connection is closed.
- `ClientShare`: the embedding calls behind /search and /chat are CPU-bound; one client may run
  at most `limit` of them at once, and waits at most `wait_s` for its turn (then 429), so a
  client sending expensive requests in parallel cannot queue everyone else behind it.
"""

from __future__ import annotations

import math
import threading
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send


def json_safe(value: Any) -> Any:
    """`value` with everything a strict JSON writer refuses replaced by readable text."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, bytes):
        return value.decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


async def validation_handler(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = []
    for err in exc.errors():
        err = dict(err)
        if not _safe_ctx(err.get("ctx")):
            err.pop("ctx")
        errors.append(json_safe(jsonable_encoder(err, custom_encoder={float: json_safe})))
    return JSONResponse({"detail": errors}, status_code=422)


def _safe_ctx(ctx: Any) -> bool:
    # pydantic puts the exception object in ctx["error"] for custom validators: not JSON
    return ctx is None or all(isinstance(v, (str, int, float, bool, type(None))) for v in ctx.values())


def no_lone_surrogates(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = value[e.start : e.end].encode("utf-8", "backslashreplace").decode()
        raise ValueError(
            f"contains {bad} at position {e.start}, a lone UTF-16 surrogate that is not a "
            "character; send valid UTF-8 text"
        ) from None
    return value


class FramingGuard:
    """Pure ASGI middleware: refuse a request that declares its length two ways."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            names = {k.lower() for k, _ in scope.get("headers", ())}
            if b"transfer-encoding" in names and b"content-length" in names:
                response = JSONResponse(
                    {"detail": "request has both Transfer-Encoding and Content-Length; send one of them"},
                    status_code=400,
                    headers={"Connection": "close"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class ClientShare:
    """At most `limit` running requests per client address; a client's extra requests wait their
    turn (up to `wait_s`, then the caller answers 429). Used for SPARQL queries (limit: workers - 1,
    so one client can never hold every worker) and for the embedding calls of /search and /chat."""

    def __init__(self, limit: int, wait_s: float):
        self.limit = max(1, limit)
        self.wait_s = wait_s
        self._running: dict[str, int] = {}
        self._cond = threading.Condition()

    def acquire(self, client: str) -> bool:
        with self._cond:
            ok = self._cond.wait_for(lambda: self._running.get(client, 0) < self.limit, timeout=self.wait_s)
            if ok:
                self._running[client] = self._running.get(client, 0) + 1
            return ok

    def release(self, client: str) -> None:
        with self._cond:
            left = self._running.get(client, 1) - 1
            if left > 0:
                self._running[client] = left
            else:
                self._running.pop(client, None)
            self._cond.notify_all()

    def running(self, client: str) -> int:
        with self._cond:
            return self._running.get(client, 0)
