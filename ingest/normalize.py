"""Repair OCR noise line by line, keeping one output line per input line.

Keeping the line count fixed is what lets every extracted element cite the original line
numbers. Repairs are conservative: a word is only rewritten when it is unknown to the French
lexicon and the rewrite is a known word (see ingest/lexicon.py).
"""

from __future__ import annotations

import re
from collections import Counter
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations, product

from boussole.text import fold

from .layout import compiled, rules

from .lexicon import known
from .grids import cell_lines, grids
from .markup import has_markup, unmarked

# Bullet glyphs as OCR reads them: "•" may come out as "o", "e", "©", "®", "@'"...; a word
# processor's symbol-font bullets come out of its text layer as arrows, chevrons, check marks,
# diamonds and boxes ("›", "➢", "✓", "❖", "□")
# A word processor's export writes a symbol-font bullet as the letter its code has in a text
# font ("o" for Courier New's circle, "§" "Ø" "ü" "q" "v" for Wingdings), always before a tab
_BULLET_TAB = re.compile(r"^\s*[oO§Øüqvn]\t+(?=\S)")
# "+ Finalité A": an accordion's sign before a section's title (before a word, not a figure);
# "o Former…": a word processor's circle bullet exported as the letter, before a capital
_BULLET_ANY = re.compile(
    r"^\s*(?:[-–—•●▪■◦·*→›►▸▶➢➤➔⇒✓✔❖◆◇○□☐]|©®|©|®|@['’]?|\||\+(?=\s+[^\W\d])|o(?=\s+[A-ZÀ-ÖØ-Ý]))\s+"
)
# "1)" list items: the number is list layout, not part of the item ("1." is left alone: it
# also opens numbered headings and sentences)
# ("1) ACCOMPAGNER CHAQUE ÉLÈVE", a title wholly in capitals, is a heading's number: kept)
_ITEM_NUMBER = re.compile(r"^\s*\d{1,2}\)\s+(?=\S)(?![A-ZÀ-ÖØ-Ý][^a-zà-öø-ÿ]{8,}$)")
_BULLET_LETTER = re.compile(r"^\s*[oe0]\s+(?=[A-ZÀ-ÝÉ])")
_NUMBERED = re.compile(r"^\s*(?:\d+[.)]|[a-z]\))\s+")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+")
# Markdown exports: a heading's attributes ("## Ambition 1 {#ambition-1}"), links kept as their
# words, images and rules that carry no plan text, a quotation's marker, a line set in italics
_MD_ATTRIBUTES = re.compile(r"\s*\{[#.][^{}]*\}\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")


def _fold_cell_lines(out: list[Line]) -> None:
    """A table exported one cell a line (grids.cell_lines): its column names are furniture and
    each row's figures go after its item, as a table's row reads ("Part des lecteurs | 71 % | 80 %")."""
    header, figures = cell_lines([ln.text for ln in out], [ln.bullet for ln in out])
    for i in header:
        out[i] = replace(out[i], text="", furniture=True)
    for i, item in sorted(figures.items()):
        out[item] = replace(out[item], text=f"{out[item].text} | {out[i].text}")
        out[i] = replace(out[i], text="", furniture=True)


_GLUED_NUMBER = re.compile(r"^(\s*(?:\d{1,2}|[a-j])[.)])(?=[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ])")
_MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MD_EMPHASIS = re.compile(r"^\*(?=\S)([^*]+?)(?<=\S)\*$|^_(?=\S)([^_]+?)(?<=\S)_$")
# a Markdown table: the rule under its header row ("|---|:---:|"); its rows are cells in "|"
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_MD_TABLE_ROW = re.compile(r"^\s*\|?[^|]+(?:\|[^|]*)+\|?\s*$")

