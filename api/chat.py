"""Chat-style answers: a question in, the fact first, with numbered citations.

No language model is needed. The question is read into a structured query (api/chat_query.py):
intent, node type, constraints (académie, département or commune, CNR, year) and topic. The
constraints are answered by the graph (api/chat_graph.py: projects by place, devices per plan,
figures with unit and year); the topic ranks within what they allow (the hybrid search
restricted to those nodes). The answer's first sentence states the answer — the figure, the
place, the list — and every statement points at the node that holds it. Follow-ups inside a
conversation go through the same structured query ("and in Amiens?", "only the projects").

An OpenAI-compatible endpoint may rephrase the answer (off by default); its text is kept only
if every citation marker survives, otherwise the composed answer is returned.
"""

from __future__ import annotations

import json
import re
import threading
import time
import secrets
import urllib.request
from bisect import bisect_left
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from boussole.graph.store import sparql_term
from boussole.search.hybrid import Filters, Hit, Searcher
from boussole.text import fold
from boussole.search.units import Unit

from .chat_graph import FigureFact, GraphFacts, ProjectFact
from .chat_query import Query, QuestionReader, detect_language, merge

from .queries import bounded_topic

MAX_CONVERSATIONS = 1000
CITED = 5
LISTED = 8
ON_TOPIC_RANK = 30
HEADING_WORDS = 10  # a passage this short, without a full stop, heads what follows it
HEADING_REACH = 4  # lines between a heading and the figure it introduces
TOP_CONTEXT = 5  # a figure read from one of the topic's best five nodes may answer without naming it
SECTION_REACH = 20  # lines between a section heading in capitals and a sub-heading under it

__all__ = ["ChatService", "detect_language"]

_EN_TYPES = {
    "Axis": ("axis", "axes"),
    "Project": ("project", "projects"),
    "Indicator": ("indicator", "indicators"),
    "Engagement": ("engagement", "engagements"),
    "Objective": ("objective", "objectives"),
    "Action": ("action", "actions"),
    "Figure": ("figure", "figures"),
    None: ("element", "elements"),
}
_FR_TYPES = {
    "Axis": ("axe", "axes"),
    "Project": ("projet", "projets"),
    "Indicator": ("indicateur", "indicateurs"),
    "Engagement": ("engagement", "engagements"),
    "Objective": ("objectif", "objectifs"),
    "Action": ("action", "actions"),
    "Figure": ("chiffre", "chiffres"),
    None: ("élément", "éléments"),
}


@dataclass
class Conversation:
    id: str
    query: Query | None = None
    language: str = "en"
    touched: float = field(default_factory=time.time)


@dataclass
class Answer:
    text: str
    cited: list[Unit]
    hits: list[Hit] = field(default_factory=list)


