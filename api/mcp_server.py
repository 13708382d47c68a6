"""Boussole as Model Context Protocol tools for chat clients: ask, search, entity, compare, sparql.

    backend = open_backend(Settings(data=Path("data")))      # api/backend.py, as `boussole serve`
    build_server(backend).run("stdio")                       # what `boussole mcp` does

Every tool checks its input with the validator of the matching HTTP route and calls the same
function (api/queries.py for questions, search, entities and comparisons, api/chat.ChatService.ask
for answers, api/sparql/service.run_query for SPARQL), so inputs, limits and error messages are
the same over MCP as over HTTP. A refused input becomes an MCP tool error (`isError: true`)
whose text is the HTTP `detail`.
"""

from __future__ import annotations

import json
import threading
from contextlib import asynccontextmanager
from typing import Annotated, Any, AsyncIterator

import anyio
from pydantic import Field

from boussole import __version__

from .backend import Backend, Settings, StoreMissing, open_backend
from .queries import (
    MAX_K,
    MAX_QUERY_CHARS,
    UNIT_TYPES,
    QueryError,
    chat_request,
    compare_request,
    lookup_entity,
    run_compare,
    run_search,
    search_request,
)
from .sparql.service import MAX_QUERY_BYTES, TOO_LARGE, run_query

__all__ = [
    "Backend",
    "McpSettings",
    "Settings",
    "StoreMissing",
    "build_server",
    "open_backend",
    "ask_tool",
    "search_tool",
    "entity_tool",
    "compare_tool",
    "sparql_tool",
]

INSTRUCTIONS = """\
Boussole: a knowledge graph of French education plans (« projets académiques » of the académies,
e.g. Amiens and Clermont-Ferrand): axes, objectives, engagements, indicators, actions, projects,
figures, the national devices they name and the themes they address, each with its source lines.
Ask in French or English; the text of the plans is French.
- `ask` answers a question with the fact first and numbered citations, as the page's chat does
  (counts, places of projects, lists under constraints, devices the plans share); pass the
  returned `conversation_id` back for follow-ups ("and in Amiens?").
- `search` finds the passages and nodes about a topic (start here); filter by type, académie, theme, device.
- `entity` opens one node by its IRI (from a search hit): literals, neighbours, breadcrumb, provenance lines.
- `compare` sets the plans side by side on one theme.
- `sparql` runs a read-only SPARQL 1.1 query for exact counts and lists.
Quote the source lines given in `source.lines` / `provenance` when you cite a plan.
"""

READ_ONLY = {"read_only_hint": True, "destructive_hint": False, "idempotent_hint": True, "open_world_hint": False}


McpSettings = Settings  # the server's settings: only the data, store, engines and SPARQL limits are read


# -- tool bodies (plain functions: the server below only registers them) -----------------------


def _tool_error(message: str):
    from mcp.server.mcpserver.exceptions import ToolError

    return ToolError(message)


def ask_tool(backend: Backend, message: str, conversation_id: str | None) -> dict:
    try:  # the limits of POST /chat
        chat_request(message, conversation_id)
    except QueryError as e:
        raise _tool_error(str(e)) from None
    return backend.chat.ask(message, conversation_id)


def search_tool(backend: Backend, query: str, k: int, types, academies, themes, devices) -> dict:
    try:
        return run_search(backend.searcher, search_request(query, k, types, academies, themes, devices))
    except QueryError as e:
        raise _tool_error(str(e)) from None


def entity_tool(backend: Backend, id: str) -> dict:
    try:
        return lookup_entity(backend.store, id)
    except QueryError as e:
        raise _tool_error(str(e)) from None


def compare_tool(backend: Backend, theme: str, plans: list[str] | None) -> dict:
    store = backend.store
    try:
        return run_compare(store, compare_request(store, theme, plans))
    except QueryError as e:
        raise _tool_error(str(e)) from None


def sparql_tool(backend: Backend, query: str) -> dict:
    """Through run_query, as GET /sparql?query=… without an Accept header: SELECT/ASK come back
    as SPARQL JSON results, CONSTRUCT/DESCRIBE as Turtle."""
    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        raise _tool_error(TOO_LARGE)
    answer = run_query(backend.sparql, query)
    text = answer.body.decode("utf-8", errors="replace")
    if answer.status != 200:
        raise _tool_error(text.strip())
    headers = {k.lower(): v for k, v in answer.headers.items()}
    result: Any = json.loads(text) if "json" in answer.media_type else text
    return {
        "media_type": answer.media_type,
        "result": result,
        # the row cap is reported the way the HTTP endpoint reports it (X-Boussole-Truncated)
        "truncated": headers.get("x-boussole-truncated"),
    }


# -- the server ---------------------------------------------------------------------------------

_Strs = list[str] | None


