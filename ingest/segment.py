"""Segment repaired lines into plan → axes → objectives → blocks → items.

The reader is a single pass over paragraphs with a small amount of state (current axis,
objective, open block). What differs between académies is handled by three document-level
observations made before the pass:
- running page headers (a short paragraph opening many pages) name the axis of the page when
  the plan never writes "AXE n" on its content pages;
- paragraphs repeated on three or more pages are boilerplate (side bars, footers);
- when a plan never writes "Objectif", an objective is the titled section of a page that owns
  an "Indicateurs" or "NOS ENGAGEMENTS" block.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from boussole.text import fold

from .columns import deinterleave, split_side_by_side
from dataclasses import replace

from .headings import (
    Heading,
    announced,
    announced_subunits,
    announced_units,
    classify as _classify,
    document_levels,
    toc_lines,
)
from .items import assemble, is_debris, item_label, label_of, sentence_case
from .layout import compiled
from .model import Node, Span
from .normalize import Line, join_fragments, split_flattened

PAGE_BREAK = 3  # blank lines that separate pages in text exported from PDF
_LEAF_KIND = {"engagement": "engagement", "indicator": "indicator", "done": "action", "planned": "action"}


@dataclass
class Para:
    lines: list[Line]
    gap: int  # blank lines before it

    @property
    def text(self) -> str:
        return join_fragments([ln.text for ln in self.lines])

    @property
    def key(self) -> str:
        # asked of every paragraph several times by the document-level observations
        if self._key is None:
            self._key = re.sub(r"[^a-z]", "", fold(self.text))
        return self._key

    _key: str | None = field(default=None, repr=False, compare=False)


@dataclass
class Block:
    kind: str
    head: Line
    lines: list[Line] = field(default_factory=list)
    title: str = ""
    side: bool = False


@dataclass
class Outline:
    axes: list[Node]
    passages: list[Node]  # text outside any axis (introduction, editorial)
    focus: list[Node]  # focus sections with their lines, for project extraction
    warnings: list[str] = field(default_factory=list)


def paragraphs(lines: list[Line]) -> list[Para]:
    paras: list[Para] = []
    current: list[Line] = []
    gap = 0
    pending_gap = 0
    for ln in lines:
        if ln.furniture:
            continue
        if ln.blank:
            if current:
                paras.append(Para(current, gap))
                current = []
                pending_gap = 0
            pending_gap += 1
            continue
        if not current:
            gap = pending_gap
        current.append(ln)
    if current:
        paras.append(Para(current, gap))
    return paras


def span_of(lines: list[Line], source: list[str]) -> Span:
    numbers = [ln.number for ln in lines]
    start, end = min(numbers), max(numbers)
    return Span(start, end, "\n".join(source[start - 1 : end]))


class _Reader:
    def __init__(self, lines: list[Line], source: list[str]):
        self.source = source
        lines = split_flattened(split_side_by_side(lines))
        toc = toc_lines([ln.text for ln in lines], [ln.bullet for ln in lines])
        self.lines = deinterleave([ln for i, ln in enumerate(lines) if i not in toc or ln.blank])
        levels = document_levels(
            [ln.text for ln in self.lines],
            [ln.heading_level for ln in self.lines],
            [ln.bullet for ln in self.lines],
            toc=[lines[i].text for i in sorted(toc)],
            indents=[ln.indent for ln in self.lines],
        )
        self.classify = lambda text: _classify(text, levels)
        self.titles_above = levels.titles_above
        self.said = {self.lines[i].number for i in levels.said}
        self.paras = paragraphs(self.lines)
        # the titles the prose announces ("autour de six caps : a ; b ; …"): a heading's title
        # wrapped over lines is known whole where it is one of them
        self.announced_keys = [_letters(t) for _, t in announced([ln.text for ln in self.lines])[0]]
        self.axes: list[Node] = []
        self.axis_by_key: dict[str, Node] = {}
        self.front: list[Node] = []
        self.focus: list[Node] = []
        self.warnings: list[str] = []
        self.axis: Node | None = None
        self.objective: Node | None = None
        self.block: Block | None = None
        self.page_passages: list[tuple[list[Node], Node]] = []
        self.page_objective = False
        self.before_matter: tuple[Node | None, Node | None] | None = None
        self.in_matter = False  # under a front or back matter heading, before any unit's
        self.box: list[Line] | None = None  # the lines of a key-figures box read so far
        self.box_gap = 0  # text lines read since its last line
        self.columns: tuple[str, ...] | None = None  # a table's leaf columns, its cells one a line
        self.explicit_objectives = any(
            # labelled or numbered: an objective known by its typography alone does not tell that
            # the plan writes all its objectives as headings
            (h := self.classify(ln.text)) is not None and h.kind == "objective" and (h.num or h.word)
            for ln in self.lines
            if ln.text
        )
        self._observe()
        # OCR of pages glued without blank-line breaks: the page numbers and stray letters OCR
        # leaves between pages are then the only page marks there are
        blank_breaks = sum(1 for p in self.paras if p.gap >= PAGE_BREAK)
        debris = sum(1 for p in self.paras if all(is_debris(ln.text) for ln in p.lines))
        self.debris_breaks = not self.explicit_objectives and debris > blank_breaks

    # -- document-level observations -------------------------------------------------
    def _observe(self) -> None:
        counts = Counter(p.key for p in self.paras if len(p.key) >= 6)
        self.boilerplate = {k for k, n in counts.items() if n >= 3}
        header_counts: Counter[str] = Counter()
        subtitles: dict[str, Counter] = defaultdict(Counter)
        for i, p in enumerate(self.paras):
            if p.gap < PAGE_BREAK or len(p.lines) > 3 or len(p.key) < 8 or self.classify(p.lines[0].text):
                continue
            if not _mostly_caps(p.text):
                continue
            header_counts[p.key] += 1
            nxt = self.paras[i + 1] if i + 1 < len(self.paras) else None
            if nxt and _mostly_caps(nxt.text) and not self.classify(nxt.lines[0].text) and len(nxt.lines) <= 3:
                subtitles[p.key][nxt.text] += 1
        self.running = {k for k, n in header_counts.items() if n >= 3}
        self.running_subtitle = {k: subtitles[k].most_common(1)[0][0] for k in self.running if subtitles[k]}
        self.running_subtitle_keys = {re.sub(r"[^a-z]", "", fold(t)) for t in self.running_subtitle.values()}
        # the header's subtitle repeats too; it is consumed with the header, not boilerplate
        for k in self.running:
            self.boilerplate.discard(k)

    # -- structure ------------------------------------------------------------------
    def _open_axis(self, key: str, notation: str | None, label: str, lines: list[Line]) -> Node:
        axis = self.axis_by_key.get(key)
        if axis is None:
            notation = notation or str(len(self.axes) + 1)
            axis = Node("axis", label or f"Axe {notation}", span_of(lines, self.source), notation=notation)
            self.axes.append(axis)
            self.axis_by_key[key] = axis
        elif label and (axis.label.startswith("Axe ") or len(label) > len(axis.label) and key.startswith("n:")):
            axis.label = label
        self.axis = axis
        return axis

    def _open_objective(self, notation: str | None, title: str, lines: list[Line]) -> Node:
        parent = self.axis or self._implicit_axis(lines)
        local = notation
        if (
            notation
            and "." not in notation
            and parent.notation
            and (not notation[0].isalpha() or re.fullmatch(r"[a-jA-J]", notation))
        ):
            # "2" or "b" restart under each axis: they are the axis's second objective
            notation = f"{parent.notation}.{notation}"
        for existing in parent.children:
            if existing.kind == "objective" and (
                (notation and existing.notation == notation) or fold(existing.label) == fold(title)
            ):
                if title and len(title) > len(existing.label) and existing.label.startswith("Objectif"):
                    existing.label = title
                self.objective = existing
                return existing
        if not notation:
            n = sum(1 for c in parent.children if c.kind == "objective") + 1
            notation = f"{parent.notation}.{n}"
        title = title.rstrip(" ;,")  # a list's punctuation, when its items are the objectives
        obj = Node("objective", title or f"Objectif {local}", span_of(lines, self.source), notation=notation)
        parent.children.append(obj)
        self.objective = obj
        return obj

    def _implicit_axis(self, lines: list[Line]) -> Node:
        return self._open_axis("implicit", "1", "", lines)

    def _container(self) -> list[Node]:
        if self.objective is not None:
            return self.objective.children
        if self.axis is not None:
            return self.axis.children
        return self.front

    # -- the pass ---------------------------------------------------------------------
    def run(self) -> Outline:
        paras = self.paras
        i = 0
        while i < len(paras):
            p = paras[i]
            if p.gap >= PAGE_BREAK or self.debris_breaks and all(is_debris(ln.text) for ln in p.lines):
                self._page_break(p)
            if p.key in self.running:
                sub = (
                    paras[i + 1]
                    if i + 1 < len(paras) and paras[i + 1].text == self.running_subtitle.get(p.key)
                    else None
                )
                label = sentence_case(self.running_subtitle.get(p.key, p.text.replace("&", " ").strip()))
                self._close_block()
                axis_before = self.axis
                self._open_axis("h:" + p.key, None, label, p.lines + (sub.lines if sub else []))
                if self.axis is not axis_before:
                    self.objective = None
                i += 2 if sub else 1
                continue
            if p.key in self.running_subtitle_keys and not self.classify(p.lines[0].text):
                i += 1
                continue
            i = self._paragraph(i)
        self._close_block()
        self._flush_box()
        if not self.axes or all(a is self.axis_by_key.get("implicit") for a in self.axes):
            # no top level was read, or only one assumed for units read without it: what the prose
            # announces is the top level
            self._announced_only()
        _announced_objectives(self.axes)
        _planned_as_engagements(self.axes)
        return Outline(self.axes, self.front, self.focus, self.warnings)

    def _announced_only(self) -> None:
        """A plan whose prose announces its top level ("se décline en trois axes : a ; b ; c")
        and never writes those titles as headings: the announced titles are its units, read
        where they are announced."""
        units = announced_units([p.text for p in self.paras])
        implicit = self.axis_by_key.get("implicit")
        if implicit is not None and (units or len(announced([ln.text for ln in self.lines])[0]) >= 2):
            self.axes.remove(implicit)
            del self.axis_by_key["implicit"]
            self.front.extend(n for n in implicit.walk() if n.kind == "passage")
        if units:
            # each unit named in quotation marks, with the units it lists ("La première
            # ambition, « … », se décline en trois objectifs : a ; b ; c")
            for i, title, items in units:
                lines = self.paras[i].lines
                label = title[0].upper() + title[1:]
                self._open_axis("t:" + re.sub(r"[^a-z]", "", fold(label)), None, label, lines)
                self.objective = None
                for item in items:
                    self._open_objective(None, item[0].upper() + item[1:], lines)
            return
        titles, _ = announced([ln.text for ln in self.lines])
        for i, title in titles:
            if 3 <= len(title) <= compiled().typo_max_chars:
                label = title[0].upper() + title[1:]
                self._open_axis("t:" + re.sub(r"[^a-z]", "", fold(label)), None, label, [self.lines[i]])

    def _page_break(self, p: Para | None = None) -> None:
        self._flush_box()
        if self._list_goes_on(p):
            # a bulleted list split by the page break goes on with its next bullet
            self.page_passages = []
            return
        if self.block:
            self._close_block()
        self.page_passages = []
        self.page_objective = False

    def _list_goes_on(self, p: Para | None) -> bool:
        block = self.block
        if p is None or block is None or block.kind == "focus" or not p.lines[0].bullet:
            return False
        written = [ln for ln in block.lines if ln.text]
        return any(ln.bullet for ln in written) and written[-1].text.rstrip()[-1:] in (";", ",") and not block.side

    def _paragraph(self, i: int) -> int:
        self._consumed_next = 0
        p = self.paras[i]
        lines = p.lines
        j = 0
        body: list[Line] = []
        while j < len(lines):
            ln = lines[j]
            head = (
                self.classify(ln.text)
                if (not ln.side or ln.text == "Indicateurs") and ln.number not in self.said
                else None
            )
            if head is None and self._in_box(ln, body[-1] if body else None):
                self.box.append(ln)
                self.box_gap = 0
                j += 1
                continue
            if self.box is not None:
                # interleaved, the box and the text alternate: two text lines in a row end it
                self.box_gap += 1
                if self.box_gap >= 2:
                    self._flush_box()
            if ln.side and head is None and self.block is not None:
                self.block.lines.append(ln)
                j += 1
                continue
            if head is None:
                body.append(ln)
                j += 1
                continue
            header = self._column_header(lines, j)
            if header:
                # "Objectifs / Actions / Indicateurs": a table's header row, one cell a line
                if body and compiled().list_head.match(fold(body[-1].text.strip())):
                    body.pop()
                if body:
                    self._body(body, p.gap)
                    body = []
                self._close_block()
                self.columns = tuple(dict.fromkeys(h.block for h in header))
                j += len(header)
                continue
            above = None
            if body and self._title_above(head, body, lines, j, i):
                above = body.pop()
                if head.word in self.titles_above:
                    # a title wrapped over lines above its label: the lines that do not end a
                    # sentence before it are its first words
                    while (
                        body and len(above.text) < compiled().typo_max_chars and self._wraps_into(body[-1], above.text)
                    ):
                        first = body.pop()
                        above = replace(first, text=join_fragments([first.text, above.text]))
            if body:
                self._body(body, p.gap)
                body = []
            consumed = self._consumed_next
            j = self._heading(head, lines, j, i, above)
            self._consumed_next = max(consumed, self._consumed_next)
        if body:
            self._body(body, p.gap)
        return i + 1 + self._consumed_next

    _consumed_next = 0

    def _completes_announced(self, title: str, line: str) -> bool:
        """The next line goes on with a title the prose announced ("Une" / "Culture Numérique" /
        "Partagée" for "une culture numérique partagée"), which the title alone does not end."""
        head, joined = _letters(title), _letters(f"{title} {line}")
        return any(k.startswith(joined) and k != head for k in self.announced_keys if head and k.startswith(head))

    def _column_header(self, lines: list[Line], j: int) -> list[Heading]:
        """The headings of a table's leaf columns set one under the other from lines[j]
        ("Actions" / "Indicateurs", each alone), over rows whose cells follow one a line: two or
        more list headings of different kinds in a row, with no list between."""
        found: list[Heading] = []
        for ln in lines[j:]:
            h = self.classify(ln.text) if ln.text and not ln.bullet else None
            if h is None or h.kind != "block" or h.inline or h.title or h.block not in ("engagement", "indicator"):
                break
            found.append(h)
        return found if len({h.block for h in found}) >= 2 else []

    def _cells(self, content: list[Line]) -> None:
        """The cells of a table's row under its objective, one a line: an indicator opens on the
        words that name a measure ("Taux de…", "Part des…"), an action on anything else; a cell
        going on in lower case is the one above, wrapped."""
        assert self.objective is not None and self.columns
        c = compiled()
        for ln in content:
            text = ln.text.strip()
            last = self.objective.children[-1] if self.objective.children else None
            if text[:1].islower() and last is not None and last.kind in _LEAF_KIND.values():
                last.text = join_fragments([last.text or last.label, text])
                last.label = item_label(last.text)
                last.span = Span(last.span.start, ln.number, "\n".join(self.source[last.span.start - 1 : ln.number]))
                continue
            kind = (
                "indicator" if "indicator" in self.columns and c.indicator_start.match(fold(text)) else self.columns[0]
            )
            self.objective.children.append(
                Node(_LEAF_KIND[kind], item_label(text), span_of([ln], self.source), text=text)
            )

    def _in_box(self, ln: Line, prev: Line | None) -> bool:
        """A line of the open key-figures box: short and not a bullet, unless it goes on with an
        unfinished item of the list the box is set beside."""
        if self.box is None or ln.bullet or len(ln.text) > compiled().box_max_chars:
            return False
        if prev is None and self.block is not None:
            prev = next((x for x in reversed(self.block.lines) if x.text), None)
        return not (prev is not None and prev.bullet and ln.text[:1].islower() and not re.search(r"[.;!?]$", prev.text))

    def _flush_box(self) -> None:
        box, self.box = self.box, None
        if box and len(box) > 1:
            text = join_fragments([ln.text for ln in box[1:]])
            self.front.append(Node("passage", label_of(text), span_of(box, self.source), text=text))

    def _wraps_into(self, ln: Line, title: str) -> bool:
        """ln holds the first words of a title set above its label: it does not end a sentence,
        and the title's line goes on in lower case or ln stops mid-phrase (or both are capitals)."""
        t = ln.text.strip()
        return (
            bool(t)
            and not ln.bullet
            and not re.search(r"[.;:!?»]$", t)
            and t[:1].isupper()
            and not self.classify(t)
            and (title[:1].islower() or bool(_OPEN_END.search(t)) or _mostly_caps(t) and _mostly_caps(title))
        )

    def _title_above(self, head: Heading, body: list[Line], lines: list[Line], j: int, i: int) -> bool:
        """A bare label ("AMBITION A", "Axe 2") printed right under its title: the line set
        directly above it, opening its paragraph, is the title when it has a title's shape (short,
        capitalised, no closing stop) and what follows the label is not one (running text, a list,
        a numbered unit), so the title cannot be below."""
        if head.kind not in ("axis", "objective") or head.title or not body:
            return False
        # the document sets its titles above their labels (a label with nothing but a heading
        # under it says so): the line right above is the title, whatever follows the label
        settled = head.word in self.titles_above and not body[-1].bullet and not self.classify(body[-1].text)
        if settled and len(body[-1].text) <= compiled().typo_max_chars and body[-1].text[:1].isupper():
            return True
        if len(body) != 1 or body[0] is not lines[0]:
            return False
        above = body[0].text.strip()
        if (
            above.startswith(("•", "-", "–", "›", "*"))
            or body[0].bullet
            or len(above) > compiled().typo_max_chars
            or not above[:1].isupper()
            or re.search(r"[.;:,!?]$", above)
            or self.classify(above)
            or re.sub(r"[^a-z]", "", fold(above)) in self.running
        ):
            return False
        if j + 1 < len(lines):
            below = lines[j + 1].text.strip()
        elif i + 1 < len(self.paras):
            nxt = self.paras[i + 1]
            if nxt.gap >= PAGE_BREAK:
                return True
            below = nxt.text.strip()
            if self.classify(nxt.lines[0].text):
                return True
        else:
            return True
        return (
            len(below) > compiled().typo_max_chars or bool(re.search(r"[.;:!?]$", below)) or bool(self.classify(below))
        )

    def _heading(self, head: Heading, lines: list[Line], j: int, i: int, above: Line | None = None) -> int:
        """Handle a heading at lines[j]; return the index of the next unread line."""
        self._consumed_next = 0
        ln = lines[j]
        if above is not None:
            head = replace(head, title=above.text.strip())
        if head.kind in ("axis", "matter", "block"):
            self.columns = None  # a table's rows end with its unit, or at a list of the usual kind
        if head.kind == "toc":
            # its entries were taken out before reading (headings.toc_lines): the skeleton
            self._close_block()
            return j + 1
        if head.kind == "box":
            # key figures beside the text: the section goes on around the box's short lines
            self._flush_box()
            self.box, self.box_gap = [ln], 0
            return j + 1
        if head.kind == "matter":
            # front and back matter (éditorial, chiffres clés, glossaire) is not a unit: its text
            # is kept as passages outside the plan; a box of it set inside a section (key
            # figures beside an objective) gives the section back at the next heading
            self._close_block()
            if self.axis is not None or self.objective is not None:
                self.before_matter = (self.axis, self.objective)
            self.in_matter = True
            self.axis = self.objective = None
            self.page_passages = []
            return j + 1
        if self.before_matter is not None and head.kind != "axis" and self.axis is None:
            self.axis, self.objective = (
                self.before_matter if head.kind != "objective" else (self.before_matter[0], None)
            )
        self.before_matter = None
        if head.kind in ("axis", "objective"):
            self._flush_box()
            self._close_block()
            self.in_matter = False
            title_lines = [above, ln] if above is not None else [ln]
            title = head.title
            k = j + 1
            # a heading's title may wrap over the following capitalised lines
            while (
                k < len(lines)
                and (
                    not title
                    or _mostly_caps(lines[k].text)
                    and _mostly_caps(title)
                    or _continues(title, lines[k])
                    or self._completes_announced(title, lines[k].text)
                )
                and not self.classify(lines[k].text)
                and not compiled().list_head.match(fold(lines[k].text.strip()))  # "Objectifs" over its list
            ):
                title = join_fragments([title, lines[k].text])
                title_lines.append(lines[k])
                k += 1
            nxt_i = i + 1
            if k >= len(lines) and nxt_i < len(self.paras):
                nxt = self.paras[nxt_i]
                # title on the next paragraph ("AXE 1" / "ACCUEILLIR…"), or continued there in lower case
                if (
                    not title
                    and not self.classify(nxt.lines[0].text)
                    and len(nxt.text) < 260
                    and nxt.gap < PAGE_BREAK
                    and nxt.key not in self.running
                    and nxt.key not in self.running_subtitle_keys
                ) or (
                    title
                    and nxt.lines[0].text[:1].islower()
                    and not nxt.lines[0].bullet  # an item of a list under the title, not its words
                    and not nxt.lines[0].heading_level  # a heading of its own in the markup
                    and not self.classify(nxt.lines[0].text)  # "a) Élever…": the next unit
                    and len(nxt.text) < 200
                    and nxt.gap < PAGE_BREAK
                ):
                    title = join_fragments([title, nxt.text])
                    title_lines += nxt.lines
                    self._consumed_next = 1
                    if nxt_i + 1 < len(self.paras):
                        after = self.paras[nxt_i + 1]
                        if after.lines[0].text[:1].islower() and len(after.text) < 200 and after.gap < PAGE_BREAK:
                            title = join_fragments([title, after.text])
                            title_lines += after.lines
                            self._consumed_next = 2
            title = sentence_case(title.strip(" .:→-–"))
            if head.kind == "axis":
                if not title and self.running:
                    return k  # navigation tab ("AXE 1  AXE 2  AXE 3") of a plan titled by page headers
                key = "n:" + head.num if head.num else "t:" + re.sub(r"[^a-z]", "", fold(title))
                if self.running:
                    hk = re.sub(r"[^a-z]", "", fold(title))
                    match = next(
                        (
                            a
                            for k2, a in self.axis_by_key.items()
                            if k2.startswith("h:") and (k2[2:] in hk or hk in k2[2:])
                        ),
                        None,
                    )
                    if match is not None or hk in self.running:
                        return k
                prev = self.axis
                if (
                    not title
                    and head.num
                    and prev is not None
                    and not prev.children
                    and key not in self.axis_by_key
                    and prev.span.end >= ln.number - 2
                    and self.axis_by_key.get("t:" + re.sub(r"[^a-z]", "", fold(prev.label))) is prev
                ):
                    # a bare label under a title read as a heading of its own (a table of
                    # contents lists the title): the label numbers that unit
                    prev.notation = head.num
                    self.axis_by_key[key] = prev
                    return k
                self._open_axis(key, head.num, title, title_lines)
                if self.axis is not prev:
                    self.objective = None
                self.page_objective = False
                # text before an axis heading cannot be the title of an objective after it
                self.page_passages = []
            else:
                self._open_objective(head.num, title, title_lines)
                self.page_objective = True
            return k
        if head.kind == "leaf":
            self._close_block()
            if self.objective is None and self.axis is not None:
                pass
            k = j + 1
            leaf_lines = [ln]
            while k < len(lines) and not self.classify(lines[k].text):
                leaf_lines.append(lines[k])
                k += 1
            # a page number left between the leaf's lines is no part of it
            text = join_fragments([head.title] + [x.text for x in leaf_lines[1:] if not is_debris(x.text)])
            node = Node("engagement", item_label(text), span_of(leaf_lines, self.source), notation=head.num, text=text)
            self._container().append(node)
            return k
        # a block heading
        self._close_block()
        if head.block in ("indicator", "engagement") and not self.explicit_objectives and not self.page_objective:
            self._infer_objective(ln)
        self.block = Block(head.block, ln, title=head.title, side=ln.side)
        if head.inline:
            # one item per ";"-separated part, each citing the heading's line; a list written on
            # its heading's line may wrap onto lines going on in lower case (a PDF's text layer)
            title, k = head.title, j + 1
            while (
                k < len(lines)
                and lines[k].text[:1].islower()
                and not lines[k].bullet
                and not re.match(r"^[a-z]\s*[.)]\s", lines[k].text)  # "b) …": the next unit
                and not self.classify(lines[k].text)
            ):
                title = join_fragments([title, lines[k].text])
                k += 1
            self.block.title = ""
            self.block.lines = [
                replace(ln, text=part.strip(), bullet=True, indent=0) for part in title.split(";") if part.strip()
            ]
            return k
        return j + 1

    def _infer_objective(self, at: Line) -> None:
        """In plans that never write "Objectif", the first paragraph of the page is its title."""
        candidates = [(container, node) for container, node in self.page_passages if not is_debris(node.label)]
        if not candidates:
            return
        title_nodes = [candidates[0]]
        # a title broken by a blank line goes on in lower case ("Favoriser l'engagement" / "et la persévérance…")
        for cand in candidates[1:]:
            if cand[1].text[:1].islower() and len(" ".join(n.text for _, n in title_nodes)) < 250:
                title_nodes.append(cand)
            else:
                break
        for container, node in title_nodes:
            container.remove(node)
        title = sentence_case(join_fragments([n.text for _, n in title_nodes]).rstrip(" ."))
        first, last = title_nodes[0][1], title_nodes[-1][1]
        lines = [ln for ln in self.lines if first.span.start <= ln.number <= last.span.end and ln.text]
        obj = self._open_objective(None, title, lines or [at])
        for container2, node in candidates[len(title_nodes) :]:
            if node in container2:
                container2.remove(node)
                obj.children.append(node)
        self.page_objective = True
        self.page_passages = []

    def _body(self, lines: list[Line], gap: int) -> None:
        content = [ln for ln in lines if not is_debris(ln.text)]
        if not content:
            return
        text = join_fragments([ln.text for ln in content])
        key = re.sub(r"[^a-z]", "", fold(text))
        if key in self.boilerplate:
            return
        if self.columns and self.objective is not None and self.block is None:
            self._cells(content)
            return
        if self.block is not None:
            if self._ends_block(content, gap):
                self._close_block()
            else:
                self.block.lines.extend([Line(number=content[0].number, raw="", text="")] if self.block.lines else [])
                self.block.lines.extend(lines)
                return
        listed = all(ln.bullet or not ln.text or ln.text[:1].islower() for ln in content)  # wrapped items go on
        if self.objective is not None and listed and content[0].bullet:
            # a list right under an objective, with no heading of its own: what the objective
            # will do (a plan lists its actions so; its indicators always come under a heading)
            if not any(n.kind in ("engagement", "indicator", "action") for n in self.objective.children):
                self.block = Block("engagement", content[0], title="")
                self.block.lines.extend(lines)
                return
        node = Node("passage", label_of(text), span_of(content, self.source), text=text)
        container = self._container()
        container.append(node)
        self.page_passages.append((container, node))

    def _ends_block(self, content: list[Line], gap: int) -> bool:
        """An indicator side column ends where full-width body text resumes."""
        block = self.block
        assert block is not None
        if block.side:
            return not content[0].side
        if gap and _commentary(block.lines, content):
            return True
        if block.kind != "indicator":
            return False
        widths = [len(ln.text) for ln in block.lines if ln.text]
        if not widths:
            return False
        narrow = sorted(widths)[len(widths) // 2]
        first = content[0].text
        return narrow < 40 and len(first) > max(48, 1.5 * narrow)

    def _close_block(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        if block.kind == "focus":
            self._focus(block)
            return
        items = assemble(block.lines)
        if block.kind in ("done", "planned") and not items:
            return
        if self.objective is None and self.axis is None and self.in_matter:
            # a list in the front or back matter (key figures under "L'académie en bref"): text
            # of the document, not leaves of the plan
            lines = [ln for ln in [block.head, *block.lines] if ln.text]
            text = join_fragments([ln.text for ln in lines])
            self.front.append(Node("passage", label_of(text), span_of(lines, self.source), text=text))
            return
        # leaves read before any heading hang from the implicit axis, as early objectives do: an
        # engagement needs a place in the hierarchy (the shapes require its skos:broader)
        parent = self.objective or self.axis or self._implicit_axis(block.lines or [block.head])
        target = parent.children
        numbered = _numbered_list(items)
        for item in items:
            text = _NUMBERED_ITEM.sub("", item.text) if numbered else item.text
            if len(text) < 3:
                continue
            kind = _LEAF_KIND[block.kind]
            head = _NUMBERED_ITEM.sub("", item.head) if numbered else item.head
            node = Node(kind, item_label(head), span_of(item.lines + item.details, self.source), text=text)
            if kind == "action":
                node.status = block.kind
            target.append(node)

    def _focus(self, block: Block) -> None:
        lines = [ln for ln in block.lines if ln.text]
        title = block.title
        if not title and lines and not lines[0].bullet:
            title = lines[0].text
            lines = lines[1:]
        text = join_fragments([ln.text for ln in lines])
        # a side bar listing the focus topics of the section, repeated on every page
        if not title or not lines or all(ln.bullet and _mostly_caps(ln.text) for ln in lines):
            return
        node = Node("focus", sentence_case(title.strip(" :")), span_of([block.head] + lines, self.source), text=text)
        node.children = []
        node._lines = lines  # type: ignore[attr-defined]  # kept for project extraction
        parent = self.objective or self.axis
        (parent.children if parent is not None else self.front).append(node)
        self.focus.append(node)


_NUMBERED_ITEM = re.compile(r"^\s*\d{1,2}\.\s+")


def _numbered_list(items) -> bool:
    """A list numbered "1.", "2.", "3.": the numbers are its layout, not its items' words."""
    nums = [re.match(r"^\s*(\d{1,2})\.\s+\S", it.head) for it in items]
    return len(items) >= 2 and all(nums) and [int(m.group(1)) for m in nums] == list(range(1, len(items) + 1))


def _walk(nodes: list[Node]):
    for n in nodes:
        yield n
        yield from _walk(n.children)


def _announced_objectives(axes: list[Node]) -> None:
    """A unit whose objectives are named only in its own prose ("nous nous fixons trois
    objectifs : a ; b ; c"), in a letter or a summary: they are its objectives, read from the
    passage that lists them, which stays a passage."""
    for axis in axes:
        if any(c.kind == "objective" for c in axis.children):
            continue
        for k, passage in enumerate(axis.children):
            if passage.kind != "passage":
                continue
            titles = announced_subunits(passage.text or passage.label)
            if titles:
                found = [
                    Node("objective", t, passage.span, notation=f"{axis.notation}.{n}")
                    for n, t in enumerate(titles, start=1)
                ]
                axis.children[k + 1 : k + 1] = found
                break


def _planned_as_engagements(axes: list[Node]) -> None:
    """ "Ce que nous ferons" under an objective is what a plan commits to: planned actions only
    stand apart from its engagements in a report that also says what was done."""
    nodes = list(_walk(axes))
    if any(n.kind == "action" and n.status == "done" for n in nodes):
        return
    for n in nodes:
        if n.kind == "action" and n.status == "planned":
            n.kind, n.status = "engagement", None


def _commentary(items: list[Line], content: list[Line]) -> bool:
    """Running prose set apart from a table of figures ("Analyse : la progression est réelle…")
    comments on the table; it is not one more row of it. (Under a plain list, a paragraph set
    apart may well be one more item, written without its bullet.)"""
    written = [ln for ln in items if ln.text]
    if not written or not all(ln.bullet and " | " in ln.text for ln in written) or content[0].bullet:
        return False
    text = " ".join(ln.text for ln in content)
    return text.rstrip().endswith((".", "!")) and len(text.split()) >= 12


# a line cut mid-phrase: on a preposition, an article or a conjunction
_OPEN_END = re.compile(
    r"\b(?:de|du|des|la|le|les|l'|d'|en|et|ou|à|au|aux|pour|par|sur|dans|avec|un|une|entre|chaque|tous|toutes)$",
    re.I,
)


def _continues(title: str, line: Line) -> bool:
    """A heading title wrapped onto a next line that starts in lower case ("… territoriaux" /
    "dans les zones rurales…"), or in capitals after a line cut mid-phrase ("… dans les" /
    "Territoires Ruraux", titles set in title case), and is not a bullet of its own."""
    if not title or line.bullet or re.search(r"[.!?:;]$", title):
        return False
    text = line.text.strip()
    if _mostly_caps(title) and not _mostly_caps(text):
        # a title set in capitals is set so to its end: what follows in lower case is not it
        return False
    return text[:1].islower() or (
        bool(_OPEN_END.search(title)) and len(text) <= 80 and not re.search(r"[.!?:;]$", text)
    )


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _mostly_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def segment(lines: list[Line], source: list[str]) -> Outline:
    return _Reader(lines, source).run()