# Character-level misreadings that are never right in French prose.
_CHAR_FIXES = [
    (re.compile(r"(?<![A-Za-zÀ-ÿ])[Il|]['’](?=[A-Za-zÀ-ÿ])"), "l'"),  # I'académie, |'évaluation
    (re.compile(r"(?<![A-Za-zÀ-ÿ])lI['’](?=[A-Za-zÀ-ÿ])"), "l'"),  # lI'international
    (re.compile(r"(?<![A-Za-zÀ-ÿ])\|(?=[a-zà-ÿ])"), "l"),  # |a sérénité
    (re.compile(r"(?<![A-Za-zÀ-ÿ])Ia(?![A-Za-zÀ-ÿ])"), "la"),  # Ia Région
    (re.compile(r"(?<=[a-z])<(?=[A-Z])"), "-"),  # Clermont<Ferrand
    (re.compile(r"é?&(?=tre\b)"), "ê"),  # &tre, bien-é&tre
    (re.compile(r"(?<=[A-Za-zÀ-ÿ])[€¢](?=[A-Za-zÀ-ÿ])|(?<![A-Za-zÀ-ÿ])[€¢](?=[a-zà-ÿ])"), "é"),
    (re.compile(r"(?<=[\s(])['’](?=[aeiouéèêhy][a-zà-ÿ]{2,})"), "l'"),  # 'ensemble -> l'ensemble
]

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿœŒ]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿœŒ]+)?")
_VOWEL_VARIANTS = {
    "e": "eéèê",
    "é": "éeèê",
    "è": "èeé",
    "ê": "êeé",
    "a": "aàâ",
    "à": "àa",
    "â": "âa",
    "i": "iîï",
    "î": "îi",
    "o": "oô",
    "ô": "ôo",
    "u": "uûù",
    "c": "cç",
    "g": "gç",
}


@dataclass(frozen=True)
class Line:
    """One source line after repair: same position as in the file."""

    number: int  # 1-based line number in the original file
    raw: str
    text: str  # repaired text, bullet marker removed
    bullet: bool = False
    heading_level: int = 0  # Markdown heading depth (#, ##…), 0 if none
    indent: int = 0
    side: bool = False  # read from a side column that OCR interleaved with the body
    # a line of no text of its own (a table's header row, a page counter, a running footer): it
    # neither ends a paragraph nor counts in a gap, so a title goes on across it
    furniture: bool = False

    @property
    def blank(self) -> bool:
        return not self.text


def _accent_candidates(word: str):
    lower = word.lower()
    positions = [i for i, ch in enumerate(lower) if ch in _VOWEL_VARIANTS]
    for n in (1, 2):
        for picked in combinations(positions, n):
            for subs in product(*(_VOWEL_VARIANTS[lower[i]] for i in picked)):
                if any(lower[i] == s for i, s in zip(picked, subs)):
                    continue
                chars = list(lower)
                for i, s in zip(picked, subs):
                    chars[i] = s
                yield "".join(chars)


_ACCENTED = set("éèêàâîïôûùç")
_GLUE_WORDS = {"du", "de", "des"}


def _accent_rank(cand: str):
    # most accents first; then the French "è + consonant + mute e" ending (élève, repère)
    grave = bool(re.search(r"è[^aeiouyéèêàâîôû]{1,2}(?:es?|ent)$", cand))
    return (not grave, -sum(ch in _ACCENTED for ch in cand))


def _confusions(word: str):
    """Readings of a word through the letter shapes OCR confuses: "rn" for "m" ("prernier"),
    a capital I or l for the other inside a word in lower case ("accueiIlir")."""
    forms = [word.lower()]
    if re.search(r"[a-zà-ÿ]I|I[a-zà-ÿ]", word[1:]):
        forms.insert(0, (word[0] + word[1:].replace("I", "l")).lower())
        yield forms[0]
    for lower in forms:
        if "rn" in lower:
            yield lower.replace("rn", "m")
            for m in re.finditer("rn", lower):
                yield lower[: m.start()] + "m" + lower[m.end() :]


def _candidates(word: str):
    confused = list(_confusions(word))
    yield from confused
    for c in confused:  # OCR that confuses letters drops accents too ("acadernique")
        yield from sorted(set(_accent_candidates(c)), key=_accent_rank)
    lower = word.lower()
    # "Panalyse", "loffre": the apostrophe of l' lost or read as P
    if len(lower) > 3 and lower[0] in "pl" and lower[1] in "aeiouéèêhy" and known(lower[1:]):
        yield "l'" + lower[1:]
    yield lower.replace("cce", "cœ").replace("ce", "œ", 1) if "cce" in lower else lower
    yield lower.replace("ft", "ît")  # maftrise
    yield re.sub(r"([aeiou])([éèê])", r"\2", lower)  # Deévelopper
    yield lower.replace("ée", "è")  # éléeves
    if len(lower) >= 4:
        # the reading with the most accents first: OCR drops accents far more than it adds them
        yield from sorted(set(_accent_candidates(lower)), key=_accent_rank)
    yield re.sub(r"(.)\1", r"\1", lower)  # doubled letter
    # two words glued together: "ambitiondu"
    for cut in range(3, len(lower) - 1):
        left, right = lower[:cut], lower[cut:]
        if right in _GLUE_WORDS and known(left) and len(left) >= 4:
            yield f"{left} {right}"


