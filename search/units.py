"""Index units: one searchable record per graph node, read from the store through SPARQL.

A unit knows everything a result card and a filter need (IRI, type, plan, axis, objective,
devices, themes, places, source lines) so that answering a query never goes back to the
store. Units are plain data: the index persists them as JSON lines beside the vectors.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Iterable, Mapping

# Graph classes that become units, in breadcrumb order. Axes and focus boxes are kept: an
# adviser searching "inclusion" may want the axis itself.
UNIT_TYPES = ("Axis", "Objective", "Engagement", "Indicator", "Action", "Focus", "Project", "Figure", "Passage")

MIN_PASSAGE_WORDS = 4


@dataclass(frozen=True)
class Ref:
    """A linked concept or place: IRI and display label."""

    id: str
    label: str


@dataclass(frozen=True)
class Unit:
    id: str
    type: str  # English class name, one of UNIT_TYPES
    label: str
    text: str  # full text (the label when the node has no longer text)
    plan: Ref
    academy: Ref | None
    axis: Ref | None
    objective: Ref | None
    document: str | None  # source path as recorded at ingest
    lines: tuple[int, int] | None  # 1-based inclusive source lines
    devices: tuple[Ref, ...] = ()
    themes: tuple[Ref, ...] = ()
    places: tuple[Ref, ...] = ()
    status: str | None = None  # actions: done / planned
    parent: str | None = None  # IRI of the node this one hangs from (objective of an engagement…)
    # What the node's own words leave implicit: an engagement's objective title, a project's
    # establishment and places. "Développer les liens avec les laboratoires" only says
    # what it is about under its objective.
    context: str = ""

    @property
    def body(self) -> str:
        """The node's own words: label and body once (bodies usually restate the label)."""
        head = self.label.rstrip("…").rstrip()  # long labels are the text cut with an ellipsis
        if not self.text or self.text.startswith(head):
            return self.text or self.label
        return f"{self.label}\n{self.text}"

    @property
    def passage(self) -> str:
        """The text the engines embed: the context line, then the node's own words."""
        return f"{self.context}\n{self.body}" if self.context else self.body

    @property
    def content_hash(self) -> str:
        return content_hash(self.passage)

    @property
    def body_hash(self) -> str:
        return content_hash(self.body)

    def to_json(self) -> dict:
        d = asdict(self)
        d["lines"] = list(self.lines) if self.lines else None
        return d

    @classmethod
    def from_json(cls, d: Mapping) -> "Unit":
        def ref(x):
            return Ref(**x) if x else None

        return cls(
            id=d["id"],
            type=d["type"],
            label=d["label"],
            text=d["text"],
            plan=Ref(**d["plan"]),
            academy=ref(d.get("academy")),
            axis=ref(d.get("axis")),
            objective=ref(d.get("objective")),
            document=d.get("document"),
            lines=tuple(d["lines"]) if d.get("lines") else None,
            devices=tuple(Ref(**x) for x in d.get("devices", ())),
            themes=tuple(Ref(**x) for x in d.get("themes", ())),
            places=tuple(Ref(**x) for x in d.get("places", ())),
            status=d.get("status"),
            parent=d.get("parent"),
            context=d.get("context", ""),
        )


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- reading from the store -------------------------------------------------------------------
_NODES = """
SELECT ?s ?type ?label ?text ?plan ?status ?doc ?start ?end WHERE {
  VALUES ?type { %s }
  ?s a ?type ; rdfs:label ?label ; bsl:inPlan ?plan .
  OPTIONAL { ?s bsl:text ?text }
  OPTIONAL { ?s bsl:status ?status }
  OPTIONAL { ?s prov:wasDerivedFrom ?span . ?span bsl:startLine ?start ; bsl:endLine ?end .
             OPTIONAL { ?span bsl:document/bsl:path ?doc } }
}""" % " ".join(f"bsl:{t}" for t in UNIT_TYPES)

_PARENTS = """
SELECT ?s ?p WHERE {
  { ?s skos:broader ?p } UNION { ?s bsl:presentedUnder ?p } UNION { ?s bsl:describes ?p }
  ?s bsl:inPlan ?plan .
}"""

_PLANS = """
SELECT ?plan ?label ?academy ?alabel WHERE {
  ?plan a bsl:Plan ; rdfs:label ?label .
  OPTIONAL { ?plan dcterms:publisher ?academy . ?academy rdfs:label ?alabel }
}"""

