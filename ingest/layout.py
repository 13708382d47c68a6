"""The layout rules (ontology/layout.toml) compiled once: level words, numbering, title
placements, block words, noise. Every pass of the reader asks this module, so that the
knowledge of how plans are written lives in the data file, not in code.

READER_VERSION is bumped when the reader's code changes what it extracts; together with the
rules file's bytes it is the extraction fingerprint (a changed rule re-extracts stored plans).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

READER_VERSION = "2026.12-7"


@lru_cache(maxsize=1)
def rules_bytes() -> bytes:
    return (resources.files("boussole.ontology") / "layout.toml").read_bytes()


@lru_cache(maxsize=1)
def rules() -> dict:
    return tomllib.loads(rules_bytes().decode("utf-8"))


def fingerprint() -> str:
    """What decides the reader's output besides the document: its version and its rules."""
    h = hashlib.sha256(f"reader {READER_VERSION} rules {rules()['version']}\0".encode())
    h.update(rules_bytes())
    return h.hexdigest()[:16]


def _alternation(words) -> str:
    # longest first, so "objectif operationnel" wins over "objectif"
    # "fiche action", "fiche-action" and "fiche - action" are one word
    return "|".join(
        re.escape(w).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
        for w in sorted(set(words), key=len, reverse=True)
    )


@dataclass(frozen=True)
class Compiled:
    level_words: dict[str, tuple[int, ...]]  # folded word -> levels it may name (0 top, 1 second, 2 third)
    label: re.Pattern  # "axe 1 : titre" (folded)
    label_inside: re.Pattern  # the space before a labelled heading inside a line ("… objectif 2 : titre")
    label_before: re.Pattern  # "titre - axe 1 du projet" (folded)
    label_ordinal: re.Pattern  # "premier axe : titre", "2e axe – titre" (folded)
    label_bare: re.Pattern  # "defi : titre" — a level word and a title, no number (folded)
    label_alone: re.Pattern  # "axe strategique" alone on its line, its title on the next (folded)
    number: str  # regex of one unit number
    blocks: list[tuple[str, re.Pattern]]
    inline_block: re.Pattern
    inline_one: re.Pattern  # "Actions : one item." — a list of one, where the document writes lists so
    alone_only: frozenset[str]
    toc: re.Pattern
    toc_start: re.Pattern
    matter: re.Pattern
    box: re.Pattern  # a key-figures box beside the text
    box_max_chars: int
    noise: list[re.Pattern]
    noise_prefixes: list[re.Pattern]
    running: list[re.Pattern]
    plan_words: re.Pattern
    plan_min_hits: int
    academy: list[re.Pattern]
    unknown_academy: str
    ordinals: dict[str, int]
    schemes: dict[str, re.Pattern]  # numbering without a level word, in the order they are tried
    roman_max: int
    not_headings: list[re.Pattern]
    typo_max_chars: int
    typo_min_count: int
    announce: re.Pattern
    announce_list: re.Pattern
    list_head: re.Pattern  # "Objectifs :", "Nos objectifs opérationnels" over a list of units
    announce_counts: dict[str, int]
    title_max_lines: int
    title_max_chars: int
    indicator_start: re.Pattern  # "Taux de…", "Part des…": an indicator's name, by its first word


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