@lru_cache(maxsize=1 << 16)  # a pure function of the word; plans repeat their words
def repair_word(word: str) -> str:
    """Return a lexicon word for an OCR-damaged one, or the word unchanged."""
    if len(word) < 3 or word.isupper() or "'" in word or known(word):
        return word
    for cand in _candidates(word):
        if cand != word.lower() and all(
            known(part) or part.startswith("l'") and known(part[2:]) for part in cand.split()
        ):
            if word[0].isupper() and not cand.startswith("l'"):
                return cand[0].upper() + cand[1:]
            return cand
    return word


_PREP_A = re.compile(
    r"(?<![\w'’])a(?= (?:la|l'|le|les|un|une|des|tous|toute|toutes|tout|chaque|partir|destination|travers|l’)\b)"
)


# a word cut after an "fi"/"fl" ligature by a PDF text layer: "défi s", "confi ance", "réfl exion"
_LIGATURE_CUT = re.compile(r"(?<![\w'])([A-Za-zÀ-ÿ]*[fF][iIlL])\s([a-zà-ÿ]+|[A-ZÀ-Ý]+)\b")
# a word cut after its first letters by a text layer's spacing ("Ré duire", "é lèves")
_SPACED_CUT = re.compile(r"(?<![\w'])([A-Za-zÀ-ÿ]{1,3})\s([a-zà-ÿ]{2,})\b")


def _join_ligature(m: re.Match) -> str:
    left, right = m.group(1), m.group(2)
    whole = left + right
    if left.isupper() != right.isupper():
        return m.group(0)
    # joined only when the whole is a word and one side alone is not ("défi s": "s" is a letter)
    if known(whole) and (not known(left) or not known(right) or len(right) <= 2):
        return whole
    return m.group(0)


def _join_spaced(m: re.Match) -> str:
    left, right = m.group(1), m.group(2)
    whole = left + right
    return whole if len(whole) >= 5 and not known(right) and known(whole) else m.group(0)


def repair_text(text: str, ocr: bool = True) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("‘", "'").replace("`", "'")
    text = re.sub(r"'{2,}", "'", text)
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")
    text = _LIGATURE_CUT.sub(_join_ligature, text)
    text = _SPACED_CUT.sub(_join_spaced, text)
    for pattern, repl in _CHAR_FIXES:
        text = pattern.sub(repl, text)
    if not ocr:
        return text
    text = _WORD.sub(lambda m: repair_word(m.group(0)), text)
    # "à" read as "a" before an article: the verb "a" is never followed by these in plans
    return _PREP_A.sub("à", text)


def clean_piece(text: str) -> tuple[str, bool]:
    """A piece of a line cut out of it (a column beside the text): its words repaired as a
    line's are, and whether it opens on a bullet."""
    m = _BULLET_ANY.match(text) or _ITEM_NUMBER.match(text)
    if m:
        text = text[m.end() :]
    return re.sub(r"\s+", " ", repair_text(text.strip(), ocr=False)).strip(" _|"), bool(m)


def looks_ocr(raw_lines: list[str]) -> bool:
    """A document is treated as OCR output when it shows the typical misreadings."""
    sample = "\n".join(raw_lines)
    hits = len(re.findall(r"(?<![A-Za-z])I'[a-zà-ÿ]|[a-z][€¢][a-z]|&tre|\|[a-z']", sample))
    if hits >= 3:
        return True
    # words the lexicon does not know that it knows once read through OCR's confusions
    confused = 0
    for w in set(re.findall(r"[A-Za-zÀ-ÿ]{4,}", sample[:20000])):
        if ("rn" in w or "I" in w[1:]) and not known(w.lower()) and any(known(c) for c in _confusions(w)):
            confused += 1
            if confused >= 3:
                return True
    return False


