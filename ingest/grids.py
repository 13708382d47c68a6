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
