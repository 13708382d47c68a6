"""Read quantitative statements: "13 internats d'excellence", "+ 19 % en une année scolaire".

A figure is a number with what it counts (a unit such as "%" or "points", or the noun that
follows: "internats d'excellence"), the clause it was read from, and the year or school year
stated nearby. Years, grade names ("6e", "CM2"), measure numbers ("mesure 8"), département
codes ("(80)") and addresses are not figures.
"""

from __future__ import annotations

import re

from .model import Figure, Span

_URL = re.compile(r"<?(?:https?://|www\.)\S+>?|\S+@\S+")
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<sign>[+-]\s?)?(?P<num>\d{1,3}(?:[  ]\d{3})+|\d+(?:,\d+)?)(?![\w/])"
    r"(?P<after>\s*(?:%|pour\s?cent|points?\b|pts?\b)?)"
)
_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)(?:\s*[-–/]\s*(?:19[89]\d|20[0-4]\d|\d{2}))?\b")
_STOP = {
    "et",
    "ou",
    "en",
    "dans",
    "pour",
    "sur",
    "au",
    "aux",
    "à",
    "a",
    "avec",
    "par",
    "qui",
    "dont",
    "soit",
    "contre",
    "depuis",
    "sont",
    "est",
    "ont",
    "été",
    "le",
    "la",
    "les",
    "ce",
    "ces",
    "entre",
}
_NOT_AFTER = re.compile(r"^\s*(?:e|er|ère|ème|eme|nd|nde|h\d*|heures?\s+de\s+sport)\b", re.I)
_NOT_BEFORE = re.compile(
    r"(?:mesure|axe|objectif|priorité|niveau|CE|CM|page|n°|rentrée|RS|session|cycle|volet|semaine)\s*$", re.I
)


def _value(num: str) -> float:
    return float(num.replace(" ", "").replace(" ", "").replace(",", "."))


def _counted(rest: str) -> str:
    """The noun phrase a bare number counts: words up to a stop word or punctuation."""
    words = []
    for w in re.findall(r"[\wÀ-ÿ'’+-]+|[^\s\wÀ-ÿ]", rest)[:8]:
        if not re.match(r"[\wÀ-ÿ]", w) or w.lower() in _STOP and words:
            if w.lower() in ("de", "d'", "des", "du") and words:
                words.append(w)
                continue
            break
        if w.lower() in _STOP:
            break
        words.append(w)
    while words and words[-1].lower() in ("de", "des", "du", "d'"):
        words.pop()
    return " ".join(words).replace(" '", "'").replace("' ", "'")


def _lead(before: str) -> str:
    """What a percentage measures when the text names it first: "Mathématiques : en progrès de"."""
    words = re.findall(r"[A-Za-zÀ-ÿ'’-]{2,}", before)[-6:]
    return " ".join(words)


def find_figures(text: str, span: Span) -> list[Figure]:
    clean = _URL.sub(" ", text)
    out: list[Figure] = []
    for sentence in re.split(r"(?<=[.;!?])\s+|\s+>\s+", clean):
        years = [m.group(0) for m in _YEAR.finditer(sentence)]
        for m in _NUMBER.finditer(sentence):
            raw = m.group("num")
            before = sentence[: m.start()]
            after_text = sentence[m.end() :]
            unit = m.group("after").strip()
            if _YEAR.fullmatch(raw) and not unit:
                continue  # a year, not a quantity
            if (
                _NOT_AFTER.match(after_text)
                or _NOT_BEFORE.search(before)
                or (before.endswith("(") and after_text.startswith(")") and not unit)
            ):
                continue
            value = _value(raw)
            if m.group("sign") and m.group("sign").strip() == "-":
                value = -value
            if unit:
                unit = "%" if unit.startswith(("%", "pour")) else "points"
                subject = _counted(after_text) or _lead(before)
            else:
                subject = _counted(after_text)
                if not subject or subject[0].isdigit():
                    continue
                unit = subject
            year = next((y for y in years if y != raw), None)
            out.append(
                Figure(
                    value=value, unit=unit, subject=subject or unit, year=year, text=sentence.strip()[:400], span=span
                )
            )
    return out
