"""What a route reads, as FastAPI dependencies: the application's state (api/app.create_app puts
it on `app.state`) and, from it, the request's snapshot of store, searcher and chat.

    @router.get("/plans")
    def plans(store: Store) -> dict: ...

The middleware pins one snapshot per request (api/live.pin), so every dependency of a request
reads the same version of the graph and index. The dependencies are coroutines: they only read
attributes, and a plain function would cost each request a hop through the thread pool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, HTTPException, Request

from boussole.graph.store import GraphStore
from boussole.search.hybrid import Searcher

from .backend import Backend, Settings
from .chat import ChatService
from .http_guard import ClientShare
from .live import Snapshot, snapshot
from .sparql.service import SparqlService

T = TypeVar("T")


@dataclass
class AppState:
    settings: Settings
    backend: Backend
    compute: ClientShare  # /search and /chat calls per client (see http_guard.ClientShare)
    started: float | None = None  # time.time() once the first snapshot is loaded


async def app_state(request: Request) -> AppState:
    return request.app.state.boussole


State = Annotated[AppState, Depends(app_state)]


async def sparql_service(request: Request) -> SparqlService:
    # its own attribute: the SPARQL routes also serve without the rest of the app (routers/sparql.sparql_router)
    return request.app.state.sparql


async def maybe_snapshot(state: State) -> Snapshot | None:
    return snapshot(state.backend.live)


async def current(snap: Annotated[Snapshot | None, Depends(maybe_snapshot)]) -> Snapshot:
    if snap is None:  # requests are only served once the lifespan has loaded one
        raise HTTPException(503, "still starting")
    return snap


Current = Annotated[Snapshot, Depends(current)]


async def store(snap: Current) -> GraphStore:
    return snap.store


async def searcher(snap: Current) -> Searcher:
    return snap.searcher


async def chat(snap: Current) -> ChatService:
    return snap.chat


Store = Annotated[GraphStore, Depends(store)]
SearcherDep = Annotated[Searcher, Depends(searcher)]
Chat = Annotated[ChatService, Depends(chat)]


@dataclass(frozen=True)
class FairShare:
    """One client's share of the CPU-bound routes."""

    share: ClientShare
    client: str

    def run(self, work: Callable[[], T]) -> T:
        if not self.share.acquire(self.client):
            raise HTTPException(
                429,
                f"{self.client} already has {self.share.limit} search or chat request(s) "
                "running; retry when it has finished",
                headers={"Retry-After": "1"},
            )
        try:
            return work()
        finally:
            self.share.release(self.client)


async def fair_share(request: Request, state: State) -> FairShare:
    return FairShare(state.compute, request.client.host if request.client else "unknown")


Fair = Annotated[FairShare, Depends(fair_share)]
