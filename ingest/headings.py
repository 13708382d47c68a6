"""Recognise the headings plans are written with, across académies' house styles.

Matching is done on accent-folded, lower-cased text so "OBJECTIF", "Objectif" and "objectif"
read the same. The words come from ontology/layout.toml (see ingest/layout.py): a new house
style is taught there, not here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from boussole.text import fold

from .grammar import opens_on_infinitive
from .layout import ROMAN, compiled, normal_number, word_key
from .normalize import join_fragments

BlockKind = Literal["engagement", "indicator", "done", "planned", "focus"]
HeadingKind = Literal["axis", "objective", "leaf", "block", "toc", "matter", "box"]
_KIND_AT_DEPTH = ("axis", "objective", "leaf")

# "1.2 Title" (objective) and "1.2.3 Title" (engagement) in numbered hierarchies
# "1.2 Garantir…", "1.2.3. – Former…": the separator after the number is not the title's
NUMBERED_OBJECTIVE = re.compile(r"^(?P<num>\d{1,2}\.\d{1,2})\.?(?:\s+[–—-])?\s+(?P<title>[^\d\s–—-].{3,})$")
NUMBERED_LEAF = re.compile(r"^(?P<num>\d{1,2}\.\d{1,2}\.\d{1,2})\.?(?:\s+[–—-])?\s+(?P<title>[^\d\s–—-].{3,})$")
TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|\s{3,})\s*\d{1,3}\s*$")
_FIGURE_START = re.compile(r"^\d+[.,]\d+\s*(?:%|points?|millions?|€)")


@dataclass(frozen=True)
class Heading:
    kind: HeadingKind
    num: str | None = None
    title: str = ""
    block: BlockKind | None = None
    inline: bool = False  # the block's items follow the heading on its line, separated by ";"
    word: str | None = None  # the level word as the rules spell it ("axe", "objectif")


def _title(text: str, folded_title: str | None) -> str:
    """The title as written (not folded): the part of the original text after the match start."""
    if not folded_title:
        return ""
    return text[len(text) - len(folded_title) :].strip(" :.-–—→>|/")


@dataclass(frozen=True)
class Levels:
    """How one document writes its hierarchy: the depth of each level word it uses, the depth
    of each numbering scheme it uses without a word, and the lines that are such headings."""

    words: dict[str, int]
    schemes: dict[str, int] = field(default_factory=dict)
    scheme_lines: frozenset[str] = frozenset()
    typo_lines: dict[str, int] = field(default_factory=dict)  # heading text -> depth, from typography
    said: frozenset[int] = frozenset()  # indexes of the lines that announce the top level (not headings)
    matter_lines: frozenset[str] = frozenset()  # headings the table of contents lists beside the units
    inline_words: frozenset[str] = frozenset()  # common block words this document heads ";" lists with
    bare_lines: frozenset[str] = frozenset()  # "Défi : titre" headings: a level word without a number
    titles_above: frozenset[str] = frozenset()  # level words whose bare labels this document prints under their titles


def default_levels() -> Levels:
    """Each level word at the highest level it may name, for text read without its document."""
    return Levels({w: levels[0] for w, levels in compiled().level_words.items()})


def scheme_of(text: str) -> tuple[str, re.Match] | None:
    for name, pattern in compiled().schemes.items():
        m = pattern.match(text)
        if m and len(m.group("title")) <= 160 and not re.search(r"[;,]$", m.group("title")):
            return name, m
    return None


def document_levels(
    texts: list[str],
    md_levels: list[int] | None = None,
    bullets: list[bool] | None = None,
    toc: list[str] | None = None,
    indents: list[int] | None = None,
) -> Levels:
    """The depth each level word and numbering scheme has in this document, from evidence in
    the document itself.

    The words used as labels ("Axe 1", "Objectif 2") are ranked by the highest level they may
    name, then by where they first appear; each takes the next depth down from the previous one,
    and never a depth above the highest it may name (a plan of "Objectif n" alone has objectives,
    not axes). So "Orientation" is a top level alone and a second level under "Axe"; "Action n"
    under "Objectif n" is a leaf.

    Numbers without a word ("I. …", "1.2 …") are headings when they stand alone between blank
    lines and their numbers run on (1, 2, 3 / I, II), not when they are the items of a list;
    their schemes take the depths below the words, in the order the document first uses them.
    """
    c = compiled()
    first: dict[str, int] = {}
    candidates: dict[str, list[tuple[int, str, str]]] = {}
    bare: dict[str, list[tuple[int, str]]] = {}
    labels: list[tuple[int, str, str | None]] = []  # (line, word, number) of each labelled line
    listed = False  # the lines read since a list heading ("Actions :") are its items
    listed_scheme: str | None = None  # how that list numbers its items
    for i, t in enumerate(texts):
        raw = t.strip().strip("*#").strip()
        key = fold(raw)
        if not key or len(key) > 220:
            continue
        m = c.label.match(key) or c.label_before.match(key) or c.label_ordinal.match(key)
        if m:
            first.setdefault(word_key(m.group("word")), i)
            labels.append((i, word_key(m.group("word")), normal_number(m.group("num"))))
            listed = False
            continue
        m = c.label_bare.match(key)
        if m and len(m.group("title")) <= c.title_max_chars and m.group("title")[-1:] not in ".;,:!":
            # the word and its separator open the line: no need of the blank lines around it
            bare.setdefault(word_key(m.group("word")), []).append((i, raw))
        m = None if m else c.label_alone.match(key)
        if m and _title_below(texts, i):
            bare.setdefault(word_key(m.group("word")), []).append((i, raw))
        if any(p.match(key) for kind, p in c.blocks if kind != "focus"):
            listed, listed_scheme = True, None
            continue
        hit = scheme_of(raw)
        if hit and listed and listed_scheme in (None, hit[0]):
            listed_scheme = hit[0]
            continue  # "a) maintenir…" numbered under "Actions :": an item, not a heading
        listed, listed_scheme = False, None  # a number of another scheme ("I.2 -") ends the list
        alone = _heading_shaped(texts, i, c.title_max_chars, bullets, question=True)
        if hit and alone:
            candidates.setdefault(hit[0], []).append((i, hit[1].group("num"), raw))
    bare_lines = set()
    for w, found in bare.items():
        # "Défi : …", "Objectif : …" with no number are a plan's units when the document writes
        # its units so (twice at least) and never numbers that word; a plural ("Objectifs : …")
        # introduces a list of them instead
        plural = w.endswith("s") and w[:-1] in c.level_words
        if len(found) >= 2 and w not in first and not plural:
            first[w] = found[0][0]
            bare_lines |= {raw for _, raw in found}
            labels += [(i, w, None) for i, _ in found]
    labels.sort()
    ranked = sorted(first, key=lambda w: (c.level_words[w][0], first[w]))
    words = {w: levels[0] for w, levels in c.level_words.items()}
    depth = -1
    deepest = len(_KIND_AT_DEPTH) - 1
    for w in ranked:
        # uncapped first: three words under one another below the top still are three levels
        depth = max(c.level_words[w][0], depth + 1)
        words[w] = depth
    if ranked and words[ranked[0]] > 0 and any(words[w] not in c.level_words[w] for w in ranked):
        # "Objectif général 1" over "Sous-objectif 1.1" (over "Mesure 1.1.1"): a word that
        # never names a leaf was pushed to the leaves, so the document's first word is its top level
        for w in ranked:
            words[w] -= 1
        depth -= 1
    for w in ranked:
        words[w] = min(words[w], deepest)
    leaves = _restarting_leaves(labels, words)
    for w in leaves:
        # "Action 1, Action 2" again and again under one axis: the level between (often bullets)
        # is the objectives', and these labels are their leaves
        words[w] = 2
    depth = max((words[w] for w in ranked), default=-1)  # the deepest level a word names, leaves included
    schemes, lines = {}, set()
    running = sorted(
        (n for n, found in candidates.items() if _runs_on(found)),
        key=lambda n: (candidates[n][0][1].count("."), candidates[n][0][0]),
    )
    lead = next(
        (
            n
            for n in running
            if "." not in candidates[n][0][1] and ranked and candidates[n][0][0] < min(first[w] for w in ranked)
        ),
        None,
    )
    if lead is not None and all(words[w] > 0 or 1 in c.level_words[w] for w in ranked):
        # bare numbers that open the plan before any labelled unit ("1. L'inclusion" over
        # "Orientation a : …", "1. Réussir" over "Objectif 1 : …") are its top level: the words
        # that may name the level below ("orientation") go down one, those that only name it stay
        shifted = {w: min(words[w] + (words[w] == 0), len(_KIND_AT_DEPTH) - 1) for w in ranked}
        if 0 not in shifted.values():
            words.update(shifted)
            schemes[lead] = 0
            lines |= {raw for _, _, raw in candidates[lead]}
            running.remove(lead)
            depth = max(shifted.values())
    # dotted numbers say their own depth (1.2.1 is below 1.2 wherever it first appears)
    for name in running:
        depth = min(depth + 1, len(_KIND_AT_DEPTH) - 1)
        schemes[name] = depth
        lines |= {raw for _, _, raw in candidates[name]}
    typo: dict[str, int] = {}
    said = frozenset(announced_titles(texts)[1]) if depth < 0 else frozenset()
    if any(words[w] == 0 for w in ranked) and 0 not in schemes.values():
        heads = _announced_over_labels(texts, first, ranked)
        if heads:
            # the prose announces the top level ("trois grandes ambitions : …") and the body
            # writes those titles alone, each over labelled units ("Priorité 1", "Priorité 2"):
            # the labels are the level below, whatever level their word usually names
            for w in ranked:
                words[w] = min(words[w] + 1, len(_KIND_AT_DEPTH) - 1)
            depth = max(words[w] for w in ranked)
            typo.update({t: 0 for t in heads[0]})
            said = heads[1]
    if depth < 0:
        typo = typographic_levels(texts, md_levels or [0] * len(texts), bullets=bullets)
    elif depth == 0:
        # labelled axes over unlabelled objectives: the objectives' titles are the lines standing
        # alone that open on an infinitive (or the next Markdown depth) and introduce something
        # (running text or a list heading), not the items of a list
        typo = {
            t: 1
            for t, d in typographic_levels(
                texts, md_levels or [0] * len(texts), second_only=True, bullets=bullets or [False] * len(texts)
            ).items()
            if t not in lines  # the numbered top level's own headings
        }
        if not typo and bullets:
            tops = {raw for raw in lines if (hit := scheme_of(raw)) and schemes.get(hit[0]) == 0}
            typo = _listed_under_axes(texts, bullets, words, tops, indents)
        if not typo:
            typo = _infinitives_under_axes(texts, bullets or [False] * len(texts), words)
    if depth > 0 and not any(words[w] == 0 for w in ranked) and 0 not in schemes.values():
        # labelled objectives and no labelled top level: the titles the prose announces ("autour
        # de quatre axes : a ; b ; c ; d") are the top level where the body writes them alone
        announced, said_at = announced_titles(texts)
        tops = {
            t.strip(): 0
            for i, t in enumerate(texts)
            if i not in said_at and _key(t) in announced and len(t.strip()) <= c.typo_max_chars
        }
        if len(tops) >= 2:
            typo.update(tops)
            said = frozenset(said_at)
        elif md_levels and any(md_levels) and len(_markup_tops(texts, md_levels)) >= 2:
            # or the headings of the markup that are not labelled: its shallowest depth used
            # more than once (a depth used once is the document's title)
            typo.update({raw: 0 for raw in _markup_tops(texts, md_levels)})
        else:
            # or the title set right over each objective numbered 1, where the numbers start again
            typo.update({raw: 0 for raw in _over_restarts(texts, words)})
    if leaves and not any(words[w] == 1 for w in ranked):
        for raw in _between_axes_and_leaves(texts, bullets or [False] * len(texts), words):
            typo.setdefault(raw, 1)
    if bullets:
        for raw, d in _listed_units(texts, bullets).items():
            typo.setdefault(raw, d)
    matter: set[str] = set()
    if toc:
        # the table of contents is the plan's skeleton: a body line that repeats one of its
        # entries' titles is that unit's heading, at the entry's depth, even when the body
        # writes it without its label ("Axe 1 : Réussir" in the table, "RÉUSSIR" on the page)
        skeleton, beside, front = _skeleton(toc, Levels(words, schemes))
        if (
            len(skeleton) < 2
            and not any(words[w] == 0 for w in ranked)
            and 0 not in schemes.values()
            and 0 not in typo.values()
        ):
            # a table of titles alone, all set alike, over a body that labels no top level and
            # shows none otherwise: the entries the body writes as lines of their own are its top
            skeleton = _unlabelled_skeleton(toc, texts)
        for i, t in enumerate(texts):
            raw = t.strip()
            k = _key(raw)
            if (
                k in skeleton
                and len(raw) <= c.typo_max_chars
                and not c.label.match(fold(raw))
                and i not in said
                and not _after_bare_label(texts, i)
            ):
                typo[raw] = skeleton[k]
            elif k in beside and len(raw) <= c.typo_max_chars and (raw not in typo or k in front):
                # the table sets it beside the units: matter; before its first unit, whatever
                # the line's typography says (after the last, it may be that unit's part)
                matter.add(raw)
                typo.pop(raw, None)
    # "Actions : a ; b" on a line makes "Actions : c." a list of one in the same document
    inline_words = set()
    for t in texts:
        m = c.inline_block.match(fold(t.strip()))
        if m and m.group("lword"):
            inline_words.add(word_key(m.group("lword")))
    return Levels(
        words,
        schemes,
        frozenset(lines),
        typo,
        said,
        frozenset(matter),
        frozenset(inline_words),
        frozenset(bare_lines),
        _titles_above(texts, bullets),
    )


def _between_axes_and_leaves(texts: list[str], bullets: list[bool], words: dict[str, int]) -> set[str]:
    """The objectives of a plan whose labels are its axes and its leaves only: its bulleted
    lines under the axes (an objective's leaves follow it), or else the line before each run
    of leaves that starts again at 1."""
    c = compiled()

    def label_depth(t: str) -> int | None:
        m = c.label.match(fold(t.strip())) or c.label_ordinal.match(fold(t.strip()))
        return words.get(word_key(m.group("word"))) if m else None

    inside, listed, before_runs = False, set(), set()
    previous = None
    for i, t in enumerate(texts):
        raw = t.strip()
        if not raw:
            continue
        d = label_depth(raw)
        if d == 0:
            inside, previous = True, None
            continue
        if not inside:
            continue
        if d == 2:
            m = c.label.match(fold(raw))
            if previous is not None and m and _value(normal_number(m.group("num"))) == 1:
                before_runs.add(previous)
            continue
        if d is None and len(raw) <= c.title_max_chars and classify(raw) is None:
            if bullets[i]:
                listed.add(raw)
            if bullets[i] or not raw[:1].islower():
                previous = raw
    return listed or before_runs


def _restarting_leaves(labels: list[tuple[int, str, str | None]], words: dict[str, int]) -> set[str]:
    """Words at the second level that may name a leaf and whose numbers start again at 1 within
    one top-level unit: a unit's direct parts run on or start again once per unit, so these
    number the leaves of a level the document writes without a word."""
    c = compiled()
    out = set()
    for w in {w for _, w, _ in labels if words.get(w) == 1 and 2 in c.level_words.get(w, ())}:
        restarts, last = 0, None
        for _, word, num in labels:
            if words.get(word) == 0:
                last = None  # a new top-level unit
            elif word == w:
                # "2.1" after "1.3" starts a new parent's run, not the same one again
                value = (num.rsplit(".", 1)[0] if num and "." in num else "", _value(num) if num else 0)
                restarts += last is not None and value[0] == last[0] and value[1] <= last[1] and value[1] == 1
                last = value
        if restarts:
            out.add(w)
    return out


def _announced_over_labels(
    texts: list[str], first: dict[str, int], ranked: list[str]
) -> tuple[set[str], frozenset[int]] | None:
    """The announced titles (stripped lines) when the body writes at least two of them alone,
    the first before any labelled unit and each one over labelled units of its own."""
    announced, said_at = announced_titles(texts)
    if len(announced) < 2:
        return None
    c = compiled()
    at = [
        i
        for i, t in enumerate(texts)
        if i not in said_at
        and _key(t) in announced
        and len(t.strip()) <= c.typo_max_chars
        and not _after_bare_label(texts, i)
    ]
    labels = [
        i for i, t in enumerate(texts) if (m := c.label.match(fold(t.strip()))) and word_key(m.group("word")) in first
    ]
    if len(at) < 2 or not labels or at[0] > min(first[w] for w in ranked):
        return None
    bounds = at + [len(texts)]
    if not all(any(a < i < b for i in labels) for a, b in zip(bounds, bounds[1:])):
        return None
    return {texts[i].strip() for i in at}, frozenset(said_at)


def _listed_units(texts: list[str], bullets: list[bool]) -> dict[str, int]:
    """A level word heading a bulleted list ("Objectifs :", "Nos objectifs opérationnels") names
    the level of its items: each is a unit (the top level's lists are announcements instead)."""
    c = compiled()
    out: dict[str, int] = {}
    for i, t in enumerate(texts):
        m = c.list_head.match(fold(t.strip()))
        if not m:
            continue
        levels = c.level_words.get(word_key(m.group("word")), ())
        if not levels or 0 in levels:
            continue
        items = []
        for x in range(i + 1, len(texts)):
            key = fold(texts[x].strip())
            if bullets[x] and key:
                items.append(x)
            elif not (items and key and (c.inline_block.match(key) or c.inline_one.match(key))):
                break  # each item's own lists may follow it on lines of their own ("Mesures : a ; b")
        if len(items) >= 1 and all(len(texts[x].strip()) <= 200 for x in items):
            out.update({texts[x].strip(): min(levels) for x in items})
    return out


def _listed_under_axes(
    texts: list[str],
    bullets: list[bool],
    words: dict[str, int],
    numbered: set[str] | frozenset[str] = frozenset(),
    indents: list[int] | None = None,
) -> dict[str, int]:
    """Labelled axes (or axes numbered without a word: `numbered`), each followed by a bulleted
    list and nothing else that could name its objectives (a plan's summary page, or a few lines
    of prose and the list): the lists are the objectives. Lines set further in than the list's
    bullets (each objective's own lists and their headings) belong to the item above them."""
    indents = indents or [0] * len(texts)
    c = compiled()
    out: dict[str, int] = {}
    axes = 0
    for i, t in enumerate(texts):
        m = c.label.match(fold(t.strip())) or c.label_ordinal.match(fold(t.strip()))
        if t.strip() not in numbered and (not m or words.get(word_key(m.group("word"))) != 0):
            continue
        axes += 1
        k, seen = i + 1, 0
        while k < len(texts) and not bullets[k] and seen < 8:
            if texts[k].strip():
                seen += 1
                if c.label.match(fold(texts[k].strip())) or classify(texts[k]) is not None:
                    break
            k += 1
        items: list[int] = []
        for x in range(k, len(texts)):
            t = texts[x].strip()
            if items and t and indents[x] > indents[items[0]]:
                continue
            if bullets[x] and t:
                items.append(x)
            elif t and not (items and t[:1].islower()):
                break  # blank lines and an item's wrapped words go on with the list
        if len(items) >= 2 and all(len(texts[x].strip()) <= 160 for x in items):
            out.update({texts[x].strip(): 1 for x in items})
    return out if axes >= 2 and out else {}


def _infinitives_under_axes(texts: list[str], bullets: list[bool], words: dict[str, int]) -> dict[str, int]:
    """Labelled axes each followed (after its title) by lines of their own that open on an
    infinitive and end no sentence ("Consolider la maîtrise…" / "Personnaliser les parcours…"):
    a list of objectives whose bullets were lost when a web page was copied."""
    c = compiled()
    runs: list[list[str]] = []
    for i, t in enumerate(texts):
        m = c.label.match(fold(t.strip()))
        if not m or words.get(word_key(m.group("word"))) != 0:
            continue
        k = i + 1
        if not (m.group("title") or "").strip():
            while k < len(texts) and not texts[k].strip():
                k += 1
            k += 1  # the title, on the line below its label
        run: list[str] = []
        for x in range(k, len(texts)):
            raw = texts[x].strip()
            if not raw:
                continue
            if (
                bullets[x]
                or len(raw) > c.typo_max_chars
                or not raw[:1].isupper()
                or re.search(r"[.;:!?»]$", raw)
                or classify(raw) is not None
            ):
                break
            run.append(raw)
        if len(run) >= 2:
            runs.append(run)
    if len(runs) < 2:
        return {}
    flat = [r for run in runs for r in run]
    verbs = opens_on_infinitive(flat)
    if sum(verbs) < 0.8 * len(flat):
        return {}
    return {raw: 1 for raw in flat}  # the runs are lists: "Mieux accueillir…" is one of them too


_TOC_PAGE = re.compile(r"(?:\s*(?:\.{2,}|…+)\s*|\s+|(?<=[^\W\d]))(?:p\.\s*)?\d{1,3}\s*$")


def toc_entries(texts: list[str]) -> list[str]:
    """The entries of a table of contents: leaders and page numbers cut off, an entry wrapped
    over lines joined, a table flattened into one line split at its page numbers."""
    c = compiled()
    words = "|".join(re.escape(w) for w in c.level_words)
    written = [t.strip() for t in texts if t.strip() and not c.toc.match(fold(t.strip()))]
    label_number = re.compile(rf"\b(?:{words})\s+(?:n[°o]\s*)?\d{{1,2}}$")
    if not any(_TOC_PAGE.search(t) and not label_number.search(fold(t)) or _LEADER_END.search(t) for t in written):
        # a table without page numbers (repeated_after_toc_heading): an entry a line, and a
        # number at a line's end is its label's ("… — Orientation stratégique 1")
        return written
    out, pending = [], ""
    for t in texts:
        t = t.strip()
        if not t or c.toc.match(fold(t)) or re.fullmatch(r"\d{1,3}", t):
            continue
        m = c.toc_start.match(fold(t))
        if m and _flat_toc(t):
            parts = re.split(
                rf"(?<=\s\d)\s+(?=(?:{words})\b)|(?<=\s\d\d)\s+(?=(?:{words})\b)", t[m.end() :], flags=re.I
            )
            out += [_TOC_PAGE.sub("", p).strip(" :") for p in parts if p.strip()]
            continue
        line = f"{pending} {t}".strip() if pending else t
        if _TOC_PAGE.search(line) and (TOC_ENTRY.search(t) or _ENDS_IN_PAGE.search(t) or _LEADER_END.search(t)):
            out.append(_TOC_PAGE.sub("", line).rstrip(" .…").strip())
            pending = ""
        elif _LEADER_END.search(line):
            out.append(line.rstrip(" .…").strip())
            pending = ""
        else:
            pending = line
    return [e for e in out if e]


def _skeleton(toc: list[str], levels: Levels) -> tuple[dict[str, int], set[str], set[str]]:
    """Title key -> depth of the units a table of contents lists with their labels or numbers;
    the keys of the entries it lists beside them without a label or number ("Édito",
    "Un diagnostic partagé", "La mise en œuvre du projet"): front and back matter; and those of
    them listed before the first unit."""
    out: dict[str, int] = {}
    others: list[tuple[int, str]] = []
    units: list[int] = []
    for n, entry in enumerate(toc_entries(toc)):
        head = classify(entry, levels)
        hit = scheme_of(entry)
        if head is not None and head.kind in ("axis", "objective") and head.title and (head.word or head.num):
            out.setdefault(_key(head.title), _KIND_AT_DEPTH.index(head.kind))
            units.append(n)
        elif hit is not None:
            if hit[0] in levels.schemes and levels.schemes[hit[0]] < 2:
                out.setdefault(_key(hit[1].group("title")), levels.schemes[hit[0]])
            units.append(n)  # numbered without a word ("I. AGIR…"): a unit all the same
        elif head is None or head.kind == "matter":
            others.append((n, _key(entry)))
    if len(out) < 2:
        return out, set(), set()  # only a table that labels its units tells the others apart
    # before the first unit or after the last: front and back matter; an unlabelled entry
    # between units is a unit the table writes by its title alone
    beside = {k for n, k in others if n < units[0] or n > units[-1]}
    front = {k for n, k in others if n < units[0]}
    return out, beside - set(out), front - set(out)


def _unlabelled_skeleton(toc: list[str], texts: list[str]) -> dict[str, int]:
    c = compiled()
    written = {_key(t) for t in texts if t.strip()}
    keys = [
        _key(e)
        for e in toc_entries(toc)
        if classify(e) is None and not c.matter.match(fold(e)) and len(e) <= c.typo_max_chars
    ]
    entries = [e for e in toc_entries(toc) if _key(e) in keys]
    if len({_mostly_caps(e) for e in entries}) > 1:
        return {}  # set two ways (capitals over sentence case): two levels, told by typography
    found = {k: 0 for k in keys if k in written}
    return found if len(found) >= 2 else {}


def _titles_above(texts: list[str], bullets: list[bool] | None = None) -> frozenset[str]:
    """Level words whose bare labels ("Orientation 2" alone) the document prints under their
    titles: one such label has a heading or nothing after it, or running text right after it
    and a title's line right before it, so its title can only be above; and none comes right
    after another label (where its title could only be below)."""
    c = compiled()
    above: set[str] = set()
    below: set[str] = set()
    flags = bullets or [False] * len(texts)
    written = [(t.strip(), b) for t, b in zip(texts, flags) if t.strip()]
    for n, (t, _) in enumerate(written):
        m = c.label.match(fold(t))
        if not m or (m.group("title") or "").strip():
            continue
        w = word_key(m.group("word"))
        prev, prev_bullet = written[n - 1] if n else ("", False)
        nxt = written[n + 1][0] if n + 1 < len(written) else ""
        if not prev or c.label.match(fold(prev)) or c.label_ordinal.match(fold(prev)):
            below.add(w)
        elif not nxt or c.label.match(fold(nxt)) or c.label_ordinal.match(fold(nxt)):
            above.add(w)
        elif _running_text(written, n + 1):
            if _title_shape(prev) and not prev_bullet:
                above.add(w)
        elif _title_shape(nxt) and not written[n + 1][1] and _opens_leaves(written, n + 2):
            # a title, then its list or its list's heading: the title is below its label
            below.add(w)
    return frozenset(above - below)


def _title_shape(text: str) -> bool:
    return (
        len(text) <= compiled().typo_max_chars
        and text[:1].isupper()
        and not re.search(r"[.;:,!?»]$", text)
        and classify(text) is None
    )


def _running_text(written: list[tuple[str, bool]], k: int) -> bool:
    """Line k opens running text, not a title: a line filled with words (longer than a title's
    usual line) that goes on in lower case on the next one or is closed by a stop, and is not a
    heading or a list item."""
    if k >= len(written) or written[k][1] or classify(written[k][0]) is not None:
        return False
    text = written[k][0]
    nxt = written[k + 1] if k + 1 < len(written) else ("", False)
    wraps = bool(nxt[0]) and not nxt[1] and nxt[0][:1].islower()
    return len(text) > _FILLED_LINE and (wraps or text.endswith("."))


def _opens_leaves(written: list[tuple[str, bool]], k: int) -> bool:
    if k >= len(written):
        return False
    head = classify(written[k][0])
    return written[k][1] or (head is not None and head.kind == "block")


_FILLED_LINE = 60  # characters: a title's line wraps earlier than a page of running text


def _title_below(texts: list[str], i: int) -> bool:
    """The line after a level word alone is a title: short, unfinished, not a heading itself."""
    nxt = next((t.strip() for t in texts[i + 1 : i + 3] if t.strip()), "")
    return (
        bool(nxt)
        and len(nxt) <= compiled().title_max_chars
        and nxt[-1:] not in ".;,:!"
        and nxt[:1].isupper()
        and classify(nxt) is None
    )


def _after_bare_label(texts: list[str], i: int) -> bool:
    """Line i is a bare label's title, or a later line of it: a title set in capitals wraps
    over several short lines in capitals ("AXE 1" / "CONSOLIDER" / "LES APPRENTISSAGES")."""
    c = compiled()
    written = [t.strip() for t in texts[max(0, i - 3 - _CAPS_TITLE_LINES) : i] if t.strip()]
    caps = _mostly_caps(texts[i])
    for n, prev in enumerate(reversed(written)):
        m = c.label.match(fold(prev)) or c.label_ordinal.match(fold(prev))
        if m:
            return not (m.group("title") or "").strip()
        if not (caps and _mostly_caps(prev)) or n >= _CAPS_TITLE_LINES:
            return False
    return False


_CAPS_TITLE_LINES = 4  # the lines a title in capitals may take on a brochure's narrow column


def _title_end(texts: list[str], i: int) -> int:
    """The index after a title starting at line i: it wraps onto lines that go on in lower case."""
    c = compiled()
    j = i + 1
    while j < len(texts) and j - i < c.title_max_lines and texts[j].strip()[:1].islower():
        j += 1
    return j


def _heading_shaped(
    texts: list[str], i: int, max_chars: int, bullets: list[bool] | None = None, question: bool = False
) -> bool:
    """A line that may be a heading: it opens a line of its own (after a blank line, a finished
    sentence, another short line or an item of a list: PDF text layers often have no blank
    lines), its title is short and unfinished, and the line after it does not go on with it.
    `question`: the title may be a question ("2. Quelle école pour demain ?"), as a numbered
    line's may (running text is not numbered)."""
    prev = texts[i - 1].strip() if i else ""
    after_item = bool(bullets) and i > 0 and bullets[i - 1] and not bullets[i]
    # a line in capitals under one in lower case opens a line of its own all the same
    case_change = _mostly_caps(texts[i]) and not _mostly_caps(prev)
    if (
        prev
        and prev[-1:] not in ".:;!?»)"
        and len(prev) >= 50
        and not after_item
        and not case_change
        and not _labelled_or_numbered(prev)
    ):
        return False
    j = _title_end(texts, i)
    title = " ".join(t.strip() for t in texts[i:j])
    if len(title) > max_chars or title[-1:] in (".;,:!" if question else ".;,:!?"):
        return False
    nxt = texts[j].strip() if j < len(texts) else ""
    return not nxt or not nxt[:1].islower()


def _labelled_or_numbered(text: str) -> bool:
    """A heading of its own: the line before a heading may be one ("1.1 Garantir…" / "1.1.1 …")."""
    c = compiled()
    key = fold(text)
    return bool(c.label.match(key) or c.label_ordinal.match(key) or scheme_of(text))


def _mostly_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _over_restarts(texts: list[str], words: dict[str, int]) -> list[str]:
    """The titles of a top level the document does not label: the line set right over each
    labelled unit of the second level numbered 1 ("Faire progresser chaque élève" / "de la
    maternelle" / "Objectif stratégique 1. Améliorer…"), taken from where it starts when it
    wraps; when the numbers start again at least twice."""
    c = compiled()
    out: list[str] = []
    for i, t in enumerate(texts):
        m = c.label.match(fold(t.strip()))
        if not m or words.get(word_key(m.group("word"))) != 1 or not m.group("num"):
            continue
        if _value(normal_number(m.group("num"))) != 1:
            continue
        k = i - 1
        while k >= 0 and not texts[k].strip():
            k -= 1
        while k > 0 and texts[k].strip()[:1].islower() and texts[k - 1].strip():
            k -= 1  # a title wrapped onto a line in lower case
        if k < 0:
            continue
        raw = texts[k].strip()
        if (
            len(raw) <= c.typo_max_chars
            and raw[:1].isupper()
            and not re.search(r"[.;:,!?]$", raw)
            and classify(raw) is None
            and not c.matter.match(fold(raw))
        ):
            out.append(raw)
    return out if len(out) >= 2 else []


def _markup_tops(texts: list[str], md_levels: list[int]) -> list[str]:
    c = compiled()
    by_depth: dict[int, list[str]] = {}
    for t, d in zip(texts, md_levels):
        raw = t.strip()
        key = fold(raw)
        if d and raw and classify(raw) is None and not c.matter.match(key) and not c.toc.match(key):
            by_depth.setdefault(d, []).append(raw)
    used = [found for _, found in sorted(by_depth.items()) if len(found) >= 2]
    return used[0] if used else []


def typographic_levels(
    texts: list[str], md_levels: list[int], second_only: bool = False, bullets: list[bool] | None = None
) -> dict[str, int]:
    """Headings of a plan that neither labels nor numbers its units: the prose that announces
    the top level ("autour de quatre axes : a ; b ; c"), Markdown heading depth, lines in
    capitals standing alone, lines standing alone that open on an infinitive. Each kind of
    evidence found at least twice is a level, in that order; a document's first Markdown
    heading of the shallowest depth, used once, is its title."""
    c = compiled()
    classes: dict[str, list[tuple[int, str]]] = {}
    announced, said_at = announced_titles(texts)
    maybe_infinitive: list[tuple[int, str]] = []
    for i, t in enumerate(texts):
        raw = t.strip()
        key = fold(raw)
        if not raw or c.matter.match(key) or c.toc.match(key) or any(p.search(key) for p in c.not_headings):
            continue
        if c.label.match(key) or classify(raw) is not None:
            continue
        if _after_bare_label(texts, i):
            continue  # the title of "AXE 1" written on the line below it
        if i in said_at:
            continue  # the announcement itself
        if announced and _key(raw) in announced:
            classes.setdefault("announced", []).append((i, raw))
            continue
        if md_levels[i]:
            classes.setdefault(f"md{md_levels[i]}", []).append((i, raw))
            continue
        if not _heading_shaped(texts, i, c.typo_max_chars, bullets) or raw[:1] in "•-–*" or bullets and bullets[i]:
            continue  # a list's item is not a heading
        if _mostly_caps(raw):
            classes.setdefault("caps", []).append((i, raw))
        elif raw[:1].isupper():
            maybe_infinitive.append((i, raw))
    if second_only:
        bullets = bullets or [False] * len(texts)
        maybe_infinitive = [
            (i, raw) for i, raw in maybe_infinitive if not bullets[i] and _introduces(texts, i, bullets)
        ]
    verbs = opens_on_infinitive([r for _, r in maybe_infinitive])
    infinitive = [x for x, yes in zip(maybe_infinitive, verbs) if yes]
    # titles that are noun phrases ("La maîtrise des savoirs fondamentaux") are known by what
    # they head: running text, then the section's lists of levers and indicators
    infinitive += [
        (i, raw)
        for (i, raw), yes in zip(maybe_infinitive, verbs)
        if not yes
        and len(raw.split()) >= 3
        and _title_end(texts, i) == i + 1
        and _whole_title(texts, i)
        and _heads_lists(texts, i)
    ]
    infinitive.sort()
    if infinitive:
        classes["infinitive"] = infinitive
    md = sorted(k for k in classes if k.startswith("md"))
    if md and len(classes[md[0]]) == 1 and len(md) > 1:
        del classes[md[0]]  # the document's title
        md = md[1:]
    order = [k for k in ["announced"] + md + ["caps", "infinitive"] if len(classes.get(k, ())) >= c.typo_min_count]
    if second_only:
        # under labelled axes, only what names objectives: the deepest Markdown level or infinitives
        order = [k for k in order if k == "infinitive" or k.startswith("md")][-1:]
        return {raw: 1 for k in order for _, raw in classes[k]}
    if "announced" in order:
        order = [k for k in order if k != "caps"]  # the announced titles are the capitals' place
    if order and order[0].startswith("md") and (len(order) == 1 or not order[1].startswith("md")):
        # one heading depth for two levels (a Markdown export's bold lines): a title set right
        # over another of its depth, with no text between them, is the section of the one below
        stacked = _stacked(texts, classes[order[0]])
        if len(stacked) >= c.typo_min_count and len(classes[order[0]]) - len(stacked) >= c.typo_min_count:
            classes["stacked"] = [x for x in classes[order[0]] if x[0] in stacked]
            classes[order[0]] = [x for x in classes[order[0]] if x[0] not in stacked]
            order = ["stacked", order[0]]
    out: dict[str, int] = {}
    first_top = min((i for i, _ in classes[order[0]]), default=0) if len(order) >= 2 else 0
    for depth, k in enumerate(order[:2]):
        if k == "infinitive" and depth == 0 and len(order) == 1:
            depth = 1  # objectives without axes hang from the plan's one implicit axis
        for i, raw in classes[k]:
            if depth == 1 and i < first_top:
                continue  # before the plan's first unit: a cover's or a front page's lines
            out.setdefault(raw, depth)
    return out


def _stacked(texts: list[str], found: list[tuple[int, str]]) -> set[int]:
    """Indexes of the headings whose next line of text is another heading of the same kind."""
    at = {i for i, _ in found}
    out = set()
    for i, _ in found:
        k = next((k for k in range(i + 1, len(texts)) if texts[k].strip()), None)
        if k in at and k > i + 1:  # apart by a blank line: not one title wrapped over two lines
            out.add(i)
    return out


def _introduces(texts: list[str], i: int, bullets: list[bool]) -> bool:
    """A title is followed by running text or a list heading, and is not an item of a list: a
    line after a list heading is an item unless that list's items are bulleted and it is not."""
    c = compiled()

    def block(t: str) -> bool:
        return any(p.match(fold(t.strip())) for k, p in c.blocks if k in ("engagement", "indicator"))

    blanks = 0
    for k in range(i - 1, max(-1, i - 60), -1):
        t = texts[k].strip()
        blanks = blanks + 1 if not t else 0
        if blanks >= 3 or t and c.label.match(fold(t)):
            break  # a page break or a labelled heading: no list is open
        if t and block(t):
            if not any(bullets[k + 1 : i]):
                return False
            break
    j = _title_end(texts, i)
    k = next((k for k in range(j, min(j + 6, len(texts))) if texts[k].strip()), None)
    if k is None:
        return False
    if c.label.match(fold(texts[k].strip())) or c.label_ordinal.match(fold(texts[k].strip())):
        return False  # the next unit's heading, not this title's text
    para = " ".join(itertools.takewhile(lambda x: x.strip(), texts[k : k + 30])).strip()
    # running text: a sentence ends within the next few lines
    return block(texts[k]) or len(para) >= 60 and bool(re.search(r"[.:](?:\s|$)", para[:400]))


_OPEN_END = re.compile(r"\b(?:de|du|des|la|le|les|l|d|en|et|ou|a|au|aux|pour|par|sur|dans|avec|un|une|qui|que)$")


def _whole_title(texts: list[str], i: int) -> bool:
    """A title ends on a full word of its own: a sentence cut by the line end ("… en hausse
    de +11 % en") is running text, whatever its length. (Noun-phrase titles are also one line
    of their own: a line going on in lower case, "C'est pourquoi la stratégie" / "académique
    s'appuie…", is a sentence.)"""
    title = " ".join(t.strip() for t in texts[i : _title_end(texts, i)])
    return not _OPEN_END.search(re.sub(r"[^a-z ]", " ", fold(title)).strip())


def _heads_lists(texts: list[str], i: int, reach: int = 16) -> bool:
    """A title whose section opens a list of engagements or indicators after at most one
    paragraph of running text, with no other title in between."""
    c = compiled()
    paragraphs = 0
    for k in range(_title_end(texts, i), min(len(texts), i + reach)):
        t = texts[k].strip()
        if not t:
            paragraphs += 1
            if paragraphs > 2:
                return False
            continue
        key = fold(t)
        if any(p.match(key) for kind, p in c.blocks if kind in ("engagement", "indicator")):
            return True
        if c.label.match(key) or c.inline_block.match(key):
            return bool(c.inline_block.match(key))
    return False


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def announced_titles(texts: list[str]) -> tuple[set[str], set[int]]:
    """Top-level titles a plan announces in its prose: "s'articule autour de quatre axes :
    a ; b ; c ; d" (on the line), or "trois ambitions :" followed by one bullet line each.
    Returns the titles' keys and the indexes of the lines that announce them."""
    titles, used = announced(texts)
    return {_key(t) for _, t in titles}, used


def announced(texts: list[str]) -> tuple[list[tuple[int, str]], set[int]]:
    """The announced titles as written, each with the index of the line it is read from, and
    the indexes of the lines that announce them."""
    c = compiled()
    for i, t in enumerate(texts[:400]):
        m = c.announce.search(fold(t))
        if not m and c.announce_list.match(fold(t.strip())):
            # "Nos priorités" over a list: as many titles as the list has lines
            below = list(itertools.takewhile(lambda x: x[1].strip(), enumerate(texts[i + 1 : i + 9], start=i + 1)))
            if not below and i + 2 < len(texts):
                below = list(itertools.takewhile(lambda x: x[1].strip(), enumerate(texts[i + 2 : i + 10], start=i + 2)))
            if 2 <= len(below) <= 7 and all(len(x) <= 160 for _, x in below):
                return [(j, _list_item(x)) for j, x in below], {i} | {j for j, _ in below}
            continue
        if not m:
            continue
        n = c.announce_counts[m.group("count")]
        start = len(t) - len(m.group("rest"))
        parts = [(i, p.strip(" .;")) for p in re.split(r"\s*;\s*", t[start:]) if p.strip(" .;")]
        if len(parts) == 1 and t.rstrip().endswith("."):
            parts = [(i, p) for p in _comma_list(t[start:], n)] or parts
        used = {i}
        if 0 < len(parts) < n and not t.rstrip().endswith("."):
            # the sentence wraps onto the next lines of its paragraph ("… : l'éducation cultu-" /
            # "relle ; des usages numériques ; …")
            wrapped = list(itertools.takewhile(lambda x: x[1].strip(), enumerate(texts[i + 1 : i + 5], start=i + 1)))
            end = next((k for k, (_, x) in enumerate(wrapped) if x.rstrip().endswith(".")), None)
            if end is not None:
                sentence = join_fragments([t[start:]] + [x for _, x in wrapped[: end + 1]])
                found = [p.strip(" .;") for p in re.split(r"\s*;\s*", sentence) if p.strip(" .;")]
                if len(found) == 1:
                    found = _comma_list(sentence, n)
                if len(found) == n:
                    return [(i, p) for p in found], used | {j for j, _ in wrapped[: end + 1]}
        if len(parts) < n:
            parts = [(j, _list_item(x)) for j, x in enumerate(texts[i + 1 : i + 1 + 2 * n], start=i + 1) if x.strip()][
                :n
            ]
            used |= {j for j, _ in parts}
        if len(parts) == n:
            return parts, used
    return _announced_across_lines(texts)


def _announced_across_lines(texts: list[str]) -> tuple[list[tuple[int, str]], set[int]]:
    """An announcement whose colon is on a later line than its count ("autour de six caps,
    déclinés en" / "objectifs opérationnels : a ; b ; …"): read on the sentence its lines make."""
    c = compiled()
    count = re.compile(rf"\b(?:{'|'.join(c.announce_counts)})\b")
    for i, t in enumerate(texts[:400]):
        if ":" in t or not count.search(fold(t)):
            continue
        block = list(itertools.takewhile(lambda x: x[1].strip(), enumerate(texts[i : i + 6], start=i)))
        end = next((k for k, (_, x) in enumerate(block) if x.rstrip().endswith(".")), None)
        if end is None:
            continue
        sentence = join_fragments([x for _, x in block[: end + 1]])
        m = c.announce.search(_aligned_fold(sentence))
        if not m:
            continue
        n = c.announce_counts[m.group("count")]
        rest = sentence[m.start("rest") :]
        found = [p.strip(" .;") for p in re.split(r"\s*;\s*", rest) if p.strip(" .;")]
        if len(found) == 1:
            found = _comma_list(rest, n)
        if len(found) == n:
            return [(i, p) for p in found], {j for j, _ in block[: end + 1]}
    return [], set()


def _comma_list(sentence: str, n: int) -> list[str]:
    """ "a, b, c et d." (or ", et d"): the n titles of a list written with commas, when the
    sentence holds exactly n of them; none otherwise."""
    body = sentence.strip().rstrip(".")
    parts = [p.strip() for p in re.split(r"\s*,\s*", body) if p.strip()]
    if not parts:
        return []
    last = parts[-1]
    if last.startswith("et "):
        parts[-1] = last[3:]
    elif len(parts) == n - 1:
        tail = _LAST_ET.split(last, maxsplit=1)
        parts[-1:] = [x.strip() for x in tail]
    return parts if len(parts) == n and all(3 <= len(p) <= 160 for p in parts) else []


def _aligned_fold(text: str) -> str:
    """`fold` one character for one, so that a match's span is the same in the text as written."""
    return "".join((fold(ch) or ch)[:1] for ch in text)


_QUOTED = r"[«“\"]\s*(?P<title>[^»”\"]{3,200}?)\s*[»”\"]"
# how a French list joins its last item: "…, et enfin c", "… et, enfin, c", "… ; enfin c", "… et c"
_LAST_ITEM = re.compile(r"\s*,?\s+(?:et\s*,?\s+)?enfin\s*,?\s+", re.I)
_LAST_ET = re.compile(r"\s+et\s+(?!.*\set\s)", re.I)


def announced_units(paragraphs: list[str]) -> list[tuple[int, str, list[str]]]:
    """Units a plan only describes in running prose, each named in quotation marks after an
    ordinal and a level word, with the list of its own units after a count and a colon: "La
    deuxième priorité, « Former les équipes », comporte deux objectifs : a ; b et, enfin, c."
    Returns, in the order written, each unit's paragraph index, title and listed sub-units."""
    c = compiled()
    top = [w for w, levels in c.level_words.items() if 0 in levels]
    subs = [w for w, levels in c.level_words.items() if any(x > 0 for x in levels)]
    alt = lambda words: "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # noqa: E731
    unit = re.compile(
        rf"\b(?:{alt(c.ordinals)}|derniere|dernier)\s+(?:{alt(top)})s?\s*,?\s*{_QUOTED}"
        rf"(?:[^.:«]{{0,120}}?\b(?P<count>{alt(c.announce_counts)})\s+(?:{alt(subs)})s?\s*:\s*(?P<list>[^.]*))?"
    )
    out = []
    for i, text in enumerate(paragraphs):
        folded = _aligned_fold(text)
        for m in unit.finditer(folded):
            title = text[m.start("title") : m.end("title")].strip(" ,")
            items: list[str] = []
            if m.group("list"):
                items = _listed(text[m.start("list") : m.end("list")], c.announce_counts[m.group("count")])
            out.append((i, title, items))
    return out if len(out) >= 2 else []


def _listed(text: str, n: int) -> list[str]:
    """The n items of a list written in a sentence, "a ; b ; c", the last two perhaps joined by
    "et" ("a ; b et, enfin, c"); none when the sentence does not hold n."""
    items = [p.strip(" ,") for p in re.split(r"\s*;\s*", text) if p.strip(" ,")]
    if items and len(items) < n:
        tail = items.pop()
        last = _LAST_ITEM.split(tail, maxsplit=1)
        if len(last) == 1 and len(items) + 2 == n:
            last = _LAST_ET.split(tail, maxsplit=1)
        items += [x.strip(" ,") for x in last if x.strip(" ,")]
    return items if len(items) == n else []


def announced_subunits(text: str) -> list[str]:
    """The units a unit's own prose lists after a count, a level word below the top and a colon:
    "nous nous fixons trois objectifs : a ; b ; c." (the first such list in the text)."""
    c = compiled()
    subs = [w for w, levels in c.level_words.items() if any(x > 0 for x in levels)]
    alt = lambda words: "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # noqa: E731
    pattern = re.compile(
        rf"\b(?P<count>{alt(c.announce_counts)})\s+(?:[a-z]+\s+)?(?:{alt(subs)})s?"
        rf"(?:\s+[a-z]+)?\s*:\s*(?P<list>[^.:]{{8,}})"
    )
    m = pattern.search(_aligned_fold(text))
    if not m:
        return []
    items = _listed(text[m.start("list") : m.end("list")], c.announce_counts[m.group("count")])
    return [x[0].upper() + x[1:] for x in items if 3 <= len(x) <= c.typo_max_chars]


_LIST_NUMBER = re.compile(r"^(?:\d{1,2}|[a-jA-J]|[IVXivx]{1,4})\s*[.)–—-]\s+")


def _list_item(text: str) -> str:
    """An announced title as the list writes it, without its bullet or number ("1. une école…")."""
    return _LIST_NUMBER.sub("", text.strip(" .;•-–"))


_ROMAN_VALUE = {r.upper(): i + 1 for i, r in enumerate(ROMAN)}


def _value(num: str) -> int:
    last = num.split(".")[-1]
    m = re.fullmatch(r"(?:[A-J]|[IVX]{1,4})(\d{1,2})", last)
    if m:  # "A1": the unit's number within letter A
        last = m.group(1)
    if last.isdigit():
        return int(last)
    if last in _ROMAN_VALUE:
        return _ROMAN_VALUE[last]
    return ord(last[0].upper()) - ord("A") + 1


def _runs_on(found: list[tuple[int, str, str]]) -> bool:
    """Numbers that count on: each one more than the last, or back to 1 under a new parent
    (1.3 then 2.1). A number skipped now and then (1.1, 1.2, 1.4: a unit withdrawn from a later
    edition, or a heading the extraction lost) still counts on."""
    values = [_value(num) for _, num, _ in found]
    parents = [num.rsplit(".", 1)[0] if "." in num else "" for _, num, _ in found]
    if len(values) < 2 or values[0] > 2:
        return False
    steps = 0
    for (a, pa), (b, pb) in zip(zip(values, parents), zip(values[1:], parents[1:])):
        if pa == pb and 0 < b - a <= 2 or b == 1 and (pa != pb or not pa):
            steps += 1
    return steps >= 0.8 * (len(values) - 1)


def _long_heading(key: str) -> bool:
    """A line too long for a heading's shape still is one when its label says so ("Objectif 2 :"
    and a title of two clauses) or when it heads a list written on its line ("Actions : a ; b")."""
    c = compiled()
    return bool(
        c.label.match(key)
        and len(key) <= c.title_max_chars + 40
        or c.inline_block.match(key)
        or c.inline_one.match(key)
    )


_REFERENCE = re.compile(r"\s*\(([^()]*\d[^()]*)\)\s*$")


def _without_reference(title: str) -> str:
    """A title that ends on a cross-reference to the units under it or to a page ("… (objectifs
    1.a à 1.c)", "… (p. 12)") is the title without it: a recap or a table writes it so."""
    m = _REFERENCE.search(title)
    if not m:
        return title
    inside = fold(m.group(1))
    words = re.findall(r"[a-z]+", inside)
    if any(w in compiled().level_words or w.rstrip("s") in compiled().level_words for w in words) or re.match(
        r"^(?:p|page|pages)\b", inside
    ):
        return title[: m.start()].strip()
    return title


def classify(text: str, levels: Levels | None = None) -> Heading | None:
    """Return the heading a line is, or None for body text. `levels`: how the document writes
    its hierarchy (document_levels); without it, each word names its highest level."""
    stripped = text.strip().strip("*").strip()
    if not stripped:
        return None
    c = compiled()
    key = fold(stripped)
    if len(stripped) > 220 and not _long_heading(key):
        return None
    if c.toc.match(key):
        return Heading("toc")
    levels = levels or default_levels()
    m = c.label.match(key) or c.label_ordinal.match(key)
    if not m and stripped in levels.bare_lines:
        m = c.label_bare.match(key) or c.label_alone.match(key)
    before = None if m else c.label_before.match(key)
    if m or before:
        hit = m or before
        word = word_key(hit.group("word"))
        depth = levels.words.get(word, c.level_words[word][0])
        title = _title(stripped, hit.group("title")) if m else stripped[: len(before.group("title"))].strip(" :.-–—")
        title = _without_reference(title)
        return Heading(
            _KIND_AT_DEPTH[depth],
            normal_number(hit.group("num")) if hit.groupdict().get("num") else None,
            title,
            word=word,
        )
    if c.box.match(key):
        return Heading("box", title=stripped)
    if stripped in levels.matter_lines:
        return Heading("matter", title=stripped)
    if c.matter.match(key):
        return Heading("matter", title=stripped)
    m = c.inline_block.match(key)
    if not m and levels.inline_words:
        one = c.inline_one.match(key)
        m = one if one and word_key(one.group("lword")) in levels.inline_words else None
    if m:
        word, rest = (
            (m.group("word"), m.group("title")) if m.groupdict().get("word") else (m.group("lword"), m.group("ltitle"))
        )
        kind = next(k for k, p in c.blocks if p.match(fold(word)))
        # "Perspectives : ce que nous allons faire" names its list twice; it lists nothing
        names_twice = any(p.match(fold(rest.strip(" .:"))) for k, p in c.blocks if k != "focus")
        if kind in ("indicator", "engagement", "planned") and not names_twice:
            title = _title(stripped, rest)
            if m.groupdict().get("dash"):
                title = re.sub(r"\s+[–—-]\s+", " ; ", title)
            return Heading("block", block=kind, title=title, inline=True)
    for kind, pattern in c.blocks:
        m = pattern.match(key)
        if m:
            title = _title(stripped, m.groupdict().get("title")) if kind == "focus" else ""
            return Heading("block", block=kind, title=title)
    if stripped in levels.typo_lines:
        return Heading(_KIND_AT_DEPTH[levels.typo_lines[stripped]], None, stripped)
    if stripped in levels.scheme_lines:
        name, m = scheme_of(stripped)
        depth = levels.schemes[name]
        if depth < 2:  # numbered items deeper than objectives are read as the lists they are
            return Heading(_KIND_AT_DEPTH[depth], m.group("num"), m.group("title").strip())
    m = NUMBERED_LEAF.match(stripped)
    if m:
        return Heading("leaf", m.group("num"), m.group("title").strip())
    m = NUMBERED_OBJECTIVE.match(stripped)
    if m and not _FIGURE_START.match(stripped):
        return Heading("objective", m.group("num"), m.group("title").strip())
    return None


_PAGE_NUMBER_END = re.compile(r"\s\d{1,3}\s*$")
_LEADER_END = re.compile(r"(?:\.{3,}|…{2,})\s*$")


def toc_lines(texts: list[str], bullets: list[bool] | None = None) -> set[int]:
    """Indexes of table-of-contents lines: entries with a leader and a page number, a line ending
    in a page number between two such entries (a long title leaves no room for a leader), and
    every line of a paragraph made mostly of entries (an entry's title wrapped onto a line of
    its own). The table is a skeleton of the plan: its headings come again in the body."""
    entries = {i for i, t in enumerate(texts) if TOC_ENTRY.search(t)}
    entries |= _listed_after_toc_heading(texts)
    entries |= _repeated_after_toc_heading(texts)
    if bullets:
        entries |= _bulleted_after_toc_heading(texts, bullets)
    # a leader whose page number was wrapped onto the next line, and that number
    for i, t in enumerate(texts[:-1]):
        if _LEADER_END.search(t) and re.fullmatch(r"\s*\d{1,3}\s*", texts[i + 1]):
            entries |= {i, i + 1}
    filled = set(entries)
    for i, t in enumerate(texts):
        if i in entries or not _PAGE_NUMBER_END.search(t):
            continue
        before = next((j for j in range(i - 1, -1, -1) if texts[j].strip()), None)
        after = next((j for j in range(i + 1, len(texts)) if texts[j].strip()), None)
        if before in entries and after in entries:
            filled.add(i)
    i = 0
    while i < len(texts):
        if not texts[i].strip():
            i += 1
            continue
        j = i
        while j < len(texts) and texts[j].strip():
            j += 1
        n = len(filled & set(range(i, j)))
        if _flat_toc(" ".join(texts[i:j])):
            filled |= set(range(i, j))
        elif (
            n >= 2 and n >= 0.4 * (j - i) or n == 1 and j - i <= 3 and (j - 1) in filled and _near_entries(filled, i, j)
        ):
            filled |= set(range(i, j))
        i = j
    return filled


_ENDS_IN_PAGE = re.compile(r"(?:\D\s*|[^\W\d])\d{1,3}$")


def _listed_after_toc_heading(texts: list[str]) -> set[int]:
    """The lines under a "SOMMAIRE" heading that end in a page number, written after the title
    or glued to it ("Axe A - Une école qui fait réussir4": the text layer lost the leader),
    with the lines an entry wraps over; the table ends at the first line that is neither."""
    c = compiled()
    out: set[int] = set()
    for i, t in enumerate(texts):
        if not c.toc.match(fold(t.strip())):
            continue
        k, found = i + 1, set()
        while k < len(texts):
            t2 = texts[k].strip()
            if not t2:
                if found:
                    break
                k += 1
                continue
            if _bare_label(t2):
                break  # "AXE 1": the label's number, where the body begins
            if _ENDS_IN_PAGE.search(t2) and not re.fullmatch(r"\d{1,3}", t2):
                found.add(k)
            elif (
                k + 1 < len(texts)
                and _ENDS_IN_PAGE.search(texts[k + 1].strip())
                and len(t2) <= 120
                and not re.fullmatch(r"\d{1,3}", texts[k + 1].strip())
            ):
                found.add(k)  # an entry wrapped onto the next line
            else:
                break
            k += 1
        if len(found) >= 2:
            out |= found
    return out


def _repeated_after_toc_heading(texts: list[str]) -> set[int]:
    """A table of contents without page numbers or bullets (a word processor's export): the
    short lines right under "Sommaire" whose words the body writes again further down, up to
    the first line it does not (the body's first line)."""
    c = compiled()
    keys = [re.sub(r"[^a-z0-9]", "", fold(t)) for t in texts]
    later: dict[str, int] = {}
    for i, k in enumerate(keys):
        if k:
            later[k] = i  # the last line with these words
    out: set[int] = set()
    for i, t in enumerate(texts):
        if not c.toc.match(fold(t.strip())):
            continue
        found = []
        for k in range(i + 1, len(texts)):
            t2 = texts[k].strip()
            if not t2:
                if found:
                    break
                continue
            if found and t2[:1].islower():
                # an entry wrapped onto the next line: without page numbers, the lines an entry
                # takes cannot be told from the next entry's (a title in title case)
                found = []
                break
            if len(t2) > c.typo_max_chars or later.get(keys[k], k) <= k:
                break
            found.append(k)
        if len(found) >= 2:
            out |= set(found)
    return out


def _bare_label(text: str) -> bool:
    c = compiled()
    m = c.label.match(fold(text))
    return bool(m) and not (m.group("title") or "").strip()


def _bulleted_after_toc_heading(texts: list[str], bullets: list[bool]) -> set[int]:
    """A table of contents written as a list of its entries without page numbers (a web page's or
    a Markdown export's list of links under "Sommaire"): the bulleted lines right under it."""
    c = compiled()
    out: set[int] = set()
    for i, t in enumerate(texts):
        if not c.toc.match(fold(t.strip())):
            continue
        k = next((k for k in range(i + 1, min(i + 3, len(texts))) if texts[k].strip()), None)
        if k is None:
            continue
        items = list(itertools.takewhile(lambda x: bullets[x] and texts[x].strip(), range(k, len(texts))))
        if len(items) >= 2 and all(len(texts[x].strip()) <= c.typo_max_chars for x in items):
            out |= set(items)
    return out


def _flat_toc(text: str) -> bool:
    """A table of contents flattened into running text: "Sommaire Axe 1 : … 3 Objectif 1 : … 4"
    (the table's word, then labels, each entry's page number before the next label)."""
    c = compiled()
    key = fold(text.strip())
    if not c.toc_start.match(key):
        return False
    words = "|".join(re.escape(w) for w in c.level_words)
    return len(re.findall(rf"\b\d{{1,3}}\s+(?:{words})\b", key)) >= 2


def _near_entries(entries: set[int], start: int, end: int, reach: int = 4) -> bool:
    """A one-entry paragraph belongs to a table when other entries lie just around it."""
    return any(k in entries for k in range(start - reach, start)) or any(k in entries for k in range(end, end + reach))
