"""GET /vocabulary: labels of node types, relations and facets, from the ontology (api/vocabulary.py)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ..vocabulary import vocabulary

router = APIRouter(tags=["meta"])


@router.get(
    "/vocabulary",
    summary="Labels of node types, relations and search facets (French and English), "
    "and the IRI prefixes, from the Boussole ontology",
)
def vocabulary_route(response: Response) -> dict:
    # Changes only with a new release of the ontology: let the browser keep it for a while.
    response.headers["Cache-Control"] = "public, max-age=300"
    return vocabulary()
