"""Boussole as Model Context Protocol tools for chat clients: ask, search, entity, compare, sparql.

    backend = open_backend(McpSettings(data=Path("data")))
    build_server(backend).run("stdio")          # what `boussole mcp` does

Every tool calls the function behind the matching HTTP route (api/chat.ChatService.ask for
questions, api/queries.py for search and entities, api/sparql.run_query for SPARQL,
graph/coverage.compare for comparisons), so inputs,
limits and error messages are the same over MCP as over HTTP. A refused input becomes an MCP
tool error (`isError: true`) whose text is the HTTP `detail`.
"""
from __future__ import annotations

import json
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, AsyncIterator

import anyio
from pydantic import Field

from boussole import __version__

from .queries import MAX_K, MAX_QUERY_CHARS, UNIT_TYPES, QueryError, lookup_entity, run_search, search_request

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


@dataclass(frozen=True)
class McpSettings:
    data: Path
    engines: tuple[str, ...] | None = None      # None: $BOUSSOLE_ENGINES or the offline default
    store: Any = None                           # graph.backends.StoreConfig; None: $BOUSSOLE_STORE or data/store
    sparql_timeout_s: float = 10.0              # the HTTP endpoint's defaults (`boussole serve`)
    sparql_max_rows: int = 10000
    sparql_workers: int = 2
    threads: int = 2


@dataclass
class Backend:
    """What the tools read from, opened once per server process."""
    store: Any          # boussole.graph.store.GraphStore, read-only
    searcher: Any       # boussole.search.hybrid.Searcher
    sparql: Any         # boussole.api.sparql.SparqlService (workers start with the server)
    chat: Any = None    # boussole.api.chat.ChatService, the one /chat uses

    def close(self) -> None:
        self.sparql.close()
        self.store.close()


class StoreMissing(RuntimeError):
    pass


def open_backend(settings: McpSettings, progress=None) -> Backend:
    """Open the store, the search index (rebuilt from the cache if stale) and the SPARQL service.
    Raises StoreMissing when the data directory holds no ingested store, EngineUnavailable when a
    model is not on the machine."""
    from boussole.graph.backends import StoreConfig
    from boussole.search.service import engine_specs, open_searcher

    from .sparql import SparqlService, SparqlSettings

    config = settings.store or StoreConfig.resolve(settings.data)
    path = config.path or settings.data / "store"
    if config.embedded and not path.exists():
        raise StoreMissing(f"no graph store in {settings.data}: run `boussole ingest` first")
    store = config.open(read_only=True)
    if not store.documents():
        store.close()
        raise StoreMissing(f"the graph store in {settings.data} is empty: run `boussole ingest` first")
    try:
        searcher, _ = open_searcher(store, settings.data, engine_specs(",".join(settings.engines or ())),
                                    threads=settings.threads, progress=progress)
    except BaseException:
        store.close()
        raise
    sparql = SparqlService(SparqlSettings(store_path=path, timeout_s=settings.sparql_timeout_s,
                                          max_rows=settings.sparql_max_rows, workers=settings.sparql_workers,
                                          store_url=None if config.embedded else config.url,
                                          store_endpoints=(("graphs", config.graphs),)))
    from .chat import ChatService

    return Backend(store, searcher, sparql, ChatService(searcher, store))


# -- tool bodies (plain functions: the server below only registers them) -----------------------

def _tool_error(message: str):
    from mcp.server.mcpserver.exceptions import ToolError

    return ToolError(message)


