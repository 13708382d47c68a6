"""Plans written in the house styles of French académies, with their true trees, and a scorer.

`generate(style, seed)` writes one plan: level words × numbering × title placement × capitals
× table of contents × page noise × block words, over a tree of axes, objectives, engagements
and indicators drawn from word pools. `score(plan, truth)` compares what the reader found:
top-level recall, second-level recall under the right parent, leaf recall (engagements and
indicators under their own objective) and structural precision (found units that are true,
at their true place). `bench/structure.py` prints them per style; tests hold floors.

The styles are combinations, not copies of any plan; the pools are generic plan French.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from dataclasses import dataclass, field

# -- word pools -------------------------------------------------------------------------------
VERBS = [
    "Garantir",
    "Favoriser",
    "Renforcer",
    "Développer",
    "Accompagner",
    "Promouvoir",
    "Consolider",
    "Améliorer",
    "Soutenir",
    "Encourager",
    "Valoriser",
    "Assurer",
    "Construire",
    "Élever",
    "Réduire",
    "Ouvrir",
    "Former",
    "Prévenir",
    "Agir pour",
    "Mobiliser",
    "Diversifier",
    "Simplifier",
    "Affirmer",
]
OBJECTS = [
    "la maîtrise des savoirs fondamentaux",
    "l'inclusion des élèves à besoins particuliers",
    "le bien-être des élèves et des personnels",
    "l'orientation choisie des lycéens",
    "la continuité des parcours de la maternelle au lycée",
    "l'ouverture européenne et internationale",
    "l'éducation artistique et culturelle",
    "la formation continue des enseignants",
    "le climat scolaire dans les établissements",
    "les liens entre l'école et les familles",
    "la persévérance scolaire des collégiens",
    "l'égalité entre les filles et les garçons",
    "l'usage raisonné du numérique éducatif",
    "la transition écologique dans les écoles",
    "l'insertion professionnelle des apprentis",
    "la lutte contre le décrochage scolaire",
    "les pratiques sportives des élèves",
    "l'ambition scolaire dans les territoires ruraux",
    "la coopération entre les équipes pédagogiques",
    "l'accueil des élèves allophones",
    "la lecture et l'écriture au cycle 2",
    "les compétences mathématiques au collège",
    "l'accès à l'enseignement supérieur",
    "la qualité de vie au travail",
    "le pilotage pédagogique des établissements",
    "la santé des élèves",
    "la confiance des familles",
    "les défis du numérique",
    "la réflexion sur les pratiques professionnelles",
]
QUALIFIERS = [
    "dans chaque territoire",
    "tout au long de la scolarité",
    "pour tous les élèves",
    "avec les partenaires de l'école",
    "au plus près des besoins",
    "dès la rentrée",
    "",
    "",
    "",
]
AXIS_TITLES = [
    "Réussir à l'école",
    "Accompagner chaque parcours",
    "Une école inclusive et bienveillante",
    "Des personnels reconnus et formés",
    "Une académie ouverte sur le monde",
    "Agir ensemble dans les territoires",
    "Élever le niveau de tous les élèves",
    "Une école du bien-être et de la santé",
    "Construire l'avenir des jeunes",
    "Une gouvernance au service de la réussite",
    "Ouvrir l'école à son environnement",
    "Faire vivre les valeurs de la République",
]
INDICATOR_HEADS = ["Taux de", "Part de", "Nombre de", "Proportion de", "Évolution du nombre de", "Pourcentage de"]
INDICATOR_OBJECTS = [
    "réussite au diplôme national du brevet",
    "élèves en difficulté en lecture en sixième",
    "établissements engagés dans un projet européen",
    "élèves bénéficiant d'un tutorat",
    "personnels formés à l'inclusion",
    "décrocheurs raccrochés dans l'année",
    "vœux satisfaits en premier choix",
    "écoles labellisées E3D",
    "classes engagées dans un projet culturel",
    "absentéisme des collégiens",
    "élèves pratiquant une activité sportive",
    "apprentis insérés six mois après leur diplôme",
    "familles présentes aux réunions",
    "élèves de CM2 maîtrisant la lecture",
    "résultats aux évaluations nationales de sixième",
    "poursuites d'études en BTS",
]
SENTENCES = [
    "Les équipes s'appuient sur les réussites constatées dans les écoles et les établissements.",
    "Ce travail associe les collectivités, les associations et les familles.",
    "La démarche est conduite avec les inspecteurs et les chefs d'établissement.",
    "Les résultats des élèves de l'académie restent contrastés selon les territoires.",
    "Chaque établissement inscrit cette priorité dans son projet.",
    "Le suivi est assuré chaque année en comité de pilotage académique.",
    "Les moyens sont répartis en tenant compte des besoins des élèves.",
    "Les formations proposées aux personnels accompagnent cette évolution.",
    "Plusieurs expérimentations seront évaluées avant leur généralisation.",
    "Cette ambition concerne aussi bien le premier que le second degré.",
]

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
LETTERS = "ABCDEFGHI"


# -- the true tree ----------------------------------------------------------------------------
@dataclass
class TObjective:
    title: str
    engagements: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


@dataclass
class TAxis:
    title: str
    objectives: list[TObjective] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


@dataclass
class Truth:
    academy: str
    period: str
    axes: list[TAxis]


def _phrase(rng: random.Random, used: set[str]) -> str:
    for _ in range(200):
        q = rng.choice(QUALIFIERS)
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}" + (f" {q}" if q else "")
        if text not in used:
            used.add(text)
            return text
    raise RuntimeError("word pools exhausted")


def _indicator(rng: random.Random, used: set[str]) -> str:
    for _ in range(200):
        head, obj = rng.choice(INDICATOR_HEADS), rng.choice(INDICATOR_OBJECTS)
        text = f"{head[:-2]}d'{obj}" if obj[0] in "aeéiouy" else f"{head} {obj}"
        if text not in used:
            used.add(text)
            return text
    raise RuntimeError("word pools exhausted")


def tree(rng: random.Random, n_axes: int | None = None, long: bool = False) -> list[TAxis]:
    """A plan's true tree; `long`: five axes of three or four objectives with fuller text
    (about twenty pages once written), the size of a real plan."""
    used: set[str] = set()
    titles = rng.sample(AXIS_TITLES, n_axes or (5 if long else rng.randint(3, 5)))
    axes = []
    for t in titles:
        axis = TAxis(t, body=rng.sample(SENTENCES, 2))
        for _ in range(rng.randint(3, 4) if long else rng.randint(2, 4)):
            body = (
                [" ".join(rng.sample(SENTENCES, 5)) for _ in range(4)]
                if long
                else rng.sample(SENTENCES, rng.randint(2, 4))
            )
            obj = TObjective(_phrase(rng, used), body=body)
            obj.engagements = [_phrase(rng, used) for _ in range(rng.randint(2, 4))]
            obj.indicators = [_indicator(rng, used) for _ in range(rng.randint(1, 3))]
            axis.objectives.append(obj)
        axes.append(axis)
    return axes


# -- house styles -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Style:
    name: str
    words: tuple[str | None, str | None]  # level words (top, second); None: numbering alone
    numbering: str  # "arabic" (1 / 1), "dotted" (1 / 1.1), "continuous" (1 / 1…9), "roman" (I / 1), "letters" (A / A1),
    #                 "none" (typography only: axes in capitals, objectives opening on an infinitive), "markdown" (## / ###)
    placement: str  # "colon", "dash", "next-line", "before"
    caps: str  # "none", "label" (AXE 1), "all" (label and title in capitals)
    toc: str  # "none", "dotted", "flat"
    noise: str  # "none", "running" (page headers), "web" (site navigation and metadata)
    blocks: tuple[str, str, str]  # engagements heading, indicators heading, bullet ("" for none)
    debris: str = "none"  # "pdf" (lines wrapped at 70 with hyphenation, lists split across pages), "flipbook"
    #                       (hosting-site lines), "tight" (pypdf: wrapped, no blank line inside a page)
    matter: bool = False  # an editorial and a glossary in capitals around the plan
    announce: bool = False  # the introduction announces the axes in prose ("autour de quatre axes : a ; b ; c")


BLOCKS = [
    ("Nos engagements", "Indicateurs", "•"),
    ("Leviers", "Indicateurs de suivi", "-"),
    ("Actions prioritaires", "Indicateurs de résultats", "–"),
    ("Nous nous engageons à :", "Indicateurs :", "•"),
    ("Leviers d'action", "Mesurer nos progrès", "▪"),
    ("Nos actions", "Nos indicateurs", ""),
]
WORDS = [
    ("Axe", None),
    ("Ambition", None),
    ("Axe", "Objectif"),
    ("Ambition", "Objectif"),
    ("Priorité", "Orientation"),
    ("Axe", "Orientation"),
    ("Pilier", "Levier"),
    ("Enjeu", "Objectif"),
    ("Défi", "Objectif"),
    ("Orientation", "Objectif"),
    (None, None),
]

# The named styles bench/structure.py reports on: each varies one or two dimensions.
STYLES = [
    Style("axe-objectif-colon", ("Axe", "Objectif"), "arabic", "colon", "none", "none", "none", BLOCKS[0]),
    Style("axe-caps-next-line", ("Axe", "Objectif"), "arabic", "next-line", "label", "none", "none", BLOCKS[0]),
    Style("ambition-dotted-dash", ("Ambition", "Objectif"), "dotted", "dash", "none", "none", "none", BLOCKS[1]),
    Style("priorite-orientation-roman", ("Priorité", "Orientation"), "roman", "dash", "all", "none", "none", BLOCKS[2]),
    Style("axe-continuous", ("Axe", "Objectif"), "continuous", "colon", "label", "none", "none", BLOCKS[3]),
    Style("letters", ("Ambition", "Objectif"), "letters", "colon", "none", "none", "none", BLOCKS[4]),
    Style("title-before-label", ("Axe", "Objectif"), "arabic", "before", "none", "none", "none", BLOCKS[0]),
    Style("numbers-only", (None, None), "dotted", "colon", "none", "none", "none", BLOCKS[1]),
    Style("roman-numbers-only", (None, None), "roman", "dash", "all", "none", "none", BLOCKS[0]),
    Style("toc-dotted", ("Axe", "Objectif"), "arabic", "colon", "none", "dotted", "none", BLOCKS[0]),
    Style("toc-flat", ("Ambition", "Objectif"), "dotted", "dash", "none", "flat", "none", BLOCKS[2]),
    Style("running-headers", ("Axe", "Objectif"), "arabic", "next-line", "label", "none", "running", BLOCKS[0]),
    Style("web-page", ("Priorité", "Objectif"), "arabic", "colon", "none", "none", "web", BLOCKS[1]),
    Style("pilier-levier", ("Pilier", "Levier"), "arabic", "colon", "none", "none", "none", BLOCKS[5]),
    Style("pdf-wrapped", ("Axe", "Objectif"), "arabic", "colon", "label", "dotted", "running", BLOCKS[0], "pdf"),
    Style("pdf-numbers-only", (None, None), "dotted", "colon", "none", "none", "running", BLOCKS[1], "pdf"),
    Style("flipbook", ("Ambition", "Objectif"), "dotted", "dash", "none", "flat", "none", BLOCKS[2], "flipbook"),
    Style(
        "front-back-matter", ("Axe", "Objectif"), "arabic", "next-line", "all", "none", "none", BLOCKS[3], "none", True
    ),
    Style("typography-only", (None, None), "none", "colon", "all", "none", "none", BLOCKS[0]),
    Style("axes-over-titles", ("Axe", None), "arabic", "colon", "label", "none", "running", BLOCKS[0]),
    Style("ordinal-axes", ("Axe", "Objectif"), "arabic", "ordinal", "none", "none", "none", BLOCKS[4]),
    Style("pypdf-tight", ("Axe", "Objectif"), "arabic", "colon", "label", "none", "running", BLOCKS[0], "tight"),
    Style("pypdf-tight-numbers", (None, None), "roman", "dash", "all", "none", "running", BLOCKS[1], "tight"),
    Style("pypdf-tight-titles", ("Ambition", None), "arabic", "next-line", "label", "none", "none", BLOCKS[0], "tight"),
    Style("markdown-headings", (None, None), "markdown", "colon", "none", "none", "web", BLOCKS[1]),
    Style("announced-axes", (None, None), "none", "colon", "all", "none", "running", BLOCKS[2], "none", False, True),
    Style("announced-pdf", (None, None), "none", "colon", "all", "dotted", "running", BLOCKS[0], "pdf", True, True),
]


def mixed_style(rng: random.Random, k: int) -> Style:
    """One random combination of every dimension: the styles no test was written for."""
    words = rng.choice(WORDS)
    numbering = rng.choice(
        ["arabic", "dotted", "continuous", "roman", "letters"] if words[0] else ["dotted", "roman", "none", "markdown"]
    )
    placement = rng.choice(
        ["colon", "dash", "next-line"]
        + (["before"] if words[0] and numbering in ("arabic", "roman") else [])
        + (["ordinal"] if words[0] and numbering in ("arabic", "continuous") else [])
    )
    return Style(
        f"mixed-{k}",
        words,
        numbering,
        placement,
        rng.choice(["none", "label", "all"]),
        rng.choice(["none", "dotted", "flat"]),
        rng.choice(["none", "running", "web"]),
        rng.choice(BLOCKS),
        rng.choice(["none", "pdf", "flipbook", "tight"]),
        rng.random() < 0.5,
        rng.random() < 0.3,
    )


# -- writing ----------------------------------------------------------------------------------
def _numbers(style: Style, ai: int, oi: int, o_global: int) -> tuple[str, str]:
    """(axis number, objective number) as the style writes them; ai/oi are 0-based."""
    n = style.numbering
    if n in ("none", "markdown"):
        return "", ""
    if n == "roman":
        return ROMAN[ai], str(oi + 1)
    if n == "letters":
        return LETTERS[ai], f"{LETTERS[ai]}{oi + 1}"
    if n == "dotted":
        return str(ai + 1), f"{ai + 1}.{oi + 1}"
    if n == "continuous":
        return str(ai + 1), str(o_global + 1)
    return str(ai + 1), str(oi + 1)


def _heading(style: Style, word: str | None, num: str, title: str, level: int, period: str) -> list[str]:
    if style.numbering == "markdown":
        return [f"{'#' * (level + 2)} {title}"]
    if level == 1 and style.words[0] and not style.words[1]:
        return [title]  # labelled axes over objectives known by their titles alone
    if style.numbering == "none":
        return [title.upper() if level == 0 else title]
    caps_label = style.caps in ("label", "all")
    caps_title = style.caps == "all" and level == 0
    label = f"{word} {num}" if word else num
    if caps_label:
        label = label.upper()
    if caps_title:
        title = title.upper()
    if not word:
        sep = {"colon": ".", "dash": " –", "next-line": ".", "before": "."}[style.placement]
        return [f"{label}{sep} {title}"]
    if style.placement == "colon":
        return [f"{label} : {title}"]
    if style.placement == "dash":
        return [f"{label} – {title}"]
    if style.placement == "ordinal" and level == 0 and num.isdigit():
        ordinal = ["Premier", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième"][int(num) - 1]
        return [f"{ordinal} {word.lower()} : {title}"]
    if style.placement == "ordinal":
        return [f"{label} : {title}"]
    if style.placement == "before" and level == 0:
        return [f"{title} - {label} du projet {period}"]
    if style.placement == "before":
        return [f"{label} : {title}"]
    return [label, title]


def _bulleted(items: list[str], bullet: str, rng: random.Random) -> list[str]:
    out = []
    for i, item in enumerate(items):
        end = ";" if i < len(items) - 1 else "."
        text = item[0].lower() + item[1:] if bullet == "•" and rng.random() < 0.3 else item
        out.append(f"{bullet} {text}{end if bullet else ''}".strip() if bullet else text)
    return out


def _wrap(line: str, rng: random.Random, width: int = 70) -> list[str]:
    """A PDF text layer's lines: cut at the column width, a long word sometimes hyphenated."""
    if len(line) <= width:
        return [line]
    lead = "  " if line[:1] in "•-–▪" else ""
    out, cur = [], ""
    for word in line.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            if len(word) >= 9 and word.isalpha() and rng.random() < 0.3:
                cut = len(word) // 2
                out.append(f"{cur} {word[:cut]}-")
                cur = lead + word[cut:]
                continue
            out.append(cur)
            cur = lead + word
        else:
            cur = f"{cur} {word}" if cur else word
    out.append(cur)
    return out


