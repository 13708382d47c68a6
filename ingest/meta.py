"""Infer a document's académie, title, period and kind from its text (options override)."""
from __future__ import annotations

import re
from collections import Counter

from .lexicon import fold

_ACADEMY = re.compile(r"(?i:acad[ée]mie\s+(?:de\s+la\s+|de\s+|d['’]\s*))([A-ZÀ-Ý][\w'’]+(?:[- <][A-ZÀ-Ý][\w'’]+)*)")
_PERIOD = re.compile(r"\b(20\d\d)\s*[-–/à]\s*(20\d\d)\b")
# "Ambitions 2025", "horizon 2030", "projet 2024" (on accent-folded, lowercased text)
_TARGET = re.compile(r"\b(?:ambitions?|horizon|projet)\s+(20\d\d)\b")
# the year a progress report measures from: "les évolutions depuis 2021"
_SINCE = re.compile(r"\bdepuis\s+(?:la\s+rentree\s+|l'annee\s+|septembre\s+)?(20\d\d)\b")
_REPORT = re.compile(r"\bbilan\b|rapport d['’]?[ée]tape|point d['’]?[ée]tape|rapport annuel", re.I)


def infer_academy(text: str) -> str | None:
    names = Counter(m.group(1).replace("<", "-").strip() for m in _ACADEMY.finditer(text))
    if not names:
        return None
    name = names.most_common(1)[0][0]
    return "-".join(w[:1].upper() + w[1:].lower() if w.isupper() else w for w in name.split("-"))


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
