"""Plans in house styles written independently of the reader, with their true trees.

`generate(style, seed)` returns (text, Truth) in layoutgen's truth format, so that
layoutgen's `score()` measures the reader on them (bench/structure_blind.py). The styles and
the word pools here were written without reading the reader nor layoutgen's styles: level words,
numbering (I/II, 1/1.1/1.1.1, A/B, a), compound A1), continuous or restarting), title placement
(same line after ":" "–" "." "|", next line, before the label), capitals, tables of contents,
front and back matter, page noise (web navigation, running PDF headers, hyphenation, broken
ligatures, sharing-site and flip-book chrome), and leaf blocks. Titles are infinitive, nominal
(« Amélioration du… »), questions, very long, or carry English loanwords.

Truth conventions: an axis is the top level, an objective the second; a third numbered level
(1.1.1, « Action 1.1.1 ») is made of engagements of its objective; front and back matter
(éditorial, chiffres clés, diagnostic, glossaire, annexes) are not units.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from layoutgen import TAxis, TObjective, Truth, key  # noqa: E402

# -- word pools (plan French, written for this generator) ---------------------------------------
ACADEMIES = [
    "Amiens",
    "Caen",
    "Dijon",
    "Limoges",
    "Nantes",
    "Rennes",
    "Lille",
    "Nancy-Metz",
    "Poitiers",
    "Orléans-Tours",
    "Besançon",
    "Clermont-Ferrand",
    "Grenoble",
    "Montpellier",
    "Toulouse",
    "Corse",
    "Guyane",
    "Martinique",
    "La Réunion",
    "Mayotte",
    "Strasbourg",
    "Versailles",
    "Créteil",
    "Lyon",
]
PERIODS = ["2015-2018", "2017-2021", "2019-2023", "2021-2024", "2022-2026", "2024-2027", "2025-2029"]

INFINITIVES = [
    "Consolider",
    "Élargir",
    "Sécuriser",
    "Outiller",
    "Fédérer",
    "Amplifier",
    "Structurer",
    "Stimuler",
    "Encourager",
    "Généraliser",
    "Intensifier",
    "Valoriser",
    "Simplifier",
    "Diversifier",
    "Repenser",
    "Soutenir",
    "Ancrer",
    "Mobiliser",
    "Approfondir",
    "Faciliter",
    "Accroître",
    "Moderniser",
    "Démocratiser",
    "Rapprocher",
    "Conforter",
    "Renouveler",
    "Articuler",
    "Cultiver",
]
NOMINALS = [
    "Amélioration",
    "Renforcement",
    "Consolidation",
    "Élargissement",
    "Sécurisation",
    "Structuration",
    "Généralisation",
    "Valorisation",
    "Simplification",
    "Diversification",
    "Modernisation",
    "Démocratisation",
    "Accompagnement",
    "Développement",
    "Mobilisation",
    "Approfondissement",
]
COMPLEMENTS = [
    "la continuité entre le lycée et l'enseignement supérieur",
    "les compétences orales des élèves",
    "l'accès aux pratiques sportives",
    "le suivi des élèves absentéistes",
    "les liens avec les familles éloignées de l'école",
    "l'offre de formation en apprentissage",
    "les usages pédagogiques de l'intelligence artificielle",
    "la prise en charge des élèves allophones",
    "l'éducation à la sobriété énergétique",
    "les parcours des élèves de la voie technologique",
    "la formation des directeurs d'école",
    "l'autonomie pédagogique des établissements",
    "le dialogue de gestion avec les collèges",
    "l'attractivité des postes en zone rurale",
    "la qualité de l'air dans les salles de classe",
    "les mobilités européennes des apprentis",
    "le repérage des élèves à haut potentiel",
    "la culture de l'évaluation",
    "les pratiques collaboratives entre enseignants",
    "la santé mentale des adolescents",
    "le sport scolaire au collège",
    "l'accueil des familles dans les écoles",
    "la place des langues régionales",
    "les partenariats avec les entreprises du territoire",
    "la réussite des étudiants de BTS",
    "les dispositifs de remédiation en sixième",
    "l'enseignement de l'informatique au lycée",
    "les projets entre l'école et le collège",
    "la sécurité numérique des établissements",
    "la lutte contre les stéréotypes de genre",
    "les internats de la réussite",
    "l'égalité d'accès aux sorties scolaires",
    "le bien-être des personnels",
    "les conditions d'accueil des stagiaires",
    "la mixité dans les filières industrielles",
    "l'engagement associatif des lycéens",
    "la lecture plaisir au cycle 3",
    "la résolution de problèmes en mathématiques",
    "la maîtrise de l'écrit en fin de collège",
    "l'orientation des élèves de lycée professionnel",
    "le conseil pédagogique des collèges",
    "la formation des personnels contractuels",
    "la prévention des risques psychosociaux",
    "l'éducation à la biodiversité",
    "les compétences psychosociales des élèves",
    "la continuité des apprentissages en cas de crise",
    "le maillage des écoles rurales",
    "les échanges avec les pays voisins",
    "l'accès des lycéennes aux formations scientifiques",
    "le pilotage par les résultats",
    "la scolarisation des enfants de moins de trois ans",
    "les classes préparatoires de proximité",
    "la médiation par les pairs",
    "les espaces de travail des élèves",
]
LOANWORDS = [
    "le mentoring des néo-titulaires",
    "les soft skills des lycéens",
    "le design thinking en classe",
    "le coding dès l'école primaire",
    "le feedback entre pairs",
    "les learning labs des lycées",
    "le coaching des équipes de direction",
    "le e-learning pour les personnels",
    "le leadership des équipes pédagogiques",
    "les fab labs des lycées professionnels",
]
AXES = [
    "La réussite de chaque élève au cœur de l'action",
    "Des parcours fluides et choisis",
    "Une école ouverte sur son territoire",
    "Des personnels reconnus et accompagnés",
    "Le bien-être comme condition des apprentissages",
    "L'ambition scolaire pour tous",
    "Une académie innovante et responsable",
    "La transition écologique, une priorité éducative",
    "L'égalité des chances, de la maternelle au supérieur",
    "Une gouvernance de proximité",
    "Le numérique au service des apprentissages",
    "L'inclusion, une exigence partagée",
    "Apprendre et s'épanouir dans une école sereine",
    "Former les citoyens de demain",
    "Élever le niveau général des élèves",
    "Réussir les transitions entre les cycles",
    "Quelle école pour les territoires ruraux ?",
    "Comment mieux accompagner chaque personnel ?",
    "Pour une orientation choisie",
    "Pour une école attentive à chacun",
    "Faire de l'école un lieu de confiance",
    "Coopérer avec les familles et les partenaires",
    "L'excellence dans toutes les voies de formation",
    "Ouverture européenne et internationale",
    "Santé, sport et citoyenneté",
    "Soft skills et esprit d'équipe : une école du collectif",
    "Innovation, recherche et expérimentation",
    "Une communauté éducative soudée autour des élèves",
]
SUFFIXES = [
    "",
    "",
    " dans chaque bassin",
    " d'ici la fin du projet",
    " dans toutes les circonscriptions",
    " en lien avec les collectivités",
    " à chaque rentrée",
    " dans les réseaux d'éducation prioritaire",
    " avec les partenaires associatifs",
    " au collège et au lycée",
]
ENG_HEADS = [
    ("Organiser des ateliers autour", "de"),
    ("Créer un réseau de référents pour", ""),
    ("Déployer un plan de formation sur", ""),
    ("Proposer des ressources en ligne sur", ""),
    ("Installer un groupe de travail consacré", "à"),
    ("Mettre en place un suivi annuel", "de"),
    ("Ouvrir un appel à projets sur", ""),
    ("Former les équipes", "à"),
    ("Publier un guide pratique sur", ""),
    ("Réunir chaque trimestre les acteurs", "de"),
]
IND_HEADS = [
    "Taux de participation des élèves à",
    "Part des établissements engagés dans",
    "Nombre d'actions consacrées à",
    "Proportion de personnels formés à",
    "Évolution de la satisfaction des familles concernant",
    "Taux de réussite des élèves concernés par",
    "Nombre de projets financés pour",
]
SENTENCES = [
    "Les constats partagés lors de la concertation ont guidé ce choix.",
    "Cette priorité prolonge le travail engagé lors du précédent projet académique.",
    "Les équipes disposent pour cela d'un accompagnement par les corps d'inspection.",
    "Un bilan d'étape sera présenté chaque année au comité de pilotage.",
    "Les établissements déclineront cet axe dans leur propre projet.",
    "Les écarts observés entre départements justifient un effort particulier.",
    "Les résultats obtenus restent fragiles et appellent une action résolue.",
    "Plusieurs dispositifs existent déjà et gagneront à être mieux coordonnés.",
]


def _contract(prep: str, phrase: str) -> str:
    """'de' / 'à' + article, as French writes it (du, des, au, aux)."""
    for art, de, a in (("le ", "du ", "au "), ("les ", "des ", "aux ")):
        if phrase.startswith(art):
            return (de if prep == "de" else a) + phrase[len(art) :]
    return f"{prep} {phrase}"


class Pools:
    """Draws titles no other unit of the same plan has (the scorer matches by folded label)."""

    def __init__(self, rng: random.Random, loan: bool):
        self.rng, self.loan, self.used = rng, loan, set()

    def _fresh(self, make) -> str:
        for _ in range(200):
            text = make()
            if key(text) not in self.used:
                self.used.add(key(text))
                return text
        raise RuntimeError("word pools exhausted")

    def _complement(self) -> str:
        r = self.rng
        return r.choice(LOANWORDS) if self.loan and r.random() < 0.35 else r.choice(COMPLEMENTS)

    def axis(self) -> str:
        return self._fresh(lambda: self.rng.choice(AXES))

    def objective(self, kinds: dict[str, float]) -> str:
        r = self.rng
        kind = r.choices(list(kinds), weights=list(kinds.values()))[0]

        def make() -> str:
            c = self._complement()
            if kind == "nominal":
                return f"{r.choice(NOMINALS)} {_contract('de', c)}"
            if kind == "question":
                return r.choice([f"Comment {r.choice(INFINITIVES).lower()} {c} ?", f"Quelle place pour {c} ?"])
            if kind == "long":
                c2, v2 = self._complement(), r.choice(INFINITIVES).lower()
                afin = "afin d'" if v2[0] in "aeéiouh" else "afin de "
                return (
                    f"{r.choice(INFINITIVES)} {c} {afin}{v2} {c2}, en lien étroit "
                    f"avec les collectivités territoriales et l'ensemble des partenaires de l'école"
                )
            return f"{r.choice(INFINITIVES)} {c}"

        return self._fresh(make)

    def engagement(self) -> str:
        r = self.rng

        def make() -> str:
            head, prep = r.choice(ENG_HEADS)
            c = self._complement()
            return f"{head} {_contract(prep, c) if prep else c}{r.choice(SUFFIXES)}"

        return self._fresh(make)

    def indicator(self) -> str:
        r = self.rng

        def make() -> str:
            head = r.choice(IND_HEADS)
            c = self._complement()
            if head.endswith(" à"):
                return f"{head[:-2]} {_contract('à', c)}"
            return f"{head} {c}"

        return self._fresh(make)


# -- styles -------------------------------------------------------------------------------------
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass(frozen=True)
class Style:
    name: str
    top_word: str | None = "Axe"  # None: number (or nothing) only
    second_word: str | None = "Objectif"
    top_num: str = "arabic"  # arabic | roman | letter | ordinal | gap | none
    second_num: str = "dotted"  # dotted | restart | continuous | compound | letter | bullet | none
    top_place: str = "same"  # same | next | before
    second_place: str = "same"  # same | next
    sep: str = " : "
    top_case: str = "asis"  # asis | upper | title
    second_case: str = "asis"
    leaves: str = "block"  # block | inline | level3 | none
    eng_word: str = "Engagements"
    ind_word: str = "Indicateurs"
    bullet: str = "- "
    toc: str = "none"  # none | dots | glued | flat | numfirst
    front: bool = False  # éditorial, chiffres clés, diagnostic
    back: bool = False  # glossaire, annexes
    noise: str = "none"  # none | web | pdf | sharing | flip
    announce: bool = False  # "Le projet s'articule autour de n axes : a ; b ; c"
    loan: bool = False
    kinds: tuple = (("infinitive", 1.0),)
    markdown: bool = False
    bodies: bool = True


STYLES_BY_NAME = {
    s.name: s
    for s in [
        Style(
            "rectorat-romain",
            top_word="Ambition",
            top_num="roman",
            second_num="dotted",
            sep=" — ",
            top_case="upper",
            eng_word="Engagements de l'académie",
            ind_word="Indicateurs de pilotage",
            bullet="• ",
            toc="dots",
            front=True,
        ),
        Style(
            "intranet-partiel",
            top_word="Axe",
            top_num="ordinal",
            second_word=None,
            second_num="bullet",
            leaves="none",
            noise="web",
            kinds=(("infinitive", 0.6), ("nominal", 0.4)),
        ),
        Style(
            "priorites-continues",
            top_word="Priorité",
            top_num="arabic",
            sep=". ",
            second_num="continuous",
            second_place="next",
            eng_word="Actions",
            bullet="• ",
            noise="pdf",
            kinds=(("infinitive", 0.7), ("long", 0.3)),
        ),
        Style(
            "enjeux-redemarrage",
            top_word="Enjeu",
            top_num="letter",
            sep=" – ",
            second_num="restart",
            eng_word="Leviers",
            bullet="– ",
            top_case="upper",
            back=True,
            kinds=(("infinitive", 0.5), ("nominal", 0.5)),
        ),
        Style(
            "decimal-trois-niveaux",
            top_word=None,
            second_word=None,
            top_num="arabic",
            second_num="dotted",
            sep=" ",
            leaves="level3",
            ind_word="Indicateurs :",
            top_case="upper",
            noise="pdf",
        ),
        Style(
            "piliers-questions",
            top_word="Pilier",
            second_word="Levier",
            top_num="letter",
            second_num="compound",
            eng_word="Mesures",
            bullet="* ",
            kinds=(("question", 0.5), ("nominal", 0.5)),
            loan=True,
        ),
        Style(
            "volets-pdf-bruite",
            top_word="Volet",
            second_word="Fiche",
            top_num="arabic",
            second_num="dotted",
            sep=" - ",
            top_place="next",
            top_case="upper",
            second_case="upper",
            eng_word="Leviers d'action",
            ind_word="Indicateurs de réussite",
            noise="pdf",
            toc="glued",
            front=True,
            kinds=(("infinitive", 0.6), ("long", 0.4)),
        ),
        Style(
            "orientations-sommaire",
            top_word="Orientation stratégique",
            second_word="Objectif opérationnel",
            top_num="arabic",
            second_num="dotted",
            sep=" | ",
            toc="numfirst",
            front=True,
            back=True,
            ind_word="Indicateurs de suivi",
            leaves="block",
        ),
        Style(
            "chantiers-markdown",
            top_word="Chantier",
            second_word=None,
            top_num="arabic",
            second_num="dotted",
            sep=" · ",
            markdown=True,
            eng_word="**Engagements**",
            ind_word="**Indicateurs**",
            loan=True,
            kinds=(("infinitive", 0.5), ("nominal", 0.3), ("question", 0.2)),
        ),
        Style(
            "lettres-inline",
            top_word=None,
            second_word=None,
            top_num="letter",
            second_num="letter",
            sep=". ",
            top_case="upper",
            leaves="inline",
            eng_word="Actions",
            noise="sharing",
        ),
        Style(
            "titre-avant-label",
            top_word="Axe",
            top_place="before",
            second_num="restart",
            second_place="next",
            sep=" - ",
            eng_word="Nos engagements",
            noise="flip",
            kinds=(("infinitive", 0.5), ("nominal", 0.5)),
        ),
        Style(
            "themes-lacunes",
            top_word="Thème",
            top_num="gap",
            second_num="dotted",
            sep=" : ",
            top_case="title",
            second_case="title",
            loan=True,
            toc="flat",
            announce=True,
            kinds=(("infinitive", 0.4), ("nominal", 0.3), ("question", 0.3)),
        ),
        Style(
            "annonce-en-prose",
            top_word=None,
            top_num="none",
            second_word="Objectif",
            second_num="continuous",
            sep=" : ",
            announce=True,
            noise="web",
            eng_word="Actions prévues",
            bullet="▪ ",
        ),
        Style(
            "domaines-mesures",
            top_word="Domaine",
            second_word="Mesure",
            top_num="roman",
            second_num="restart",
            second_place="next",
            sep=". ",
            eng_word="Actions",
            ind_word="Cibles",
            bullet="1) ",
            back=True,
        ),
    ]
}


def mixed_style(rng: random.Random, k: int) -> Style:
    """A combination no named style has, kept to layouts a person could still read unambiguously."""
    pick = rng.choice
    s = Style(
        f"mixte-{k}",
        top_word=pick(["Axe", "Ambition", "Priorité", "Enjeu", "Pilier", "Volet", "Chantier", "Domaine", "Défi", None]),
        second_word=pick(["Objectif", "Sous-objectif", "Levier", "Orientation", "Fiche", "Mesure", None]),
        top_num=pick(["arabic", "roman", "letter", "ordinal", "gap"]),
        second_num=pick(["dotted", "restart", "continuous", "compound", "letter"]),
        top_place=pick(["same", "same", "next", "before"]),
        second_place=pick(["same", "next"]),
        sep=pick([" : ", " – ", " - ", ". ", " | "]),
        top_case=pick(["asis", "upper", "title"]),
        second_case=pick(["asis", "asis", "upper"]),
        leaves=pick(["block", "block", "inline", "level3"]),
        eng_word=pick(["Engagements", "Nos engagements", "Actions", "Leviers", "Mesures", "Actions phares"]),
        ind_word=pick(["Indicateurs", "Indicateurs de suivi", "Indicateurs de résultat", "Indicateurs :"]),
        bullet=pick(["- ", "• ", "– ", "* ", "▪ ", "1) "]),
        toc=pick(["none", "dots", "glued", "flat", "numfirst"]),
        front=rng.random() < 0.5,
        back=rng.random() < 0.5,
        noise=pick(["none", "web", "pdf", "sharing", "flip"]),
        announce=rng.random() < 0.3,
        loan=rng.random() < 0.5,
        markdown=rng.random() < 0.15,
        kinds=tuple((k_, rng.random()) for k_ in ("infinitive", "nominal", "question", "long")),
    )
    if s.top_word is None:
        s = replace(s, top_place="same", top_num=pick(["arabic", "roman", "letter"]))
    if s.second_num == "compound":
        s = replace(s, top_num="letter")
    if s.second_word and s.eng_word.lower().startswith(s.second_word.lower()):
        s = replace(s, eng_word="Engagements")
    if s.second_word is None and s.second_num in ("restart", "continuous"):
        s = replace(s, second_num="dotted")
    if s.second_word is None and s.second_place == "next":
        s = replace(s, second_place="same")
    if s.leaves == "level3" and s.second_num != "dotted":
        s = replace(s, second_num="dotted")
    if s.markdown:
        s = replace(s, noise="none", top_place="same", leaves="block")
    return s


_rng = random.Random(12)
for _k in range(1, 7):
    _s = mixed_style(_rng, _k)
    STYLES_BY_NAME[_s.name] = _s
STYLES = list(STYLES_BY_NAME)

WORDS_PLURAL = {
    "Axe": "axes",
    "Ambition": "ambitions",
    "Priorité": "priorités",
    "Enjeu": "enjeux",
    "Pilier": "piliers",
    "Volet": "volets",
    "Thème": "thèmes",
    "Chantier": "chantiers",
    "Domaine": "domaines",
    "Orientation stratégique": "orientations stratégiques",
    None: "axes",
}
NUMBER_WORDS = {2: "deux", 3: "trois", 4: "quatre", 5: "cinq"}


# -- the true tree ------------------------------------------------------------------------------
def tree(style: Style, rng: random.Random) -> list[TAxis]:
    pools = Pools(rng, style.loan)
    axes = []
    for _ in range(rng.randint(3, 5)):
        objectives = []
        for _ in range(rng.randint(2, 4)):
            o = TObjective(pools.objective(dict(style.kinds)))
            if style.leaves != "none":
                o.engagements = [
                    pools.engagement() for _ in range(rng.randint(0 if style.leaves != "level3" else 1, 3))
                ]
                o.indicators = [pools.indicator() for _ in range(rng.randint(0, 2))]
            objectives.append(o)
        axes.append(TAxis(pools.axis(), objectives))
    return axes


# -- rendering ----------------------------------------------------------------------------------
def _case(text: str, how: str) -> str:
    if how == "upper":
        return text.upper()
    if how == "title":
        return re.sub(r"\b(\w)(\w{3,})", lambda m: m.group(1).upper() + m.group(2), text)
    return text


def _top_num(style: Style, ai: int) -> str:
    n = ai + 1 + (1 if style.top_num == "gap" and ai >= 2 else 0)  # a withdrawn axis leaves a hole
    return {"roman": ROMAN[ai], "letter": "ABCDEFGH"[ai], "ordinal": f"n°{n}", "none": ""}.get(style.top_num, str(n))


def _second_num(style: Style, ai: int, oi: int, o_global: int) -> str:
    top = _top_num(style, ai).replace("n°", "")
    return {
        "dotted": f"{top}.{oi + 1}",
        "restart": str(oi + 1),
        "continuous": str(o_global),
        "compound": f"{'ABCDEFGH'[ai]}{oi + 1}",
        "letter": f"{'abcdefgh'[oi]})",
    }.get(style.second_num, "")


def _label(word: str | None, num: str) -> str:
    return " ".join(p for p in (word, num) if p)


def _axis_lines(style: Style, ai: int, title: str, period: str) -> list[str]:
    t = _case(title, style.top_case)
    label = _label(
        style.top_word and _case(style.top_word, "upper" if style.top_case == "upper" else "asis"), _top_num(style, ai)
    )
    if style.markdown:
        return [f"## {label}{style.sep}{t}" if label else f"## {t}"]
    if not label:
        return [t]
    if style.top_place == "before":
        return [f"{t}{style.sep}{label} du projet {period}"]
    if style.top_place == "next":
        return [label, t]
    if style.top_word is None:  # bare numbers: "1. TITLE", "A. TITLE"
        return [f"{label}. {t}"]
    return [f"{label}{style.sep}{t}"]


def _objective_lines(style: Style, ai: int, oi: int, o_global: int, title: str) -> list[str]:
    t = _case(title, style.second_case)
    num = _second_num(style, ai, oi, o_global)
    if style.second_word and style.second_num == "letter":  # "Orientation a" — the bracket is for bare letters
        num = num.rstrip(")")
    label = _label(style.second_word, num)
    if style.markdown:
        return [f"### {num} — {t}"]
    if style.second_num == "bullet":
        return [f"{style.bullet}{t}"]
    if style.second_place == "next" and style.second_word:
        return [label, t]
    if style.second_word is None:
        return [f"{num} {t}"]
    return [f"{label}{style.sep}{t}"]


def _leaf_lines(style: Style, o: TObjective, ai: int, oi: int) -> list[str]:
    lines: list[str] = []
    md = "- " if style.markdown else style.bullet

    def block(word: str, items: list[str]) -> None:
        if not items:
            return
        if style.leaves == "inline":
            lines.append(f"{word.strip('*').rstrip(' :')} : " + " ; ".join(i[0].lower() + i[1:] for i in items) + ".")
            return
        lines.append(word)
        if style.markdown:
            lines.append("")
        for k, item in enumerate(items, 1):
            lines.append(f"{k}) {item}" if md == "1) " else f"{md}{item}")
        if style.markdown:
            lines.append("")

    if style.leaves == "level3":
        top = _top_num(style, ai).replace("n°", "")
        lines += [f"{top}.{oi + 1}.{k} {e}" for k, e in enumerate(o.engagements, 1)]
    else:
        block(style.eng_word, o.engagements)
    block(style.ind_word, o.indicators)
    return lines


def _inline_key(style: Style, o: TObjective) -> TObjective:
    """Inline lists are written with a lower-case first letter; the truth follows the text."""
    if style.leaves != "inline":
        return o
    low = lambda s: s[0].lower() + s[1:]  # noqa: E731
    return replace(o, engagements=[low(e) for e in o.engagements], indicators=[low(i) for i in o.indicators])


def _toc(style: Style, truth: Truth, rng: random.Random) -> list[str]:
    if style.toc == "none":
        return []
    entries = [("Éditorial", 3)] if style.front else []
    page = 5
    for ai, a in enumerate(truth.axes):
        entries.append(
            (" ".join(_axis_lines(replace(style, top_place="same", markdown=False), ai, a.title, truth.period)), page)
        )
        page += rng.randint(2, 4)
    if style.back:
        entries.append(("Glossaire", page))
    if style.toc == "flat":
        return ["Sommaire " + " ".join(f"{t} {p}" for t, p in entries)]
    out = [rng.choice(["SOMMAIRE", "Sommaire", "Table des matières"])]
    for t, p in entries:
        out.append(
            {"dots": f"{t} {'.' * rng.randint(8, 40)} {p}", "glued": f"{t}{p}", "numfirst": f"{p} {t}"}[style.toc]
        )
    return out + [""]


def _front(truth: Truth, rng: random.Random) -> list[str]:
    return [
        rng.choice(["ÉDITORIAL", "Mot du recteur", "Le mot de la rectrice"]),
        f"Ce projet engage l'ensemble des personnels de l'académie {_of(truth.academy)}{truth.academy} pour la période {truth.period}. "
        "Il est le fruit d'une concertation conduite dans tous les bassins.",
        "",
        "CHIFFRES CLÉS",
        f"{rng.randint(120, 900)} 000 élèves",
        f"{rng.randint(900, 4000)} écoles",
        f"{rng.randint(80, 600)} collèges et lycées",
        "",
        "Diagnostic",
        "Les indicateurs de réussite progressent mais les écarts territoriaux demeurent.",
        "",
    ]


def _back(rng: random.Random) -> list[str]:
    return [
        "",
        "GLOSSAIRE",
        "BTS : brevet de technicien supérieur",
        "EPLE : établissement public local d'enseignement",
        "PIAL : pôle inclusif d'accompagnement localisé",
        "",
        "Annexes",
        "Calendrier de mise en œuvre du projet",
    ]


def _announce(style: Style, truth: Truth) -> list[str]:
    n = len(truth.axes)
    word = WORDS_PLURAL.get(style.top_word, "axes")
    titles = [a.title[0].lower() + a.title[1:] for a in truth.axes]
    return [f"Le projet s'articule autour de {NUMBER_WORDS.get(n, n)} {word} : " + " ; ".join(titles) + ".", ""]


def _of(academy: str) -> str:
    return "d'" if academy[0] in "AEIOUÉ" else "de "


def _body(rng: random.Random) -> list[str]:
    return [" ".join(rng.sample(SENTENCES, rng.randint(1, 2)))]


def _render(style: Style, truth: Truth, rng: random.Random) -> list[tuple[str, bool]]:
    """Lines with a flag: True where a page break may not fall (inside a heading)."""
    out: list[tuple[str, bool]] = []
    add = lambda lines, hold=False: out.extend((l, hold) for l in lines)  # noqa: E731
    of = _of(truth.academy)
    head = [f"Académie {of}{truth.academy}", f"Projet académique {truth.period}"]
    if style.markdown:
        head = [f"# Projet académique {truth.period} — académie {of}{truth.academy}"]
    add(rng.sample(head, len(head)) + [""])
    if style.announce:
        add(_announce(style, truth))
    add(_toc(style, truth, rng))
    if style.front:
        add(_front(truth, rng))
    o_global = 0
    for ai, axis in enumerate(truth.axes):
        add([""] + _axis_lines(style, ai, axis.title, truth.period), hold=True)
        if style.bodies and rng.random() < 0.6:
            add(_body(rng))
        if style.second_num == "bullet":
            add(["Objectifs :"])
        for oi, o in enumerate(axis.objectives):
            o_global += 1
            add(([""] if style.markdown else []) + _objective_lines(style, ai, oi, o_global, o.title), hold=True)
            if style.markdown:
                add([""])
            if style.bodies and style.leaves != "none" and rng.random() < 0.3:
                add(_body(rng))
            add(_leaf_lines(style, o, ai, oi))
    if style.back:
        add(_back(rng))
    return out


def _wrap(line: str, width: int, rng: random.Random) -> list[str]:
    """A PDF text layer's line breaks: at spaces, sometimes inside a word with a hyphen."""
    out, rest = [], line
    while len(rest) > width:
        cut = rest.rfind(" ", 0, width)
        word_end = rest.find(" ", width)
        word_end = len(rest) if word_end < 0 else word_end
        word_start = rest.rfind(" ", 0, width) + 1
        word = rest[word_start:word_end]
        if len(word) >= 9 and word.isalpha() and rng.random() < 0.5:
            k = rng.randint(4, max(4, min(len(word) - 4, width - word_start)))
            out.append(rest[:word_start] + word[:k] + "-")
            rest = word[k:] + rest[word_end:]
            continue
        if cut <= 0:
            break
        out.append(rest[:cut])
        rest = rest[cut + 1 :]
    return out + [rest]