@lru_cache(maxsize=1)
def compiled() -> Compiled:
    r = rules()
    lv = r["levels"]
    level_words: dict[str, tuple[int, ...]] = {}
    for depth, key in enumerate(("top", "second", "third")):
        for w in lv.get(key, []):
            level_words[w] = tuple(sorted(set(level_words.get(w, ())) | {depth}))
    num = r["numbering"]
    roman = "|".join(sorted(ROMAN[: num["roman_max"]], key=len, reverse=True))
    letters = num["letters"]
    ordinals = num["ordinals"]
    seps = "".join(re.escape(s) for s in r["titles"]["separators"])
    # a lone letter is a number only before a separator ("Axe A :"), never "axe a la…"
    number = (
        # "1.2.a", "I.1.b": a dotted number may end on a letter (the fiches of an objective)
        rf"(?:n[°o]\s*)?(?:\d{{1,2}}(?:\.\d{{1,2}})*(?:\.[{letters}](?![\w'’]))?"
        rf"|(?:{roman})(?:\.\d{{1,2}})+(?:\.[{letters}](?![\w'’]))?|(?:{roman})|[{letters}](?:\.?\d{{1,2}})+"
        rf"|[{letters}](?=\s*(?:[{seps}]|$))|{_alternation(ordinals)})"
    )
    words = _alternation(level_words)
    # the qualifier is read with the word but is not part of it ("priorite academique n°1")
    pre = _alternation(lv.get("pre_qualifiers", []))
    qualified = rf"(?:(?:{pre})\s+)?(?P<word>{words})(?:\s+(?:{_alternation(lv.get('qualifiers', []))}))?"
    label = re.compile(rf"^{qualified}\s*(?P<num>{number})(?![\w'’])(?:\s*(?:[{seps}]+|\s)\s*(?P<title>.*))?$")
    label_inside = re.compile(
        rf"(?<=\S)\s+(?=(?:{words})(?:\s+(?:{_alternation(lv.get('qualifiers', []))}))?\s*(?:{number})(?![\w'’])\s*[{seps}]+\s*[^\W\d])"
    )
    ordinal_first = rf"(?:{_alternation(ordinals)}|\d{{1,2}}(?:er|ere|eme|e))"
    label_ordinal = re.compile(
        # prose opens on "Premier axe du projet, …" too: the title must follow a separator
        rf"^(?P<num>{ordinal_first})\s+(?P<word>{words})(?![\w'’])(?:\s*[{seps}]+\s*(?P<title>.*))?$"
    )
    # without a number the separator is what makes it a label, and the title opens on a word
    # ("Fiche-action" is one word: a hyphen separates only with a space before it)
    label_bare = re.compile(rf"^{qualified}(?:\s*[:.]|\s+[–—-])\s*(?P<title>[^\W\d].*)$")
    tails = _alternation(r["titles"]["trailing_after_label"])
    label_before = re.compile(
        rf"^(?P<title>\S.{{3,}}?)\s*[{seps}]+\s*{qualified}\s*(?P<num>{number})(?![\w'’])"
        rf"(?:\s+(?:{tails})(?:\s+\S+)*)?\s*$"
    )
    b = r["blocks"]
    blocks = []
    alone = set(b["alone_only"])
    for kind in ("engagement", "indicator", "done", "planned"):
        # report headings run on ("Ce qui a été réalisé en 2023"); list headings stand alone
        free = [w for w in b[kind] if w not in alone] if kind in ("done", "planned") else []
        exact = [w for w in b[kind] if w not in free]
        lead = rf"(?:(?:{_alternation(b['pre_qualifiers'])})\s+)?" if b.get("pre_qualifiers") else ""
        parts = [rf"{lead}(?:{_alternation(exact)})(?:\s+(?:{_alternation(b.get('qualifiers', []))}))?\s*:?"] + (
            [rf"(?:{_alternation(free)})\b.*"] if free else []
        )
        blocks.append((kind, re.compile(rf"^(?:{'|'.join(parts)})$")))
    blocks.append(("focus", re.compile(rf"^(?:{_alternation(b['focus'])})\s*:?\s*(?P<title>.*)$")))
    inline_words = [w for w in b["indicator"] + b["engagement"] + b["planned"] if w not in b["alone_only"]]
    listed_words = [w for w in b["indicator"] + b["engagement"] if w in b["alone_only"]]
    lead_any = rf"(?:(?:{_alternation(b['pre_qualifiers'])})\s+)?" if b.get("pre_qualifiers") else ""
    # common words ("Actions : …") head a list on their line only when it is one: parts cut by ";"
    inline_block = re.compile(
        # "Pistes d'action – a – b": a dash after the word cuts the list as it heads it
        rf"^(?:{lead_any}(?P<word>{_alternation(inline_words)})(?:\s*:|(?P<dash>\s+[–—-]))\s*(?P<title>\S.*)"
        rf"|{lead_any}(?P<lword>{_alternation(listed_words)})\s*:\s*(?P<ltitle>[^;]+;.*\S.*))$"
    )
    box = re.compile(
        "|".join(
            [rf"^(?:{_alternation(r['matter']['boxes'])})\s*:?$"]
            + [rf"(?:{p})" for p in r["matter"].get("box_patterns", [])]
        )
    )
    toc = re.compile(rf"^(?:{_alternation(r['toc']['headings'])})\s*:?$")
    toc_start = re.compile(rf"^(?:{_alternation(r['toc']['headings'])})\b")
    # "Éditorial", "Éditorial du recteur", "Annexe 2", "Diagnostic : des résultats contrastés"
    matter = re.compile(
        rf"^(?:{_alternation(r['matter']['sections'])})"
        rf"(?:\s*:?\s*\d{{0,2}}|\s+(?:du|de la|de l'|de|des|d')\s*\S.{{0,40}}|\s*:\s+\S.{{0,50}})$"
    )
    noise = [re.compile(p) for p in r["noise"]["lines"]]
    running = [re.compile(p) for p in r["noise"]["running"]]
    plan_words = re.compile(rf"\b(?:{_alternation(r['plan']['vocabulary'])})")
    academy = [re.compile(p) for p in r["academy"]["patterns"]]
    an = r["announce"]
    announce = re.compile(
        rf"\b(?P<count>{_alternation(an['counts'])})\s+(?:(?:{_alternation(an['lead_words'])})\s+){{0,2}}"
        rf"(?P<word>{words})\s*(?:[^:.;]{{0,80}}?)\s*:\s*(?P<rest>.*)$"
    )
    return Compiled(
        level_words=level_words,
        label=label,
        label_inside=label_inside,
        label_before=label_before,
        label_ordinal=label_ordinal,
        label_bare=label_bare,
        label_alone=re.compile(rf"^{qualified}\s*:?(?P<title>)$"),
        number=number,
        blocks=blocks,
        inline_block=inline_block,
        inline_one=re.compile(rf"^(?P<lword>{_alternation(listed_words)})\s*:\s*(?P<ltitle>\S.*)$"),
        alone_only=frozenset(b["alone_only"]),
        toc=toc,
        toc_start=toc_start,
        matter=matter,
        box=box,
        box_max_chars=r["matter"]["box_max_chars"],
        noise=noise,
        running=running,
        noise_prefixes=[re.compile(p, re.I) for p in r["noise"].get("prefixes", [])],
        plan_words=plan_words,
        plan_min_hits=r["plan"]["min_hits"],
        academy=academy,
        unknown_academy=r["academy"]["unknown"],
        ordinals=ordinals,
        roman_max=num["roman_max"],
        schemes={name: re.compile(p) for name, p in num["schemes"].items()},
        not_headings=[re.compile(p) for p in r["typography"]["not_headings"]],
        typo_max_chars=r["typography"]["max_chars"],
        typo_min_count=r["typography"]["min_count"],
        announce=announce,
        announce_counts=an["counts"],
        announce_list=re.compile(
            rf"^(?:{_alternation(an['list_heads'])})\s+(?:(?:{_alternation(an['lead_words'])})\s+)?"
            rf"(?:{words})(?:\s+strategiques?)?(?:\s+(?:{tails}))?\s*:?$"
        ),
        list_head=re.compile(
            rf"^(?:(?:{_alternation(an['list_heads'])})\s+)?(?P<word>{words})"
            rf"(?:\s+(?:operationnels|strategiques|generaux|prioritaires))?\s*:?$"
        ),
        title_max_lines=r["titles"]["max_lines"],
        title_max_chars=r["titles"]["max_chars"],
        indicator_start=re.compile(
            rf"^(?:{_alternation(r['tables']['indicator_words'])})\s+(?:de|des|du|d'|aux|entre|moyen)\b"
        ),
    )


