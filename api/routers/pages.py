"""The page: GET / and its ES modules, style and pictures under /static."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = resources.files("boussole.api") / "static"

router = APIRouter()


def mount_static(app: FastAPI) -> None:
    # a mount, which an included router would not carry
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")


@router.get("/", include_in_schema=False)
def page() -> HTMLResponse:
    return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))