def normalize(
    raw_lines: list[str], ocr: bool | None = None, heading_levels: dict[int, int] | None = None
) -> list[Line]:
    """Repair every line; output has exactly one Line per input line, same numbering.
    `heading_levels`: line index -> heading depth from the typography of a PDF text layer."""
    if ocr is None:
        ocr = looks_ocr(raw_lines)
    out: list[Line] = []
    if has_markup(raw_lines):
        raw_lines = unmarked(raw_lines)
    raw_lines = _strip_page_prefixes(raw_lines)
    table = _markdown_tables(raw_lines)
    table_heads = _tab_table_heads(raw_lines)
    grid_heads, grid_rows = grids(raw_lines)
    standalone = _standalone_numbers(raw_lines)
    bold = _bold_lines(raw_lines)
    underlined = _underlined(raw_lines)
    for number, raw in enumerate(raw_lines, start=1):
        tab_bullet = _BULLET_TAB.match(raw)
        text = raw[tab_bullet.end() :] if tab_bullet else raw
        text = text.replace("\t", "    ").rstrip()
        indent = len(text) - len(text.lstrip())
        furniture = False
        if number - 1 in table:
            # a table's header row and rule are column names; a row is an item, its first cell
            # the item's words and the others its figures ("Part des lecteurs | Cible 2024 : 85 %")
            row = table[number - 1]
            text = "- " + " | ".join(row) if row else ""
            furniture = not row
        if number - 1 in table_heads and number - 1 not in grid_heads:
            # a word processor's table exported with tabs: its first row names the columns, and
            # rows that only number the items above give their details
            text, furniture = "", True
        if number - 1 in grid_heads:
            # a list set out as a table: its header row is the list's heading, its rows the items
            text, indent = grid_heads[number - 1], 0
        elif number - 1 in grid_rows:
            row = grid_rows[number - 1]
            text = "- " + " | ".join(row) if row else ""
        text = _markdown_inline(text.replace("**", "").replace("__", ""))
        # "1.Déployer…", "a.Évolution…": a list number whose space was lost in the export
        text = _GLUED_NUMBER.sub(r"\1 ", text)
        for prefix in compiled().noise_prefixes:
            text = prefix.sub("", text)
        level = (heading_levels or {}).get(number - 1, 0) or bold.get(number - 1, 0) or underlined.get(number - 1, 0)
        if number - 2 in underlined:
            text, furniture = "", True  # the rule under a heading
        m = _MD_HEADING.match(text)
        if m:
            level = len(m.group(1))
            text = text[m.end() :]
        bullet = bool(tab_bullet)
        numbered = _ITEM_NUMBER.match(text) if number - 1 not in standalone else None
        m = _BULLET_ANY.match(text) or numbered or (_BULLET_LETTER.match(text) if ocr else None)
        if m:
            bullet = True
            text = text[m.end() :]
            # nested markers: "- o séminaires…"
            m2 = re.match(r"^(?:[-–•●o]\s+)", text)
            if m2:
                text = text[m2.end() :]
        # a PDF's "page n/N" footer, on its own line or extracted onto the page's last line
        text = re.sub(r"(?:^|\s+)page\s+\d{1,3}\s*/\s*\d{1,3}$", "", text, flags=re.I)
        text = repair_text(text.strip(), ocr=ocr)
        text = re.sub(r"\s+", " ", text).strip(" _|")
        out.append(
            Line(
                number=number,
                raw=raw,
                text=text,
                bullet=bullet,
                heading_level=level,
                indent=indent,
                furniture=furniture,
            )
        )
    _fold_cell_lines(out)
    if ocr:
        _fix_wrapped_preposition(out)
    return drop_noise(_join_title_over_label(_join_label_number(_join_split_words(out))))


_SETEXT_RULE = re.compile(r"^\s*(?:(=){3,}|-{3,})\s*$")


def _underlined(raw_lines: list[str]) -> dict[int, int]:
    """Headings underlined in plain text (Markdown's setext headings): a line of words over a
    rule of "=" (depth 1) or "-" (depth 2) at least half its length. Index -> depth."""
    out: dict[int, int] = {}
    for i in range(len(raw_lines) - 1):
        text, rule = raw_lines[i].strip(), _SETEXT_RULE.match(raw_lines[i + 1])
        if rule and text and not _SETEXT_RULE.match(text) and len(raw_lines[i + 1].strip()) >= 0.5 * len(text):
            out[i] = 1 if rule.group(1) else 2
    return out


