"""One APIRouter per surface of the web API; api/app.create_app includes them in this order
(the order of the OpenAPI description).

- sparql.py: GET|POST /sparql, the SPARQL 1.1 Protocol (the engine is api/sparql/)
- compare.py: /plans, /coverage, /compare, /graph/neighbourhood, /plans/tree, /why, /analytics
- vocabulary.py: /vocabulary, the labels the page shows, from the ontology
- search.py: /search
- entities.py: /entities/{id}
- chat.py: POST /chat
- dumps.py: /dumps, /dumps/{name}
- health.py: /health
- pages.py: the page (/) and its static files
"""

from __future__ import annotations

from fastapi import APIRouter

from . import chat, compare, dumps, entities, health, pages, search, sparql, vocabulary

ROUTERS: tuple[APIRouter, ...] = (
    sparql.router,
    compare.router,
    vocabulary.router,
    search.router,
    entities.router,
    chat.router,
    dumps.router,
    health.router,
    pages.router,
)
