"""Tests of the Boussole ontology files (ontology/*.ttl).

They check the vocabulary against the contract in ontology/README.md, the quality of the two
SKOS thesauri (devices, themes) and that the SHACL shapes accept a valid graph and reject
invalid ones with a readable message.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

ROOT = Path(__file__).parents[1]
ONTOLOGY = ROOT / "ontology"
CORPUS = ROOT / "corpus"

BSL = Namespace("https://w3id.org/boussole/ns#")
BSLD = Namespace("https://w3id.org/boussole/device/")
BSLT = Namespace("https://w3id.org/boussole/theme/")
DATA = Namespace("https://w3id.org/boussole/id/")
QB = Namespace("http://purl.org/linked-data/cube#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: pytest probes module globals
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")

PREFIXES = {
    "bsl": BSL,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "org": ORG,
    "schema": SCHEMA,
    "qb": QB,
    "xsd": XSD,
    "rdfs": RDFS,
    "owl": OWL,
}
TERM_TYPES = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
LABEL_PROPS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=None)
def load(name: str) -> Graph:
    return Graph().parse(ONTOLOGY / name, format="turtle")


def fold(text: str) -> str:
    """Case-, accent-, apostrophe-, quote-, markdown-emphasis- and hyphen-insensitive form of a label."""
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "OE")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[«»\"“”*]", " ", text).replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def concepts(g: Graph, cls: URIRef) -> list[URIRef]:
    return sorted(set(g.subjects(RDF.type, cls)))


def labels(g: Graph, c: URIRef, props=LABEL_PROPS) -> list[Literal]:
    return [o for p in props for o in g.objects(c, p)]


def pref(g: Graph, c: URIRef, lang: str) -> list[Literal]:
    return [o for o in g.objects(c, SKOS.prefLabel) if o.language == lang]


def readme_terms() -> set[str]:
    text = (ONTOLOGY / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"`bsl:(\w+)`", text))


def readme_class_rows() -> dict[str, list[str]]:
    """class local name -> list of prefixed super-classes, from the README 'Classes' table."""
    text = (ONTOLOGY / "README.md").read_text(encoding="utf-8")
    section = text.split("## Classes", 1)[1].split("## Properties", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`bsl:(\w+)`\s*\|([^|]*)\|", line)
        if m:
            rows[m.group(1)] = re.findall(r"`(\w+:\w+)`", m.group(2))
    return rows


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(str(PREFIXES[prefix]) + local)


# --------------------------------------------------------------------------- files and vocabulary


@pytest.mark.parametrize("name", ["boussole.ttl", "devices.ttl", "themes.ttl", "shapes.ttl"])
def test_file_parses(name):
    assert len(load(name)) > 50


def test_ontology_header():
    g = load("boussole.ttl")
    onto = URIRef("https://w3id.org/boussole/ns")
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, DCTERMS.title) is not None
    assert g.value(onto, DCTERMS.description) is not None
    assert g.value(onto, OWL.versionInfo) is not None


def test_every_term_is_documented():
    g = load("boussole.ttl")
    terms = {s for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(BSL))}
    assert len(terms) > 40
    missing = []
    for term in sorted(terms):
        comments = [c for c in g.objects(term, RDFS.comment) if c.language == "en"]
        langs = {lab.language for lab in g.objects(term, RDFS.label)}
        if not comments or not {"en", "fr"} <= langs:
            missing.append(term)
    assert not missing, f"terms without rdfs:comment@en or rdfs:label@en/@fr: {missing}"


def test_readme_terms_exist():
    g = load("boussole.ttl")
    names = readme_terms()
    assert len(names) >= 50
    for name in sorted(names):
        term = BSL[name]
        types = set(g.objects(term, RDF.type))
        if name[0].isupper():
            assert OWL.Class in types, f"bsl:{name} is not declared as owl:Class"
        else:
            assert types & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}, (
                f"bsl:{name} is not declared as a property"
            )


def test_readme_super_classes():
    g = load("boussole.ttl")
    rows = readme_class_rows()
    assert len(rows) == 21
    for name, supers in rows.items():
        for sup in supers:
            assert (BSL[name], RDFS.subClassOf, expand(sup)) in g, f"bsl:{name} ⊑ {sup} missing"


def test_data_cube_property_types():
    g = load("boussole.ttl")
    assert (BSL.value, RDF.type, QB.MeasureProperty) in g
    assert (BSL.unit, RDF.type, QB.AttributeProperty) in g
    assert (BSL.measure, RDF.type, QB.DimensionProperty) in g
    assert (BSL.refPeriod, RDF.type, QB.DimensionProperty) in g
    assert (BSL.value, RDFS.range, XSD.decimal) in g


def test_domains_and_ranges_use_defined_classes():
    g = load("boussole.ttl")
    for p in (RDFS.domain, RDFS.range):
        for s, o in g.subject_objects(p):
            if str(o).startswith(str(BSL)):
                assert (o, RDF.type, OWL.Class) in g, f"{s} {p} {o}: undefined class"


# --------------------------------------------------------------------------- thesauri


def test_device_and_theme_counts():
    assert len(concepts(load("devices.ttl"), BSL.Device)) >= 45
    assert 15 <= len(concepts(load("themes.ttl"), BSL.Theme)) <= 25


@pytest.mark.parametrize(
    "name,cls,scheme",
    [
        ("devices.ttl", BSL.Device, BSLD.scheme),
        ("themes.ttl", BSL.Theme, BSLT.scheme),
    ],
)
def test_concepts_are_well_formed(name, cls, scheme):
    g = load(name)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    for c in concepts(g, cls):
        local = str(c).rsplit("/", 1)[1]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", local), f"{c}: id is not ASCII kebab-case"
        assert (c, RDF.type, SKOS.Concept) in g
        assert (c, SKOS.inScheme, scheme) in g
        assert (c, SKOS.topConceptOf, scheme) in g and (scheme, SKOS.hasTopConcept, c) in g
        assert len(pref(g, c, "fr")) == 1, f"{c}: needs exactly one French prefLabel"
        assert len(pref(g, c, "en")) == 1, f"{c}: needs exactly one English prefLabel"
        assert g.value(c, SKOS.definition) is not None, f"{c}: no skos:definition"
        for lab in labels(g, c):
            assert lab.language in ("fr", "en"), f"{c}: label {lab!r} without @fr/@en"
            assert str(lab) == str(lab).strip() != "", f"{c}: blank or padded label {lab!r}"
        # SKOS: pref/alt/hidden labels are pairwise disjoint
        for a, b in (
            (SKOS.prefLabel, SKOS.altLabel),
            (SKOS.prefLabel, SKOS.hiddenLabel),
            (SKOS.altLabel, SKOS.hiddenLabel),
        ):
            assert not set(g.objects(c, a)) & set(g.objects(c, b)), f"{c}: same label in {a} and {b}"


def test_no_two_devices_share_a_label():
    g = load("devices.ttl")
    owner: dict[str, URIRef] = {}
    clashes = []
    for c in concepts(g, BSL.Device):
        for lab in {fold(x) for x in labels(g, c)}:
            if lab in owner and owner[lab] != c:
                clashes.append((lab, owner[lab], c))
            owner[lab] = c
    assert not clashes, f"labels shared by two devices: {clashes}"


def test_no_two_themes_share_a_label_or_keyword():
    g = load("themes.ttl")
    owner: dict[str, URIRef] = {}
    clashes = []
    for c in concepts(g, BSL.Theme):
        for lab in {fold(x) for x in labels(g, c)}:
            if lab in owner and owner[lab] != c:
                clashes.append((lab, owner[lab], c))
            owner[lab] = c
    assert not clashes, f"labels shared by two themes: {clashes}"


def test_themes_have_bilingual_keywords():
    g = load("themes.ttl")
    for c in concepts(g, BSL.Theme):
        hidden = list(g.objects(c, SKOS.hiddenLabel))
        assert 10 <= len(hidden) <= 25, f"{c}: {len(hidden)} keywords"
        assert len({fold(h) for h in hidden}) == len(hidden), f"{c}: duplicate keywords"
        langs = [h.language for h in hidden]
        assert langs.count("fr") >= 8 and langs.count("en") >= 8, f"{c}: keywords not bilingual"
        assert any(a.language == "fr" for a in g.objects(c, SKOS.altLabel))
        assert any(a.language == "en" for a in g.objects(c, SKOS.altLabel))


def test_device_subjects_are_existing_themes():
    devices, themes = load("devices.ttl"), load("themes.ttl")
    known = set(concepts(themes, BSL.Theme))
    for c in concepts(devices, BSL.Device):
        subjects = set(devices.objects(c, DCTERMS.subject))
        # a device without a theme never reaches theme facets and boosts; one with more than three
        # matches every theme query and stops discriminating
        assert subjects, f"{c}: no theme"
        assert len(subjects) <= 3, f"{c}: {len(subjects)} themes"
        assert subjects <= known, f"{c}: unknown themes {subjects - known}"


def test_related_devices_exist():
    g = load("devices.ttl")
    known = set(concepts(g, BSL.Device))
    for s, o in g.subject_objects(SKOS.related):
        assert o in known, f"{s} skos:related unknown {o}"


@pytest.mark.parametrize(
    "device,variants",
    [
        ("6e-tremplin", ["6E TREMLIN", "6E TREPLIN", "6E TREMPIN", "6e tremplin"]),
        ("phare", ["PHARE", "pHARe"]),
        ("cnr-notre-ecole", ["REFOUNDATION", "REFORMATION", "CNR", "CONSEIL NATIONAL DE LA REFOUNDATION"]),
        ("erasmus-plus", ["Erasmus+", "Erasmus +"]),
        ("territoires-educatifs-ruraux", ["TER", "rural educational territories"]),
        (
            "internats-d-excellence",
            ["IEX", "internat d'excellence", "excellence boarding schools", "boarding school of excellence"],
        ),
        ("cordees-de-la-reussite", ["cordées de la réussite"]),
    ],
)
def test_spelling_variants_are_labels(device, variants):
    g = load("devices.ttl")
    have = {str(x) for x in labels(g, BSLD[device])}
    for v in variants:
        assert v in have, f"{v!r} is not a label of bsld:{device}"


@pytest.mark.parametrize(
    "device,word",
    [
        ("pas", "PAS"),
        ("pix", "PIX"),
        ("phare", "PHARE"),
        ("territoires-educatifs-ruraux", "TER"),
        ("classes-et-lycees-engages", "CLE"),
        ("ent", "ENT"),
        ("adage", "Adage"),
    ],
)
def test_common_word_acronyms_are_ambiguous(device, word):
    g = load("devices.ttl")
    assert Literal(word) in set(g.objects(BSLD[device], BSL.ambiguousLabel))


def test_ambiguous_labels_are_labels_of_their_concept():
    for name in ("devices.ttl", "themes.ttl"):
        g = load(name)
        for c, amb in g.subject_objects(BSL.ambiguousLabel):
            assert str(amb) in {str(x) for x in labels(g, c)}, f"{c}: {amb!r} is not one of its labels"
    # the acronym itself stays an altLabel (a hiddenLabel only for a spelling variant)
    g = load("devices.ttl")
    for device, acronym in (
        ("pas", "PAS"),
        ("territoires-educatifs-ruraux", "TER"),
        ("classes-et-lycees-engages", "CLE"),
    ):
        assert Literal(acronym, lang="fr") in set(g.objects(BSLD[device], SKOS.altLabel))


# Every device named in the two seed plans: (surface form as written, device id).
SEED_MENTIONS = [
    ("territoires éducatifs ruraux", "territoires-educatifs-ruraux"),
    ("TER", "territoires-educatifs-ruraux"),
    ("cordée de la réussite", "cordees-de-la-reussite"),
    ("Cordées de la réussite", "cordees-de-la-reussite"),
    ("têtes de cordées", "cordees-de-la-reussite"),
    ("internats d’excellence", "internats-d-excellence"),
    ("internats d'excellence", "internats-d-excellence"),
    ("IEX", "internats-d-excellence"),
    ("cités éducatives", "cites-educatives"),
    ("cité éducative", "cites-educatives"),
    ("CNR", "cnr-notre-ecole"),
    ("Conseil National de la Refondation", "cnr-notre-ecole"),
    ("CONSEIL NATIONAL DE LA REFOUNDATION", "cnr-notre-ecole"),
    ("CONSEIL NATIONAL DE LA REFORMATION", "cnr-notre-ecole"),
    ("NOTRE ÉCOLE FAISONS-LA ENSEMBLE", "cnr-notre-ecole"),
    ("espaces numeriques de travail", "ent"),
    ("labellisations « égalité filles-garcons »", "label-egalite-filles-garcons"),
    ("labellisation égalité garçons filles", "label-egalite-filles-garcons"),
    ("retour en formation", "droit-au-retour-en-formation"),
    ("choc des savoirs", "choc-des-savoirs"),
    ("choc des savoirs en lycée professionnel", "reforme-lycee-professionnel"),
    ("réforme du lycée professionnel", "reforme-lycee-professionnel"),
    ("6E TREMPLIN", "6e-tremplin"),
    ("6E TREMLIN", "6e-tremplin"),
    ("6E TREPLIN", "6e-tremplin"),
    ("6E TREMPIN", "6e-tremplin"),
    ("6e tremplin", "6e-tremplin"),
    ("PRÉPA SECONDE", "prepa-seconde"),
    ("prépa seconde", "prepa-seconde"),
    ("réseaux d'éducation prioritaire", "education-prioritaire"),
    ("REP+", "education-prioritaire"),
    ("PEP+", "education-prioritaire"),
    ("éducation prioritaire", "education-prioritaire"),
    ("classes dédoublées", "dedoublement-des-classes"),
    ("dédoublement", "dedoublement-des-classes"),
    ("effectifs maximums de 24 élèves", "plafonnement-24-eleves"),
    ("Plan maternelle", "plan-maternelle"),
    ("plans maths", "plan-mathematiques"),
    ("laboratoires de mathématiques", "laboratoires-de-mathematiques"),
    ("Devoirs faits", "devoirs-faits"),
    ("PIX", "pix"),
    ("PIX+EDU", "pix-edu"),
    ("Territoire numérique éducatif", "territoires-numeriques-educatifs"),
    ("TNE", "territoires-numeriques-educatifs"),
    ("numérique et sciences informatiques", "specialite-nsi"),
    ("NSI", "specialite-nsi"),
    ("ProFAN", "profan"),
    ("école promotrice de santé", "ecole-promotrice-de-sante"),
    ("EPSa", "ecole-promotrice-de-sante"),
    ("ÉduSanté", "edusante"),
    ("EduSanté", "edusante"),
    ("service sanitaire des étudiants en santé", "service-sanitaire"),
    ("Unités Localisées pour l'Inclusion Scolaire", "ulis"),
    ("ULIS", "ulis"),
    ("CAPPEI", "cappei"),
    ("AESH", "aesh"),
    ("accompagnants d'élèves en situation de handicap", "aesh"),
    ("pôles inclusifs d'accompagnement localisé", "pial"),
    ("PIAL", "pial"),
    ("conférence nationale du handicap", "conference-nationale-du-handicap"),
    ("instituts médico-éducatifs (IME) dans l'école", "ime-a-l-ecole"),
    ("AGESH", "agesh"),
    ("Livret de parcours inclusif", "livret-parcours-inclusif"),
    ("LPI", "livret-parcours-inclusif"),
    ("PPRE", "ppre"),
    ("PAP", "pap"),
    ("PAI", "pai"),
    ("PPS", "pps"),
    ("pôles d'appui à la scolarité", "pas"),
    ("PAS", "pas"),
    ("Stratégie pour les troubles du neurodéveloppement", "strategie-tnd"),
    ("unités d'enseignement autisme", "unites-enseignement-autisme"),
    ("unités autisme", "unites-enseignement-autisme"),
    ("dispositif auto régulation", "dispositif-autoregulation"),
    ("CASNAV", "casnav"),
    ("classes à horaires aménagés", "classes-a-horaires-amenages"),
    ("sections internationales", "sections-internationales"),
    ("section internationale", "sections-internationales"),
    ("parcours ambition emploi", "parcours-ambition-emploi"),
    ("AVENIR PRO", "avenir-pro"),
    ("bureau des entreprises", "bureau-des-entreprises"),
    ("3ème prépa métiers", "3e-prepa-metiers"),
    ("3PPM", "3e-prepa-metiers"),
    ("parcours en Y", "parcours-en-y"),
    ("découverte des métiers", "decouverte-des-metiers"),
    ("parcours avenir", "parcours-avenir"),
    ("Campus des métiers et des qualifications", "campus-des-metiers"),
    ("Forum numérique Elles", "numerik-elles"),
    ("Numérik'Elles", "numerik-elles"),
    ("service national universel", "snu"),
    ("séjour de cohésion", "snu"),
    ("classes et lycées engagés", "classes-et-lycees-engages"),
    ("CLE", "classes-et-lycees-engages"),
    ("classes engagées", "classes-et-lycees-engages"),
    ("éducation aux médias et à l'information", "emi"),
    ("EMI", "emi"),
    ("classes défense et sécurité globale", "classes-defense"),
    ("CDSG", "classes-defense"),
    ("programme PHARE", "phare"),
    ("pHARe", "phare"),
    ("CVC", "conseils-vie-collegienne-lyceenne"),
    ("CVL", "conseils-vie-collegienne-lyceenne"),
    ("CLEA", "clea"),
    ("contrat local d'éducation artistique", "clea"),
    ("Création en cours", "creation-en-cours"),
    ("ROLL", "roll"),
    ("Pass Culture", "pass-culture"),
    ("parcours d'éducation artistique et culturel", "peac"),
    ("PEAC", "peac"),
    ("éducation artistique et culturelle", "peac"),
    ("Adage", "adage"),
    ("E3D", "e3d"),
    ("aires éducatives", "aires-educatives"),
    ("Erasmus+", "erasmus-plus"),
    ("Erasmus +", "erasmus-plus"),
    ("Erasmus", "erasmus-plus"),
    ("Euroscol", "euroscol"),
    ("sections européennes", "sections-europeennes"),
    ("contrats culture-ruralité", "contrats-culture-ruralite"),
    ("campus connectés", "campus-connectes"),
    ("campus connecté", "campus-connectes"),
    ("Ambition DNB", "ambition-dnb"),
    ("petits déjeuners gratuits", "petits-dejeuners-gratuits"),
    ("cantine à 1€", "cantine-a-1-euro"),
    ("APC", "apc"),
    ("École ouverte", "ecole-ouverte"),
    ("école buissonnière", "ecole-ouverte"),
    ("Vacances apprenantes", "vacances-apprenantes"),
    ("éducation à la sexualité", "education-a-la-sexualite"),
    ("EAS", "education-a-la-sexualite"),
    ("PSC1", "psc1"),
    ("GQS", "gestes-qui-sauvent"),
    ("Gestes Qui Sauvent", "gestes-qui-sauvent"),
    ("premier secours en santé mentale", "premiers-secours-sante-mentale"),
    ("2 heures supplémentaires de sport au collège", "sport-2h-college"),
    ("PPPE", "pppe"),
    ("parcours préparatoire au professorat des écoles", "pppe"),
    ("École Académique de la Formation continue", "eafc"),
    ("EAFC", "eafc"),
    ("plan académique de formation", "paf"),
    ("PAF", "paf"),
    ("m@gistère", "magistere"),
    ("lycée des métiers", "lycee-des-metiers"),
    ("FCIL", "fcil"),
    ("comité académique d'éducation à la santé, à la citoyenneté et à l'environnement", "cesce"),
    ("CAESCE", "cesce"),
    ("évaluations nationales", "evaluations-nationales"),
    ("évaluation des écoles", "evaluation-des-etablissements"),
    ("conseil académique des savoirs fondamentaux", "casf"),
    ("CASF", "casf"),
    ("convention éducation prioritaire", "conventions-education-prioritaire"),
]


@lru_cache(maxsize=None)
def corpus_text() -> str:
    return " ".join(fold(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt")))


@pytest.mark.parametrize("surface,device", SEED_MENTIONS)
def test_seed_plan_devices_are_in_the_thesaurus(surface, device):
    g = load("devices.ttl")
    assert (BSLD[device], RDF.type, BSL.Device) in g, f"bsld:{device} missing"
    assert fold(surface) in {fold(x) for x in labels(g, BSLD[device])}, f"{surface!r} is not a label of bsld:{device}"
    if CORPUS.is_dir() and any(CORPUS.glob("*.txt")):
        assert fold(surface) in corpus_text(), f"{surface!r} not found in the seed plans"


@pytest.mark.parametrize(
    "query,expected",
    [
        ("excellence boarding schools", "internats-d-excellence"),
        ("anti-harassment programme in secondary schools", "phare"),
        ("mentoring networks linking high schools and higher education", "cordees-de-la-reussite"),
        ("rural educational territories and their partners", "territoires-educatifs-ruraux"),
        ("international sections and European labels", "sections-internationales"),
        ("free school breakfasts", "petits-dejeuners-gratuits"),
        ("projects supporting rural access to culture", "rurality"),
        ("children with autism", "inclusion"),
        ("school-business relations in vocational high schools", "vocational"),
        ("artificial intelligence in teaching", "digital"),
        ("student wellbeing and school climate", "school-climate"),
        ("professional development of teachers", "staff"),
    ],
)
def test_english_queries_reach_concepts(query, expected):
    """English words an adviser would type hit a device or theme label (cross-lingual expansion)."""
    q = f" {fold(query)} "
    hits = set()
    for name, cls in (("devices.ttl", BSL.Device), ("themes.ttl", BSL.Theme)):
        g = load(name)
        for c in concepts(g, cls):
            if any(f" {fold(lab)} " in q for lab in labels(g, c) if lab.language == "en"):
                hits.add(str(c).rsplit("/", 1)[1])
    assert expected in hits


# --------------------------------------------------------------------------- SHACL


def _stub_thesaurus(g: Graph) -> None:
    for c, cls, scheme in (
        (BSLD["cnr-notre-ecole"], BSL.Device, BSLD.scheme),
        (BSLT["social-equity"], BSL.Theme, BSLT.scheme),
    ):
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, RDF.type, cls))
        g.add((c, SKOS.inScheme, scheme))
        g.add((c, SKOS.prefLabel, Literal("libellé", lang="fr")))
        g.add((c, SKOS.prefLabel, Literal("label", lang="en")))


def valid_graph() -> Graph:
    g = Graph()
    g.bind("bsl", BSL)
    academy, doc, plan = DATA["academy/amiens"], DATA["doc/1"], DATA["plan/amiens"]
    g.add((academy, RDF.type, BSL.Academy))
    g.add((academy, RDFS.label, Literal("Académie d'Amiens", lang="fr")))
    g.add((doc, RDF.type, BSL.SourceDocument))
    g.add((doc, BSL.sha256, Literal("0123456789abcdef" * 4)))
    g.add((doc, BSL.path, Literal("amiens_ambitions-2025_bilan-etape.txt")))
    g.add((doc, BSL.lineCount, Literal(2194)))
    g.add((plan, RDF.type, BSL.Plan))
    g.add((plan, DCTERMS.title, Literal("Ambitions 2025 — bilan d'étape", lang="fr")))
    g.add((plan, DCTERMS.publisher, academy))
    g.add((plan, DCTERMS.temporal, Literal("2021-2025")))
    g.add((plan, DCTERMS.source, doc))
    g.add((plan, BSL.documentKind, Literal("progress-report")))

    def node(local, cls, label, line, broader=None):
        n, span = DATA[local], DATA[f"span/{local}"]
        g.add((span, RDF.type, BSL.TextSpan))
        g.add((span, BSL.document, doc))
        g.add((span, BSL.startLine, Literal(line)))
        g.add((span, BSL.endLine, Literal(line + 2)))
        g.add((span, BSL.quote, Literal(label)))
        g.add((n, RDF.type, cls))
        g.add((n, BSL.inPlan, plan))
        g.add((n, RDFS.label, Literal(label, lang="fr")))
        g.add((n, SKOS.prefLabel, Literal(label, lang="fr")))
        g.add((n, PROV.wasDerivedFrom, span))
        if broader is not None:
            g.add((n, SKOS.broader, broader))
            g.add((broader, SKOS.narrower, n))
        return n

    axis = node("axis/1", BSL.Axis, "Savoirs et compétences", 10)
    g.add((plan, BSL.hasAxis, axis))
    g.add((axis, SKOS.notation, Literal("1")))
    objective = node("objective/1-2", BSL.Objective, "Agir pour une école toujours plus inclusive", 20, axis)
    g.add((axis, BSL.hasObjective, objective))
    indicator = node("indicator/1", BSL.Indicator, "Taux d'occupation des internats d'excellence", 30, objective)
    engagement = node("engagement/1", BSL.Engagement, "Développer une culture de l'inclusion", 40, objective)
    action = node("action/1", BSL.Action, "Transformer les PIAL en pôles d'appui à la scolarité", 50, objective)
    g.add((action, BSL.status, Literal("planned")))
    for p, o in ((BSL.hasIndicator, indicator), (BSL.hasEngagement, engagement), (BSL.hasAction, action)):
        g.add((objective, p, o))
    node("focus/1", BSL.Focus, "6E TREMPLIN", 60)
    node("passage/1", BSL.Passage, "Les évolutions depuis 2021", 70)
    school = DATA["school/lp-colard-noel"]
    g.add((school, RDF.type, BSL.School))
    g.add((school, RDFS.label, Literal("LP Colard Noël", lang="fr")))
    project = node("project/1", BSL.Project, "Un Vol pour l'Avenir", 80)
    g.add((project, BSL.isCNR, Literal(True)))
    g.add((project, BSL.carriedBy, school))
    g.add((project, BSL.presentedUnder, objective))
    g.add((project, BSL.device, BSLD["cnr-notre-ecole"]))
    g.add((project, BSL.matchedText, Literal("CNR")))
    figure = node("figure/1", BSL.Figure, "17220 élèves en situation de handicap", 90)
    g.add((figure, BSL.value, Literal(Decimal("17220"))))
    g.add((figure, BSL.unit, Literal("élèves")))
    g.add((figure, BSL.measure, Literal("élèves en situation de handicap scolarisés en milieu ordinaire")))
    g.add((figure, BSL.refPeriod, Literal("2024")))
    g.add((figure, BSL.describes, objective))
    assignment = BNode()
    g.add((action, BSL.themeAssignment, assignment))
    g.add((assignment, RDF.type, BSL.ThemeAssignment))
    g.add((assignment, BSL.theme, BSLT["social-equity"]))
    g.add((assignment, BSL.score, Literal(Decimal("0.82"))))
    g.add((action, DCTERMS.subject, BSLT["social-equity"]))
    _stub_thesaurus(g)
    return g


def validate(data: Graph):
    pyshacl = pytest.importorskip("pyshacl")
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=load("shapes.ttl"), inference="none", advanced=False, allow_warnings=False
    )
    found = [
        (results.value(r, SH.focusNode), str(results.value(r, SH.resultMessage)))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    return conforms, found, text


def test_shapes_accept_a_valid_graph():
    conforms, found, text = validate(valid_graph())
    assert conforms, text


def test_shapes_accept_the_thesauri():
    g = Graph()
    for name in ("boussole.ttl", "devices.ttl", "themes.ttl"):
        g += load(name)
    conforms, found, text = validate(g)
    assert conforms, text


def _drop(subject, predicate):
    return lambda g: g.remove((subject, predicate, None))


def _set(subject, predicate, value):
    def mutate(g):
        g.remove((subject, predicate, None))
        g.add((subject, predicate, value))

    return mutate


INVALID = {
    "indicator without provenance": (
        _drop(DATA["indicator/1"], PROV.wasDerivedFrom),
        DATA["indicator/1"],
        "prov:wasDerivedFrom",
    ),
    "span ending before it starts": (
        _set(DATA["span/axis/1"], BSL.endLine, Literal(5)),
        DATA["span/axis/1"],
        "endLine",
    ),
    "span starting at line 0": (_set(DATA["span/axis/1"], BSL.startLine, Literal(0)), DATA["span/axis/1"], "startLine"),
    "span without quote": (_drop(DATA["span/axis/1"], BSL.quote), DATA["span/axis/1"], "bsl:quote"),
    "action with unknown status": (
        _set(DATA["action/1"], BSL.status, Literal("ongoing")),
        DATA["action/1"],
        "bsl:status",
    ),
    "objective under a plan": (
        _set(DATA["objective/1-2"], SKOS.broader, DATA["plan/amiens"]),
        DATA["objective/1-2"],
        "bsl:Axis",
    ),
    "indicator with two parents": (
        lambda g: g.add((DATA["indicator/1"], SKOS.broader, DATA["axis/1"])),
        DATA["indicator/1"],
        "skos:broader",
    ),
    "figure value as double": (_set(DATA["figure/1"], BSL.value, Literal(17220.0)), DATA["figure/1"], "xsd:decimal"),
    "figure without unit": (_drop(DATA["figure/1"], BSL.unit), DATA["figure/1"], "bsl:unit"),
    "plan with bad kind": (
        _set(DATA["plan/amiens"], BSL.documentKind, Literal("report")),
        DATA["plan/amiens"],
        "documentKind",
    ),
    "plan published by a school": (
        _set(DATA["plan/amiens"], DCTERMS.publisher, DATA["school/lp-colard-noel"]),
        DATA["plan/amiens"],
        "bsl:Academy",
    ),
    "plan with two titles": (
        lambda g: g.add((DATA["plan/amiens"], DCTERMS.title, Literal("Autre titre", lang="fr"))),
        DATA["plan/amiens"],
        "dcterms:title",
    ),
    "axis in no plan": (_drop(DATA["axis/1"], BSL.inPlan), DATA["axis/1"], "bsl:inPlan"),
    "engagement with English label only": (
        _set(DATA["engagement/1"], RDFS.label, Literal("Develop a culture of inclusion", lang="en")),
        DATA["engagement/1"],
        "French",
    ),
    "passage with a too short label": (
        _set(DATA["passage/1"], RDFS.label, Literal("Le", lang="fr")),
        DATA["passage/1"],
        "rdfs:label",
    ),
    "link to an unknown device": (
        lambda g: g.add((DATA["project/1"], BSL.device, BSLD["no-such-device"])),
        BSLD["no-such-device"],
        "bsl:device",
    ),
    "device without English label": (
        lambda g: g.remove((BSLD["cnr-notre-ecole"], SKOS.prefLabel, Literal("label", lang="en"))),
        BSLD["cnr-notre-ecole"],
        "English",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_shapes_reject_invalid_graphs(case):
    mutate, focus, words = INVALID[case]
    g = valid_graph()
    mutate(g)
    conforms, found, text = validate(g)
    assert not conforms, f"{case}: accepted"
    messages = [m for f, m in found if f == focus]
    assert messages, f"{case}: no result on {focus}; got {found}"
    assert any(words in m for m in messages), f"{case}: {messages}"
