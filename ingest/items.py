"""Cut the lines of a block (engagements, indicators, actions…) into items.

Two layouts occur. Bulleted blocks: one item per bullet, nested bullets and wrapped lines
belong to their parent. Unbulleted OCR blocks (narrow columns): an item starts on a
capitalised line; when OCR has moved the last line of an item before the block (a fragment
starting in lower case), the fragment is given back, in order, to the items left unfinished.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


from boussole.text import fold

from .lexicon import known
from .normalize import Line, join_fragments

_CLOSED = re.compile(r"[.!?;)»\]]\s*$")
_DEBRIS = re.compile(r"^[\W\d_]{0,5}$|^[A-Za-z]$|^\W*[a-zA-Z]\W*$")


@dataclass
class Item:
    lines: list[Line] = field(default_factory=list)
    intro: str = ""  # a lead-in paragraph ("… :") the item belongs to
    details: list[Line] = field(default_factory=list)  # a note under the item ("Cible 2026 : 85 %")

    @property
    def text(self) -> str:
        body = join_fragments([ln.text for ln in self.lines + self.details])
        return f"{self.intro} : {body}".strip() if self.intro else body

    @property
    def head(self) -> str:
        """The item's own words, without the notes written under it: what labels it."""
        body = join_fragments([ln.text for ln in self.lines])
        return f"{self.intro} : {body}".strip() if self.intro else body

    @property
    def closed(self) -> bool:
        return bool(self.lines) and bool(_CLOSED.search(self.lines[-1].text))

    @property
    def start(self) -> int:
        return min(ln.number for ln in self.lines)

    @property
    def end(self) -> int:
        return max(ln.number for ln in self.lines)


def is_debris(text: str) -> bool:
    t = text.strip()
    return not t or bool(_DEBRIS.match(t))


# "a) maintenir…": an item numbered by a letter, whatever its case
_LETTERED = re.compile(r"^[a-j]\)\s+")


def _starts_item(text: str) -> bool:
    first = text.lstrip("«\"' ")[:1]
    return first.isupper() or first.isdigit() or bool(_LETTERED.match(text))


def assemble(lines: list[Line]) -> list[Item]:
    content = [ln for ln in lines if not ln.blank and not is_debris(ln.text)]
    if not content:
        return []
    if any(ln.bullet for ln in content):
        return _bulleted(lines)
    return _prose(content)


def _bulleted(lines: list[Line]) -> list[Item]:
    items: list[Item] = []
    base_indent = min((ln.indent for ln in lines if ln.bullet), default=0)
    current: Item | None = None
    intro = ""
    prev_blank = True
    for ln in lines:
        if ln.blank:
            prev_blank = True
            continue
        if is_debris(ln.text):
            continue
        if ln.bullet and ln.indent <= base_indent:
            current = Item([ln], intro=intro)
            items.append(current)
        elif ln.bullet and current is not None:
            current.lines.append(ln)  # nested bullet: a detail of its parent
        elif current is not None and not prev_blank and current.details:
            current.details.append(ln)
        elif (
            current is not None
            and not prev_blank
            and (not _starts_item(ln.text) or not current.closed and _cut(current) and not _caps_after(current, ln))
        ):
            current.lines.append(ln)
        elif current is not None and not prev_blank and not current.closed:
            # a capitalised line under a whole item of a bulleted list is a note of the item
            current.details.append(ln)
        else:
            # a paragraph between bullets: an item of its own, or the lead-in of the bullets below
            current = Item([ln])
            items.append(current)
            intro = ""
        if not ln.bullet and ln.text.rstrip().endswith(":"):
            intro = current.text.rstrip(" :") if current else ""
            if current is not None and current.lines == [ln]:
                items.pop()
                current = None
        elif not ln.bullet and current is not None and current.lines[0] is ln:
            intro = ""
        prev_blank = False
    return [it for it in items if it.lines]


_OPEN_END = re.compile(
    r"(?:\b(?:de|du|des|la|le|les|l'|d'|en|et|ou|à|au|aux|pour|par|sur|dans|avec|un|une|entre)|[-,'’])$", re.I
)


def _caps_after(item: Item, ln: Line) -> bool:
    """A line in capitals under an item that is not: a heading the page runs on to, not the
    item's next line ("… d'une année sur l'autre" / "GOUVERNANCE ET SUIVI")."""
    return _mostly_caps(ln.text) and not _mostly_caps(item.lines[-1].text)


def _mostly_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _cut(item: Item) -> bool:
    """An item's last line was cut by the line width (long, or ending mid-phrase): a
    capitalised next line goes on with it ("… avec" / "Nantes Université")."""
    last = item.lines[-1].text.rstrip()
    return len(last) >= 60 or bool(_OPEN_END.search(last))


def _prose(content: list[Line]) -> list[Item]:
    items: list[Item] = []
    for ln in content:
        if items and not _starts_item(ln.text) and not items[-1].closed and not _is_orphan(items[-1]):
            items[-1].lines.append(ln)
        elif items and not _starts_item(ln.text) and _is_orphan(items[-1]) and not items[-1].closed:
            items[-1].lines.append(ln)
        else:
            items.append(Item([ln]))
    orphans = [it for it in items if _is_orphan(it)]
    if not orphans:
        return items
    owners = [it for it in items if not _is_orphan(it) and not it.closed]
    for owner, orphan in zip(owners, orphans):
        owner.lines.extend(orphan.lines)
    # fragments with no unfinished item to return to are column debris
    return [it for it in items if not _is_orphan(it)]


def _is_orphan(item: Item) -> bool:
    return not _starts_item(item.lines[0].text)


def label_of(text: str, limit: int = 220) -> str:
    """A one-line label: the first sentence, cut on a word boundary when very long."""
    text = text.strip()
    m = re.match(r"^(.{40,}?[.!?])(?:\s|$)", text)
    label = m.group(1) if m and len(m.group(1)) <= limit else text
    if len(label) > limit:
        label = label[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return label.rstrip(" :")


def item_label(text: str) -> str:
    """The label of a list item: list punctuation ("… ;", "… .") ends the item, not its words;
    a table row's first cell is its words, the other cells its figures."""
    label = label_of(_LETTERED.sub("", text.split(" | ", 1)[0]))
    return label.rstrip(" ;,.") if not label.endswith("...") else label


def sentence_case(text: str) -> str:
    """Turn an all-capitals heading into sentence case, keeping acronyms ("CNR", "REP+")."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return text
    if sum(c.isupper() for c in letters) < 0.8 * len(letters):
        # "ACCUEILLIR chacune et chacun…": only the leading word is in capitals
        m = re.match(r"^((?:[A-ZÀ-Ý]['’])?[A-ZÀ-Ý]{3,})(\s+[a-zà-ÿ])", text)
        if m and fold(m.group(1)) not in _ACRONYMS:
            return m.group(1)[0] + m.group(1)[1:].lower() + text[len(m.group(1)) :]
        return text
    out = []
    for word in re.split(r"(\s+)", text):
        core = re.sub(r"[^\wÀ-ÿ'-]", "", word)
        if core and core.isupper() and (len(core) <= 5 and not known(core) or fold(core) in _ACRONYMS):
            out.append(word)
        else:
            out.append(word.lower())
    result = "".join(out)
    for i, ch in enumerate(result):
        if ch.isalpha():
            return result[:i] + ch.upper() + result[i + 1 :]
    return result


_ACRONYMS = {"cnr", "rep", "rep+", "dnb", "ulis", "pial", "pas", "ter", "cle", "snu", "e3d", "iex", "eple"}