def word_key(word: str) -> str:
    """One spelling per level word ("objectif   operationnel" → "objectif operationnel")."""
    norm = re.sub(r"[\s-]+", " ", word)
    return _spellings().get(norm, norm)


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    """Each level or block word as the rules file spells it, by its spelling with hyphens as
    spaces: a document's "fiche-action" or "sous objectif" is the rules' word."""
    r = rules()
    words = [w for key in ("top", "second", "third") for w in r["levels"].get(key, [])]
    words += [w for kind in ("engagement", "indicator", "done", "planned", "focus") for w in r["blocks"][kind]]
    return {re.sub(r"[\s-]+", " ", w): w for w in words}


def normal_number(num: str) -> str:
    """The notation of a written number: "n°2" → "2", "II" → "II", "premier" → "1", "a.1" → "A1"."""
    c = compiled()
    n = re.sub(r"^n[°o]\s*", "", num.strip())
    if n in c.ordinals:
        return str(c.ordinals[n])
    m = re.fullmatch(r"(\d{1,2})(?:er|ere|eme|e)", n)
    if m:
        return m.group(1)
    if re.fullmatch(r"[a-z]\.?\d.*", n) and not re.fullmatch(rf"(?:{'|'.join(ROMAN)})\.\d.*", n):
        n = n.replace(".", "", 1)  # "a.1" → "A1"; a roman axis's objective stays "I.1"
    return n.upper()
