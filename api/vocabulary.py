"""GET /vocabulary: the words a client shows for node types, relations and search facets, read
from ontology/boussole.ttl once per process (boussole.graph.labels), so that the page repeats none
of them.

    app.include_router(vocabulary.router)
"""
from __future__ import annotations

from fastapi import APIRouter, Response

from boussole.graph.labels import build, vocabulary

__all__ = ["build", "router", "vocabulary"]

router = APIRouter(tags=["meta"])


@router.get("/vocabulary", summary="Labels of node types, relations and search facets (French and English), "
                                   "and the IRI prefixes, from the Boussole ontology")
def vocabulary_route(response: Response) -> dict:
    # Changes only with a new release of the ontology: let the browser keep it for a while.
    response.headers["Cache-Control"] = "public, max-age=300"
    return vocabulary()


vocabulary()  # at import, that is at start-up: a broken ontology stops the server, not the page
