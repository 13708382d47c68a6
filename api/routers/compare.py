"""HTTP routes that compare plans and explore the graph: plans, theme coverage, side-by-side
comparison, a node's neighbourhood, a plan as a tree, why two nodes are related, analytics.

Bad parameters are a 400 naming the parameter, an unknown IRI a 404. The networkx view behind
the graph routes is built once per store version (graph/analytics.view_of), not per request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from boussole.graph import analytics, coverage

from ..deps import Store
from ..entities import resolve_id
from ..queries import MAX_THEME_CHARS, QueryError, compare_request, run_compare
from ..schemas import errors

TAG = "compare"
PLAN_IRI = "https://w3id.org/boussole/id/plan/clermont-ferrand-2023-2027"


def _iri(name: str, value: str) -> str:
    iri = resolve_id(value)
    if iri is None:
        raise HTTPException(
            400, f"{name}: not a node id, give an IRI or a path under https://w3id.org/boussole/id/: {value!r}"
        )
    return iri


def _bad(name: str, e: Exception) -> HTTPException:
    return HTTPException(400, f"{name}: {e}")


router = APIRouter(tags=[TAG], responses=errors(400, 404, 422))


@router.get("/plans", summary="The plans in the graph (IRI, title, académie, slug)")
def plans(store: Store) -> dict:
    return coverage.plans_json(store)


@router.get("/coverage", summary="Theme × plan matrix: how many elements of each plan carry each theme")
def coverage_route(store: Store) -> dict:
    return coverage.coverage_matrix(store)


@router.get(
    "/compare",
    summary="One theme in several plans, side by side: objectives, engagements, "
    "indicators, actions, projects, figures carrying it",
)
def compare(
    store: Store,
    theme: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_THEME_CHARS,
            description="theme id, French/English label or IRI",
            examples=["inclusion"],
        ),
    ],
    plans: Annotated[
        list[str] | None,
        Query(
            description="plan IRI, slug or académie name; repeat for several; none = all plans",
            examples=[["Amiens", "Clermont-Ferrand"]],
        ),
    ] = None,
) -> dict:
    try:
        return run_compare(store, compare_request(store, theme, plans))
    except QueryError as e:
        raise HTTPException(e.status, str(e)) from None


@router.get("/graph/neighbourhood", summary="A node and its neighbours (at most `limit` nodes, the most relevant kept)")
def neighbourhood(
    store: Store,
    id: Annotated[
        str,
        Query(
            min_length=1, max_length=2000, description="node IRI or path under the data base IRI", examples=[PLAN_IRI]
        ),
    ],
    depth: Annotated[int, Query(ge=1, le=3, description="hops from the node")] = 1,
    limit: Annotated[int, Query(ge=1, le=300, description="maximum number of nodes")] = 60,
) -> dict:
    iri = _iri("id", id)
    try:
        return analytics.neighbourhood(store, iri, depth, limit)
    except analytics.UnknownNode as e:
        raise HTTPException(404, str(e)) from None


@router.get("/plans/tree", summary="A plan as a tree: axes → objectives → engagements, indicators, actions")
def plan_tree(
    store: Store,
    plan: Annotated[
        str,
        Query(
            min_length=1, max_length=2000, description="plan IRI, slug or académie name", examples=["Clermont-Ferrand"]
        ),
    ],
) -> dict:
    try:
        return analytics.plan_tree(store, plan)
    except ValueError as e:
        raise _bad("plan", e) from None


@router.get("/why", summary="Why two nodes are related: shortest meaningful paths, with the edges named")
def why(
    store: Store,
    a: Annotated[str, Query(min_length=1, max_length=2000, description="first node IRI")],
    b: Annotated[str, Query(min_length=1, max_length=2000, description="second node IRI")],
    k: Annotated[int, Query(ge=1, le=10, description="number of paths")] = 3,
) -> dict:
    ia, ib = _iri("a", a), _iri("b", b)
    try:
        return analytics.why_related(store, ia, ib, k)
    except analytics.UnknownNode as e:
        raise HTTPException(404, str(e)) from None
    except ValueError as e:
        raise HTTPException(400, f"a/b: {e}") from None


@router.get(
    "/analytics", summary="Central devices and themes of a plan (or all plans); communities of related projects"
)
def analytics_route(
    store: Store,
    plan: Annotated[
        str | None,
        Query(max_length=2000, description="plan IRI, slug or académie name; none = all plans", examples=["Amiens"]),
    ] = None,
) -> dict:
    try:
        return analytics.analytics(store, plan or None)
    except ValueError as e:
        raise _bad("plan", e) from None
