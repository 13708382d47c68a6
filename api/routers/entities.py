"""GET /entities/{id}: a node with its literals, neighbours and provenance (api/entities.py)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from ..deps import Store
from ..queries import QueryError, lookup_entity
from ..schemas import errors

router = APIRouter()


@router.get(
    "/entities/{entity_id:path}",
    tags=["graph"],
    summary="A node with its literals, neighbours and provenance",
    responses=errors(400, 404),
)
def entity(entity_id: str, store: Store) -> dict:
    try:
        return lookup_entity(store, entity_id)
    except QueryError as e:
        raise HTTPException(e.status, str(e)) from None
