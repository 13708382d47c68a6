"""Hand-made ExtractedPlans: a small realistic one (tests, demos, other layers' tests) and a
synthetic generator of any size (timing). Pure data, no I/O.

Device ids are those expected in ontology/devices.ttl; if the thesaurus names one differently
the SHACL check of the sample says so (bsl:device objects must be bsl:Device).
"""

from __future__ import annotations

import hashlib

from boussole.ingest.model import (
    DeviceMention,
    DocumentMeta,
    ExtractedPlan,
    Figure,
    Node,
    Organisation,
    Place,
    Project,
    Span,
)

# A mini thesaurus in the shape of ontology/themes.ttl and devices.ttl: lets tests and other layers
# tag text without depending on the packaged files' exact content.
MINI_THEMES = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix bsl: <https://w3id.org/boussole/ns#> .
@prefix bslt: <https://w3id.org/boussole/theme/> .
bslt:scheme a skos:ConceptScheme .
bslt:culture a bsl:Theme, skos:Concept ; skos:inScheme bslt:scheme ;
  skos:prefLabel "Culture"@fr, "Culture"@en ; skos:altLabel "éducation artistique et culturelle"@fr ;
  skos:hiddenLabel "artiste"@fr, "résidence d'artistes"@fr, "lecture"@fr, "EAC"@fr .
bslt:rurality a bsl:Theme, skos:Concept ; skos:inScheme bslt:scheme ;
  skos:prefLabel "Ruralité"@fr, "Rurality"@en ; skos:hiddenLabel "rural"@fr, "ruraux"@fr, "rurale"@fr, "campagne"@fr .
bslt:harassment a bsl:Theme, skos:Concept ; skos:inScheme bslt:scheme ;
  skos:prefLabel "Harcèlement"@fr, "Harassment"@en ; skos:hiddenLabel "cyberharcèlement"@fr .
bslt:digital a bsl:Theme, skos:Concept ; skos:inScheme bslt:scheme ;
  skos:prefLabel "Numérique"@fr, "Digital"@en ; skos:hiddenLabel "art"@fr .
"""
MINI_DEVICES = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix bsld: <https://w3id.org/boussole/device/> .
@prefix bslt: <https://w3id.org/boussole/theme/> .
bsld:territoires-educatifs-ruraux a skos:Concept ; skos:prefLabel "territoires éducatifs ruraux"@fr ;
  dcterms:subject bslt:rurality .
bsld:pass-culture a skos:Concept ; skos:prefLabel "Pass Culture"@fr ; dcterms:subject bslt:culture .
"""


def mini_tagger(threshold: float | None = None):
    from rdflib import Graph

    from .themes import DEFAULT_THRESHOLD, ThemeTagger

    return ThemeTagger.from_graphs(
        Graph().parse(data=MINI_THEMES, format="turtle"),
        Graph().parse(data=MINI_DEVICES, format="turtle"),
        DEFAULT_THRESHOLD if threshold is None else threshold,
    )


TER = "territoires-educatifs-ruraux"
PASS_CULTURE = "pass-culture"
INTERNATS = "internats-d-excellence"
DEVOIRS_FAITS = "devoirs-faits"
PHARE = "phare"
CORDEES = "cordees-de-la-reussite"