def render(style: Style, truth: Truth, rng: random.Random) -> str:
    lines = _render(style, truth, rng)
    if style.debris == "tight":
        # pypdf's text: no blank line inside a page; pages are joined by a run of blank lines
        lines = [w for ln in lines for w in _wrap(ln, rng)]
        out, blank = [], 0
        for ln in lines:
            blank = blank + 1 if not ln.strip() else 0
            if ln.strip() or blank == 3:
                out.extend(["", "", ""] if not ln.strip() else [ln])
        lines = out
    if style.debris == "pdf":
        # a text layer that cuts words after an "fi"/"fl" ligature ("défi s", "confi ance")
        lines = [
            re.sub(r"(f[il])(?=[a-zé]{1,})", lambda m: m.group(1) + (" " if rng.random() < 0.5 else ""), ln)
            for ln in lines
        ]
        lines = [w for ln in lines for w in _wrap(ln, rng)]
    return "\n".join(lines) + "\n"


def _render(style: Style, truth: Truth, rng: random.Random) -> list[str]:
    lines: list[str] = []
    page = [0]
    top, second = style.words

    def new_page():
        page[0] += 1
        lines.extend(["", "", "", ""])
        if style.noise == "running":
            lines.extend([f"Projet académique {truth.period} - page {page[0]}", ""])
        if style.debris == "flipbook":
            lines.extend([f"Page {page[0]}: Projet académique {truth.period}", ""])

    if style.noise == "web":
        lines += [
            "Accueil > L'académie > Projet académique",
            "Publié le 12/09/2023",
            "",
            "Documents joints",
            "Format PDF - 2,3 Mo",
            "",
        ]
    if style.debris == "flipbook":
        lines += ["Citation preview", "", "Proj", "et a", "cadé", "miq", "ue", ""]
    lines += [f"ACADÉMIE DE {truth.academy.upper()}", "", f"PROJET ACADÉMIQUE {truth.period}", ""]
    lines += [rng.choice(SENTENCES) + " " + rng.choice(SENTENCES), ""]
    if style.announce:
        count = ["deux", "trois", "quatre", "cinq", "six"][len(truth.axes) - 2]
        if rng.random() < 0.5:
            lines += [
                f"Le projet académique s'articule autour de {count} axes : "
                + " ; ".join(a.title[0].lower() + a.title[1:] for a in truth.axes)
                + ".",
                "",
            ]
        else:
            lines += [rng.choice(["Nos priorités :", "Nos grandes ambitions", "Les axes du projet :"])]
            lines += [f"• {a.title}" for a in truth.axes] + [""]
    if style.matter:
        new_page()
        lines += ["ÉDITORIAL", "", " ".join(rng.sample(SENTENCES, 3)), "", "Le recteur de l'académie", ""]
    numbered = [
        (ai, oi, og)
        for og, (ai, oi) in enumerate(
            (ai, oi) for ai, ax in enumerate(truth.axes) for oi, _ in enumerate(ax.objectives)
        )
    ]
    if style.toc != "none":
        entries = []
        p = 3
        for ai, ax in enumerate(truth.axes):
            anum, _ = _numbers(style, ai, 0, 0)
            entries.append(
                (f"{top + ' ' if top else ''}{anum}{' : ' if top else '. '}{ax.title}" if anum else ax.title.upper(), p)
            )
            for oi, ob in enumerate(ax.objectives):
                og = next(g for a, o, g in numbered if a == ai and o == oi)
                _, onum = _numbers(style, ai, oi, og)
                entries.append(
                    (
                        f"{second + ' ' if second else ''}{onum}{' : ' if second else ' '}{ob.title}"
                        if onum and (second or not top)
                        else ob.title,
                        p,
                    )
                )
                p += 1
        new_page()
        if style.toc == "dotted":
            lines += ["SOMMAIRE", ""] + [f"{t} {'.' * 12} {n}" for t, n in entries]
        else:
            lines += ["Sommaire " + " ".join(f"{t} {n}" for t, n in entries)]
    for ai, ax in enumerate(truth.axes):
        new_page()
        anum, _ = _numbers(style, ai, 0, 0)
        lines += _heading(style, top, anum, ax.title, 0, truth.period) + [""]
        lines += [" ".join(ax.body), ""]
        for oi, ob in enumerate(ax.objectives):
            og = next(g for a, o, g in numbered if a == ai and o == oi)
            _, onum = _numbers(style, ai, oi, og)
            if rng.random() < 0.5:
                new_page()
            lines += _heading(style, second, onum, ob.title, 1, truth.period) + [""]
            lines += [" ".join(ob.body), ""] if len(ob.body) < 4 else [x for b in ob.body for x in (b, "")]
            eng, ind, bullet = style.blocks
            items = _bulleted(ob.engagements, bullet, rng)
            if style.debris == "pdf" and bullet and rng.random() < 0.3:
                # a list split by a page break: the running header sits between its items
                lines += [eng] + items[:2]
                new_page()
                lines += items[2:] + [""]
            else:
                lines += [eng] + items + [""]
            lines += [ind] + _bulleted(ob.indicators, bullet or "-", rng) + [""]
    if style.matter:
        new_page()
        lines += [
            "GLOSSAIRE",
            "",
            "DNB : diplôme national du brevet",
            "E3D : établissement en démarche de développement durable",
            "",
        ]
    if style.noise == "web":
        lines += ["", "Partager", "Imprimer", "Retour en haut de page", "Mentions légales"]
    return lines


