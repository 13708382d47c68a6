"""GET /search: hybrid search over every unit of the plans, French or English."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from ..deps import Fair, SearcherDep
from ..queries import MAX_K, MAX_QUERY_CHARS, UNIT_TYPES, QueryError, run_search, search_request
from ..schemas import errors

router = APIRouter()


@router.get(
    "/search", tags=["search"], summary="Search plans by theme (French or English)", responses=errors(400, 422, 429)
)
def search(
    searcher: SearcherDep,
    fair: Fair,
    # Bounds are checked by api/queries.py (shared with the MCP tools); here they only document.
    q: Annotated[
        str,
        Query(
            description=f"words or a question (at most {MAX_QUERY_CHARS} characters)",
            json_schema_extra={"minLength": 1, "maxLength": MAX_QUERY_CHARS},
            examples=["projects supporting rural access to culture"],
        ),
    ],
    k: Annotated[
        int, Query(description=f"number of results (1 to {MAX_K})", json_schema_extra={"minimum": 1, "maximum": MAX_K})
    ] = 10,
    type: Annotated[list[str] | None, Query(description=f"node types: {', '.join(UNIT_TYPES)}")] = None,
    academy: Annotated[list[str] | None, Query(description="académie name", examples=[["Amiens"]])] = None,
    theme: Annotated[list[str] | None, Query(description="theme id, label or IRI", examples=[["culture"]])] = None,
    device: Annotated[list[str] | None, Query(description="device id, label or IRI")] = None,
) -> dict:
    try:
        checked = search_request(q, k, type, academy, theme, device)
        return fair.run(lambda: run_search(searcher, checked))
    except QueryError as e:
        raise HTTPException(e.status, str(e)) from None
