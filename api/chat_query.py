"""A question read into a structured query: intent, node types, constraints and topic.

"Which CNR projects are in the Oise?" → intent `which`, types (Project,), cnr, département 60,
no topic. « Combien d'internats d'excellence en 2024 ? » → intent `count`, year 2024, topic
« internats d'excellence ». The words that signal intents and types are data
(api/chat_rules.json); académies come from the loaded plans, départements and communes from the
official gazetteer, project names from the graph. Constraints go to the graph, the topic to the
ranker.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from boussole.ingest.gazetteer import gazetteer
from boussole.text import fold

_ELISION = re.compile(r"(?i)(?<!\w)(?:qu|[ldjcmnst])['’]")
INTENTS = ("common", "compare", "plans", "count", "where", "says", "devices", "which")


@lru_cache(maxsize=1)
def rules() -> dict:
    with resources.files("boussole.api").joinpath("chat_rules.json").open(encoding="utf-8") as f:
        r = json.load(f)
    r["filler"] = set(r["filler"].split())
    r["french_markers"] = set(r["french_markers"].split())
    r["english_markers"] = set(r["english_markers"].split())
    return r


@dataclass(frozen=True)
class Query:
    intent: str = "which"
    types: tuple[str, ...] = ()
    academies: tuple[str, ...] = ()
    departements: tuple[tuple[str, str], ...] = ()  # (code, name)
    communes: tuple[str, ...] = ()
    cnr: bool = False
    years: tuple[str, ...] = ()
    unit: str | None = None  # "%" or "points" when the question asks for a rate or a gap
    themes: bool = False  # "which themes…" rather than devices, for `common`
    named: str | None = None  # IRI of the project the question names
    singular: bool = False  # "the project…": one is asked for
    topic: str = ""
    followup: bool = False  # nothing of its own to look for: continues the conversation

    def understood(self) -> dict:
        return {
            "intent": self.intent,
            "topic": self.topic,
            "types": list(self.types),
            "academies": list(self.academies),
            "departements": [n for _, n in self.departements],
            "communes": list(self.communes),
            "cnr": self.cnr,
            "years": list(self.years),
            "unit": self.unit,
            "named": self.named,
        }


def detect_language(text: str) -> str:
    """The language the question is asked in: its opening word when that is an interrogative or
    a command of one language ("How many internats d'excellence…" is English), else a count of
    marker words and accents."""
    r = rules()
    words = re.findall(r"[a-zàâäçéèêëîïôöùûüœ']+", text.lower())
    opener = fold(words[0]).strip("'") if words else ""
    if opener in r["english_openers"] and opener not in r["french_openers"]:
        return "en"
    if opener in r["french_openers"] and opener not in r["english_openers"]:
        return "fr"
    fr = sum(w in r["french_markers"] for w in words) + 2 * len(re.findall(r"[àâçéèêëîïôùûœ]", text.lower()))
    en = sum(w in r["english_markers"] for w in words)
    return "fr" if fr > en else "en"


def _pattern(phrase: str) -> str:
    return rf"(?<!\w){re.escape(fold(phrase).strip())}(?!\w)"


def _has(text: str, phrase: str) -> bool:
    return re.search(_pattern(phrase), text) is not None


class QuestionReader:
    """Reads questions against what the graph holds: its académies and its projects' names."""

    def __init__(self, academies: list[str], projects: dict[str, str]):
        # longest first: "Clermont-Ferrand" before a shorter name it contains
        self.academies = sorted(set(academies), key=len, reverse=True)
        self.projects = {iri: title for iri, title in projects.items() if len(fold(title)) >= 4}

    def read(self, message: str) -> Query:
        r = rules()
        # elided articles (l', d', qu') carry no topic: "d'internats" → "internats"
        plain = _ELISION.sub(" ", message)
        text = " " + re.sub(r"\s+", " ", fold(plain).replace("’", "'")) + " "
        spans: list[str] = []  # folded phrases that are not topic

        intent = "which"
        for name, phrases in r["intents"]:
            hit = [p for p in phrases if _has(text, p)]
            if hit:
                intent = name
                spans += hit
                break
        types = tuple(t for t, words in r["types"].items() if any(_has(text, w) for w in words))
        for words in r["types"].values():
            spans += [w for w in words if _has(text, w)]
        if intent == "devices":
            spans += [w for _, ps in r["intents"] if _ == "devices" for w in ps]
        unit = None
        if intent == "count":
            if any(_has(text, w) for w in r["percent_words"]):
                unit = "%"
            elif any(_has(text, w) for w in r["points_words"]):
                unit = "points"
        cnr = any(_has(text, w) for w in r["cnr_words"])
        spans += [w for w in r["cnr_words"] if _has(text, w)]
        themes = any(_has(text, w) for w in r["theme_words"])
        spans += [w for w in r["theme_words"] if _has(text, w)]
        years = tuple(dict.fromkeys(re.findall(r"(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)", text)))
        spans += list(years)

        academies = tuple(a for a in self.academies if _has(text, a) or _has(text, a.split("-")[0]))
        for a in academies:
            spans += [a, a.split("-")[0]]
        departements, communes = self._places(message, text, academies)
        for _, name in departements:
            spans.append(name)
        spans += list(communes)

        named = self._named_project(text)
        if named:
            spans.append(_title_key(self.projects[named]))
        if intent == "count" and not ((departements or communes) and "Project" in types):
            # in "how many projects were validated", "projects" is what is counted, not a filter;
            # "how many projects in the Oise" counts the graph's projects there
            spans = [
                x for x in spans if x not in {w for ws in r["types"].values() for w in ws} and x not in r["cnr_words"]
            ]
            types = ()
        if intent in ("which", "says") and len(academies) >= 2 and not types:
            intent = "compare"

        # every span is found in the question as asked, then all are blanked together: overlapping
        # phrases ("quel est le taux", "taux de réussite") remove their union whatever the order
        blank = [False] * len(text)
        for phrase in set(spans):
            for m in re.finditer(_pattern(phrase), text):
                blank[m.start() : m.end()] = [True] * (m.end() - m.start())
        topic = "".join(" " if b else c for c, b in zip(text, blank))
        kept = [
            w
            for w in re.findall(r"[\w'-]+", topic)
            if w.strip("'-")
            and not all(part in r["filler"] for part in w.strip("'-").split("-"))
            and not re.fullmatch(r"[ldjcmnst]'", w)
        ]
        original = _original_span(plain, kept)
        # no topic of its own and worded as a continuation ("and in Amiens?", "only the projects")
        followup = (
            not kept and not named and (any(_has(text, w) for w in r["followup_words"]) or len(text.split()) <= 3)
        )
        # "the project…" asks for one, "the projects…" for all
        singular = any(_has(text, w) for w in r["singular_words"]) and not any(_has(text, w) for w in r["plural_words"])
        return Query(
            intent=intent,
            types=types,
            academies=academies,
            departements=departements,
            communes=communes,
            cnr=cnr,
            years=years,
            unit=unit,
            themes=themes,
            named=named,
            singular=singular,
            topic=original or " ".join(kept),
            followup=followup,
        )

    def _places(self, message: str, text: str, academies: tuple[str, ...]):
        """Départements named in full ("dans l'Oise", "in the Somme") or by code ("(60)"), and
        communes the gazetteer knows, written with a capital, that are not académie names."""
        g = gazetteer()
        depts: dict[str, str] = {}
        spaced = text.replace("-", " ")
        for key, code in g.departement_keys().items():
            # a name that is also a commune's (Paris) is the département only after an article
            # or "département": "Sciences Po Paris" names no département
            lead = (
                r"(?:the|la|le|les|l|du|de la|dans l|dans la|dans le|departement de|departement du|departement)\s+"
                if g.is_commune(g.departements[code])
                else ""
            )
            if re.search(rf"(?<!\w){lead}{re.escape(key)}(?!\w)", spaced):
                depts[code] = g.departements[code]
        for m in re.finditer(r"\((\d{2}|2[AB]|97\d)\)", message):
            if m.group(1) in g.departements:
                depts[m.group(1)] = g.departements[m.group(1)]
        academy_keys = {fold(a) for a in academies} | {fold(a.split("-")[0]) for a in academies}
        communes = []
        for m in re.finditer(
            r"(?<![\w-])[A-ZÀ-Ý][\w’'-]*(?:[ -](?:sur|sous|en|le|la|les|de|du|des|lès|[A-ZÀ-Ý][\w’'-]*))*", message
        ):
            name = m.group(0).strip("'’-")
            if len(name) < 3 or fold(name) in academy_keys or m.start() == 0 or name.isupper() and len(name) <= 5:
                continue  # the first word of a sentence is capitalised anyway; "ULIS" is an acronym
            if g.is_commune(name) and not g.departement(name):
                communes.append(g.communes(name)[0].name)
        return tuple(sorted(depts.items())), tuple(dict.fromkeys(communes))

    def _named_project(self, text: str) -> str | None:
        """The project whose name the question quotes (longest name first)."""
        best = None
        for iri, title in self.projects.items():
            t = _title_key(title)
            if len(t) >= 4 and _has(text, t) and (best is None or len(t) > len(_title_key(self.projects[best]))):
                best = iri
        return best