ACADEMIES = ["Rouen", "Reims", "Nice", "Lyon", "Créteil", "Montpellier", "Poitiers", "Limoges", "Besançon", "Toulouse"]


def generate(style: Style, seed: int, long: bool = False) -> tuple[str, Truth]:
    rng = random.Random(f"{style.name}/{seed}/{long}")
    truth = Truth(
        rng.choice(ACADEMIES), rng.choice(["2014-2017", "2018-2022", "2020-2024", "2023-2027"]), tree(rng, long=long)
    )
    return render(style, truth, rng), truth


# -- scoring ----------------------------------------------------------------------------------
def key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in folded if not unicodedata.combining(c)))


@dataclass
class Score:
    top: tuple[int, int] = (0, 0)  # (found, true)
    second: tuple[int, int] = (0, 0)
    leaves: tuple[int, int] = (0, 0)
    precision: tuple[int, int] = (0, 0)  # (true among found, found)

    def __add__(self, other: "Score") -> "Score":
        return Score(
            *(
                tuple(a + b for a, b in zip(x, y))
                for x, y in zip(
                    (self.top, self.second, self.leaves, self.precision),
                    (other.top, other.second, other.leaves, other.precision),
                )
            )
        )

    @staticmethod
    def ratio(pair: tuple[int, int]) -> float:
        return pair[0] / pair[1] if pair[1] else 1.0

    def figures(self) -> dict[str, float]:
        return {
            "top": self.ratio(self.top),
            "second": self.ratio(self.second),
            "leaves": self.ratio(self.leaves),
            "precision": self.ratio(self.precision),
        }