# Labels of linked concepts: French first (the plans' language), any language otherwise.
_LINKS = """
SELECT ?s ?kind ?o ?label WHERE {
  { ?s bsl:device ?o . BIND("device" AS ?kind) }
  UNION { ?s dcterms:subject ?o . BIND("theme" AS ?kind) }
  UNION { ?s bsl:place ?o . BIND("place" AS ?kind) }
  UNION { ?s bsl:carriedBy ?o . BIND("school" AS ?kind) }
  ?s bsl:inPlan ?plan .
  OPTIONAL { ?o skos:prefLabel ?fr FILTER(LANG(?fr) = "fr") }
  OPTIONAL { ?o rdfs:label ?any }
  BIND(COALESCE(?fr, ?any, STR(?o)) AS ?label)
}"""


def load_units(store) -> list[Unit]:
    """All units of the store, sorted by IRI (a stable order makes index rebuilds reproducible)."""
    q = lambda s: [{str(k): str(v) for k, v in row.items()} for row in store.query(s).bindings]  # noqa: E731
    return assemble(q(_NODES), q(_PARENTS), q(_PLANS), q(_LINKS))


def assemble(
    nodes: Iterable[dict], parents: Iterable[dict], plans: Iterable[dict], links: Iterable[dict]
) -> list[Unit]:
    """Pure: SPARQL rows (variable → string, keys as in the queries above) → units."""
    local = lambda iri: iri.rsplit("#", 1)[-1]  # noqa: E731
    rows: dict[str, dict] = {}
    for r in nodes:
        # A node read from several spans keeps the first (smallest start line) for provenance.
        prev = rows.get(r["s"])
        if prev is None or _line(r) < _line(prev):
            rows[r["s"]] = r
    parent: dict[str, str] = {}
    for r in parents:
        parent.setdefault(r["s"], r["p"])
    plan_ref: dict[str, tuple[Ref, Ref | None]] = {}
    for r in plans:
        academy = Ref(r["academy"], r["alabel"]) if r.get("academy") else None
        plan_ref[r["plan"]] = (Ref(r["plan"], r["label"]), academy)
    linked: dict[tuple[str, str], dict[str, str]] = {}
    for r in links:
        linked.setdefault((r["s"], r["kind"]), {}).setdefault(r["o"], r["label"])

    def refs(s: str, kind: str) -> tuple[Ref, ...]:
        return tuple(Ref(i, lab) for i, lab in sorted(linked.get((s, kind), {}).items()))

    def ancestor(s: str, kind: str) -> Ref | None:
        seen = set()
        cur = parent.get(s)
        while cur and cur not in seen:
            seen.add(cur)
            row = rows.get(cur)
            if row and local(row["type"]) == kind:
                return Ref(cur, row["label"])
            cur = parent.get(cur)
        return None

    units = []
    for s, r in sorted(rows.items()):
        kind = local(r["type"])
        if kind == "Passage" and len((r.get("text") or r["label"]).split()) < MIN_PASSAGE_WORDS:
            continue  # page furniture and stray fragments ("pratiques.", "93 % (stable)")
        plan, academy = plan_ref.get(r["plan"], (Ref(r["plan"], r["plan"]), None))
        devices, themes = refs(s, "device"), refs(s, "theme")
        if kind == "Figure" and s in parent:
            # A figure carries the devices and themes of the sentence it was read from.
            devices = devices or refs(parent[s], "device")
            themes = themes or refs(parent[s], "theme")
        units.append(
            Unit(
                id=s,
                type=kind,
                label=r["label"],
                text=r.get("text") or r["label"],
                plan=plan,
                academy=academy,
                axis=ancestor(s, "Axis"),
                objective=ancestor(s, "Objective"),
                document=r.get("doc"),
                lines=(int(r["start"]), int(r["end"])) if r.get("start") else None,
                devices=devices,
                themes=themes,
                places=refs(s, "place"),
                status=r.get("status"),
                parent=parent.get(s),
                context=unit_context(kind, ancestor(s, "Objective"), refs(s, "school"), refs(s, "place")),
            )
        )
    return units


# Leaves whose words are read under their objective's title.
_UNDER_OBJECTIVE = frozenset({"Engagement", "Indicator", "Action", "Figure", "Focus", "Passage"})


def unit_context(kind: str, objective: Ref | None, schools: tuple[Ref, ...], places: tuple[Ref, ...]) -> str:
    """One line of context prepended to the embedded text (contextual chunking)."""
    if kind in _UNDER_OBJECTIVE and objective is not None:
        return objective.label
    if kind == "Project":
        # Establishment and places only: a project's theme list is long (up to nine themes) and
        # the same few labels recur across projects, so in the embedding it pulled every project
        # towards any broad query ("l'apprentissage des langues" → first-aid training).
        return ", ".join(r.label for r in (*schools, *places))
    return ""


def _line(r: dict) -> int:
    return int(r["start"]) if r.get("start") else 1 << 30
