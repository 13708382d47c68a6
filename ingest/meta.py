"""Infer a document's académie, title, period and kind from its text (options override)."""
from __future__ import annotations

import re
from collections import Counter

from .lexicon import fold

_ACADEMY = re.compile(r"(?i:acad[ée]mie\s+(?:de\s+la\s+|de\s+|d['’]\s*))([A-ZÀ-Ý][\w'’]+(?:[- <][A-ZÀ-Ý][\w'’]+)*)")
_PERIOD = re.compile(r"\b(20\d\d)\s*[-–/à]\s*(20\d\d)\b")
_REPORT = re.compile(r"\bbilan\b|rapport d['’]?[ée]tape|point d['’]?[ée]tape|rapport annuel", re.I)


def infer_academy(text: str) -> str | None:
    names = Counter(m.group(1).replace("<", "-").strip() for m in _ACADEMY.finditer(text))
    if not names:
        return None
    name = names.most_common(1)[0][0]
    return "-".join(w[:1].upper() + w[1:].lower() if w.isupper() else w for w in name.split("-"))


def infer_period(text: str) -> str | None:
    head = text[:3000]
    m = _PERIOD.search(head) or _PERIOD.search(text)
    if m and 0 < int(m.group(2)) - int(m.group(1)) <= 10:
        return f"{m.group(1)}-{m.group(2)}"
    m = re.search(r"\b(?:ambitions?|horizon|projet)\s+(20\d\d)\b", fold(head))
    return m.group(1) if m else None


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