def _noise(style: Style, lines: list[tuple[str, bool]], truth: Truth, rng: random.Random) -> list[str]:
    if style.noise == "pdf":
        width = rng.choice([60, 72, 85])
        out: list[str] = []
        page, since = 1, 0
        running = rng.choice([f"Projet académique {truth.period} - page {{n}}", f"{truth.academy} | {{n}}", "{n}"])
        for text, hold in lines:
            if since > rng.randint(22, 34) and not hold:
                out += [running.format(n=page)]
                page, since = page + 1, 0
            for part in _wrap(text, width, rng):
                out.append(
                    re.sub(r"(?<=\w)(fi|ffi|fl)(?=\w)", lambda m: m.group(1) + " ", part)
                    if rng.random() < 0.3
                    else part
                )
                since += 1
        return out + [running.format(n=page)]
    text = [t for t, _ in lines]
    if style.noise == "web":
        return (
            [
                "Aller au contenu",
                "Menu",
                "Accueil",
                "Actualités",
                "L'académie",
                "Rechercher",
                f"Accueil > L'académie > Projet académique {truth.period}",
                f"Publié le {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{truth.period[:4]}",
                "Partager",
                "Imprimer",
            ]
            + text
            + [
                "",
                "Documents joints",
                f"Projet académique {truth.period}",
                "Format PDF - 2,1 Mo",
                "Plan du site",
                "Mentions légales",
                "Accessibilité",
                "Nous contacter",
            ]
        )
    if style.noise == "sharing":
        out = [
            f"Projet académique {truth.academy} {truth.period} | PDF",
            "Uploaded by",
            "rectorat-docs",
            "0 ratings",
            "Download now",
            "Citation preview",
        ]
        page = 1
        for k, t in enumerate(text):
            out.append(f"Page {page}: {t}" if k % 18 == 0 and t else t)
            page += k % 18 == 0 and bool(t)
        return out + ["You're Reading a Free Preview", "Download now", "Related titles"]
    if style.noise == "flip":
        pages = max(2, len(text) // 20)
        out = ["Lire la publication", "Plein écran", "Partager", "Télécharger"]
        for k, t in enumerate(text):
            if k % 20 == 0:
                out.append(f"{k // 20 + 1} / {pages}")
            out.append(t)
        return out + ["Publications similaires"]
    return text


def generate(style: str | Style, seed: int) -> tuple[str, Truth]:
    s = STYLES_BY_NAME[style] if isinstance(style, str) else style
    rng = random.Random(f"blind/{s.name}/{seed}")
    truth = Truth(rng.choice(ACADEMIES), rng.choice(PERIODS), tree(s, rng))
    truth.axes = [replace(a, objectives=[_inline_key(s, o) for o in a.objectives]) for a in truth.axes]
    text = "\n".join(_noise(s, _render(s, truth, rng), truth, rng)) + "\n"
    return text, truth


if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else STYLES[0]
    print(generate(name, int(sys.argv[2]) if len(sys.argv) > 2 else 0)[0])