def score(plan, truth: Truth) -> Score:
    """Match found units to true ones by label (case, accents and punctuation ignored)."""
    true_axes = {key(a.title): a for a in truth.axes}
    found_axes = {key(a.label): a for a in plan.axes}
    top = sum(1 for k in true_axes if k in found_axes)
    second = leaves = n_second = n_leaves = 0
    correct = found = 0
    for fa in plan.axes:
        found += 1
        ta = true_axes.get(key(fa.label))
        correct += ta is not None
        t_objs = {key(o.title): o for o in ta.objectives} if ta else {}
        for fo in (c for c in fa.children if c.kind == "objective"):
            found += 1
            to = t_objs.get(key(fo.label))
            correct += to is not None
            t_leaves = (
                {("engagement", key(e)) for e in to.engagements} | {("indicator", key(i)) for i in to.indicators}
                if to
                else set()
            )
            for leaf in (c for c in fo.children if c.kind in ("engagement", "indicator")):
                found += 1
                correct += (leaf.kind, key(leaf.label)) in t_leaves
        for _leaf in (c for c in fa.children if c.kind in ("engagement", "indicator")):
            found += 1  # a leaf directly under an axis is never at its true place
    for ta in truth.axes:
        fa = found_axes.get(key(ta.title))
        f_objs = {key(o.label): o for o in fa.children if o.kind == "objective"} if fa else {}
        for to in ta.objectives:
            n_second += 1
            fo = f_objs.get(key(to.title))
            second += fo is not None
            f_leaves = {(c.kind, key(c.label)) for c in fo.children} if fo else set()
            for kind, labels in (("engagement", to.engagements), ("indicator", to.indicators)):
                for label in labels:
                    n_leaves += 1
                    leaves += (kind, key(label)) in f_leaves
    return Score((top, len(truth.axes)), (second, n_second), (leaves, n_leaves), (correct, found))


def corpus(n_mixed: int = 12, per_style: int = 2):
    """(style, seed) pairs: every named style and n_mixed random combinations."""
    rng = random.Random(2026)
    styles = STYLES + [mixed_style(rng, k) for k in range(1, n_mixed + 1)]
    return [(s, seed) for s, seed in itertools.product(styles, range(per_style))]
