"""Projects listed in a Markdown table: | Projet | Établissement | Commune | Département |.

Plans written in Markdown often list their CNR projects as a pipe table rather than as bullets.
A table is read as projects when its header row names a title column and at least an
establishment or a commune column; rows are kept with their own source line for provenance.
Only the GitHub-flavoured pipe syntax is read (header row, delimiter row, body rows): that is
what Markdown exports of plans produce.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import fold

# header cell (accent-folded, lowercased) -> column role; first match wins
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("departement", re.compile(r"^(?:departement|dept|dpt)\b")),
    ("commune", re.compile(r"^(?:commune|ville|localite|lieu)\b")),
    ("establishment", re.compile(r"^(?:etablissement|ecole|college|lycee|structure|porteur)")),
    ("title", re.compile(r"^(?:projets?|titre|intitule|nom du projet)\b")),
)
_DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CNR = re.compile(r"\bCNR\b|notre [ée]cole", re.I)


@dataclass(frozen=True)
class ProjectRow:
    """One body row of a project table, cells by role ("" when the table has no such column)."""

    line: int  # 1-based source line
    quote: str  # the row as written
    title: str
    establishment: str
    commune: str
    departement: str
    is_cnr: bool  # the table sits under a heading about CNR « Notre école, faisons-la ensemble »


@dataclass(frozen=True)
class ProjectTable:
    heading_line: int | None  # the Markdown heading the table sits under, if any
    start: int  # header row
    end: int  # last body row
    rows: tuple[ProjectRow, ...]


def split_row(text: str) -> list[str]:
    """Cells of a pipe-table row; "\\|" is a literal bar, Markdown emphasis is dropped."""
    body = text.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells = re.split(r"(?<!\\)\|", body)
    return [re.sub(r"[*_`]{1,3}(.+?)[*_`]{1,3}", r"\1", c.replace("\\|", "|")).strip() for c in cells]


def column_roles(header: list[str]) -> dict[str, int] | None:
    """Role -> column index, or None when the header does not describe projects."""
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = fold(cell).strip()
        for role, pattern in _ROLES:
            if pattern.search(key) and role not in roles:
                roles[role] = i
                break
    if "title" not in roles or not ({"establishment", "commune"} & roles.keys()):
        return None
    return roles


def project_tables(source: list[str]) -> list[ProjectTable]:
    """Every project table of a document, given its source lines (index 0 is line 1)."""
    tables: list[ProjectTable] = []
    heading: tuple[int, str] | None = None
    i = 0
    while i < len(source):
        text = source[i].strip()
        if text.startswith("#"):
            heading = (i + 1, text)
        is_header = text.startswith("|") and i + 1 < len(source) and _DELIMITER.match(source[i + 1].strip())
        roles = column_roles(split_row(text)) if is_header else None
        if roles is None:
            i += 1
            continue
        is_cnr = bool(heading and _CNR.search(heading[1]))
        rows = []
        j = i + 2
        while j < len(source) and source[j].strip().startswith("|"):
            cells = split_row(source[j])

            def cell(role: str) -> str:
                k = roles.get(role)
                return cells[k] if k is not None and k < len(cells) else ""

            if cell("title"):
                rows.append(ProjectRow(j + 1, source[j], cell("title"), cell("establishment"), cell("commune"),
                                       cell("departement"), is_cnr))
            j += 1
        tables.append(ProjectTable(heading[0] if heading else None, i + 1, j, tuple(rows)))
        i = j
    return tables