SAMPLE_LINES = [
    "PROJET ACADÉMIQUE 2023-2027",  # 1
    "Le projet académique guide l'action de toute la communauté éducative.",  # 2
    "AXE 1 : Garantir la réussite de chaque élève",  # 3
    "1.1 Favoriser l'accès à la culture des élèves des territoires ruraux",  # 4
    "NOS ENGAGEMENTS",  # 5
    "Développer les résidences d'artistes dans les écoles des TER",  # 6
    "Indicateurs",  # 7
    "Part des élèves ayant utilisé le Pass Culture",  # 8
    "Nombre de territoires éducatifs ruraux labellisés",  # 9
    "Actions réalisées",  # 10
    "Ouverture de 13 internats d'excellence en 2024",  # 11
    "Actions à venir",  # 12
    "Étendre devoirs faits à tous les collèges ruraux",  # 13
    "1.2 Lutter contre le harcèlement",  # 14
    "Déployer le programme pHARe dans tous les collèges",  # 15
    "Taux d'écoles formées au programme pHARe : +19 % en une année scolaire",  # 16
    "FOCUS SUR les cordées de la réussite",  # 17
    "PROJET CNR : « Lire à la campagne », collège Jean Moulin, Saint-Flour (Cantal)",  # 18
    "120 élèves lisent chaque semaine avec des auteurs en résidence.",  # 19
    "PROJET : « Sciences en partage », lycée Paul Constans, Montluçon (Allier)",  # 20
    "L'académie compte 27 % d'élèves scolarisés en zone rurale.",  # 21
]


def _span(start: int, end: int | None = None) -> Span:
    end = start if end is None else end
    return Span(start, end, "\n".join(SAMPLE_LINES[start - 1 : end]))


def sample_plan() -> ExtractedPlan:
    """One axis, two objectives, engagements, indicators, actions (done/planned), a focus,
    figures, two projects (one CNR) with schools in communes of départements, device mentions."""
    text = "\n".join(SAMPLE_LINES).encode("utf-8")
    meta = DocumentMeta(
        path="corpus/exemple_projet-academique_2023-2027.txt",
        sha256=hashlib.sha256(text).hexdigest(),
        academy="Clermont-Ferrand",
        title="Projet académique 2023-2027",
        period="2023-2027",
        kind="plan",
        n_lines=len(SAMPLE_LINES),
    )
    ter6 = DeviceMention(TER, "TER", 6)
    ter9 = DeviceMention(TER, "territoires éducatifs ruraux", 9)
    pc = DeviceMention(PASS_CULTURE, "Pass Culture", 8)
    ie = DeviceMention(INTERNATS, "internats d'excellence", 11)
    df = DeviceMention(DEVOIRS_FAITS, "devoirs faits", 13)
    ph15 = DeviceMention(PHARE, "pHARe", 15)
    ph16 = DeviceMention(PHARE, "pHARe", 16)
    co = DeviceMention(CORDEES, "cordées de la réussite", 17)

    o11 = Node(
        "objective",
        "Favoriser l'accès à la culture des élèves des territoires ruraux",
        _span(4),
        notation="1.1",
        children=[
            Node(
                "engagement", "Développer les résidences d'artistes dans les écoles des TER", _span(6), devices=[ter6]
            ),
            Node("indicator", "Part des élèves ayant utilisé le Pass Culture", _span(8), devices=[pc]),
            Node("indicator", "Nombre de territoires éducatifs ruraux labellisés", _span(9), devices=[ter9]),
            Node(
                "action",
                "Ouverture de 13 internats d'excellence en 2024",
                _span(11),
                status="done",
                devices=[ie],
                figures=[
                    Figure(
                        13,
                        "internats d'excellence",
                        "internats d'excellence ouverts",
                        "2024",
                        "Ouverture de 13 internats d'excellence en 2024",
                        _span(11),
                    )
                ],
            ),
            Node(
                "action", "Étendre devoirs faits à tous les collèges ruraux", _span(13), status="planned", devices=[df]
            ),
        ],
    )
    o12 = Node(
        "objective",
        "Lutter contre le harcèlement",
        _span(14),
        notation="1.2",
        children=[
            Node("engagement", "Déployer le programme pHARe dans tous les collèges", _span(15), devices=[ph15]),
            Node(
                "indicator",
                "Taux d'écoles formées au programme pHARe",
                _span(16),
                text="Taux d'écoles formées au programme pHARe : +19 % en une année scolaire",
                devices=[ph16],
                figures=[
                    Figure(
                        19,
                        "%",
                        "écoles formées au programme pHARe",
                        "2023-2024",
                        "+19 % en une année scolaire",
                        _span(16),
                    )
                ],
            ),
            Node("focus", "Les cordées de la réussite", _span(17), devices=[co]),
        ],
    )
    axis = Node("axis", "Garantir la réussite de chaque élève", _span(3), notation="1", children=[o11, o12])
    saint_flour = Place("Saint-Flour", "commune")
    cantal = Place("Cantal", "departement", "15")
    montlucon = Place("Montluçon", "commune")
    allier = Place("Allier", "departement", "03")
    projects = [
        Project(
            "Lire à la campagne",
            _span(18, 19),
            description="120 élèves lisent chaque semaine avec des auteurs en résidence.",
            establishment=Organisation("Collège Jean Moulin", "school"),
            commune=saint_flour,
            departement=cantal,
            is_cnr=True,
            objective="1.1",
            devices=[],
            figures=[
                Figure(
                    120,
                    "élèves",
                    "élèves lecteurs",
                    None,
                    "120 élèves lisent chaque semaine avec des auteurs en résidence.",
                    _span(19),
                )
            ],
        ),
        Project(
            "Sciences en partage",
            _span(20),
            establishment=Organisation("Lycée Paul Constans", "school"),
            commune=montlucon,
            departement=allier,
            is_cnr=False,
            objective="1.2",
        ),
    ]
    passages = [Node("passage", "Le projet académique guide l'action de toute la communauté éducative.", _span(2))]
    figures = [
        Figure(
            27,
            "%",
            "élèves scolarisés en zone rurale",
            None,
            "L'académie compte 27 % d'élèves scolarisés en zone rurale.",
            _span(21),
        )
    ]
    devices = [ter6, pc, ter9, ie, df, ph15, ph16, co]
    return ExtractedPlan(
        meta=meta,
        axes=[axis],
        projects=projects,
        passages=passages,
        figures=figures,
        devices=devices,
        places=[saint_flour, cantal, montlucon, allier],
        organisations=[Organisation("DRAC Auvergne-Rhône-Alpes")],
    )