_PAGE_PREFIX = re.compile(r"^(\d{1,3}) (?=[^\W\d_])")


def _standalone_numbers(raw_lines: list[str]) -> set[int]:
    """Lines opening on "2)" that stand alone between blank lines (their words may wrap): a
    heading's number, kept for the reader to weigh, not a list item's layout."""
    out = set()
    for i, raw in enumerate(raw_lines):
        if not _ITEM_NUMBER.match(raw) or i and raw_lines[i - 1].strip():
            continue
        for k in range(i + 1, min(i + 4, len(raw_lines))):
            nxt = raw_lines[k].strip()
            if not nxt:
                out.add(i)
                break
            if not nxt[:1].islower():
                break
    return out


def _strip_page_prefixes(raw_lines: list[str]) -> list[str]:
    """A document-sharing site's transcript glues each page's number to the page's first line
    ("4 ORIENTATION 1 - Garantir…", "5 Projet académique … 2021-2025"). The numbers are read as
    page numbers, and cut off, when the lines that start with one count on through the document
    (1, 2, 3…, a page now and then without text) and the words after them show pages: a
    labelled heading with its own number, a cover line, or the same running header met twice.
    Lines numbered as the plan's own units ("1 Réussir", "2 Former") show none of that."""
    c = compiled()
    chain: list[tuple[int, int]] = []
    for i, raw in enumerate(raw_lines):
        m = _PAGE_PREFIX.match(raw.strip())
        if not m:
            continue
        n = int(m.group(1))
        if not chain and n <= 3 or chain and 0 < n - chain[-1][1] <= 3:
            chain.append((i, n))
    if len(chain) < 4:
        return raw_lines
    rests = [fold(_PAGE_PREFIX.sub("", raw_lines[i].strip())) for i, _ in chain]
    counts = Counter(rests)
    evidence = sum(
        1
        for r in rests
        if c.label.match(r) or c.toc.match(r) or counts[r] >= 2 or any(p.search(r) for p in c.not_headings)
    )
    if evidence < 2:
        return raw_lines
    out = list(raw_lines)
    for i, _ in chain:
        out[i] = _PAGE_PREFIX.sub("", raw_lines[i].strip())
    return out


def _tab_cells(raw: str) -> list[str]:
    return [c.strip() for c in re.split(r"\t+", raw.strip()) if c.strip()]


def _tab_table_heads(raw_lines: list[str]) -> set[int]:
    """The header rows of the tables a word processor exports as text, one row a line and the
    cells separated by tabs ("Action⇥Pilote⇥Échéance" over "1⇥DAAC⇥2025"): a row of short
    words, no figure among them, over at least one row of as many cells."""
    heads = set()
    for i, raw in enumerate(raw_lines[:-1]):
        cells = _tab_cells(raw)
        if len(cells) < 2 or "\t" not in raw.strip() or any(len(c) > 30 or re.search(r"\d", c) for c in cells):
            continue
        below = raw_lines[i + 1]
        if "\t" in below.strip() and len(_tab_cells(below)) == len(cells):
            heads.add(i)
            # rows keyed by the numbers of the list above them ("1⇥DAAC⇥2025"): the items'
            # details (who leads them, by when), not items of their own
            n = 1
            for j in range(i + 1, len(raw_lines)):
                row = _tab_cells(raw_lines[j])
                if "\t" not in raw_lines[j].strip() or len(row) != len(cells) or row[0] != str(n):
                    break
                heads.add(j)
                n += 1
    return heads


def _markdown_tables(raw_lines: list[str]) -> dict[int, list[str]]:
    """Index -> cells of each Markdown table row (an empty list for the header row and the rule
    under it): a table is a header row over a rule, then the rows that follow. A row's cells
    after the first are named by their column ("Cible 2024 : 85 %")."""
    from .tables import split_row

    out: dict[int, list[str]] = {}
    for i, raw in enumerate(raw_lines):
        if i == 0 or not _MD_TABLE_RULE.match(raw) or not _MD_TABLE_ROW.match(raw_lines[i - 1]):
            continue
        header = split_row(raw_lines[i - 1])
        out[i - 1] = out[i] = []
        k = i + 1
        while k < len(raw_lines) and _MD_TABLE_ROW.match(raw_lines[k]) and not _MD_TABLE_RULE.match(raw_lines[k]):
            cells = split_row(raw_lines[k])
            named = [cells[0]] + [
                f"{header[n]} : {cell}" if n < len(header) and header[n] else cell
                for n, cell in enumerate(cells)
                if n and cell
            ]
            out[k] = named if cells and cells[0] else []
            k += 1
    return out


_MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?=\S)(?P<text>[^*_]+?)(?<=\S)\1\s*:?\s*$")


def _bold_lines(raw_lines: list[str]) -> dict[int, int]:
    """Index -> heading depth of the lines a Markdown export sets wholly in bold ("**Une école
    qui…**"): one depth below the deepest "#" heading the document uses; at least two of them."""
    bold = [i for i, raw in enumerate(raw_lines) if _MD_BOLD_LINE.match(raw)]
    if len(bold) < 2:
        return {}
    depths = [len(m.group(1)) for raw in raw_lines if (m := _MD_HEADING.match(raw))]
    depth = min(max(depths, default=0) + 1, 6)
    return {i: depth for i in bold}


def _markdown_inline(text: str) -> str:
    """The words of a Markdown line without its markup (see _MD_*); other text is unchanged."""
    if _MD_RULE.match(text):
        return ""
    text = _MD_QUOTE.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_ATTRIBUTES.sub("", text)
    stripped = text.strip()
    m = _MD_EMPHASIS.match(stripped)
    if m:
        text = text[: len(text) - len(text.lstrip())] + (m.group(1) or m.group(2))
    return text


def _join_split_words(lines: list[Line]) -> list[Line]:
    """A word broken over several very short lines, as flip-book and hosting-site extractions
    leave them ("Proj" / "et a" / "cadé" / "miq" / "ue"): the run is joined onto its first
    line when the joined text is made of known words; the other lines are left empty."""
    out = list(lines)
    i = 0
    while i < len(out):
        j = i
        while (
            j < len(out)
            and out[j].text
            and len(out[j].text) <= 5
            and not out[j].bullet
            and not any(ch.isdigit() for ch in out[j].text)
        ):
            j += 1
        if j - i >= 3:
            joined = "".join(ln.text for ln in out[i:j])
            words = re.findall(r"[A-Za-zÀ-ÿ]+", joined)
            # the run's last piece may come with the rest of its line ("ue 2019-2023 | 7")
            tail = out[j].text if j < len(out) and out[j].text[:1].islower() else ""
            more = re.findall(r"[A-Za-zÀ-ÿ]+", joined + tail.split(" ")[0]) if tail else []
            if (
                more
                and all(known(w) for w in more)
                and max(map(len, more)) >= 6
                and not (words and all(known(w) for w in words))
            ):
                out[i] = replace(out[i], text=joined + tail)
                for k in range(i + 1, j + 1):
                    out[k] = replace(out[k], text="")
                j += 1
            elif words and all(known(w) for w in words) and max(map(len, words)) >= 6:
                out[i] = replace(out[i], text=joined)
                for k in range(i + 1, j):
                    out[k] = replace(out[k], text="")
        i = max(j, i + 1)
    return out


_BARE_NUMBER = re.compile(r"^(?:n[°o]\s*)?(?:\d{1,2}|[IVX]{1,4}|[A-J])$")


def _join_label_number(lines: list[Line]) -> list[Line]:
    """A level word set in large type over its number, which a text layer gives as two lines
    ("PRIORITÉ" / "1"): the label is read on the number's line, next to the title below it, and
    the word's own line is left empty."""
    c = compiled()
    out = list(lines)
    for i in range(len(out) - 1):
        word, num = out[i].text, out[i + 1].text
        if word and num and _BARE_NUMBER.match(num) and fold(word) in c.level_words:
            out[i + 1] = replace(out[i + 1], text=f"{word} {num}")
            out[i] = replace(out[i], text="")
    return out


_ENDS_IN_SEPARATOR = re.compile(r"\S\s+[-–—:|]$")