def build_server(backend: Backend):
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    @asynccontextmanager
    async def lifespan(_server) -> AsyncIterator[None]:
        # The first query loads tokenizers and touches every page of the index (seconds): done in
        # the background so that the client's handshake is not kept waiting for it.
        threading.Thread(
            target=backend.searcher.search, args=("warm-up",), daemon=True, name="boussole-warm-up"
        ).start()
        # SPARQL workers start here, once stdio is claimed, so they never inherit the wire
        await anyio.to_thread.run_sync(backend.sparql.start)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(backend.sparql.close)

    server = MCPServer(
        "boussole",
        title="Boussole — projets académiques",
        version=__version__,
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        log_level="WARNING",
    )
    read_only = ToolAnnotations(**READ_ONLY)

    @server.tool(title="Ask a question / Poser une question", annotations=read_only)
    def ask(
        message: Annotated[
            str,
            Field(
                description='A question in French or English, e.g. "How many internats '
                "d'excellence does Amiens have?\" or « Où se trouve le projet "
                "Calliopé ? » (1 to 2000 characters).",
                json_schema_extra={"minLength": 1, "maxLength": 2000},
            ),
        ],
        conversation_id: Annotated[
            str | None, Field(description="The `conversation_id` of a previous answer, for a follow-up question.")
        ] = None,
    ) -> dict[str, Any]:
        """Answers a question about the plans: the first sentence states the fact (a figure with its
        year, a project's commune and département, the list of projects or devices asked for), then
        what supports it, with [n] markers pointing at `citations` (IRI, label, source lines).
        `understood` says how the question was read. Same input and output as POST /chat.
        Répond à une question, le fait d'abord, avec ses citations."""
        return ask_tool(backend, message, conversation_id)

    @server.tool(title="Search the plans / Rechercher dans les projets", annotations=read_only)
    def search(
        query: Annotated[
            str,
            Field(
                description="Words or a question, in French or English (≤ "
                f'{MAX_QUERY_CHARS} characters), e.g. "excellence boarding schools" '
                "or « internats d'excellence ».",
                json_schema_extra={"minLength": 1, "maxLength": MAX_QUERY_CHARS},
            ),
        ],
        k: Annotated[
            int,
            Field(description=f"Number of results, 1 to {MAX_K}.", json_schema_extra={"minimum": 1, "maximum": MAX_K}),
        ] = 10,
        types: Annotated[_Strs, Field(description="Only these node types: " + ", ".join(UNIT_TYPES) + ".")] = None,
        academies: Annotated[
            _Strs, Field(description='Only these académies, by name (e.g. "Amiens", "Clermont-Ferrand").')
        ] = None,
        themes: Annotated[
            _Strs, Field(description='Only units tagged with these themes: id ("inclusion"), French label or IRI.')
        ] = None,
        devices: Annotated[
            _Strs,
            Field(
                description="Only units naming these national devices: id, French label (« cités éducatives ») or IRI."
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Hybrid semantic search (multilingual embeddings + BM25) over every objective, engagement,
        indicator, action, project, figure and passage of the plans. English queries reach the French
        text. Each hit has its IRI (`id`, usable with `entity`), type, label, text, breadcrumb
        (plan › axis › objective), source file and lines, devices and themes; `facets` count types,
        académies, themes and devices over the best 50. Same input and output as GET /search.
        Recherche sémantique en français ou en anglais dans les projets académiques."""
        return search_tool(backend, query, k, types, academies, themes, devices)

    @server.tool(title="Open a node / Ouvrir un nœud", annotations=read_only)
    def entity(
        id: Annotated[
            str,
            Field(
                description="The node's IRI (the `id` of a search hit), or its path under "
                'https://w3id.org/boussole/id/ such as "plan/clermont-ferrand-2023-2027".'
            ),
        ],
    ) -> dict[str, Any]:
        """One node of the graph: type, label, literals, neighbours both ways (devices, themes, places,
        parent and child nodes), breadcrumb, and provenance (source document, first and last line,
        quote). Same output as GET /entities/{id}. Fiche d'un nœud avec sa provenance (lignes sources)."""
        return entity_tool(backend, id)

    @server.tool(title="Compare plans on a theme / Comparer les projets sur un thème", annotations=read_only)
    def compare(
        theme: Annotated[
            str, Field(description='Theme id ("inclusion", "climat-scolaire"…), French or English label, or IRI.')
        ],
        plans: Annotated[
            _Strs,
            Field(description='Plans to compare: académie names ("Amiens"), plan slugs or IRIs. Omit for all plans.'),
        ] = None,
    ) -> dict[str, Any]:
        """The plans side by side on one theme: for each plan its objectives, engagements, indicators,
        actions, projects and figures carrying the theme (with score, notation and source lines), plus
        the devices the plans share on it. Same output as GET /compare. Comparer les projets sur un thème."""
        return compare_tool(backend, theme, plans)

    @server.tool(title="Read-only SPARQL / SPARQL en lecture seule", annotations=read_only)
    def sparql(
        query: Annotated[
            str,
            Field(
                description="A SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query. "
                "Prefixes bsl: bsld: bslt: skos: prov: dcterms: schema: qb: rdfs: "
                "are predeclared."
            ),
        ],
    ) -> dict[str, Any]:
        """Runs a read-only SPARQL query on the graph, under the limits of the HTTP endpoint /sparql:
        one query per worker process, stopped after the time limit; at most the row cap is returned
        (`truncated` says so); updates, LOAD and SERVICE are refused. The default graph is the union of
        all plans. SELECT/ASK answer as SPARQL JSON results (`result`), CONSTRUCT/DESCRIBE as Turtle text.
        Useful classes: bsl:Plan, bsl:Axis, bsl:Objective, bsl:Engagement, bsl:Indicator, bsl:Action,
        bsl:Project, bsl:Figure, bsl:Device, bsl:Theme; links: bsl:inPlan, skos:broader, bsl:device,
        dcterms:subject, prov:wasDerivedFrom. Requête SPARQL en lecture seule."""
        return sparql_tool(backend, query)

    return server