class ChatService:
    def __init__(self, searcher: Searcher, store, llm_url: str | None = None, llm_model: str | None = None):
        self.searcher = searcher
        self.store = store
        self.llm_url = llm_url
        self.llm_model = llm_model
        self.facts = GraphFacts(store)
        self._conversations: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()
        self.units = {u.id: u for u in searcher.units}
        self.plans: dict[str, str] = {}  # académie label → plan IRI
        self.plan_academy: dict[str, str] = {}  # plan IRI → académie label
        for u in searcher.units:
            if u.academy:
                self.plans.setdefault(u.academy.label, u.plan.id)
                self.plan_academy.setdefault(u.plan.id, u.academy.label)
        self.reader = QuestionReader(list(self.plans), self.facts.project_names())
        self._headings: dict[str, list[tuple[int, str, str]]] | None = None
        self._figures: list[FigureFact] | None = None

    # -- reading the question ---------------------------------------------------------------------
    def parse(self, message: str) -> Query:
        return self.reader.read(message)

    # -- answering ---------------------------------------------------------------------------------
    def ask(self, message: str, conversation_id: str | None = None) -> dict:
        conv = self._conversation(conversation_id)
        language = detect_language(message)
        q = merge(conv.query, self.reader.read(message))
        if (
            not q.topic
            and not q.followup
            and not self._constrained(q)
            and not q.types
            and q.intent not in ("common", "devices")
        ):
            q = replace(q, topic=message.strip())
        if q.topic:  # a topic costs what a /search query may cost, no more
            q = replace(q, topic=bounded_topic(q.topic)[0])
        answer = self._answer(q, language == "fr")
        if self.llm_url and answer.cited:
            answer.text = self._rephrase(answer.text, language, answer.cited) or answer.text
        conv.query, conv.language, conv.touched = q, language, time.time()
        return {
            "answer": answer.text,
            "language": language,
            "conversation_id": conv.id,
            "citations": [
                {
                    "n": i + 1,
                    "id": u.id,
                    "label": u.label,
                    "source": {"document": u.document, "lines": list(u.lines) if u.lines else None},
                }
                for i, u in enumerate(answer.cited)
            ],
            "results": [h.to_json() for h in answer.hits],
            "understood": q.understood(),
        }

    def _answer(self, q: Query, fr: bool) -> Answer:
        if q.intent == "count" and (q.departements or q.communes) and "Project" in q.types:
            return self._project_list(q, fr, self._projects(q) or [], self._where_text(q, fr))
        if q.intent == "count":
            return self._count(q, fr)
        if q.intent == "plans":
            return self._which_plans(q, fr)
        if q.intent == "where":
            return self._where(q, fr)
        if q.intent == "common":
            return self._common(q, fr)
        if q.intent == "compare":
            return self._compare(q, fr)
        if q.intent == "devices" and not q.types:
            return self._devices(q, fr)
        return self._list(q, fr)

    @staticmethod
    def _constrained(q: Query) -> bool:
        return bool(q.cnr or q.departements or q.communes or q.named)

    def _plan_ids(self, q: Query) -> tuple[str, ...]:
        return tuple(self.plans[a] for a in q.academies if a in self.plans)

    def _search(self, topic: str, k: int, types: tuple[str, ...] = (), academies: tuple[str, ...] = ()):
        return self.searcher.search(bounded_topic(topic)[0], k=k, filters=Filters(types=types, academies=academies))

    def _where_text(self, q: Query, fr: bool) -> str:
        bits = list(q.academies) + [n for _, n in q.departements] + list(q.communes)
        return f" ({', '.join(bits)})" if bits else ""

    # -- lists: which projects / indicators / … ---------------------------------------------------
    def _projects(self, q: Query) -> list[ProjectFact] | None:
        """The projects the constraints allow (None: the question sets no project constraint)."""
        if not (q.cnr or q.departements or q.communes):
            return None
        return self.facts.projects(
            cnr=q.cnr, codes=tuple(c for c, _ in q.departements), communes=q.communes, plans=self._plan_ids(q)
        )

    def _describe(self, p: ProjectFact, fr: bool) -> Answer:
        """A project the question names, asked about without a more precise intent."""
        u = self.units.get(p.id)
        place = _place(p)
        where = (f" à {place}" if fr else f" in {place}") if place else ""
        by = (f" par {p.school}" if fr else f" by {p.school}") if p.school else ""
        if fr:
            what = "est un projet CNR mené" if p.cnr else "est mené"
            text = f"Le projet {p.title} {what}{where}{by} [1]."
        else:
            what = "is a CNR project carried out" if p.cnr else "is carried out"
            text = f"The project {p.title} {what}{where}{by} [1]."
        if u is not None and u.text and u.text != u.label:
            text += f" « {_short(u.text, 240)} » [1]."
        return Answer(text, [u] if u else [], [Hit(u, 0.0)] if u else [])

    def _list(self, q: Query, fr: bool) -> Answer:
        if q.named and q.intent in ("which", "says") and set(q.types) <= {"Project"}:
            p = next(iter(self.facts.projects(ids=(q.named,))), None)
            if p is not None:
                return self._describe(p, fr)
        allowed = self._projects(q)
        types = ("Project",) if allowed is not None and not q.types else q.types
        names = (_FR_TYPES if fr else _EN_TYPES)[types[0] if len(types) == 1 and types[0] in _EN_TYPES else None]
        where = self._where_text(q, fr)
        if allowed is not None and not q.topic:
            return self._project_list(q, fr, allowed, where)
        if not q.topic and types:
            return self._all_of(q, fr, types, names, where)
        topic = q.topic
        hits = self._search(topic, 50 if allowed is not None else 10, types, q.academies).hits
        if allowed is not None:
            ok = {p.id for p in allowed}
            hits = [h for h in hits if h.unit.id in ok]
        hits = _distinct(hits)
        if not hits:
            kind = self._kind(q, names, fr)
            return Answer(
                (
                    f"Je n'ai trouvé aucun {kind} sur « {topic} »{where} dans les plans."
                    if fr
                    else f"I found nothing about “{topic}”{where} in the plans ({kind})."
                ),
                [],
            )
        if types:
            # A type filter always returns its best members, even when none is about the topic.
            # Measured on the seed corpus: members really about the topic rank in the topic's
            # unfiltered top 30; the others sit beyond 40. Only the former are listed.
            near = self._search(topic, ON_TOPIC_RANK, (), q.academies).hits
            close = {h.unit.id for h in near} | {d for h in near for d in h.duplicates}
            strong = [h for h in hits if h.unit.id in close]
            if not strong:
                return self._off_topic(
                    fr, topic, where, names, hits[:3], [h for h in _distinct(near) if h.unit.type not in types][:2]
                )
            hits = strong
        cited = hits[: LISTED if allowed is not None else CITED]
        plans = Counter(h.unit.plan.id for h in cited)
        items = [self._item(h.unit, i, len(plans) > 1 and not q.academies, fr) for i, h in enumerate(cited, 1)]
        if q.intent == "says" and len(q.academies) == 1:
            a = q.academies[0]
            head = (
                f"Sur « {topic} », le plan de l'académie de {a} dit : " if fr else f"On “{topic}”, the {a} plan says: "
            )
        else:
            n = len(cited)
            kind = self._kind(q, names, fr, plural=n > 1)
            head = f"{n} {kind}{where} sur « {topic} » : " if fr else f"{n} {kind}{where} on “{topic}”: "
        return Answer(head + "; ".join(items) + ".", [h.unit for h in cited], hits)

    def _all_of(self, q: Query, fr: bool, types: tuple[str, ...], names: tuple[str, str], where: str) -> Answer:
        """ "What are the objectives of the Amiens plan?": the nodes of that type, in the plan's order."""
        plans = set(self._plan_ids(q))
        found = [u for u in self.units.values() if u.type in types and (not plans or u.plan.id in plans)]
        found = _distinct([Hit(u, 0.0) for u in sorted(found, key=lambda u: self._line(u.id))])
        if not found:
            return Answer(
                (f"Aucun {names[0]}{where} dans les plans." if fr else f"No {names[0]}{where} in the plans."), []
            )
        shown = found[:LISTED]
        several = len({h.unit.plan.id for h in shown}) > 1
        items = [self._item(h.unit, i, several, fr) for i, h in enumerate(shown, 1)]
        n = len(found)
        more = (f" (et {n - len(shown)} autres)" if fr else f" (and {n - len(shown)} more)") if n > len(shown) else ""
        noun = names[1] if n > 1 else names[0]
        head = f"{n} {noun}{where} : " if fr else f"{n} {noun}{where}: "
        return Answer(head + "; ".join(items) + more + ".", [h.unit for h in shown], shown)

    def _which_plans(self, q: Query, fr: bool) -> Answer:
        """Which plans speak of a topic: the graph's device links when the topic names a device,
        else the plans whose nodes rank best on it; one citation per plan."""
        result = self._search(q.topic, ON_TOPIC_RANK, q.types, q.academies)
        devices = {c.id for c in result.expansion.devices}
        per_plan: OrderedDict[str, Hit] = OrderedDict()
        if devices:
            # per plan, its node naming the device that ranks best on the topic, else its first
            ranked = [h.unit for h in result.hits] + sorted(self.units.values(), key=lambda u: self._line(u.id))
            for u in ranked:
                if any(d.id in devices for d in u.devices):
                    per_plan.setdefault(u.plan.id, Hit(u, 0.0))
        else:
            for h in result.hits[:10]:
                per_plan.setdefault(h.unit.plan.id, h)
        if not per_plan:
            return Answer((f"Aucun plan ne parle de « {q.topic} »." if fr else f"No plan speaks of “{q.topic}”."), [])
        hits = list(per_plan.values())
        names = [f"{self.plan_academy.get(p, p)} [{i}]" for i, p in enumerate(per_plan, 1)]
        total = len(self.plan_academy)
        if len(names) == total == 2:
            head = f"Les deux plans parlent de « {q.topic} » : " if fr else f"Both plans speak of “{q.topic}”: "
        elif len(names) == total > 1:
            head = (
                f"Les {total} plans parlent de « {q.topic} » : " if fr else f"All {total} plans speak of “{q.topic}”: "
            )
        else:
            head = (
                f"{len(names)} plan{'s' if len(names) > 1 else ''} sur {total} parle{'nt' if len(names) > 1 else ''} "
                f"de « {q.topic} » : "
                if fr
                else f"{len(names)} plan{'s' if len(names) > 1 else ''} of {total} speak{'s' if len(names) == 1 else ''} "
                f"of “{q.topic}”: "
            )
        tail = "; ".join(f"{n} « {_short(h.unit.label, 90)} »" for n, h in zip(names, hits))
        return Answer(head + tail + ".", [h.unit for h in hits], hits)

    def _kind(self, q: Query, names: tuple[str, str], fr: bool, plural: bool = False) -> str:
        noun = names[1] if plural else names[0]
        if q.cnr:
            return f"{noun} CNR" if fr else f"CNR {noun}"
        return noun

    def _project_list(self, q: Query, fr: bool, projects: list[ProjectFact], where: str) -> Answer:
        projects = _distinct_facts(projects)
        names = _FR_TYPES["Project"] if fr else _EN_TYPES["Project"]
        kind = self._kind(q, names, fr, plural=len(projects) != 1)
        if not projects:
            return Answer((f"Aucun {kind}{where} dans les plans." if fr else f"No {kind}{where} in the plans."), [])
        projects = sorted(projects, key=lambda p: self._line(p.id))[:LISTED]
        units = [self.units[p.id] for p in projects if p.id in self.units]
        several = len({p.plan for p in projects}) > 1
        items = [
            f"{_short(p.title, 80)}{self._place_text(p, fr, plan=several)} [{i}]" for i, p in enumerate(projects, 1)
        ]
        n = len(projects)
        head = f"{n} {kind}{where} : " if fr else f"{n} {kind}{where}: "
        return Answer(head + "; ".join(items) + ".", units, [Hit(u, 0.0) for u in units])

    def _place_text(self, p: ProjectFact, fr: bool, plan: bool = False) -> str:
        bits = [_place(p)] if p.commune or p.departement else []
        if plan and p.plan in self.plan_academy:
            bits.append(self.plan_academy[p.plan])
        return f" — {', '.join(bits)}" if bits else ""

    def _item(self, u: Unit, n: int, name_plan: bool, fr: bool) -> str:
        bits = []
        if u.type == "Project":
            p = next(iter(self.facts.projects(ids=(u.id,))), None)
            if p and (p.commune or p.departement):
                bits.append(_place(p))
        if name_plan and u.academy:
            bits.append(u.academy.label)
        return f"{_short(u.label, 100)}" + (f" — {', '.join(bits)}" if bits else "") + f" [{n}]"

    @staticmethod
    def _off_topic(
        fr: bool, topic: str, where: str, names: tuple[str, str], closest: list[Hit], elsewhere: list[Hit]
    ) -> Answer:
        """None of the requested type is about the topic: say so, show the nearest of that type
        as such, and where the plans do speak of the topic."""
        cited = closest + elsewhere
        aucun = "Aucune" if names[0] == "action" else "Aucun"
        lines = [
            (
                f"{aucun} {names[0]} des plans ne porte clairement sur « {topic} »{where}. Les plus proches :"
                if fr
                else f"No {names[0]} in the plans is clearly about “{topic}”{where}. The closest:"
            )
        ]
        lines += [f"[{i}] {_short(h.unit.label)}" for i, h in enumerate(closest, 1)]
        if elsewhere:
            lines.append("Les plans en parlent ici :" if fr else "The plans speak of it here:")
            kind = _FR_TYPES if fr else _EN_TYPES
            lines += [
                f"[{i}] {_short(h.unit.label)} ({kind.get(h.unit.type, kind[None])[0]})"
                for i, h in enumerate(elsewhere, len(closest) + 1)
            ]
        return Answer("\n".join(lines), [h.unit for h in cited], closest + elsewhere)

    # -- where ---------------------------------------------------------------------------------------
    def _where(self, q: Query, fr: bool) -> Answer:
        if q.named:
            p = next(iter(self.facts.projects(ids=(q.named,))), None)
            if p is not None:
                return self._one_place(p, fr)
        allowed = self._projects(q)
        wants_projects = "Project" in q.types or allowed is not None or not q.types
        if q.topic and wants_projects:
            hits = self._search(q.topic, 10, ("Project",), q.academies).hits
            if allowed is not None:
                ok = {p.id for p in allowed}
                hits = [h for h in hits if h.unit.id in ok]
            near = self._search(q.topic, ON_TOPIC_RANK, (), q.academies).hits
            close = {i for h in near for i in (h.unit.id, *h.duplicates)}
            top = {i for h in near[:5] for i in (h.unit.id, *h.duplicates)}
            on_topic = [h for h in _distinct(hits) if h.unit.id in close]
            sharp = [h for h in on_topic if h.unit.id in top]
            # one project clearly about the topic, or the best of them when one was asked for
            single = (
                sharp[:1]
                if len(sharp) == 1 or sharp and "Project" not in q.types
                else on_topic[:1]
                if q.singular
                else []
            )
            if single:
                p = next(iter(self.facts.projects(ids=(single[0].unit.id,))), None)
                if p is not None:
                    return self._one_place(p, fr)
            if not on_topic and self.facts.project_names():
                names = _FR_TYPES["Project"] if fr else _EN_TYPES["Project"]
                return self._off_topic(
                    fr,
                    q.topic,
                    self._where_text(q, fr),
                    names,
                    hits[:3],
                    [h for h in _distinct(near) if h.unit.type != "Project"][:2],
                )
            if on_topic:
                allowed = self.facts.projects(ids=tuple(h.unit.id for h in on_topic))
        if allowed is None and ("Project" in q.types or not q.topic):
            allowed = self.facts.projects(plans=self._plan_ids(q))
        if allowed is not None:
            return self._places_of(q, fr, _distinct_facts(allowed))
        return self._places_near(q, fr)

    def _one_place(self, p: ProjectFact, fr: bool) -> Answer:
        u = self.units.get(p.id)
        cited = [u] if u else []
        place = _place(p) if p.commune or p.departement else ""
        if not place:
            return Answer(
                (
                    f"Le plan ne dit pas où est mené le projet {p.title} [1]."
                    if fr
                    else f"The plan does not say where the project {p.title} is carried out [1]."
                ),
                cited,
            )
        by = ""
        if p.school:
            by = f" par {p.school}," if fr else f" by {p.school},"
        text = (
            f"Le projet {p.title} est mené{by} à {place} [1]."
            if fr
            else f"The project {p.title} is carried out{by} in {place} [1]."
        )
        return Answer(text, cited, [Hit(u, 0.0)] if u else [])

    def _places_of(self, q: Query, fr: bool, projects: list[ProjectFact]) -> Answer:
        """Where a set of projects is: each commune (département) with the projects there."""
        placed = [p for p in projects if p.commune or p.departement]
        kind = self._kind(q, _FR_TYPES["Project"] if fr else _EN_TYPES["Project"], fr, plural=True)
        if not placed:
            return Answer(
                (
                    f"Les plans ne situent aucun des {kind}{self._where_text(q, fr)}."
                    if fr
                    else f"The plans place none of the {kind}{self._where_text(q, fr)}."
                ),
                [],
            )
        placed.sort(key=lambda p: self._line(p.id))
        groups: OrderedDict[str, list[ProjectFact]] = OrderedDict()
        for p in placed:
            groups.setdefault(_place(p), []).append(p)
        cited: list[Unit] = []
        parts = []
        for place, ps in groups.items():
            marks = []
            for p in ps:
                if p.id in self.units and len(cited) < LISTED:
                    cited.append(self.units[p.id])
                    marks.append(str(len(cited)))
            parts.append(place + (f" [{', '.join(marks)}]" if marks else ""))
        head = (
            f"Les {kind}{self._where_text(q, fr)} sont menés à : "
            if fr
            else f"The {kind}{self._where_text(q, fr)} are in: "
        )
        return Answer(head + "; ".join(parts) + ".", cited, [Hit(u, 0.0) for u in cited])

    def _places_near(self, q: Query, fr: bool) -> Answer:
        """Places of other nodes: only those the graph locates (a département, a school's commune)."""
        hits = _distinct(self._search(q.topic, 10, q.types, q.academies).hits)
        places = self._located([h.unit.id for h in hits])
        if not places:
            return Answer(
                (f"Les plans ne situent pas « {q.topic} »." if fr else f"The plans do not say where “{q.topic}” is."),
                [],
            )
        chosen: list[int] = []
        for _, ns in places:
            for n in ns:
                if n not in chosen and len(chosen) < CITED:
                    chosen.append(n)
        number = {n: i + 1 for i, n in enumerate(chosen)}
        listed = "; ".join(
            p + (f" [{', '.join(str(number[n]) for n in ns if n in number)}]" if any(n in number for n in ns) else "")
            for p, ns in places[:LISTED]
        )
        head = (
            f"Lieux cités à propos de « {q.topic} » : {listed}." if fr else f"Places named about “{q.topic}”: {listed}."
        )
        return Answer(head, [hits[n - 1].unit for n in chosen], hits)

    def _located(self, ids: list[str]) -> list[tuple[str, list[int]]]:
        if not ids:
            return []
        values = " ".join(sparql_term(URIRef(i)) for i in ids)
        rows = self.store.query(f"""SELECT ?s ?label ?dlabel WHERE {{ VALUES ?s {{ {values} }}
            {{ ?s bsl:place ?p . ?p a bsl:Commune ; schema:containedInPlace/rdfs:label ?dlabel }}
            UNION {{ ?s bsl:carriedBy/schema:location ?p . OPTIONAL {{ ?p schema:containedInPlace/rdfs:label ?dlabel }} }}
            UNION {{ ?s bsl:place ?p . ?p a bsl:Departement }}
            ?p rdfs:label ?label }}""").bindings
        order = {i: n + 1 for n, i in enumerate(ids)}
        found: dict[str, set[int]] = {}
        for r in rows:
            r = {str(k): v for k, v in r.items()}
            name = str(r["label"]) + (f" ({r['dlabel']})" if r.get("dlabel") is not None else "")
            found.setdefault(name, set()).add(order[str(r["s"])])
        return sorted(((p, sorted(ns)) for p, ns in found.items()), key=lambda x: (-len(x[1]), x[1][0]))

    # -- how many / what rate ---------------------------------------------------------------------
    def _count(self, q: Query, fr: bool) -> Answer:
        if self._figures is None:
            self._figures = self.facts.figures()
        plans = set(self._plan_ids(q))
        figures = [f for f in self._figures if not plans or f.plan in plans]
        topic = q.topic
        where = self._where_text(q, fr)
        result = self._search(topic, 40, (), q.academies)
        rank = _ranks(result.hits)
        fig_rank = _ranks(self._search(topic, 40, ("Figure",), q.academies).hits)
        own, expanded = _keys(topic), _keys(" ".join(result.expansion.terms))
        scored = []
        for f in figures:
            heading = self._heading(f.describes)
            # the figure's own rank first; the sentence or heading it was read from, a little behind
            # (several figures share a sentence: the one the search found itself comes first)
            ctx = [f.describes] + ([heading[0]] if heading else [])
            r = min([rank.get(f.id, 99), fig_rank.get(f.id, 99)] + [rank.get(i, 97) + 2 for i in ctx])
            said = _keys(" ".join(x for x in (f.unit, f.measure, heading[1] if heading else "") if x))
            # what the figure counts weighs most; the rest of its sentence half as much
            noun = max(_overlap(own, said), 0.5 * _overlap(own, _keys(f.label))) or 0.25 * _overlap(expanded, said)
            if r >= 99 and not noun:
                continue
            kind = "%" if f.unit == "%" else "points" if f.unit == "points" else None
            unit_ok = 1.0 if kind == q.unit else 0.0
            # "2022-2023" asked: the figure of that school year, before one of 2023-2024
            year_ok = sum(y in (f.year or "") for y in q.years) / len(q.years) if q.years else 0.0
            if q.years and not year_ok:
                continue
            scored.append((3 * noun + unit_ok + year_ok + 3 / (r + 3), noun, unit_ok, f, heading))
        scored.sort(key=lambda x: (-x[0], x[3].id))
        # A figure answers when it counts what was asked (its words), or when it is read from one of
        # the few nodes best on the topic and is of the kind asked (a rate, a gap, a count).
        best = [
            s
            for s in scored
            if s[1] > 0 or s[2] > 0 and min(rank.get(s[3].id, 99), rank.get(s[3].describes, 99)) < TOP_CONTEXT
        ]
        if not best:
            year = f" ({', '.join(q.years)})" if q.years else ""
            head = (
                f"Les plans ne donnent pas de chiffre sur « {topic} »{where}{year}."
                if fr
                else f"The plans give no figure on “{topic}”{where}{year}."
            )
            near = _distinct(result.hits)[:2]
            if not near:
                return Answer(head, [])
            kind = _FR_TYPES if fr else _EN_TYPES
            tail = "; ".join(
                f"« {_short(h.unit.label, 100)} » ({kind.get(h.unit.type, kind[None])[0]}) [{i}]"
                for i, h in enumerate(near, 1)
            )
            return Answer(
                head + (" Les plus proches : " if fr else " The nearest: ") + tail + ".", [h.unit for h in near], near
            )
        top, others, seen = best[0], [], {(best[0][3].value, best[0][3].unit)}
        for s in best[1:]:
            if s[3].describes != top[3].describes and (s[3].value, s[3].unit) not in seen and len(others) < 2:
                seen.add((s[3].value, s[3].unit))
                others.append(s)
        f, heading = top[3], top[4]
        if q.unit and f.unit != q.unit:
            # a rate was asked and the plans give only, say, a gap in points: not passed off as it
            units = [u for u in (self._unit_of(s[3]) for s in best[:2]) if u]
            asked = "taux (%)" if fr and q.unit == "%" else "rate (%)" if q.unit == "%" else q.unit
            head = (
                f"Les plans ne donnent pas de {asked} sur « {topic} »{where}."
                if fr
                else f"The plans give no {asked} on “{topic}”{where}."
            )
            tail = "; ".join(f"{self._figure_text(s[3], s[4], fr)} [{i}]" for i, s in enumerate(best[:2], 1))
            return Answer(
                head + (" Ils donnent : " if fr else " They give: ") + tail + ".", units, [Hit(u, 0.0) for u in units]
            )
        academy = self.plan_academy.get(f.plan, "")
        value = _number(f.value, fr)
        year = f" ({f.year})" if f.year else ""
        if f.unit in ("%", "points"):
            subject = _tidy(heading[1]) if heading else _tidy(f.measure or "")
            for_ = (f" pour « {subject} »" if fr else f" for “{subject}”") if subject else ""
            first = (
                f"{academy} : {value} {f.unit}{for_}{year} [1]."
                if fr
                else f"{academy}: {value} {f.unit}{for_}{year} [1]."
            )
        else:
            first = (
                f"{academy} compte {value} {f.unit}{year} [1]."
                if fr
                else f"{academy} counts {value} {f.unit}{year} [1]."
            )
        quote = _short(f.label, 200)  # the sentence the figure was read from
        lines = [first, (f"Le plan : « {quote} » [1]." if fr else f"The plan reads: « {quote} » [1].")]
        cited = [u for u in (self._unit_of(f),) if u]
        others = [s for s in others if self._unit_of(s[3])]
        if others and cited:
            more = []
            for s in others:
                cited.append(self._unit_of(s[3]))
                more.append(f"{self._figure_text(s[3], s[4], fr)} [{len(cited)}]")
            lines.append(("Autres chiffres : " if fr else "Other figures: ") + "; ".join(more) + ".")
        return Answer(" ".join(lines), cited, [Hit(u, 0.0) for u in cited])

    def _figure_text(self, f: FigureFact, heading: tuple[str, str] | None, fr: bool) -> str:
        year = f" ({f.year})" if f.year else ""
        what = (
            f.unit
            if f.unit not in ("%", "points")
            else f"{f.unit} — " + _tidy(heading[1] if heading else f.measure or "")
        )
        return f"{self.plan_academy.get(f.plan, '')}{' :' if fr else ':'} {_number(f.value, fr)} {what}{year}".strip(
            " :"
        )

    def _unit_of(self, f: FigureFact) -> Unit | None:
        return self.units.get(f.id) or self.units.get(f.describes)

    def _heading_index(self) -> dict[str, list[tuple[int, str, str]]]:
        """Short passages by document and line: in tables of results the subject of a figure is the
        heading above it (« CERTIFICAT D'APTITUDE PROFESSIONNELLE (CAP) » › « En progrès … (84,5 %) »)."""
        out: dict[str, list[tuple[int, str, str]]] = {}
        for doc, line, iri, label in self.facts.short_passages(HEADING_WORDS):
            if not label.rstrip().endswith((".", ";", ":")) and not re.search(r"\d", label):
                out.setdefault(doc, []).append((line, iri, label))
        for v in out.values():
            v.sort()
        return out

    def _heading(self, node_id: str) -> tuple[str, str] | None:
        """(IRI, label) of the heading a figure's passage sits under, with the section heading in
        capitals above it when there is one (« BACCALAURÉATS › Général » for « … (95,3%) »)."""
        node = self.units.get(node_id)
        if node is None or node.type != "Passage" or not node.lines:
            return None
        if self._headings is None:
            self._headings = self._heading_index()
        heads = self._headings.get(node.document or "", [])
        i = bisect_left(heads, (node.lines[0], "", "")) - 1
        if i < 0 or node.lines[0] - heads[i][0] > HEADING_REACH:
            return None
        line, iri, label = heads[i]
        if label.isupper():
            return iri, label
        for above, _, h in reversed(heads[max(0, i - 6) : i]):
            if line - above > SECTION_REACH:
                break
            if h.isupper():
                return iri, f"{h} › {label}"
        return iri, label

    def _line(self, iri: str) -> tuple[str, int]:
        u = self.units.get(iri)
        return (u.plan.id if u else "", u.lines[0] if u and u.lines else 1 << 30)

    # -- in common / compare / devices --------------------------------------------------------------
    def _common(self, q: Query, fr: bool) -> Answer:
        plans = self._plan_ids(q) if len(q.academies) >= 2 else tuple(sorted(self.plan_academy))
        mentions = self.facts.devices_in_common(plans, themes=q.themes)
        kind = ("thèmes" if fr else "themes") if q.themes else ("dispositifs" if fr else "devices")
        both = (
            ("Les deux plans" if fr else "Both plans")
            if len(plans) == 2
            else (f"Les {len(plans)} plans" if fr else f"All {len(plans)} plans")
        )
        if not mentions:
            return Answer(
                (
                    f"{both} ne nomment aucun {kind[:-1]} en commun."
                    if fr
                    else f"The plans name no {kind[:-1]} in common."
                ),
                [],
            )
        by_device: OrderedDict[str, list] = OrderedDict()
        for m in sorted(mentions, key=lambda m: fold(m.label)):
            by_device.setdefault(m.device, []).append(m)
        cited: list[Unit] = []
        parts = []
        for ms in by_device.values():
            marks = []
            for m in ms:
                u = self.units.get(m.node)
                if u is not None:
                    cited.append(u)
                    marks.append(str(len(cited)))
            parts.append(ms[0].label + (f" [{', '.join(marks)}]" if marks else ""))
        n = len(by_device)
        head = f"{both} nomment {n} {kind} : " if fr else f"{both} name {n} {kind}: "
        return Answer(head + "; ".join(parts) + ".", cited, [Hit(u, 0.0) for u in cited])

    def _compare(self, q: Query, fr: bool) -> Answer:
        academies = q.academies if len(q.academies) >= 2 else tuple(sorted(self.plans))
        cited: list[Unit] = []
        hits: list[Hit] = []
        parts = []
        for a in academies:
            top = _distinct(self._search(q.topic, 3, q.types, (a,)).hits)[:2]
            if not top:
                parts.append(f"{a} : rien" if fr else f"{a}: nothing")
                continue
            marks = []
            for h in top:
                cited.append(h.unit)
                hits.append(h)
                marks.append(f"« {_short(h.unit.label, 90)} » [{len(cited)}]")
            parts.append((f"{a} : " if fr else f"{a}: ") + ", ".join(marks))
        head = f"Sur « {q.topic} », " if fr else f"On “{q.topic}”, "
        return Answer(head + "; ".join(parts) + ".", cited, hits)

    def _devices(self, q: Query, fr: bool) -> Answer:
        where = self._where_text(q, fr)
        if not q.topic:
            return self._plan_devices(q, fr, where)
        hits = _distinct(self._search(q.topic, 20, (), q.academies).hits)
        devices = Counter()
        first: dict[str, int] = {}
        for i, h in enumerate(hits):
            for d in h.unit.devices:
                # devices of the best hits count most: ties go to the earlier one
                devices[d.label] += 1
                first.setdefault(d.label, i + 1)
        if not devices:
            return self._list(replace(q, intent="which"), fr)
        top = sorted(devices, key=lambda d: (first[d] > CITED, -devices[d], first[d]))[:6]
        # cite only the hits that name a listed device, numbered in order of first use
        used = sorted({first[d] for d in top})
        number = {n: i + 1 for i, n in enumerate(used)}
        cited = hits
        listed = "; ".join(f"{d} [{number[first[d]]}]" for d in top)
        head = (
            f"Dispositifs cités à propos de « {q.topic} »{where} : {listed}."
            if fr
            else f"Devices named about “{q.topic}”{where}: {listed}."
        )
        return Answer(head, [cited[n - 1].unit for n in used], hits)

    def _plan_devices(self, q: Query, fr: bool, where: str) -> Answer:
        """The devices a plan names (no topic): each with the first node that names it."""
        plans = self._plan_ids(q) or tuple(sorted(self.plan_academy))
        mentions = [m for p in plans for m in self.facts.devices_in_common((p,))]
        if not mentions:
            return Answer(
                (f"Les plans{where} ne nomment aucun dispositif." if fr else f"The plans{where} name no device."), []
            )
        counts = Counter(m.device for m in mentions)
        seen, cited, parts = set(), [], []
        for m in sorted(mentions, key=lambda m: (-counts[m.device], fold(m.label))):
            if m.device in seen or m.node not in self.units or len(cited) >= LISTED:
                continue
            seen.add(m.device)
            cited.append(self.units[m.node])
            parts.append(f"{m.label} [{len(cited)}]")
        n = len(counts)
        more = (f" (et {n - len(parts)} autres)" if fr else f" (and {n - len(parts)} more)") if n > len(parts) else ""
        head = f"Les plans{where} nomment {n} dispositifs : " if fr else f"The plans{where} name {n} devices: "
        return Answer(head + "; ".join(parts) + more + ".", cited, [Hit(u, 0.0) for u in cited])

    # -- conversations -----------------------------------------------------------------------------
    def _conversation(self, cid: str | None) -> Conversation:
        with self._lock:
            if cid and cid in self._conversations:
                self._conversations.move_to_end(cid)
                return self._conversations[cid]
            # ids are issued here and unguessable; an id this server did not issue (or has
            # forgotten) starts a new conversation under a new id, never under the client's choice
            conv = Conversation(secrets.token_urlsafe(18))
            self._conversations[conv.id] = conv
            while len(self._conversations) > MAX_CONVERSATIONS:
                self._conversations.popitem(last=False)
            return conv

    # -- optional rephrasing -----------------------------------------------------------------------
    def _rephrase(self, answer: str, lang: str, cited: list) -> str | None:
        """Ask an OpenAI-compatible endpoint to make the answer read better. Kept only if every
        [n] marker is still there: citations are not negotiable."""
        prompt = (
            "Rewrite this answer in fluent French, keeping every [n] citation marker exactly:"
            if lang == "fr"
            else "Rewrite this answer in fluent English, keeping every [n] citation marker exactly:"
        )
        body = json.dumps(
            {
                "model": self.llm_model or "default",
                "temperature": 0,
                "messages": [{"role": "user", "content": f"{prompt}\n\n{answer}"}],
            }
        ).encode()
        req = urllib.request.Request(
            self.llm_url.rstrip("/") + "/chat/completions", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=15) as resp:
                text = json.loads(resp.read())["choices"][0]["message"]["content"]
        except Exception:
            return None
        if all(f"[{i}]" in text for i in range(1, len(cited) + 1)):
            return text
        return None


