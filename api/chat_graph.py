"""The facts a chat answer states, read from the graph by SPARQL over typed nodes: projects with
their establishment, commune and département; figures with value, unit, subject and year; the
devices each plan names. Values from the question reach the queries as escaped RDF terms
(graph.store.sparql_term), never as pasted text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from boussole.graph.store import sparql_term


@dataclass(frozen=True)
class ProjectFact:
    id: str
    title: str
    plan: str
    cnr: bool
    school: str | None
    commune: str | None
    departement: str | None
    code: str | None


@dataclass(frozen=True)
class FigureFact:
    id: str
    value: str  # lexical decimal, "84.5"
    unit: str | None
    measure: str | None
    year: str | None
    describes: str  # IRI of the node the figure was read from
    plan: str
    label: str


@dataclass(frozen=True)
class DeviceMention:
    device: str
    label: str
    plan: str
    node: str  # a node of that plan naming the device


def _values(var: str, terms) -> str:
    return f"VALUES ?{var} {{ {' '.join(sparql_term(t) for t in terms)} }}" if terms else ""


def _rows(store, query: str) -> list[dict[str, str]]:
    return [{str(k): str(v) for k, v in row.items()} for row in store.query(query).bindings]


class GraphFacts:
    def __init__(self, store):
        self.store = store

    def projects(
        self,
        *,
        cnr: bool = False,
        codes: tuple[str, ...] = (),
        communes: tuple[str, ...] = (),
        plans: tuple[str, ...] = (),
        ids: tuple[str, ...] = (),
    ) -> list[ProjectFact]:
        """Projects under the constraints; a project is in a département when the département is
        its own place or its commune's."""
        where = []
        if cnr:
            where.append(f"?p bsl:isCNR {sparql_term(Literal(True))} .")
        if codes:
            where.append(
                "{ ?p bsl:place ?dq } UNION { ?p bsl:place/schema:containedInPlace ?dq } "
                f"?dq a bsl:Departement ; skos:notation ?qcode . {_values('qcode', [Literal(c) for c in codes])}"
            )
        if communes:
            where.append(
                f"?p bsl:place ?cq . ?cq a bsl:Commune ; rdfs:label ?cql . "
                f"FILTER(STR(?cql) IN ({', '.join(sparql_term(Literal(c)) for c in communes)}))"
            )
        rows = _rows(
            self.store,
            f"""
SELECT ?p ?title ?plan ?cnr ?school ?commune ?dept ?code WHERE {{
  {_values("p", [URIRef(i) for i in ids])}
  {_values("plan", [URIRef(p) for p in plans])}
  ?p a bsl:Project ; rdfs:label ?title ; bsl:inPlan ?plan .
  {" ".join(where)}
  OPTIONAL {{ ?p bsl:isCNR ?cnr }}
  OPTIONAL {{ ?p bsl:carriedBy ?s . ?s rdfs:label ?school }}
  OPTIONAL {{ ?p bsl:place ?c . ?c a bsl:Commune ; rdfs:label ?commune }}
  OPTIONAL {{ ?p bsl:place ?d . ?d a bsl:Departement ; rdfs:label ?dept ; skos:notation ?code }}
}} ORDER BY ?p""",
        )
        out: dict[str, ProjectFact] = {}
        for r in rows:
            out.setdefault(
                r["p"],
                ProjectFact(
                    r["p"],
                    r["title"],
                    r["plan"],
                    r.get("cnr") == "true",
                    r.get("school"),
                    r.get("commune"),
                    r.get("dept"),
                    r.get("code"),
                ),
            )
        return list(out.values())

    def project_names(self) -> dict[str, str]:
        return {r["p"]: r["t"] for r in _rows(self.store, "SELECT ?p ?t WHERE { ?p a bsl:Project ; rdfs:label ?t }")}

    def figures(self, plans: tuple[str, ...] = ()) -> list[FigureFact]:
        rows = _rows(
            self.store,
            f"""
SELECT ?f ?v ?unit ?m ?y ?d ?plan ?label WHERE {{
  {_values("plan", [URIRef(p) for p in plans])}
  ?f a bsl:Figure ; bsl:value ?v ; bsl:describes ?d ; bsl:inPlan ?plan ; rdfs:label ?label .
  OPTIONAL {{ ?f bsl:unit ?unit }} OPTIONAL {{ ?f bsl:measure ?m }} OPTIONAL {{ ?f bsl:refPeriod ?y }}
}}""",
        )
        out: dict[str, FigureFact] = {}
        for r in rows:
            out.setdefault(
                r["f"], FigureFact(r["f"], r["v"], r.get("unit"), r.get("m"), r.get("y"), r["d"], r["plan"], r["label"])
            )
        return list(out.values())

    def short_passages(self, max_words: int) -> list[tuple[str, str, int, str]]:
        """(document path, start line, IRI, label) of the passages of at most `max_words` words:
        the candidates for headings (the index leaves passages that short out)."""
        rows = _rows(
            self.store,
            """
SELECT ?s ?label ?start ?doc WHERE {
  ?s a bsl:Passage ; rdfs:label ?label ; prov:wasDerivedFrom ?span .
  ?span bsl:startLine ?start ; bsl:document/bsl:path ?doc .
}""",
        )
        return [(r["doc"], int(r["start"]), r["s"], r["label"]) for r in rows if len(r["label"].split()) <= max_words]

    def devices_in_common(self, plans: tuple[str, ...], themes: bool = False) -> list[DeviceMention]:
        """Devices (or themes) every one of `plans` names, with one naming node per plan (the
        first in the text)."""
        link = "dcterms:subject" if themes else "bsl:device"
        rows = _rows(
            self.store,
            f"""
SELECT ?d ?label ?plan (MIN(?line) AS ?first) (SAMPLE(?s) AS ?any) WHERE {{
  {_values("plan", [URIRef(p) for p in plans])}
  ?s {link} ?d ; bsl:inPlan ?plan .
  OPTIONAL {{ ?s prov:wasDerivedFrom/bsl:startLine ?line }}
  OPTIONAL {{ ?d skos:prefLabel ?fr FILTER(LANG(?fr) = "fr") }}
  BIND(COALESCE(?fr, STR(?d)) AS ?label)
}} GROUP BY ?d ?label ?plan""",
        )
        by_device: dict[str, dict[str, dict]] = {}
        for r in rows:
            by_device.setdefault(r["d"], {})[r["plan"]] = r
        first_nodes = self._first_nodes(
            link,
            [(d, p, r.get("first")) for d, ps in by_device.items() for p, r in ps.items() if len(ps) == len(plans)],
        )
        out = []
        for d, per_plan in by_device.items():
            if len(per_plan) < len(plans):
                continue
            for p in plans:
                r = per_plan[p]
                out.append(DeviceMention(d, r["label"], p, first_nodes.get((d, p), r["any"])))
        return out

    def _first_nodes(self, link: str, wanted: list[tuple[str, str, str | None]]) -> dict[tuple[str, str], str]:
        if not wanted:
            return {}
        rows = _rows(
            self.store,
            f"""
SELECT ?d ?plan ?s ?line WHERE {{
  {_values("d", [URIRef(d) for d in {w[0] for w in wanted}])}
  ?s {link} ?d ; bsl:inPlan ?plan ; prov:wasDerivedFrom/bsl:startLine ?line .
}}""",
        )
        first = {(d, p): line for d, p, line in wanted}
        out: dict[tuple[str, str], str] = {}
        for r in sorted(rows, key=lambda r: (int(r["line"]), r["s"])):
            k = (r["d"], r["plan"])
            if k in first and k not in out and (first[k] is None or r["line"] == first[k]):
                out[k] = r["s"]
        return out
