"""GET /health: liveness, and what the server answers from."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from boussole import __version__

from ..deps import State, maybe_snapshot
from ..live import Snapshot
from ..schemas import errors

router = APIRouter()


@router.get("/health", tags=["meta"], summary="Liveness and what is loaded", responses=errors(503))
def health(state: State, current: Annotated[Snapshot | None, Depends(maybe_snapshot)]) -> dict:
    if current is None or state.started is None:
        return JSONResponse({"status": "starting"}, status_code=503)
    s, store, settings = current.searcher, current.store, state.settings
    return {
        "status": "ok",
        "version": __version__,
        "documents": len(store.documents()),
        "units": len(s.units),
        "engines": list(s.engines),
        "index": {"path": str(s.index.path.name), "fingerprint": s.index.fingerprint[:12]},
        "sparql": {"timeout_s": settings.sparql_timeout_s, "max_rows": settings.sparql_max_rows},
        "graph_version": current.version,
        "reloads": state.backend.live.reloads,
        "uptime_s": round(time.time() - state.started, 1),
    }