def ask_tool(backend: Backend, message: str, conversation_id: str | None) -> dict:
    from pydantic import ValidationError

    from .app import ChatRequest

    try:  # the limits of POST /chat
        ChatRequest(message=message, conversation_id=conversation_id)
    except ValidationError as e:
        raise _tool_error("; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())) from None
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
    try:
        from boussole.graph.coverage import compare
    except ImportError:
        raise _tool_error("comparison is not available in this installation (boussole.graph.coverage is missing)") from None
    try:
        return compare(backend.store, theme, list(plans or []) or None)
    except ValueError as e:
        raise _tool_error(str(e)) from None


def sparql_tool(backend: Backend, query: str) -> dict:
    """Through run_query, as GET /sparql?query=… without an Accept header: SELECT/ASK come back
    as SPARQL JSON results, CONSTRUCT/DESCRIBE as Turtle."""
    from .sparql import MAX_QUERY_BYTES, run_query

    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        raise _tool_error(f"query larger than {MAX_QUERY_BYTES} bytes")
    answer = run_query(backend.sparql, query)
    text = answer.body.decode("utf-8", errors="replace")
    if answer.status != 200:
        raise _tool_error(text.strip())
    headers = {k.lower(): v for k, v in answer.headers.items()}
    result: Any = json.loads(text) if "json" in answer.media_type else text
    return {"media_type": answer.media_type, "result": result,
            # the row cap is reported the way the HTTP endpoint reports it (X-Boussole-Truncated)
            "truncated": headers.get("x-boussole-truncated")}


# -- the server ---------------------------------------------------------------------------------

_Strs = list[str] | None


def build_server(backend: Backend):
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    @asynccontextmanager
    async def lifespan(_server) -> AsyncIterator[None]:
        # The first query loads tokenizers and touches every page of the index (seconds): done in
        # the background so that the client's handshake is not kept waiting for it.
        threading.Thread(target=backend.searcher.search, args=("warm-up",), daemon=True,
                         name="boussole-warm-up").start()
        # SPARQL workers start here, once stdio is claimed, so they never inherit the wire
        await anyio.to_thread.run_sync(backend.sparql.start)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(backend.sparql.close)

    server = MCPServer("boussole", title="Boussole — projets académiques", version=__version__,
                       instructions=INSTRUCTIONS, lifespan=lifespan, log_level="WARNING")
    read_only = ToolAnnotations(**READ_ONLY)

    @server.tool(title="Ask a question / Poser une question", annotations=read_only)
    def ask(
        message: Annotated[str, Field(description="A question in French or English, e.g. \"How many internats "
                                                  "d'excellence does Amiens have?\" or « Où se trouve le projet "
                                                  "Calliopé ? » (1 to 2000 characters).",
                                      json_schema_extra={"minLength": 1, "maxLength": 2000})],
        conversation_id: Annotated[str | None, Field(description="The `conversation_id` of a previous answer, "
                                                                 "for a follow-up question.")] = None,
    ) -> dict[str, Any]:
        """Answers a question about the plans: the first sentence states the fact (a figure with its
        year, a project's commune and département, the list of projects or devices asked for), then
        what supports it, with [n] markers pointing at `citations` (IRI, label, source lines).
        `understood` says how the question was read. Same input and output as POST /chat.
        Répond à une question, le fait d'abord, avec ses citations."""
        return ask_tool(backend, message, conversation_id)

    @server.tool(title="Search the plans / Rechercher dans les projets", annotations=read_only)
    def search(
        query: Annotated[str, Field(description="Words or a question, in French or English (≤ "
                                                f"{MAX_QUERY_CHARS} characters), e.g. \"excellence boarding schools\" "
                                                "or « internats d'excellence ».",
                                    json_schema_extra={"minLength": 1, "maxLength": MAX_QUERY_CHARS})],
        k: Annotated[int, Field(description=f"Number of results, 1 to {MAX_K}.",
                                json_schema_extra={"minimum": 1, "maximum": MAX_K})] = 10,
        types: Annotated[_Strs, Field(description="Only these node types: " + ", ".join(UNIT_TYPES) + ".")] = None,
        academies: Annotated[_Strs, Field(description="Only these académies, by name (e.g. \"Amiens\", "
                                                      "\"Clermont-Ferrand\").")] = None,
        themes: Annotated[_Strs, Field(description="Only units tagged with these themes: id (\"inclusion\"), "
                                                   "French label or IRI.")] = None,
        devices: Annotated[_Strs, Field(description="Only units naming these national devices: id, French "
                                                    "label (« cités éducatives ») or IRI.")] = None,
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
        id: Annotated[str, Field(description="The node's IRI (the `id` of a search hit), or its path under "
                                             "https://w3id.org/boussole/id/ such as \"plan/clermont-ferrand-2023-2027\".")],
    ) -> dict[str, Any]:
        """One node of the graph: type, label, literals, neighbours both ways (devices, themes, places,
        parent and child nodes), breadcrumb, and provenance (source document, first and last line,
        quote). Same output as GET /entities/{id}. Fiche d'un nœud avec sa provenance (lignes sources)."""
        return entity_tool(backend, id)

    @server.tool(title="Compare plans on a theme / Comparer les projets sur un thème", annotations=read_only)
    def compare(
        theme: Annotated[str, Field(description="Theme id (\"inclusion\", \"climat-scolaire\"…), French or English "
                                                "label, or IRI.")],
        plans: Annotated[_Strs, Field(description="Plans to compare: académie names (\"Amiens\"), plan slugs or "
                                                  "IRIs. Omit for all plans.")] = None,
    ) -> dict[str, Any]:
        """The plans side by side on one theme: for each plan its objectives, engagements, indicators,
        actions, projects and figures carrying the theme (with score, notation and source lines), plus
        the devices the plans share on it. Same output as GET /compare. Comparer les projets sur un thème."""
        return compare_tool(backend, theme, plans)

    @server.tool(title="Read-only SPARQL / SPARQL en lecture seule", annotations=read_only)
    def sparql(
        query: Annotated[str, Field(description="A SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query. "
                                                "Prefixes bsl: bsld: bslt: skos: prov: dcterms: schema: qb: rdfs: "
                                                "are predeclared.")],
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