def _join_title_over_label(lines: list[Line]) -> list[Line]:
    """A title written before its label, wrapped at the separator by a text layer ("LA RÉUSSITE
    DE TOUS -" / "AXE 2 du projet 2019-2023"): the label's line, whose only title is the tail
    the label may carry ("du projet …") or nothing, is read on the title's line and left empty."""
    c = compiled()
    tails = tuple(rules()["titles"]["trailing_after_label"])
    out = list(lines)
    for i in range(len(out) - 1):
        title, label = out[i].text, out[i + 1].text
        if not title or not label or out[i].bullet:
            continue
        if label[:1].islower() and c.label_before.match(fold(title)):
            # "LA RÉUSSITE DE CHAQUE ÉLÈVE - PILIER 2" / "du projet 2019-2023": only the tail wrapped
            if fold(label).startswith(tails) and len(label) <= 40:
                out[i] = replace(out[i], text=f"{title} {label}")
                out[i + 1] = replace(out[i + 1], text="")
            continue
        if label[:1].islower():
            # "LA RÉUSSITE DE TOUS - AXE 1 du" / "projet 2019-2023": the label's tail wrapped
            both = c.label_before.match(fold(f"{title} {label}"))
            if both and both.start("word") < len(title) and len(title) + len(label) <= c.title_max_chars:
                out[i] = replace(out[i], text=f"{title} {label}")
                out[i + 1] = replace(out[i + 1], text="")
            continue
        if not _ENDS_IN_SEPARATOR.search(title):
            continue
        m = c.label.match(fold(label))
        rest = (m.group("title") or "").strip() if m else None
        if m and (not rest or rest.startswith(tails)):
            out[i] = replace(out[i], text=f"{title} {label}")
            out[i + 1] = replace(out[i + 1], text="")
    return out


def drop_noise(lines: list[Line]) -> list[Line]:
    """Blank the lines that are not plan text: a web page's navigation and metadata, a hosting
    site's captions, running page headers (ontology/layout.toml, [noise]). The line stays, empty,
    so that numbering and page breaks are kept."""
    c = compiled()
    out = []
    cover: set[str] = set()
    footers = _repeated_with_page_numbers(lines)
    for i, ln in enumerate(lines):
        key = fold(ln.text)
        # running headers are matched as written too: the spaces before their page number count
        if i in footers or (
            ln.text
            and len(key) < 120
            and (
                any(p.match(key) for p in c.noise + c.running) or any(p.match(fold(ln.raw.strip())) for p in c.running)
            )
        ):
            ln = replace(ln, text="", bullet=False, furniture=True)
        elif ln.text and not ln.bullet and len(key) <= 80 and any(p.search(key) for p in c.not_headings):
            # a cover line ("PROJET ACADÉMIQUE 2020-2024") met again is a running page header
            if key in cover:
                ln = replace(ln, text="", bullet=False, furniture=True)
            cover.add(key)
        out.append(ln)
    return out


# a page's footer or header: some words and the page's number ("Limoges | 7", "12 – Académie de Nice")
_WITH_PAGE = [
    re.compile(
        r"^(?P<head>[^\d|.…]{2,60}?)\s*(?:[-–—|·•/]|\s{2,})\s*(?:page\s*|p\.\s*)?(?P<n>\d{1,3})(?:\s*/\s*\d{1,3})?$"
    ),
    re.compile(r"^(?P<n>\d{1,3})\s*[-–—|·•]\s*(?P<head>[^\d|.…]{2,60})$"),
]


def _repeated_with_page_numbers(lines: list[Line]) -> set[int]:
    """Indexes of lines that repeat the same words with a different page number each time: a
    running footer or header, whatever its words (the académie's name, the plan's title)."""
    c = compiled()
    seen: dict[str, list[tuple[int, str]]] = {}
    for i, ln in enumerate(lines):
        if not ln.text or ln.bullet or len(ln.text) > 80:
            continue
        key = fold(ln.text)
        m = next((m for p in _WITH_PAGE if (m := p.match(key))), None)
        if m and not c.label.match(key):
            seen.setdefault(m.group("head").strip(), []).append((i, m.group("n")))
    out = {i for found in seen.values() if len({n for _, n in found}) >= 2 for i, _ in found}
    # a footer whose words hold figures of their own ("Académie de Nice – Projet 2024-2028 7"):
    # the same words three times or more, each time with another last number
    loose: dict[str, list[tuple[int, str]]] = {}
    for i, ln in enumerate(lines):
        if i in out or not ln.text or ln.bullet or len(ln.text) > 80:
            continue
        m = _LOOSE_PAGE.match(fold(ln.text))
        if m and not c.label.match(fold(ln.text)):
            loose.setdefault(m.group("head").strip(), []).append((i, m.group("n")))
    out |= {i for found in loose.values() if len({n for _, n in found}) >= 3 for i, _ in found}
    return out


