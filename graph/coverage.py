"""Theme coverage: which elements of which plan carry a theme, and plans side by side.

An element carries a theme when the graph links it with `dcterms:subject` (its score is the
`bsl:score` of the matching `bsl:themeAssignment`, see graph/themes.py). A figure has no theme
of its own: it carries the themes of the element it was read from (`bsl:describes`), with that
element's score, the same rule the search units follow, so a figure counted here is also found
by a theme filter in search.

Everything is read with a few SPARQL queries (Oxigraph answers them in milliseconds); the
functions below the queries are pure (rows → results).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from rdflib import URIRef

from boussole import text

from .namespaces import BSLT

# The element kinds a comparison lists, in display order, with the key they go under.
KINDS: tuple[tuple[str, str], ...] = (
    ("Objective", "objectives"),
    ("Engagement", "engagements"),
    ("Indicator", "indicators"),
    ("Action", "actions"),
    ("Project", "projects"),
    ("Figure", "figures"),
)
_KIND_KEYS = dict(KINDS)


@dataclass(frozen=True)
class ThemeRef:
    id: str  # local name under bslt: ("inclusion")
    iri: str
    label_fr: str
    label_en: str


@dataclass(frozen=True)
class PlanRef:
    id: str  # plan IRI
    label: str
    academy: str
    slug: str  # last segment of the IRI ("clermont-ferrand-2023-2027")

    def short(self) -> dict:
        return {"id": self.id, "label": self.label, "academy": self.academy}


@dataclass(frozen=True)
class Item:
    id: str
    type: str  # Objective, Engagement, … (one of KINDS)
    plan: str
    label: str
    notation: str | None
    score: float
    lines: tuple[int, int] | None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "notation": self.notation,
            "score": self.score,
            "lines": list(self.lines) if self.lines else None,
        }


# -- queries ----------------------------------------------------------------------------------
_THEMES = """
SELECT ?t ?fr ?en WHERE {
  ?t a bsl:Theme .
  OPTIONAL { ?t skos:prefLabel ?fr FILTER(LANG(?fr) = "fr") }
  OPTIONAL { ?t skos:prefLabel ?en FILTER(LANG(?en) = "en") }
}"""

_PLANS = """
SELECT ?plan ?label ?academy WHERE {
  ?plan a bsl:Plan ; rdfs:label ?label .
  OPTIONAL { ?plan dcterms:publisher/rdfs:label ?academy }
}"""

# Elements carrying a theme directly, and figures through the element they describe. ?theme is
# left free (all themes, for the matrix) or bound (one theme, for a comparison).
_CARRIERS = """
SELECT ?s ?type ?plan ?theme ?label ?notation ?score ?start ?end WHERE {
  {
    VALUES ?type { bsl:Objective bsl:Engagement bsl:Indicator bsl:Action bsl:Project }
    ?s a ?type ; bsl:inPlan ?plan ; dcterms:subject ?theme .
    OPTIONAL { ?s bsl:themeAssignment ?a . ?a bsl:theme ?theme ; bsl:score ?score }
  } UNION {
    BIND(bsl:Figure AS ?type)
    ?s a bsl:Figure ; bsl:inPlan ?plan ; bsl:describes ?d .
    ?d dcterms:subject ?theme .
    OPTIONAL { ?d bsl:themeAssignment ?a . ?a bsl:theme ?theme ; bsl:score ?score }
  }
  OPTIONAL { ?s rdfs:label ?label }
  OPTIONAL { ?s skos:notation ?notation }
  OPTIONAL { ?s prov:wasDerivedFrom ?span . ?span bsl:startLine ?start ; bsl:endLine ?end }
}"""

_DEVICES = """
SELECT DISTINCT ?plan ?d ?label WHERE {
  ?s bsl:inPlan ?plan ; dcterms:subject ?theme ; bsl:device ?d .
  OPTIONAL { ?d skos:prefLabel ?label FILTER(LANG(?label) = "fr") }
}"""


def _rows(store, sparql: str, bindings: dict | None = None) -> list[dict[str, str]]:
    return [{str(k): str(v) for k, v in row.items()} for row in store.query(sparql, bindings=bindings).bindings]


def list_themes(store) -> list[ThemeRef]:
    """Every theme of the thesaurus, in id order."""
    out = {}
    for r in _rows(store, _THEMES):
        if not r["t"].startswith(str(BSLT)):
            continue
        tid = r["t"][len(str(BSLT)) :]
        out[tid] = ThemeRef(tid, r["t"], r.get("fr") or r.get("en") or tid, r.get("en") or r.get("fr") or tid)
    return [out[k] for k in sorted(out)]


def list_plans(store) -> list[PlanRef]:
    """Every plan in the store, in IRI order."""
    out = {}
    for r in _rows(store, _PLANS):
        out.setdefault(
            r["plan"], PlanRef(r["plan"], r["label"], r.get("academy", ""), r["plan"].rstrip("/").rsplit("/", 1)[-1])
        )
    return [out[k] for k in sorted(out)]


# -- resolution (pure) ------------------------------------------------------------------------
def resolve_theme(themes: Iterable[ThemeRef], value: str) -> ThemeRef:
    """A theme by id, IRI or French/English label (accents and case ignored)."""
    themes = list(themes)
    key = text.key(value or "")
    for t in themes:
        if value == t.iri or key in (text.key(t.id), text.key(t.label_fr), text.key(t.label_en)):
            return t
    raise ValueError(f"unknown theme {value!r}: use one of {', '.join(t.id for t in themes)}")


def resolve_plan(plans: Iterable[PlanRef], value: str) -> PlanRef:
    """A plan by IRI, slug or académie name (accents and case ignored). An académie with
    several plans in the store is ambiguous: give the IRI or the slug."""
    plans = list(plans)
    key = text.key(value or "")
    exact = [p for p in plans if value == p.id or key == text.key(p.slug)]
    if exact:
        return exact[0]
    by_academy = [p for p in plans if key and key == text.key(p.academy)]
    if len(by_academy) == 1:
        return by_academy[0]
    if by_academy:
        raise ValueError(
            f"plan {value!r} is ambiguous: académie {by_academy[0].academy} has "
            f"{len(by_academy)} plans ({', '.join(p.slug for p in by_academy)})"
        )
    raise ValueError(
        f"unknown plan {value!r}: use a plan IRI, slug or académie "
        f"({', '.join(f'{p.academy} / {p.slug}' for p in plans)})"
    )


def resolve_plans(plans: Iterable[PlanRef], values: Iterable[str] | None) -> list[PlanRef]:
    """Chosen plans, in the order given, without repeats; none given = all plans."""
    plans = list(plans)
    values = [v for v in (values or ()) if v is not None]
    if not values:
        return plans
    out: list[PlanRef] = []
    for v in values:
        p = resolve_plan(plans, v)
        if p not in out:
            out.append(p)
    return out


# -- assembly (pure) --------------------------------------------------------------------------
def items_from_rows(rows: Iterable[Mapping[str, str]]) -> dict[tuple[str, str], list[Item]]:
    """SPARQL rows of _CARRIERS → {(theme IRI, plan IRI): items}, one item per element (the
    smallest start line when an element has several spans), best score first."""
    best: dict[tuple[str, str, str], Item] = {}
    for r in rows:
        kind = r["type"].rsplit("#", 1)[-1]
        lines = (int(r["start"]), int(r["end"])) if r.get("start") else None
        item = Item(
            r["s"],
            kind,
            r["plan"],
            r.get("label") or r["s"],
            r.get("notation"),
            round(float(r.get("score") or 0.0), 3),
            lines,
        )
        key = (r["theme"], r["plan"], r["s"])
        prev = best.get(key)
        if prev is None or (lines or (1 << 30,))[0] < (prev.lines or (1 << 30,))[0]:
            best[key] = item
    out: dict[tuple[str, str], list[Item]] = {}
    for (theme, plan, _s), item in best.items():
        out.setdefault((theme, plan), []).append(item)
    for items in out.values():
        # score first; then reading order, so equal scores list as the plan does
        items.sort(key=lambda i: (-i.score, (i.lines or (1 << 30,))[0], i.id))
    return out


def by_kind(items: Iterable[Item]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {key: [] for _kind, key in KINDS}
    for i in items:
        out[_KIND_KEYS[i.type]].append(i.to_json())
    return out


# -- public API -------------------------------------------------------------------------------
def compare(store, theme: str, plans: list[str] | None = None) -> dict:
    """The elements of each chosen plan that carry `theme`, side by side, and the devices
    named by theme-carrying elements in every chosen plan (`shared_devices`)."""
    t = resolve_theme(list_themes(store), theme)
    chosen = resolve_plans(list_plans(store), plans)
    theme_iri = {"theme": URIRef(t.iri)}
    found = items_from_rows(_rows(store, _CARRIERS, theme_iri))
    columns = [{"plan": p.short(), **by_kind(found.get((t.iri, p.id), []))} for p in chosen]
    devices: dict[str, dict[str, str]] = {}
    for r in _rows(store, _DEVICES, theme_iri):
        devices.setdefault(r["d"], {})[r["plan"]] = r.get("label") or r["d"].rsplit("/", 1)[-1]
    shared = (
        []
        if len(chosen) < 2
        else sorted(
            (
                {"id": d, "label": next(iter(by_plan.values()))}
                for d, by_plan in devices.items()
                if all(p.id in by_plan for p in chosen)
            ),
            key=lambda x: (text.key(x["label"]), x["id"]),
        )
    )
    return {"theme": asdict(t), "plans": columns, "shared_devices": shared}


def coverage_matrix(store) -> dict:
    """Rows = themes, columns = plans; a cell counts the elements of that plan (objectives,
    engagements, indicators, actions, projects, figures: the kinds `compare` lists) carrying
    the theme. `by_type` splits each non-empty cell by kind."""
    themes = list_themes(store)
    plans = list_plans(store)
    found = items_from_rows(_rows(store, _CARRIERS))
    counts = [[len(found.get((t.iri, p.id), [])) for p in plans] for t in themes]
    split: dict[str, dict[str, dict[str, int]]] = {}
    for t in themes:
        for p in plans:
            items = found.get((t.iri, p.id), [])
            if items:
                cell: dict[str, int] = {}
                for kind, _key in KINDS:
                    n = sum(1 for i in items if i.type == kind)
                    if n:
                        cell[kind] = n
                split.setdefault(t.id, {})[p.id] = cell
    return {
        "themes": [asdict(t) for t in themes],
        "plans": [p.short() for p in plans],
        "counts": counts,
        "by_type": split,
    }


def plans_json(store) -> dict:
    return {"plans": [asdict(p) for p in list_plans(store)]}


__all__ = [
    "KINDS",
    "Item",
    "PlanRef",
    "ThemeRef",
    "compare",
    "coverage_matrix",
    "list_plans",
    "list_themes",
    "plans_json",
    "resolve_plan",
    "resolve_plans",
    "resolve_theme",
]
