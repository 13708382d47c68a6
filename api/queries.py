"""Validation and execution of search, entity, comparison and chat requests, shared by the HTTP
routes and the MCP tools, so that both accept the same input, apply the same limits and word
errors the same way.

    request = search_request("internats d'excellence", k=5, types=["Figure"])   # QueryError if bad
    body = run_search(searcher, request)                                         # GET /search JSON
    body = run_compare(store, compare_request(store, "inclusion", ["Amiens"]))  # GET /compare JSON
    chat_request("", None)                                                       # QueryError: the POST /chat limits

A `QueryError` carries the HTTP status the web API answers with; the MCP server turns it into a
tool error with the same message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from pydantic import BaseModel, Field, ValidationError, field_validator

from boussole.graph import coverage
from boussole.text import fold
from boussole.search.units import UNIT_TYPES

from .entities import describe, resolve_id
from .http_guard import no_lone_surrogates

if TYPE_CHECKING:
    from boussole.graph.store import GraphStore
    from boussole.search.hybrid import Searcher

__all__ = [
    "UNIT_TYPES",
    "MAX_K",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "QueryError",
    "query_terms",
    "bounded_topic",
    "SearchRequest",
    "search_request",
    "check_filters",
    "run_search",
    "lookup_entity",
    "ChatRequest",
    "chat_request",
    "CompareRequest",
    "compare_request",
    "run_compare",
]
MAX_K = 100
MAX_QUERY_CHARS = 500
# The cost of a search grows with its word count (the encoders' tokens, the lexical postings),
# not its characters: 500 characters of elisions ("l'd's't'…") are 250 words and cost 0.7 s of
# a core, 64 words of plan text 0.13 s. Queries and chat topics are bounded by both.
MAX_QUERY_TERMS = 64
_TERM = re.compile(r"\w+")


def query_terms(text: str) -> int:
    return len(_TERM.findall(text))


def bounded_topic(text: str) -> tuple[str, bool]:
    """`text` cut to at most MAX_QUERY_CHARS characters and MAX_QUERY_TERMS words (a chat
    question is free text: its topic is cut rather than refused); True when it was cut."""
    cut = text[:MAX_QUERY_CHARS]
    terms = list(_TERM.finditer(cut))
    if len(terms) > MAX_QUERY_TERMS:
        cut = cut[: terms[MAX_QUERY_TERMS - 1].end()]
    return cut, cut != text


class QueryError(ValueError):
    """Bad input (400/422) or nothing found (404); the message names the parameter at fault."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SearchRequest:
    query: str
    k: int = 10
    types: tuple[str, ...] = ()
    academies: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()


def _values(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):  # a chat client may send one value where a list is expected
        values = [values]
    return tuple(v for v in (str(x).strip() for x in values) if v)


def search_request(
    query: str | None,
    k: int = 10,
    types: Iterable[str] | str | None = None,
    academies: Iterable[str] | str | None = None,
    themes: Iterable[str] | str | None = None,
    devices: Iterable[str] | str | None = None,
) -> SearchRequest:
    """The checked form of a search; 422 for a missing or out-of-range value, 400 for an unknown type."""
    if query is None or not query.strip():
        raise QueryError("q: the query is empty: give words or a question, in French or English", 422)
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"q: the query has {len(query)} characters; at most {MAX_QUERY_CHARS} are accepted", 422)
    if query_terms(query) > MAX_QUERY_TERMS:
        raise QueryError(f"q: the query has {query_terms(query)} words; at most {MAX_QUERY_TERMS} are accepted", 422)
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise QueryError(f"k: the number of results must be between 1 and {MAX_K} (got {k!r})", 422)
    types_ = _values(types)
    for t in types_:
        if t not in UNIT_TYPES:
            raise QueryError(f"unknown type {t!r}: use one of {', '.join(UNIT_TYPES)}")
    return SearchRequest(query, k, types_, _values(academies), _values(themes), _values(devices))


def _concept_keys(searcher: Searcher, kind: str) -> set[str]:
    """Every folded way of naming a thesaurus concept: IRI, local id, French labels."""
    keys: set[str] = set()
    for c in searcher.thesaurus.concepts.values():
        if c.kind == kind:
            keys |= {fold(c.id), fold(c.id.rstrip("/").rsplit("/", 1)[-1]), *(fold(x) for x in c.french)}
    return keys


