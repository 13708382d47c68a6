"""GET|POST /sparql: the SPARQL 1.1 Protocol in front of api/sparql/service.py.

    app.state.sparql = service                  # what sparql_service (api/deps.py) returns
    app.include_router(router)

or, for the endpoint alone, `app.include_router(sparql_router(SparqlSettings(path)))`, whose
lifespan starts and stops the workers. Errors are plain text, as the Protocol has them.
"""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Request, Response

from ..deps import sparql_service
from ..schemas import SPARQL_ERRORS
from ..sparql.protocol import FORM, SPARQL_QUERY, parse_protocol, service_description
from ..sparql.service import MAX_QUERY_BYTES, TOO_LARGE, QueryResponse, SparqlService, SparqlSettings, run_query
from ..sparql.worker import QueryOutcome, error

router = APIRouter(tags=["sparql"], responses=SPARQL_ERRORS)
Service = Annotated[SparqlService, Depends(sparql_service)]


def _response(outcome: QueryOutcome | QueryResponse) -> Response:
    headers = {"Vary": "Accept", **outcome.headers}
    return Response(content=outcome.body, status_code=outcome.status, media_type=outcome.media_type, headers=headers)


_PARAM_DOCS = [
    {
        "name": "query",
        "in": "query",
        "schema": {"type": "string"},
        "description": "SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE). Omit it to get the service description.",
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
        "description": "graph(s) merged into the default graph (replaces FROM)",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
        "description": "graph(s) visible to GRAPH (replaces FROM NAMED)",
    },
    {
        "name": "format",
        "in": "query",
        "schema": {"type": "string"},
        "description": "overrides Accept: json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml (CONSTRUCT/DESCRIBE)",
    },
]


async def _handle(service: SparqlService, request: Request, body: bytes) -> Response:
    if len(body) > MAX_QUERY_BYTES:
        return _response(error(413, TOO_LARGE))
    parsed = parse_protocol(
        request.method, request.query_params.multi_items(), request.headers.get("content-type"), body
    )
    if isinstance(parsed, QueryOutcome):
        return _response(parsed)
    # the configured public URL, never the Host header: a client must not be able to write the
    # endpoint IRI of the service description or the base IRI its query resolves against
    endpoint = service.settings.public_url.rstrip("/") + "/sparql"
    accept = request.headers.get("accept")
    if parsed.query is None:
        if parsed.default_graphs or parsed.named_graphs:
            return _response(error(400, "graph parameters given without a query"))
        return _response(service_description(endpoint, accept, service.describe_limits()))
    client = request.client.host if request.client else "unknown"
    query = parsed.query

    def fair_run() -> QueryResponse | QueryOutcome:
        wait = service.crashes.retry_after(client)
        if wait is not None:
            return error(
                429,
                f"queries from {client} crashed {service.crashes.limit} SPARQL workers in the last "
                f"{service.crashes.window_s:g} s; retry in {wait} s",
                {"Retry-After": str(wait)},
            )
        if not service.clients.acquire(client):
            return error(
                429,
                f"too many SPARQL queries from {client} at once (at most "
                f"{service.clients.limit} run in parallel per client); retry when one has finished",
                {"Retry-After": "1"},
            )
        try:
            return run_query(
                service,
                query,
                accept,
                parsed.default_graphs,
                parsed.named_graphs,
                base_iri=endpoint,
                format_name=parsed.format_name,
                on_crash=lambda: service.crashes.record(client),
            )
        finally:
            service.clients.release(client)

    return _response(await anyio.to_thread.run_sync(fair_run))


@router.get(
    "/sparql", summary="SPARQL 1.1 query (GET)", openapi_extra={"parameters": _PARAM_DOCS}, response_class=Response
)
async def sparql_get(request: Request, service: Service) -> Response:
    return await _handle(service, request, b"")


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query (POST form or direct)",
    response_class=Response,
    openapi_extra={
        "parameters": _PARAM_DOCS[1:],
        "requestBody": {
            "required": True,
            "content": {
                FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
                SPARQL_QUERY: {"schema": {"type": "string"}},
            },
        },
    },
)
async def sparql_post(request: Request, service: Service) -> Response:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_QUERY_BYTES:
        return _response(error(413, TOO_LARGE))
    return await _handle(service, request, await request.body())


def sparql_router(settings: SparqlSettings | SparqlService) -> APIRouter:
    """/sparql alone, for an app of its own: its lifespan starts and stops the workers (FastAPI
    merges an included router's lifespan into the app's)."""
    service = settings if isinstance(settings, SparqlService) else SparqlService(settings)

    async def lifespan(app):
        app.state.sparql = service
        await anyio.to_thread.run_sync(service.start)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(service.close)

    standalone = APIRouter(lifespan=lifespan)
    standalone.include_router(router)
    return standalone
