"""The words a client shows for node types, relations and search facets (GET /vocabulary,
api/routers/vocabulary.py), read from ontology/boussole.ttl once per process by the graph layer
(boussole.graph.labels), so that neither the page nor the API repeats them."""

from __future__ import annotations

from boussole.graph.labels import build, vocabulary

__all__ = ["build", "vocabulary"]

vocabulary()  # at import, that is at start-up: a broken ontology stops the server, not the page
