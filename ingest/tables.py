"""Projects listed in a Markdown table: | Projet | Établissement | Commune | Département |.

Plans written in Markdown often list their CNR projects as a pipe table rather than as bullets.
A table is read as projects when its header row names a title column and at least an
establishment or a commune column; rows are kept with their own source line for provenance.
Tables are GitHub-flavoured pipe tables, read with markdown-it-py: that is what Markdown exports
of plans produce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from boussole.text import fold

# header cell (accent-folded, lowercased) -> column role; first match wins
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("departement", re.compile(r"^(?:departement|dept|dpt)\b")),
    ("commune", re.compile(r"^(?:commune|ville|localite|lieu)\b")),
    ("establishment", re.compile(r"^(?:etablissement|ecole|college|lycee|structure|porteur)")),
    ("title", re.compile(r"^(?:projets?|titre|intitule|nom du projet)\b")),
)
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


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _plain(inline: Token) -> str:
    """Text of an inline token with emphasis, code marks and escapes resolved by the parser."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def split_row(text: str) -> list[str]:
    """Cells of one pipe-table row as plain text ("\\|" is a literal bar, emphasis dropped)."""
    width = len(re.findall(r"(?<!\\)\|", text.strip().strip("|"))) + 1
    table = f"{text}\n|{'---|' * width}\n"  # a row alone is not a table: read it as a header row
    tokens = _parser().parse(table)
    return [_plain(t) for t in tokens if t.type == "inline"]


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
    """Every project table of a document, given its source lines (index 0 is line 1). The
    Markdown is parsed by markdown-it-py (GitHub-flavoured tables), whose token maps give each
    row's source line for provenance."""
    tables: list[ProjectTable] = []
    heading: tuple[int, str] | None = None
    tokens = _parser().parse("\n".join(source))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        # markdown-it counts lines its own way ("\r" alone ends one): a map past the source is no heading
        if tok.type == "heading_open" and tok.map and tok.map[0] < len(source):
            heading = (tok.map[0] + 1, source[tok.map[0]].strip())
        if tok.type != "table_open" or not tok.map:
            i += 1
            continue
        rows: list[tuple[int, list[str]]] = []  # (0-based line, cells)
        j = i + 1
        while tokens[j].type != "table_close":
            if tokens[j].type == "tr_open" and tokens[j].map:
                line, cells = tokens[j].map[0], []
                j += 1
                while tokens[j].type != "tr_close":
                    if tokens[j].type == "inline":
                        cells.append(_plain(tokens[j]))
                    j += 1
                rows.append((line, cells))
            j += 1
        i = j + 1
        if not rows or (roles := column_roles(rows[0][1])) is None:
            continue
        is_cnr = bool(heading and _CNR.search(heading[1]))

        def cell(cells: list[str], role: str) -> str:
            k = roles.get(role)
            return cells[k] if k is not None and k < len(cells) else ""

        body = tuple(
            ProjectRow(
                line + 1,
                source[line],
                cell(cells, "title"),
                cell(cells, "establishment"),
                cell(cells, "commune"),
                cell(cells, "departement"),
                is_cnr,
            )
            for line, cells in rows[1:]
            if cell(cells, "title") and line < len(source)
        )
        tables.append(ProjectTable(heading[0] if heading else None, tok.map[0] + 1, tok.map[1], body))
    return tables
