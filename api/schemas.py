"""Response models and error entries of the OpenAPI description (requests are checked in
api/queries.py, shared with the MCP tools)."""

from __future__ import annotations

from pydantic import BaseModel, Field


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
    detail: str | list[dict] = Field(
        description="what was wrong, naming the parameter at fault "
        "(a list of validation errors for a malformed request)"
    )


_ERROR_TEXT = {
    400: "bad parameter or unreadable body: the message says which",
    404: "no such entity, node, plan or dump",
    413: "request body over 1 MB",
    422: "missing, malformed or out-of-range parameter",
    429: "this client already has a search running; retry",
    503: "still starting",
}


def errors(*codes: int) -> dict:
    """OpenAPI entries for the errors a route answers with: every one is `{"detail": …}`."""
    return {c: {"model": Problem, "description": _ERROR_TEXT[c]} for c in codes}


# SPARQL errors are plain text, as the SPARQL 1.1 Protocol has them.
SPARQL_ERRORS = {
    c: {"description": d, "content": {"text/plain": {"schema": {"type": "string"}}}}
    for c, d in {
        400: "malformed query, an update, SERVICE, or an unknown graph",
        406: "no acceptable result format",
        413: "request body over 1 MB",
        415: "unsupported request content type",
        429: "too many queries from this client",
        503: "time or memory limit reached",
    }.items()
}
