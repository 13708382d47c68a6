"""GET /dumps and /dumps/{name}: the whole graph as Turtle, N-Quads or JSON-LD, as the ingest wrote it."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from ..deps import State
from ..schemas import errors

DUMPS = {"boussole.ttl": "text/turtle", "boussole.nq": "application/n-quads", "boussole.jsonld": "application/ld+json"}

router = APIRouter(tags=["graph"])


@router.get("/dumps", summary="Downloadable dumps of the whole graph")
def dumps(state: State) -> dict:
    data = state.settings.dirs
    return {
        "dumps": [
            {"name": n, "media_type": m, "url": f"/dumps/{n}", "bytes": data.dump(n).stat().st_size}
            for n, m in DUMPS.items()
            if data.dump(n).is_file()
        ]
    }


@router.get("/dumps/{name}", summary="One dump: boussole.ttl, boussole.nq or boussole.jsonld", responses=errors(404))
def dump(name: str, state: State):
    if name not in DUMPS:  # a fixed list: no path from the request reaches the filesystem
        raise HTTPException(404, f"no dump {name!r}: available {', '.join(DUMPS)}")
    path = state.settings.dirs.dump(name)
    if not path.is_file():
        raise HTTPException(404, f"dump {name} has not been written: run `boussole ingest`")
    return FileResponse(path, media_type=DUMPS[name], filename=name)