def check_filters(searcher: Searcher, request: SearchRequest) -> None:
    """An académie, theme or device that names nothing is an error, not a silently empty answer.
    Known = carried by some searchable unit (the very postings the filter uses) or, for themes and
    devices, a concept of the thesaurus that no unit happens to carry."""
    for kind, label, values in (
        ("academy", "academy", request.academies),
        ("theme", "theme", request.themes),
        ("device", "device", request.devices),
    ):
        concepts = None
        for v in values:
            if searcher.filter_matches(kind, v):
                continue
            if kind != "academy":
                concepts = _concept_keys(searcher, kind) if concepts is None else concepts
                if fold(v).strip() in concepts:
                    continue
            raise QueryError(f"{label}: unknown {label} {v!r}: {_hint(searcher, kind)}")


def _hint(searcher: Searcher, kind: str) -> str:
    if kind == "academy":
        names = sorted({u.academy.label for u in searcher.units if u.academy})
        return "known académies: " + ", ".join(names)
    ids = sorted(c.id.rstrip("/").rsplit("/", 1)[-1] for c in searcher.thesaurus.concepts.values() if c.kind == kind)
    return f"give an id, French label or IRI, e.g. {', '.join(ids[:8])}"


def run_search(searcher: Searcher, request: SearchRequest) -> dict:
    """Exactly the body of GET /search."""
    from boussole.search.hybrid import Filters

    check_filters(searcher, request)
    filters = Filters(types=request.types, academies=request.academies, themes=request.themes, devices=request.devices)
    return searcher.search(request.query, k=request.k, filters=filters).to_json()


def lookup_entity(store: GraphStore, entity_id: str) -> dict:
    """Exactly the body of GET /entities/{id}: 400 for something that is not an id, 404 when unknown."""
    iri = resolve_id(entity_id or "")
    if iri is None or not (entity_id or "").strip():
        raise QueryError("not an entity id: give an IRI or a path under https://w3id.org/boussole/id/")
    found = describe(store, iri)
    if found is None:
        raise QueryError(f"no entity {iri}", 404)
    return found


# -- chat -------------------------------------------------------------------------------------------
class ChatRequest(BaseModel):
    # the body of POST /chat; the MCP `ask` tool checks its arguments with it too (no docstring:
    # it would become the schema's description)
    message: str = Field(
        min_length=1, max_length=2000, examples=["Quels projets soutiennent l'accès à la culture en zone rurale ?"]
    )
    conversation_id: str | None = Field(
        default=None,
        max_length=100,
        examples=[None],
        description="the id a previous answer returned; an unknown id starts a new conversation under a new id",
    )

    _text = field_validator("message", "conversation_id")(no_lone_surrogates)


def chat_request(message: str, conversation_id: str | None = None) -> ChatRequest:
    """ChatRequest, or a 422 QueryError listing what is wrong (`message: String should have…`)."""
    try:
        return ChatRequest(message=message, conversation_id=conversation_id)
    except ValidationError as e:
        raise QueryError(
            "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()), 422
        ) from None


# -- comparison -------------------------------------------------------------------------------------
MAX_THEME_CHARS = 200


@dataclass(frozen=True)
class CompareRequest:
    theme: str  # the theme's IRI
    plans: tuple[str, ...] | None  # as given (IRI, slug or académie); None: every plan


def compare_request(store: GraphStore, theme: str | None, plans: Iterable[str] | str | None = None) -> CompareRequest:
    """The checked form of a comparison: 422 for a missing or over-long theme, 400 naming the
    unknown theme or plan."""
    if theme is None or not theme or len(theme) > MAX_THEME_CHARS:
        raise QueryError(f"theme: give a theme id, label or IRI of 1 to {MAX_THEME_CHARS} characters", 422)
    try:
        t = coverage.resolve_theme(coverage.list_themes(store), theme)
    except ValueError as e:
        raise QueryError(f"theme: {e}") from None
    chosen = [plans] if isinstance(plans, str) else list(plans or [])
    try:
        coverage.resolve_plans(coverage.list_plans(store), chosen)
    except ValueError as e:
        raise QueryError(f"plans: {e}") from None
    return CompareRequest(t.iri, tuple(chosen) or None)


def run_compare(store: GraphStore, request: CompareRequest) -> dict:
    """Exactly the body of GET /compare."""
    return coverage.compare(store, request.theme, list(request.plans) if request.plans else None)