_LOOSE_PAGE = re.compile(r"^(?P<head>\D.{1,78}?\S)\s+(?P<n>\d{1,3})$")


def _fix_wrapped_preposition(lines: list[Line]) -> None:
    """ "…mobilité a" / "l'étranger": the "à" read as "a" sits at the end of a wrapped line."""
    for i, ln in enumerate(lines[:-1]):
        if ln.text.endswith(" a"):
            nxt = next((x for x in lines[i + 1 : i + 3] if x.text), None)
            if nxt and re.match(r"^(?:la|l'|le|les|un|une|des|chaque|tous|toutes)\b", nxt.text):
                lines[i] = replace(ln, text=ln.text[:-1] + "à")


def join_fragments(parts: list[str]) -> str:
    """Join wrapped lines into one text, repairing hyphenation at line ends."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text:
            text = part
            continue
        m = re.search(r"([A-Za-zÀ-ÿ]+)-$", text)
        if m and part[:1].islower():
            head = m.group(1)
            tail = re.match(r"[A-Za-zÀ-ÿ]+", part)
            whole = head + (tail.group(0) if tail else "")
            if known(whole) or not known(head + "-" + (tail.group(0) if tail else "")):
                text = text[:-1] + part
                continue
            text = text + part
            continue
        if m and part[:1].isupper() and m.group(1).isupper():
            # a title set in capitals, hyphenated at the line's end ("TERRITOIRE ACA-" / "DÉMIQUE"):
            # one word when the two halves make one, a compound otherwise ("SAINT-" / "DENIS")
            tail = re.match(r"[A-Za-zÀ-ÿ]+", part)
            if tail and tail.group(0).isupper() and known((m.group(1) + tail.group(0)).lower()):
                text = text[:-1] + part
                continue
        if re.search(r"[A-Za-zÀ-ÿ]-$", text) and part[:1].isupper():
            # a compound broken after its own hyphen ("Hauts-de-" / "France") is one word
            text = text + part
            continue
        text = f"{text} {part}"
    return re.sub(r"\s+", " ", text).strip()


_INNER_DOTTED = re.compile(r"\s+(?=(\d{1,2})\.(\d{1,2})\.?\s+[A-ZÀ-Ý])")


def split_flattened(lines: list[Line]) -> list[Line]:
    """A page flattened onto one line by a hosting site or a text layer ("ORIENTATION 3. POUR…
    3.1 Accompagner… 3.2 Encourager…"): the line is cut before each heading it holds, when it
    opens on a heading and the inner ones are labelled ("… Objectif 2 : …") or numbered on
    (3.1, 3.2). Every piece keeps the line's number."""
    c = compiled()
    out: list[Line] = []
    for ln in lines:
        text = ln.text
        if len(text) < 60:
            out.append(ln)
            continue
        key = "".join((fold(ch) or ch)[0] for ch in text)  # one folded character per character
        if not (c.label.match(key) or _INNER_DOTTED.match(" " + text)):
            out.append(ln)
            continue
        cuts = [m.start() for m in c.label_inside.finditer(key)]
        dotted = [(m.start(), int(m.group(1)), int(m.group(2))) for m in _INNER_DOTTED.finditer(text)]
        if len(dotted) >= 2 and all(b[1] == a[1] and b[2] == a[2] + 1 for a, b in zip(dotted, dotted[1:])):
            cuts += [pos for pos, _, _ in dotted]
        cuts = sorted(set(x for x in cuts if x >= 12))
        if not cuts:
            out.append(ln)
            continue
        pieces = [text[a:b].strip() for a, b in zip([0] + cuts, cuts + [len(text)])]
        if min(len(p) for p in pieces) < 12:
            out.append(ln)
            continue
        out.extend(replace(ln, text=p) for p in pieces)
    return out