def synthetic_plan(
    n_objectives: int = 100, leaves_per_objective: int = 8, academy: str = "Synthèse", period: str = "2030-2034"
) -> ExtractedPlan:
    """A large plan of the sample's shape: ~ (n_objectives × leaves × 16) triples."""
    lines: list[str] = []

    def line(text: str) -> Span:
        lines.append(text)
        return Span(len(lines), len(lines), text)

    axes = []
    per_axis = 10
    for a in range(max(1, n_objectives // per_axis)):
        axis = Node(
            "axis", f"Axe {a + 1} : ambition numéro {a + 1} pour la réussite", line(f"AXE {a + 1}"), notation=str(a + 1)
        )
        for o in range(per_axis):
            notation = f"{a + 1}.{o + 1}"
            obj = Node(
                "objective",
                f"Objectif {notation} : culture et ruralité, étape {o}",
                line(f"{notation} objectif"),
                notation=notation,
            )
            for k in range(leaves_per_objective):
                kind = ("engagement", "indicator", "action")[k % 3]
                text = f"{kind} {notation}.{k} : accès à la culture en territoire rural et au numérique ({k})"
                leaf = Node(
                    kind,
                    text,
                    line(text),
                    status="done" if kind == "action" else None,
                    devices=[DeviceMention(TER, "TER", len(lines))] if k % 4 == 0 else [],
                )
                if k % 5 == 0:
                    leaf.figures.append(Figure(float(k) + 0.5, "%", "taux", "2024", text, leaf.span))
                obj.children.append(leaf)
            axis.children.append(obj)
        axes.append(axis)
    meta = DocumentMeta(
        path=f"synthetic/{academy}.txt",
        sha256=hashlib.sha256("\n".join(lines).encode()).hexdigest(),
        academy=academy,
        title=f"Plan synthétique {period}",
        period=period,
        kind="plan",
        n_lines=len(lines),
    )
    return ExtractedPlan(meta=meta, axes=axes)
