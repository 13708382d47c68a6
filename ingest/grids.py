"""Lists set out as tables in a text layer or a word processor's export: a header row whose
first cell names the list ("Indicateurs", "Indicateur", "Actions") and whose other cells name
columns of figures ("2021", "Valeur 2023", "Cible 2028"), over rows whose first cell is an item
and the others its figures. Cells are cut by tabs or by runs of spaces (`pdftotext -layout`).

The header row becomes the list's heading and each row an item (its figures kept after " | ",
as a Markdown table's are), one output line per input line. A row's first cell wrapped onto a
line of its own is left as text: the item it continues takes it up.
"""

from __future__ import annotations

import re

from boussole.text import fold

from .layout import compiled, rules

_CELLS = re.compile(r"\t+|\s{2,}")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def cells(line: str) -> list[str]:
    return [c.strip() for c in _CELLS.split(line.strip()) if c.strip()]


def _column_name(cell: str) -> bool:
    """ "2021", "Valeur 2023", "Cible 2028", "Référence", "Résultat 2024": a column of figures."""
    words = rules()["tables"]["column_words"]
    key = fold(cell)
    return len(cell) <= 30 and (bool(_YEAR.search(cell)) or any(re.match(rf"^{re.escape(w)}\b", key) for w in words))


def _list_word(cell: str) -> str | None:
    """The kind of list a header row's first cell names, if any ("Indicateur", "Actions")."""
    key = fold(cell).rstrip(" :")
    for kind, pattern in compiled().blocks:
        if kind in ("indicator", "engagement") and (pattern.match(key) or pattern.match(key + "s")):
            return kind
    return None


def _row(line: str) -> list[str] | None:
    found = cells(line)
    if len(found) < 2 or _figures(found) or any(len(c) > 30 for c in found[1:]):
        return None
    return found


def _figures(found: list[str]) -> bool:
    """ "71 %   83 %   100 %": a row's figures alone, its first cell being the line above."""
    return all(len(c) <= 15 and re.search(r"\d", c) for c in found)


def grids(raw_lines: list[str]) -> tuple[dict[int, str], dict[int, list[str]]]:
    """(header rows: index -> the list heading they stand for, rows: index -> cells; a line
    whose words went into the row above or below has no cells)."""
    heads: dict[int, str] = {}
    rows: dict[int, list[str]] = {}
    for i, line in enumerate(raw_lines):
        head = cells(line)
        if len(head) < 2 or not _list_word(head[0]) or not all(_column_name(c) for c in head[1:]):
            continue
        found: dict[int, list[str]] = {}
        last = None  # the row the next wrapped line may go on with
        j = i + 1
        while j < len(raw_lines) and raw_lines[j].strip():
            here = cells(raw_lines[j])
            row = _row(raw_lines[j])
            if row is not None:
                found[j], last = row, j
            elif len(here) == 1:
                after = cells(raw_lines[j + 1]) if j + 1 < len(raw_lines) else []
                if after and _figures(after):
                    # an item too long for its row: its figures on the line below
                    found[j], found[j + 1], last = here + after, [], j
                    j += 1
                elif last is not None and here[0][:1].islower():
                    found[last][0] += " " + here[0]  # the first cell wrapped
                    found[j] = []
                else:
                    break  # a line of its own without figures: the text after the table
            else:
                break
            j += 1
        if found:
            heads[i] = head[0]
            rows.update(found)
    return heads, rows


def _lone_cell(line: str) -> bool:
    """A line holding one cell: not a row of several (cut by " | ", tabs or runs of spaces)."""
    return bool(line.strip()) and "|" not in line and len(cells(line)) == 1


_FIGURE_CELL = re.compile(
    r"^[<>≥≤~+\-–]?\s*\d[\d\s.,]*\s*(?:%|points?|pts?|jours?|€|k€|m€|ans?|mois|h|heures?|élèves)?$", re.I
)


def cell_lines(texts: list[str], bullets: list[bool] | None = None) -> tuple[set[int], dict[int, int]]:
    """A table exported one cell a line: a list heading ("Indicateur") over the names of its
    columns of figures ("Valeur 2022", "Cible 2026"), then each row's item followed by its
    figures ("71 %", "80 %"). Returns the header cells' indexes and, for each figure cell, the
    index of the item it belongs to; the table ends at a blank line or a line that is neither."""
    bullets = bullets or [False] * len(texts)
    header: set[int] = set()
    figures: dict[int, int] = {}

    def column(k: int) -> bool:
        # a column's name alone on its line: short ("Valeur 2022", "Cible", "Référence"), not a
        # list's item ("Taux d'absentéisme des élèves" opens on a column word too)
        cell = texts[k].strip()
        return (
            not bullets[k]
            and _lone_cell(texts[k])
            and _column_name(cell)
            and (bool(_YEAR.search(cell)) or len(cell.split()) <= 2)
        )

    for i, t in enumerate(texts):
        if not _list_word(t.strip()):
            continue
        k = i + 1
        while k < len(texts) and column(k) and k - i <= 4:
            k += 1
        if k == i + 1:
            continue
        header |= set(range(i + 1, k))
        item = None
        while k < len(texts) and texts[k].strip():
            cell = texts[k].strip()
            if _FIGURE_CELL.match(cell) and _lone_cell(texts[k]):
                if item is None:
                    break
                figures[k] = item
            elif _list_word(cell) or len(cell) > 200:
                break
            else:
                item = k
            k += 1
    return header, figures