def _title_key(title: str) -> str:
    """A project title as the folded question text spells it (elisions dropped)."""
    return re.sub(r"\s+", " ", fold(_ELISION.sub(" ", title)).replace("’", "'")).strip(' «»"')


def merge(previous: Query | None, q: Query) -> Query:
    """A follow-up keeps what the conversation was about and changes what it says: "and in
    Clermont-Ferrand?" changes the académie, "only the projects" the type, "which indicators
    measure it?" the type of the same topic."""
    if previous is None or not q.followup:
        return q
    place_given = bool(q.academies or q.departements or q.communes)
    intent = previous.intent
    if q.types:
        intent = "which" if q.intent in ("which", "devices") else q.intent
    elif q.intent != "which":
        intent = q.intent
    return replace(
        previous,
        intent=intent,
        types=q.types or previous.types,
        academies=q.academies if place_given else previous.academies,
        departements=q.departements if place_given else previous.departements,
        communes=q.communes if place_given else previous.communes,
        cnr=q.cnr or previous.cnr and not q.types,
        years=q.years or previous.years,
        unit=q.unit or previous.unit,
        named=None if q.types else previous.named,
        followup=True,
    )


def _original_span(message: str, kept_folded: list[str]) -> str:
    """The kept topic words in the user's own spelling (accents help the French ranker)."""
    if not kept_folded:
        return ""
    words = re.findall(r"[\w'’-]+", message)
    out, want = [], list(kept_folded)
    for w in words:
        if want and fold(w).replace("’", "'") == want[0]:
            out.append(w)
            want.pop(0)
    return " ".join(out) if not want else " ".join(kept_folded)
