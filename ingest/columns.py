"""Undo OCR's interleaving of a narrow side column (usually "Indicateurs") with the body.

When a page has two columns of text at the same height, OCR may read across them, so one
source line holds the end of a body line and the start of a side-column line:
"I'expérimentation et Indicateurs". No layout library can help once the text is flat, so
this is done by hand: each line of such a zone is cut in two by, in order, (1) the body
text repeated elsewhere in the document (an objective title restated in the axis overview),
(2) a word that starts an indicator ("Nombre", "Taux"…), (3) the width of the body column,
(4) which column has a sentence left unfinished. Every piece keeps its source line number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from boussole.text import fold

from .normalize import Line, clean_piece

_TRIGGER = re.compile(r"^(?P<left>.*\S)\s+(?P<head>Indicateurs|NOS ENGAGEMENTS|Nos engagements)\s*$")
_STARTER = re.compile(
    r"(?:^|\s)(?P<word>Nombre|Taux|Part|Pourcentage|Proportion|Évolution|Evolution|Résultats|Indice)\b(?=\s+(?:d[eu']|des|d’|aux|de la|moyen))"
)
_CLOSED = re.compile(r"[.!?;]\s*$")
_JUNK_PREFIX = re.compile(r"^[^\wÀ-ÿ«(\"]+")


def _words(text: str) -> list[str]:
    return text.split()


def _same_word(a: str, b: str) -> bool:
    fa, fb = fold(a).strip(".,;:()'"), fold(b).strip(".,;:()'")
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    # OCR lost a letter at the start ("es" for "les") or a letter was misread
    if len(fa) >= 2 and len(fb) >= 2 and (fb.endswith(fa) or fa.endswith(fb)) and abs(len(fa) - len(fb)) <= 1:
        return True
    return len(fa) == len(fb) >= 4 and sum(x != y for x, y in zip(fa, fb)) == 1


def _reference(first_words: list[str], other_text: str) -> list[str]:
    """Find the body sentence that starts with these words elsewhere in the document."""
    if len(first_words) < 2:
        return []
    words = other_text.split()
    keys = [fold(w) for w in words]
    probe = [fold(w) for w in first_words[:3]]
    for i in range(len(keys) - len(probe)):
        if keys[i : i + len(probe)] == probe:
            out = []
            for w in words[i:]:
                out.append(w.rstrip(".,;:"))
                if re.search(r"[.,;:]$", w):
                    break
            return out
    return []


def deinterleave(lines: list[Line]) -> list[Line]:
    """Return the lines in reading order, side-column pieces marked side=True."""
    out: list[Line] = []
    i = 0
    full_text = " ".join(ln.text for ln in lines)
    while i < len(lines):
        m = _TRIGGER.match(lines[i].text)
        if not m or lines[i].bullet:
            out.append(lines[i])
            i += 1
            continue
        end = _zone_end(lines, i)
        out.extend(_split_zone(lines[i:end], full_text))
        i = end
    return out


def _zone_end(lines: list[Line], start: int) -> int:
    blanks = 0
    for j in range(start + 1, len(lines)):
        text = lines[j].text
        if not text:
            blanks += 1
            if blanks >= 3:
                return j
            continue
        blanks = 0
        if len(text) > 62 or re.match(r"^\|?\s*NOS ENGAGEMENTS", text, re.I):
            return j
    return len(lines)


def _split_zone(zone: list[Line], full_text: str) -> list[Line]:
    # body column width: the widest line of the zone that is plainly one column
    widths = [len(ln.text) for ln in zone[1:] if ln.text and len(ln.text) <= 40 and not _STARTER.search(ln.text)]
    width = max(widths) if widths else 36
    first = _TRIGGER.match(zone[0].text)
    head_line = zone[0]
    zone_text = " ".join(ln.text for ln in zone)
    other = full_text.replace(zone_text, " ")
    ref = _reference(_words(first.group("left")), other) if first else []
    # the reference also covers words of lines before the trigger, when the title started there
    title: list[Line] = []
    body: list[Line] = []
    side: list[Line] = [replace(head_line, text=first.group("head"), side=True)]
    pos = 0  # next reference word
    side_open = False
    for k, ln in enumerate(zone):
        text = first.group("left") if k == 0 else _JUNK_PREFIX.sub("", ln.text)
        if not text:
            continue
        words = [w for w in _words(text) if re.search(r"\w", w)]
        ref_words: list[str] = []
        while words and pos < len(ref) and _same_word(words[0], ref[pos]):
            ref_words.append(ref[pos])
            words.pop(0)
            pos += 1
        if ref_words:
            title.append(replace(ln, text=" ".join(ref_words)))
            right = " ".join(words)
            if right:
                side.append(replace(ln, text=right, side=True))
                side_open = not _CLOSED.search(right)
            continue
        rest = " ".join(words)
        m = _STARTER.search(rest)
        if m and m.start("word") > 0:
            left, right = rest[: m.start("word")].strip(), rest[m.start("word") :]
        elif m:
            left, right = "", rest
        else:
            left, right = _split_by_width(rest, width, side_open)
        if not left and not m and not right[:1].isupper() and not side_open and body:
            left, right = right, ""
        if left:
            body.append(replace(ln, text=left))
        if right:
            side.append(replace(ln, text=right, side=True))
            side_open = not _CLOSED.search(right)
    blank = replace(zone[0], text="", raw="", bullet=False)
    return [*title, blank, *side, blank, *body]


_ELIDING = {"la", "le", "de", "ce", "que", "se", "ne", "je", "me", "te"}


def _elision_broken(a: str, b: str) -> bool:
    """French elides "la", "de"… before a vowel: "la adossés" cannot be one phrase."""
    return a.lower() in _ELIDING and fold(b)[:1] in "aeiouyh"


def _split_by_width(text: str, width: float, side_open: bool) -> tuple[str, str]:
    """Cut a line into (body, side) pieces when it is wider than the body column."""
    words = text.split()
    if len(text) > width:
        cut = len(words)
        while cut > 1 and len(" ".join(words[:cut])) > width:
            cut -= 1
        if cut + 1 < len(words) and _elision_broken(words[cut], words[cut + 1]):
            cut += 1
        return " ".join(words[:cut]), " ".join(words[cut:])
    if side_open and len(words) >= 2 and _CLOSED.search(text) and words[-1][:1].islower():
        # the unfinished side-column sentence ends on this line, after the body words
        return " ".join(words[:-1]), words[-1]
    if text[:1].islower() and side_open:
        return "", text
    return text, ""


# two columns a text layer set side by side on one line ("Objectif A – Garantir…      CHIFFRES
# CLÉS"): a run of spaces far wider than a word space, not at the line's start
_GAP = re.compile(r"(?<=\S)\s{6,}(?=\S)")
_GAP_REACH = 3  # lines between two lines of the same side-by-side zone
_GAP_COLUMN = 4  # how far the right column's start may move from line to line


def split_side_by_side(lines: list[Line]) -> list[Line]:
    """Lines that hold a body line and, after a wide gap, a line of a column set beside it (a
    text layer that keeps the page's layout) are cut in two, body piece first, both keeping
    the line's number: the column's lines are then interleaved with the body, as a key-figures
    box read line by line is. Only runs of such lines whose right column starts at the same
    place count (one wide gap is a table of contents' page number or a spacing accident)."""
    gaps: dict[int, int] = {}
    for i, ln in enumerate(lines):
        if not ln.text:
            continue
        raw = ln.raw.expandtabs(4)
        m = _GAP.search(raw)
        # a column of words: figures after a gap are a table's cells or a page number
        if m and raw[: m.start()].strip() and re.search(r"[^\W\d_]{3,}", raw[m.end() :]):
            gaps[i] = m.end()
    zone = {
        i
        for i in gaps
        if any(abs(gaps[i] - gaps[k]) <= _GAP_COLUMN for k in gaps if k != i and abs(k - i) <= _GAP_REACH)
    }
    if not zone:
        return lines
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i not in zone:
            out.append(ln)
            continue
        raw = ln.raw.expandtabs(4)
        right, bullet = clean_piece(raw[gaps[i] :])
        if not right or not ln.text.endswith(right):
            out.append(ln)
            continue
        left = ln.text[: len(ln.text) - len(right)].strip()
        out.append(replace(ln, text=left))
        out.append(replace(ln, text=right, bullet=bullet, indent=gaps[i]))
    return out
