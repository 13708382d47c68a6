"""Infer a document's académie, title, period and kind from its text (options override)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from boussole.text import fold

from .layout import compiled, rules

_PERIOD = re.compile(r"\b(20\d\d)\s*[-–/à]\s*(20\d\d)\b")
# "Ambitions 2025", "horizon 2030", "projet 2024" (on accent-folded, lowercased text)
_TARGET = re.compile(r"\b(?:ambitions?|horizon|projet)\s+(20\d\d)\b")
# the year a progress report measures from: "les évolutions depuis 2021"
_SINCE = re.compile(r"\bdepuis\s+(?:la\s+rentree\s+|l'annee\s+|septembre\s+)?(20\d\d)\b")
_REPORT = re.compile(r"\bbilan\b|rapport d['’]?[ée]tape|point d['’]?[ée]tape|rapport annuel", re.I)


def infer_academy(text: str, name: str = "") -> str | None:
    """The académie a document belongs to: the one its text names ("académie de Rouen",
    "Rectorat de Reims", "www.ac-rouen.fr"), else an académie named near the top of the text,
    else one named by the file name ("ac-rouen_projet.pdf", "rouen.txt"); None when unknown."""
    c = compiled()
    names: Counter[str] = Counter()
    for pattern in c.academy:
        for m in pattern.finditer(text):
            found = _known_academy(m.group("name").replace("<", "-").strip())
            if found:
                names[found] += 1
    if names:
        return names.most_common(1)[0][0]
    head = fold(text[:3000])
    listed = [(head.find(k), a) for k, a in _academy_keys().items() if re.search(rf"\b{re.escape(k)}\b", head)]
    if listed:
        return min(listed)[1]
    stem = fold(re.sub(r"[_\W]+", " ", name))
    listed = [(stem.find(k), a) for k, a in _academy_keys().items() if re.search(rf"\b{re.escape(k)}\b", stem)]
    return min(listed)[1] if listed else None


@lru_cache(maxsize=1)
def _academy_keys() -> dict[str, str]:
    """Folded spellings of the académies' names ("clermont ferrand", "la reunion", "reunion")."""
    keys = {}
    for a in rules()["academy"]["names"]:
        k = re.sub(r"[-\s]+", " ", fold(a))
        keys[k] = a
        keys[k.replace(" ", "-")] = a
        if k.startswith("la "):
            keys[k[3:]] = a
    return keys


def _known_academy(raw: str) -> str | None:
    """ "ROUEN" → "Rouen"; a name outside the list is kept as written, in title case."""
    k = re.sub(r"[-\s]+", " ", fold(raw)).strip()
    keys = _academy_keys()
    for n in range(len(k.split()), 0, -1):  # "Rouen Normandie" → "Rouen"
        head = " ".join(k.split()[:n])
        if head in keys:
            return keys[head]
    # "Rectorat de la région académique de Guadeloupe": the académie is named inside
    inside = [(k.find(key), a) for key, a in keys.items() if re.search(rf"\b{re.escape(key)}\b", k)]
    if inside:
        return min(inside)[1]
    if len(k) < 3:
        return None
    return "-".join(w[:1].upper() + w[1:].lower() if w.isupper() or w.islower() else w for w in raw.split("-"))


def infer_period(text: str) -> str | None:
    """The years a plan covers, as the text states them.

    In order: a year range on the cover (the first 3,000 characters); the target year a cover
    names ("Ambitions 2025", "Horizon 2030") with the year it counts from ("les évolutions
    depuis 2021") — how progress reports state their span; a year range anywhere; the target
    year alone. A one-year range ("2020-2021") is a school year that a figure refers to, never
    the span of a plan, so it does not count as a period.
    """
    head = text[:3000]
    for m in _PERIOD.finditer(head):
        if _is_plan_span(int(m.group(1)), int(m.group(2))):
            return f"{m.group(1)}-{m.group(2)}"
    folded = fold(head)
    target = _TARGET.search(folded)
    if target:
        end = int(target.group(1))
        starts = [int(s) for s in _SINCE.findall(folded) if _is_plan_span(int(s), end)]
        if starts:
            return f"{min(starts)}-{end}"
    for m in _PERIOD.finditer(text):
        if _is_plan_span(int(m.group(1)), int(m.group(2))):
            return f"{m.group(1)}-{m.group(2)}"
    return target.group(1) if target else None


def _is_plan_span(start: int, end: int) -> bool:
    # a one-year range is a school year; plans run three to five years, and ten leaves room for
    # long strategies without taking a "2010-2030" comparison for a period
    return 2 <= end - start <= 10


def infer_kind(text: str) -> str:
    return "progress-report" if _REPORT.search(text[:2000]) else "plan"


def infer_title(lines: list[str], academy: str | None, period: str | None, kind: str) -> str:
    for raw in lines[:40]:
        t = raw.strip(" #*").strip()
        if len(t) > 12 and re.search(r"projet|plan|ambition|strat", t, re.I) and not re.match(r"^\d", t):
            base = t
            break
    else:
        base = "Projet académique"
    parts = [base[:120]]
    if academy and fold(academy) not in fold(base):
        parts.append(f"académie d'{academy}" if fold(academy)[:1] in "aeiouy" else f"académie de {academy}")
    if period and period not in base:
        parts.append(period)
    if kind == "progress-report" and "bilan" not in fold(base):
        parts.append("bilan d'étape")
    return " — ".join(parts)