def _keys(text: str) -> set[str]:
    """Word keys for matching what a figure counts against the question: folded, cut to five
    letters, so that inflections and the cognates of an English question meet the French text
    (« technological » and « technologique », « professional » and « professionnel »)."""
    return {fold(w)[:5] for w in re.findall(r"\w{3,}", text) if not w.isdigit()}


def _overlap(wanted: set[str], said: set[str]) -> float:
    """Share of the wanted keys the figure's words carry; a short key matches a longer one it
    begins (the question's « bac » and the plan's « baccalauréat »)."""
    if not wanted:
        return 0.0
    return sum(any(s.startswith(w) for s in said) for w in wanted) / len(wanted)


def _ranks(hits: list[Hit]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r, h in enumerate(hits):
        for i in (h.unit.id, *h.duplicates):
            out.setdefault(i, r)
    return out


def _distinct(hits: list[Hit]) -> list[Hit]:
    """One node, one mention: a plan that states the same thing twice (the same project box on
    several pages) is listed once."""
    seen, out = set(), []
    for h in hits:
        key = (h.unit.plan.id, h.unit.type, fold(h.unit.label).strip())
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def _distinct_facts(projects: list[ProjectFact]) -> list[ProjectFact]:
    seen, out = set(), []
    for p in projects:
        key = (p.plan, fold(p.title).strip())
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _place(p: ProjectFact) -> str:
    if p.commune:
        return p.commune + (f" ({p.departement})" if p.departement else "")
    return p.departement or ""


def _number(value: str, fr: bool) -> str:
    v = value[:-2] if value.endswith(".0") else value
    return v.replace(".", ",") if fr else v


def _tidy(label: str) -> str:
    """A heading in capitals reads as a sentence: « CERTIFICAT D'APTITUDE … (CAP) » → « Certificat
    d'aptitude … (CAP) » (acronyms in parentheses keep their capitals)."""

    def one(part: str) -> str:
        part = part.strip()
        if not part.isupper():
            return part
        low = part[:1] + part[1:].lower()
        return re.sub(r"\(([^)]*)\)", lambda m: "(" + m.group(1).upper() + ")", low)

    return " › ".join(one(p) for p in label.split("›"))


def _short(text: str | None, n: int = 140) -> str:
    text = (text or "").strip()
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
