"""The plan reader's passes on small texts: layout rules, level words by evidence, never
refusing a real plan, académie and period inferred from the text or the file name."""

from __future__ import annotations

import pytest

from boussole.ingest import layout
from boussole.ingest.headings import classify, document_levels
from boussole.ingest.meta import infer_academy, infer_period
from boussole.ingest.pipeline import extract, summary
from boussole.ingest.read import IngestError

TINY = """PROJET ACADÉMIQUE 2024-2028

AXE 1
Réussir à l'école

OBJECTIF 1
Garantir la maîtrise des savoirs fondamentaux par les élèves

Indicateurs
Résultats aux évaluations nationales de sixième
"""


def _tree(plan):
    return [
        (
            a.label,
            [
                (o.label, [(leaf.kind, leaf.label) for leaf in o.children if leaf.kind != "passage"])
                for o in a.children
                if o.kind == "objective"
            ],
        )
        for a in plan.axes
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_tiny_plan_in_both_encodings(tmp_path, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(TINY.encode(encoding))
    plan = extract(path)
    assert _tree(plan) == [
        (
            "Réussir à l'école",
            [
                (
                    "Garantir la maîtrise des savoirs fondamentaux par les élèves",
                    [("indicator", "Résultats aux évaluations nationales de sixième")],
                )
            ],
        )
    ]
    assert plan.meta.period == "2024-2028"
    # no académie named anywhere: recorded as unknown and said, not refused
    assert plan.meta.academy.startswith(layout.compiled().unknown_academy)
    assert any("académie unknown" in w for w in plan.warnings)
    assert summary(plan).startswith("1 axes, 1 objectives, 1 indicators")


def test_academy_option_overrides(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(TINY, encoding="utf-8")
    plan = extract(path, academy="Reims", period="2023-2027")
    assert (plan.meta.academy, plan.meta.period) == ("Reims", "2023-2027")
    assert not any("unknown" in w for w in plan.warnings)


def test_weak_plan_is_ingested_with_its_passages(tmp_path):
    path = tmp_path / "ac-rouen_projet.txt"
    path.write_text(
        "Projet académique\n\nNos priorités pour les élèves : réussir, s'orienter, s'épanouir.\n\n"
        "Les indicateurs de suivi seront publiés chaque année par le rectorat.\n",
        encoding="utf-8",
    )
    plan = extract(path)
    assert plan.meta.academy == "Rouen"  # from the file name
    assert "structure partial" in plan.warnings
    assert any("indicateurs de suivi" in p.text for p in plan.passages)


def test_text_without_plan_vocabulary_is_refused(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text(
        "Menu de la cantine\n\nLundi : carottes râpées, poisson.\nMardi : soupe, poulet.\n", encoding="utf-8"
    )
    with pytest.raises(IngestError, match="not a plan"):
        extract(path)


@pytest.mark.parametrize(
    "text,name,expected",
    [
        ("Le recteur de l'académie de Rouen présente", "", "Rouen"),
        ("Rectorat de Reims — projet 2014-2017", "", "Reims"),
        ("Contact : www.ac-montpellier.fr", "", "Montpellier"),
        ("PROJET ACADÉMIQUE DE LA RÉUNION", "", "La Réunion"),
        ("Projet", "lyon-2016.pdf", "Lyon"),
        ("Projet", "plan.txt", None),
    ],
)
def test_academy_inferred(text, name, expected):
    assert infer_academy(text, name) == expected


def test_period_from_text():
    assert infer_period("Projet académique 2014-2017") == "2014-2017"


def test_level_words_take_their_depth_from_the_document():
    # "Orientation" alone is the top level; under "Axe" it is the second one
    alone = document_levels(["Orientation 1 : Réussir", "Orientation 2 : Grandir"])
    assert classify("Orientation 1 : Réussir", alone).kind == "axis"
    nested = document_levels(["Axe 1 : Réussir", "Orientation 1.1 : Lire", "Axe 2 : Grandir"])
    assert classify("Orientation 1.1 : Lire", nested).kind == "objective"
    # a plan of objectives alone has objectives, not axes; "Action n" below them is a leaf
    objectives = document_levels(["Objectif 1 : Lire", "Action 1 : Bibliothèques", "Objectif 2 : Écrire"])
    assert classify("Objectif 1 : Lire", objectives).kind == "objective"
    assert classify("Action 1 : Bibliothèques", objectives).kind == "leaf"


@pytest.mark.parametrize(
    "line,num,title",
    [
        ("AXE 1 : Réussir à l'école", "1", "Réussir à l'école"),
        ("Ambition n°2 – Accompagner chaque parcours", "2", "Accompagner chaque parcours"),
        ("PRIORITÉ III. FORMER", "III", "FORMER"),
        ("Axe A - Apprendre", "A", "Apprendre"),
        ("L'ambition pour chaque parcours - Axe 1 du projet 2014-2017", "1", "L'ambition pour chaque parcours"),
        ("AXE 2", "2", ""),
    ],
)
def test_title_placements(line, num, title):
    head = classify(line)
    assert (head.kind, head.num, head.title) == ("axis", num, title)


@pytest.mark.parametrize(
    "line", ["L'axe 1 est prioritaire.", "Ambitions 2025", "axe à la une", "Objectif de la réforme"]
)
def test_prose_is_not_a_heading(line):
    head = classify(line)
    assert head is None or head.kind not in ("axis", "objective")


def test_fingerprint_follows_rules_and_version(monkeypatch):
    before = layout.fingerprint()
    monkeypatch.setattr(layout, "READER_VERSION", "next")
    assert layout.fingerprint() != before


# -- the cleaning pass: noise blanked or repaired, one line out per line in -----------------------
from boussole.ingest.headings import toc_lines  # noqa: E402
from boussole.ingest.normalize import normalize  # noqa: E402


def test_noise_lines_are_blanked_and_numbering_kept():
    raw = [
        "Accueil > L'académie > Projet académique",
        "Publié le 12/09/2023",
        "Documents joints",
        "Format PDF - 2,3 Mo",
        "Projet académique 2013-2016 - page 25",
        "Citation preview",
        "Page 2: Projet académique 2013-2016",
        "AXE 1 : Réussir",
    ]
    lines = normalize(raw)
    assert [ln.number for ln in lines] == list(range(1, len(raw) + 1))
    # a hosting site's page caption is cut off; the page's text after it is kept
    assert [ln.text for ln in lines] == [""] * 6 + ["Projet académique 2013-2016", "AXE 1 : Réussir"]


def test_ligature_cuts_and_split_words_are_repaired():
    lines = normalize(
        ["Relever les défi s avec confi ance", "", "Proj", "et a", "cadé", "miq", "ue", "", "12", "13", "G"]
    )
    assert lines[0].text == "Relever les défis avec confiance"
    assert [ln.text for ln in lines[2:7]] == ["Projet académique", "", "", "", ""]
    # page numbers and OCR crumbs are not a split word
    assert [ln.text for ln in lines[8:]] == ["12", "13", "G"]


def test_table_of_contents_is_a_skeleton_not_a_second_copy():
    texts = [
        "SOMMAIRE",
        "",
        "Axe 1 : Réussir à l'école ............ 3",
        "Objectif 1 : Garantir la maîtrise des savoirs",
        "fondamentaux ............",
        "4",
        "Axe 2 : Grandir ............ 5",
        "",
        "Sommaire Axe 1 : Réussir 3 Objectif 1 : Garantir 4 Axe 2 : Grandir 5",
        "",
        "Axe 1 : Réussir à l'école",
    ]
    assert toc_lines(texts) == {2, 3, 4, 5, 6, 8}


def test_typography_gives_the_levels_a_plan_does_not_label():
    texts = [
        "PROJET ACADÉMIQUE 2020-2024",
        "",
        "Le projet s'articule autour de deux axes : réussir à l'école ; grandir ensemble.",
        "",
        "RÉUSSIR À L'ÉCOLE",
        "",
        "Garantir la maîtrise des savoirs",
        "",
        "Le texte du projet.",
        "",
        "Favoriser la lecture",
        "",
        "Le texte.",
        "",
        "GRANDIR ENSEMBLE",
        "",
        "Développer le sport",
        "",
        "Le texte.",
    ]
    levels = document_levels(texts)
    assert classify("RÉUSSIR À L'ÉCOLE", levels).kind == "axis"
    assert classify("Garantir la maîtrise des savoirs", levels).kind == "objective"
    assert classify("PROJET ACADÉMIQUE 2020-2024", levels) is None  # the cover is not a unit


def test_a_list_under_nos_priorites_announces_the_top_level(tmp_path):
    path = tmp_path / "nice.txt"
    path.write_text(
        "\n".join(
            [
                "ACADÉMIE DE NICE",
                "PROJET ACADÉMIQUE 2020-2024",
                "",
                "Nos priorités :",
                "• Garantir la réussite de chaque élève",
                "• Accompagner les personnels",
                "",
                "GARANTIR LA RÉUSSITE DE CHAQUE ÉLÈVE",
                "",
                "L'académie veut que chaque élève progresse, quelles que soient ses origines et son territoire.",
                "",
                "Renforcer les savoirs fondamentaux",
                "",
                "Les écoles travaillent la lecture et le calcul chaque jour, avec des outils.",
                "",
                "Accompagner les personnels",
                "",
                "Les personnels sont accompagnés tout au long de leur carrière professionnelle.",
                "",
                "Développer la formation continue",
                "",
                "La formation est proposée au plus près des établissements et des écoles.",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    plan = extract(path)
    assert [(a.label, [o.label for o in a.children if o.kind == "objective"]) for a in plan.axes] == [
        ("Garantir la réussite de chaque élève", ["Renforcer les savoirs fondamentaux"]),
        ("Accompagner les personnels", ["Développer la formation continue"]),
    ]
    # the announcing list stays as running text, searchable
    assert any("Accompagner les personnels" in p.text for p in plan.passages)


@pytest.mark.parametrize(
    "line,kind,num",
    [
        ("Premier axe : Réussir à l'école", "axis", "1"),
        ("2e axe – Grandir", "axis", "2"),
        ("AXE N°3 : Former", "axis", "3"),
        ("Objectif opérationnel 1.2 : Lire", "objective", "1.2"),
        # a roman axis's objectives carry its numeral: "II.3" is the third objective of axis II
        ("Objectif II.3 — Lire et écrire", "objective", "II.3"),
        ("AMBITION IV — GRANDIR", "axis", "IV"),
        ("Levier A.2 : Former", "objective", "A2"),
    ],
)
def test_number_shapes(line, kind, num):
    head = classify(line)
    assert (head.kind, head.num) == (kind, num)


def test_ordinal_in_prose_is_not_a_heading():
    assert classify("Premier axe du projet, la réussite de tous est notre priorité.") is None


# -- general shapes of real plans: three levels of numbers, front and back matter, key figures ----
def _write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_three_numbered_levels_with_a_skipped_number(tmp_path):
    # the plan names itself once and writes no level word: its numbers are the structure
    plan = extract(
        _write(
            tmp_path,
            "lyon.txt",
            [
                "ACADÉMIE DE LYON",
                "PROJET ACADÉMIQUE 2021-2025",
                "",
                "1. UNE ÉCOLE QUI FAIT RÉUSSIR",
                "",
                "1.1 La maîtrise des savoirs fondamentaux",
                "",
                "1.1.1 Généraliser les évaluations diagnostiques",
                "1.1.2 Former les enseignants à la didactique du français",
                "",
                "1.2 L'égalité des chances",
                "",
                "1.2.1 Renforcer l'éducation prioritaire",
                "",
                "2. UNE ÉCOLE QUI ACCOMPAGNE",
                "",
                "2.1 L'orientation",
                "",
                "2.1.1 Associer les familles aux choix d'orientation",
                "",
                "2.3 Le bien-être des élèves",
                "",
                "2.3.1 Lutter contre le harcèlement",
                "2.3.2 Promouvoir la santé",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école qui fait réussir",
            [
                (
                    "La maîtrise des savoirs fondamentaux",
                    [
                        ("engagement", "Généraliser les évaluations diagnostiques"),
                        ("engagement", "Former les enseignants à la didactique du français"),
                    ],
                ),
                ("L'égalité des chances", [("engagement", "Renforcer l'éducation prioritaire")]),
            ],
        ),
        (
            "Une école qui accompagne",
            [
                ("L'orientation", [("engagement", "Associer les familles aux choix d'orientation")]),
                (
                    "Le bien-être des élèves",
                    [("engagement", "Lutter contre le harcèlement"), ("engagement", "Promouvoir la santé")],
                ),
            ],
        ),
    ]


def test_back_matter_is_not_read_into_the_last_list(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Reims - Projet académique 2022-2026",
                "",
                "Éditorial du recteur",
                "",
                "Ce projet fixe notre cap pour quatre ans.",
                "",
                "Axe 1 : Réussir",
                "",
                "Objectif 1 : Lire chaque jour",
                "",
                "Indicateurs",
                "- part des élèves lecteurs",
                "",
                "Glossaire",
                "REP : réseau d'éducation prioritaire",
                "PAS : pôle d'appui à la scolarité",
            ],
        )
    )
    assert _tree(plan) == [("Réussir", [("Lire chaque jour", [("indicator", "part des élèves lecteurs")])])]
    assert {p.text for p in plan.passages} >= {"Ce projet fixe notre cap pour quatre ans."}


def test_key_figures_box_interleaved_with_a_list(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Créteil",
                "Projet académique 2020-2024",
                "",
                "AXE 1 - FAIRE RÉUSSIR CHAQUE ÉLÈVE",
                "",
                "Objectif 1 - Améliorer la maîtrise de la langue",
                "La maîtrise de la langue est la clé des apprentissages.",
                "CHIFFRES CLÉS",
                "Les évaluations montrent des fragilités en lecture.",
                "78 %",
                "Nos engagements",
                "des élèves de CE1 lisent",
                "- généraliser le quart d'heure de lecture ;",
                "correctement",
                "- former les professeurs à la lecture à voix",
                "haute.",
                "Indicateurs",
                "- part des élèves lecteurs",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Faire réussir chaque élève",
            [
                (
                    "Améliorer la maîtrise de la langue",
                    [
                        ("engagement", "généraliser le quart d'heure de lecture"),
                        ("engagement", "former les professeurs à la lecture à voix haute"),
                        ("indicator", "part des élèves lecteurs"),
                    ],
                )
            ],
        )
    ]
    assert any("78 % des élèves de CE1 lisent" in p.text for p in plan.passages)


def test_objectives_titled_by_noun_phrases_are_known_by_the_lists_they_head(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "poitiers.txt",
            [
                "ACADÉMIE DE POITIERS",
                "PROJET ACADÉMIQUE 2020-2024",
                "",
                "AXE 1 : LA RÉUSSITE DE TOUS LES ÉLÈVES",
                "",
                "La maîtrise des savoirs fondamentaux",
                "Les résultats aux évaluations restent inférieurs à la moyenne.",
                "Leviers",
                "- former les enseignants à l'enseignement explicite",
                "Indicateurs",
                "- résultats en sixième",
                "",
                "Une orientation choisie et ambitieuse",
                "Trop d'élèves subissent leur orientation en troisième.",
                "Leviers",
                "- renforcer l'accompagnement au collège",
                "Indicateurs",
                "- taux de satisfaction des vœux",
                "",
                "AXE 2 : DES PERSONNELS ACCOMPAGNÉS",
                "",
                "L'accueil des nouveaux personnels",
                "Chaque année, l'académie accueille mille nouveaux enseignants.",
                "Leviers",
                "- désigner un tuteur",
                "",
                "Indicateurs",
                "- nombre de tuteurs formés",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "La réussite de tous les élèves",
            [
                (
                    "La maîtrise des savoirs fondamentaux",
                    [
                        ("engagement", "former les enseignants à l'enseignement explicite"),
                        ("indicator", "résultats en sixième"),
                    ],
                ),
                (
                    "Une orientation choisie et ambitieuse",
                    [
                        ("engagement", "renforcer l'accompagnement au collège"),
                        ("indicator", "taux de satisfaction des vœux"),
                    ],
                ),
            ],
        ),
        (
            "Des personnels accompagnés",
            [
                (
                    "L'accueil des nouveaux personnels",
                    [("engagement", "désigner un tuteur"), ("indicator", "nombre de tuteurs formés")],
                )
            ],
        ),
    ]


def test_table_of_contents_names_the_levels_of_headings_written_without_labels(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "limoges.txt",
            [
                "Académie de Limoges",
                "Projet académique 2019-2023",
                "",
                "Sommaire",
                "Axe 1 : Réussir à l'école ..................... 3",
                "Objectif 1 : La lecture pour tous ............ 4",
                "Objectif 2 : Le goût des mathématiques .... 5",
                "Axe 2 : Grandir ensemble ..................... 6",
                "Objectif 3 : Le sport au quotidien ......... 7",
                "",
                "",
                "",
                "Réussir à l'école",
                "La réussite de chaque élève est la première mission de l'école.",
                "",
                "La lecture pour tous",
                "Lire chaque jour est la condition de tous les apprentissages.",
                "",
                "Le goût des mathématiques",
                "Les mathématiques sont enseignées par le jeu dès la maternelle.",
                "",
                "",
                "",
                "Grandir ensemble",
                "L'école apprend à vivre ensemble.",
                "",
                "Le sport au quotidien",
                "Trente minutes d'activité chaque jour.",
            ],
        )
    )
    # one copy of each unit: the table's entries are not units of their own
    assert _tree(plan) == [
        ("Réussir à l'école", [("La lecture pour tous", []), ("Le goût des mathématiques", [])]),
        ("Grandir ensemble", [("Le sport au quotidien", [])]),
    ]


def test_bulleted_lists_under_labelled_axes_are_their_objectives(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "besancon.txt",
            [
                "Projet académique 2019-2023 | Académie de Besançon",
                "",
                "Axe 1 : Faire réussir tous les élèves",
                "- Garantir l'acquisition des fondamentaux",
                "- Prévenir le décrochage",
                "",
                "Axe 2 : Accompagner les parcours",
                "- Construire une orientation choisie",
                "- Favoriser l'insertion professionnelle",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Faire réussir tous les élèves",
            [("Garantir l'acquisition des fondamentaux", []), ("Prévenir le décrochage", [])],
        ),
        (
            "Accompagner les parcours",
            [("Construire une orientation choisie", []), ("Favoriser l'insertion professionnelle", [])],
        ),
    ]


def test_a_page_flattened_onto_one_line_is_cut_at_its_headings(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "doc.txt",
            [
                "Citation preview",
                "Page 1: PROJET ACADÉMIQUE 2018-2022 Académie de Montpellier",
                "Page 2: ORIENTATION 1. POUR UNE ÉCOLE DE LA CONFIANCE",
                "1.1 Assurer la maîtrise des savoirs fondamentaux",
                "Actions : renforcer l'aide en petits groupes ; déployer les plans mathématiques",
                "Page 3: ORIENTATION 2. POUR UNE ACADÉMIE OUVERTE 2.1 Accompagner les personnels tout au long de leur carrière "
                "2.2 Encourager l'innovation pédagogique",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Pour une école de la confiance",
            [
                (
                    "Assurer la maîtrise des savoirs fondamentaux",
                    [
                        ("engagement", "renforcer l'aide en petits groupes"),
                        ("engagement", "déployer les plans mathématiques"),
                    ],
                )
            ],
        ),
        (
            "Pour une académie ouverte",
            [
                ("Accompagner les personnels tout au long de leur carrière", []),
                ("Encourager l'innovation pédagogique", []),
            ],
        ),
    ]


def test_table_of_contents_with_page_numbers_glued_to_titles(tmp_path):
    # a text layer without blank lines or leaders: "…chaque élève4"
    plan = extract(
        _write(
            tmp_path,
            "doc.txt",
            [
                "PROJET ACADÉMIQUE",
                "2022-2026",
                "ACADÉMIE DE BESANÇON",
                "SOMMAIRE",
                "Avant-propos3",
                "Axe A - Une école qui fait réussir chaque élève4",
                "Axe B - Une école qui accompagne8",
                "1",
                "AVANT-PROPOS",
                "Ce projet a été construit avec les équipes.",
                "3",
                "AXE A",
                "UNE ÉCOLE QUI FAIT RÉUSSIR",
                "CHAQUE ÉLÈVE",
                "OBJECTIF A1",
                "CONSOLIDER LES APPRENTISSAGES",
                "Actions",
                "- Constituer des réseaux d'écoles",
                "4",
                "AXE B",
                "UNE ÉCOLE QUI ACCOMPAGNE",
                "OBJECTIF B1",
                "FLUIDIFIER LA LIAISON LYCÉE-SUPÉRIEUR",
                "Indicateurs",
                "- Taux de poursuite d'études",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école qui fait réussir chaque élève",
            [("Consolider les apprentissages", [("engagement", "Constituer des réseaux d'écoles")])],
        ),
        (
            "Une école qui accompagne",
            [("Fluidifier la liaison lycée-supérieur", [("indicator", "Taux de poursuite d'études")])],
        ),
    ]


def test_general_objectives_over_sub_objectives(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "doc.txt",
            [
                "PROJET ACADÉMIQUE 2021-2025",
                "",
                "OBJECTIF GÉNÉRAL 1",
                "FAIRE PROGRESSER CHAQUE ÉLÈVE",
                "Sous-objectif 1.1. Renforcer la lecture",
                "Actions prioritaires :",
                "• conforter les évaluations ;",
                "OBJECTIF GÉNÉRAL 2",
                "SÉCURISER LES PARCOURS",
                "Sous-objectif 2.1. Prévenir les ruptures",
                "Actions prioritaires :",
                "• organiser un entretien de suivi.",
                "",
                "Rectorat – 4 rue de la Houssinière – BP 72616 – 44326 Nantes cedex 3",
            ],
        )
    )
    assert _tree(plan) == [
        ("Faire progresser chaque élève", [("Renforcer la lecture", [("engagement", "conforter les évaluations")])]),
        ("Sécuriser les parcours", [("Prévenir les ruptures", [("engagement", "organiser un entretien de suivi")])]),
    ]


def test_sections_a_table_of_contents_lists_beside_the_units_are_matter(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "lille.txt",
            [
                "ACADÉMIE DE LILLE",
                "Projet académique 2022-2026",
                "SOMMAIRE",
                "Un diagnostic partagé ........ 5",
                "Axe 1. Des savoirs solides ........ 7",
                "Axe 2. Des parcours choisis ........ 11",
                "La mise en œuvre du projet ........ 21",
                "UN DIAGNOSTIC PARTAGÉ",
                "Les résultats progressent depuis 2018.",
                "AXE 1. DES SAVOIRS SOLIDES",
                "Objectif 1.1 – Garantir la lecture",
                "Indicateurs",
                "• Part des élèves de CE1 lisant 50 mots par minute",
                "Cible 2026 : 85 %",
                "AXE 2. DES PARCOURS CHOISIS",
                "Objectif 2.1 – Construire l'orientation",
                "Indicateurs",
                "• Taux de satisfaction des vœux",
                "LA MISE EN ŒUVRE DU PROJET",
                "Un comité de suivi réunit deux fois par an les représentants",
                "des personnels.",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Des savoirs solides",
            [("Garantir la lecture", [("indicator", "Part des élèves de CE1 lisant 50 mots par minute")])],
        ),
        ("Des parcours choisis", [("Construire l'orientation", [("indicator", "Taux de satisfaction des vœux")])]),
    ]


def test_a_level_word_set_over_its_number(tmp_path):
    # large type in a PDF text layer: "PRIORITÉ" / "1" / the title
    plan = extract(
        _write(
            tmp_path,
            "caen.txt",
            [
                "PROJET ACADÉMIQUE 2023-2027 - ACADÉMIE DE CAEN",
                "",
                "PRIORITÉ",
                "1",
                "Une école de l'exigence",
                "Le premier enjeu est la maîtrise des savoirs.",
                "Objectif 1 - Lire, écrire, compter",
                "",
                "PRIORITÉ",
                "2",
                "Une école de la bienveillance",
                "Objectif 2 - Améliorer le climat scolaire",
            ],
        )
    )
    assert _tree(plan) == [
        ("Une école de l'exigence", [("Lire, écrire, compter", [])]),
        ("Une école de la bienveillance", [("Améliorer le climat scolaire", [])]),
    ]


def test_pdf_type_sizes_give_the_levels_of_unlabelled_headings(tmp_path):
    """Titles with neither label, number nor infinitive: only the text layer's font sizes
    tell the axes (16 pt) from the objectives (13 pt) and the body (10 pt)."""
    from fpdf import FPDF

    pdf = FPDF()
    line = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.set_creation_date(__import__("datetime").datetime(2024, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, "Projet académique 2024-2028 de l'académie de Rouen", **line)
    tree = [
        ("Une école exigeante", ["La lecture au coeur des apprentissages", "Les mathématiques pour tous"]),
        ("Une école bienveillante", ["Le climat scolaire", "La santé des élèves"]),
    ]
    for axis, objectives in tree:
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(0, 9, axis, **line)
        for objective in objectives:
            pdf.set_font("Helvetica", "B", 13)
            pdf.multi_cell(0, 8, objective, **line)
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(
                0,
                6,
                "Les équipes travaillent avec les familles et les partenaires de l'école, "
                "dans chaque territoire de l'académie, selon les orientations du projet.",
                **line,
            )
    path = tmp_path / "rouen.pdf"
    pdf.output(str(path))
    plan = extract(path)
    assert _tree(plan) == [(a, [(o, []) for o in objs]) for a, objs in tree]


def test_objectives_numbered_under_roman_axes(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "romain.txt",
            [
                "Projet académique de l'académie de Caen 2024-2027",
                "",
                "Ambition I — Apprendre",
                "Objectif I.1 — Lire tous les jours",
                "Objectif I.2 — Compter avec aisance",
                "",
                "Ambition II — Grandir",
                "Objectif II.1 — Bouger chaque jour",
            ],
        )
    )
    assert [(a.label, [o.label for o in a.children if o.kind == "objective"]) for a in plan.axes] == [
        ("Apprendre", ["Lire tous les jours", "Compter avec aisance"]),
        ("Grandir", ["Bouger chaque jour"]),
    ]


def test_small_letters_number_the_level_below_capital_letters(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "lettres.txt",
            [
                "Projet académique de l'académie de Dijon 2024-2027",
                "",
                "A. APPRENDRE",
                "a) Lire tous les jours",
                "b) Compter avec aisance",
                "",
                "B. GRANDIR",
                "a) Bouger chaque jour",
                "b) Dormir assez",
            ],
        )
    )
    assert [(a.label, [o.label for o in a.children if o.kind == "objective"]) for a in plan.axes] == [
        ("Apprendre", ["Lire tous les jours", "Compter avec aisance"]),
        ("Grandir", ["Bouger chaque jour", "Dormir assez"]),
    ]
    # "a" restarts under each axis: the notations stay distinct
    notations = [o.notation for a in plan.axes for o in a.children if o.kind == "objective"]
    assert len(set(notations)) == len(notations)


def test_announced_axes_over_labelled_objectives(tmp_path):
    # the axes are named only in the prose that announces them, then written alone as titles;
    # the objectives are labelled and numbered across the whole plan
    plan = extract(
        _write(
            tmp_path,
            "annonce.txt",
            [
                "Projet académique de l'académie de Nantes 2024-2027",
                "",
                "Notre projet est construit autour de deux axes : apprendre mieux ; vivre ensemble.",
                "",
                "Apprendre mieux",
                "Objectif 1 : Lire tous les jours",
                "Objectif 2 : Compter avec aisance",
                "",
                "Vivre ensemble",
                "Objectif 3 : Respecter les autres",
            ],
        )
    )
    assert [(a.label, [o.label for o in a.children if o.kind == "objective"]) for a in plan.axes] == [
        ("Apprendre mieux", ["Lire tous les jours", "Compter avec aisance"]),
        ("Vivre ensemble", ["Respecter les autres"]),
    ]


@pytest.mark.parametrize(
    "line,kind",
    [
        ("Actions prévues", "engagement"),
        ("Engagements de l'académie :", "engagement"),
        ("Mesures retenues", "engagement"),
        ("Indicateurs de l'objectif", "indicator"),
        ("Cibles", "indicator"),
        ("Valeurs cibles :", "indicator"),
    ],
)
def test_a_list_heading_qualified_by_a_participle_or_its_owner(line, kind):
    head = classify(line)
    assert (head.kind, head.block) == ("block", kind)


def test_a_qualified_list_word_in_running_text_is_no_heading():
    assert classify("Actions prévues en 2025 dans tous les bassins de la région.") is None


def test_bare_numbers_over_a_word_that_may_name_either_level(tmp_path):
    # "1. …" opens the plan before any labelled unit: the numbers are its top level, and
    # "Orientation" (a top-level word elsewhere) names the level below; a numbered title may
    # be a question
    plan = extract(
        _write(
            tmp_path,
            "orientations.txt",
            [
                "Projet académique de l'académie de Poitiers 2024-2027",
                "",
                "1. Une école exigeante",
                "Orientation a : Lire tous les jours",
                "Orientation b : Compter avec aisance",
                "",
                "2. Quelle école pour demain ?",
                "Orientation a : Bouger chaque jour",
            ],
        )
    )
    assert [(a.label, [o.label for o in a.children if o.kind == "objective"]) for a in plan.axes] == [
        ("Une école exigeante", ["Lire tous les jours", "Compter avec aisance"]),
        ("Quelle école pour demain ?", ["Bouger chaque jour"]),
    ]


def test_a_list_of_one_where_the_document_writes_lists_on_their_line(tmp_path):
    long_title = (
        "Garantir à chaque élève un parcours de lecture exigeant afin de consolider ses compétences "
        "écrites, en lien étroit avec les familles, les bibliothèques et les associations de quartier"
    )
    plan = extract(
        _write(
            tmp_path,
            "inline.txt",
            [
                "Projet académique de l'académie de Rennes 2024-2027",
                "",
                "Axe 1 : Apprendre",
                "Objectif 1 : Lire tous les jours",
                "Actions : ouvrir un club de lecture ; prêter des livres aux familles.",
                "Objectif 2 : " + long_title,
                "Actions : former les équipes à la lecture à voix haute, avec les conseillers pédagogiques de "
                "chaque circonscription, les médiathèques et les associations partenaires du territoire ; "
                "publier un guide des lectures de la rentrée pour les professeurs.",
                "Objectif 3 : Compter avec aisance",
                "Actions : installer un rallye de calcul mental.",
            ],
        )
    )
    objectives = [o for o in plan.axes[0].children if o.kind == "objective"]
    assert [o.label for o in objectives] == ["Lire tous les jours", long_title, "Compter avec aisance"]
    leaves = [[leaf.kind for leaf in o.children if leaf.kind != "passage"] for o in objectives]
    # a long line is still a heading when its label or its list says so; "Actions : one item."
    # is a list of one because the document writes its lists on their line
    assert leaves == [["engagement", "engagement"], ["engagement", "engagement"], ["engagement"]]


def test_actions_with_one_clause_in_a_document_without_inline_lists_is_running_text():
    assert classify("Actions : les équipes se réunissent chaque mois.") is None


def test_a_title_before_its_label_wrapped_at_the_separator(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "avant.txt",
            [
                "Projet académique de l'académie de Limoges 2024-2027",
                "",
                "LA RÉUSSITE DE TOUS LES ÉLÈVES, DE LA MATERNELLE AU -",
                "AXE 1 du projet 2024-2027",
                "Objectif 1 : Lire tous les jours",
                "",
                "UNE ÉCOLE OUVERTE - AXE 2 du projet 2024-2027",
                "Objectif 1 : Bouger chaque jour",
                "",
                "DES PERSONNELS ACCOMPAGNÉS : UNE ÉQUIPE - AXE 3 du",
                "projet 2024-2027",
                "Objectif 1 : Former les équipes",
            ],
        )
    )
    assert [len([o for o in a.children if o.kind == "objective"]) for a in plan.axes] == [1, 1, 1]
    assert plan.axes[2].label.upper() == "DES PERSONNELS ACCOMPAGNÉS : UNE ÉQUIPE"
    assert plan.axes[0].label.upper().startswith("LA RÉUSSITE DE TOUS LES ÉLÈVES")
    assert "du projet" not in plan.axes[0].label


def test_announced_titles_over_units_labelled_with_a_top_level_word(tmp_path):
    # "Priorité" usually names the top level; here the prose announces the ambitions in a
    # numbered list and the body writes each alone over its own "Priorité 1", "Priorité 2"
    plan = extract(
        _write(
            tmp_path,
            "annonce.txt",
            [
                "Projet académique de l'académie de Dijon 2023-2026",
                "",
                "Notre projet porte deux grandes ambitions :",
                "1. une école qui instruit ;",
                "2. une école qui protège.",
                "",
                "Une école qui instruit",
                "Priorité 1 - Lire et écrire dès la maternelle",
                "Actions :",
                "a) former les enseignants de maternelle",
                "b) équiper les classes en albums",
                "Priorité 2 - Calculer avec aisance",
                "",
                "Une école qui protège",
                "Priorité 1 - Prévenir le harcèlement",
                "Actions :",
                "a) généraliser le programme de prévention",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école qui instruit",
            [
                (
                    "Lire et écrire dès la maternelle",
                    [
                        ("engagement", "former les enseignants de maternelle"),
                        ("engagement", "équiper les classes en albums"),
                    ],
                ),
                ("Calculer avec aisance", []),
            ],
        ),
        (
            "Une école qui protège",
            [("Prévenir le harcèlement", [("engagement", "généraliser le programme de prévention")])],
        ),
    ]


def test_a_qualified_level_word_and_a_list_of_objectives_with_their_own_lists(tmp_path):
    # "PRIORITÉ ACADÉMIQUE N°1": the qualifier is no part of the word; under "Objectifs", each
    # bulleted objective is followed by its measures and indicators on lines of their own
    plan = extract(
        _write(
            tmp_path,
            "priorites.txt",
            [
                "Académie de Nancy-Metz - Projet académique 2022-2026",
                "PRIORITÉ ACADÉMIQUE N°1",
                "Une école de la confiance",
                "Objectifs",
                "▪ Améliorer le climat scolaire",
                "Mesures : former les équipes ; ouvrir des espaces de parole",
                "Indicateurs : taux d'absentéisme",
                "▪ Associer les familles",
                "Mesures : organiser des cafés des parents",
                "PRIORITÉ ACADÉMIQUE N°2",
                "Une école ouverte",
                "Objectifs",
                "▪ Développer les échanges européens",
                "Mesures : financer les mobilités",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école de la confiance",
            [
                (
                    "Améliorer le climat scolaire",
                    [
                        ("engagement", "former les équipes"),
                        ("engagement", "ouvrir des espaces de parole"),
                        ("indicator", "taux d'absentéisme"),
                    ],
                ),
                ("Associer les familles", [("engagement", "organiser des cafés des parents")]),
            ],
        ),
        ("Une école ouverte", [("Développer les échanges européens", [("engagement", "financer les mobilités")])]),
    ]


def test_markdown_export_markup(tmp_path):
    # heading attributes, a table of contents made of links, a quotation, an image, a table of
    # indicators (its header row names the figures of each row) and an italic page footer
    path = tmp_path / "export.md"
    path.write_text(
        "\n".join(
            [
                "# Projet académique de l'académie de Rennes 2022-2026",
                "",
                "> *« Réussir ensemble »*",
                "",
                "![Couverture](img/cover.png)",
                "",
                "## Sommaire",
                "",
                "- [Axe 1 – Apprendre](#axe-1)",
                "- [Axe 2 – Grandir](#axe-2)",
                "",
                "## Axe 1 – Apprendre {#axe-1}",
                "",
                "### Objectif 1.1 – Lire couramment en fin de CP",
                "",
                "**Indicateurs**",
                "",
                "| Indicateur | Valeur 2021 | Cible 2026 |",
                "|---|:---:|---:|",
                "| Part des lecteurs fluides | 70 % | 80 % |",
                "",
                "## Axe 2 – Grandir {#axe-2 .chapitre}",
                "",
                "### Objectif 2.1 – Prendre soin de sa santé",
                "",
                "**Leviers d'action**",
                "",
                "- Généraliser les [écoles promotrices de santé](https://eduscol.education.fr)",
                "",
                "---",
                "",
                "*Page mise à jour le 2 mai 2022.*",
            ]
        ),
        encoding="utf-8",
    )
    plan = extract(path)
    assert _tree(plan) == [
        ("Apprendre", [("Lire couramment en fin de CP", [("indicator", "Part des lecteurs fluides")])]),
        ("Grandir", [("Prendre soin de sa santé", [("engagement", "Généraliser les écoles promotrices de santé")])]),
    ]
    row = next(n for n in plan.nodes() if n.kind == "indicator")
    assert "Cible 2026 : 80 %" in (row.text or row.label)
    assert [a.span.start for a in plan.axes] == [12, 22]  # the body's headings, not the contents' links


def test_a_column_set_beside_the_text_on_the_same_lines(tmp_path):
    # a text layer that keeps the page's layout: key figures printed beside the section, after
    # a wide gap, on the lines of its heading and its lists
    plan = extract(
        _write(
            tmp_path,
            "cote-a-cote.txt",
            [
                "Projet académique de l'académie de Besançon 2022-2026",
                "AXE 1 – RÉUSSIR",
                "Objectif 1 – Lire et comprendre                    CHIFFRES CLÉS",
                "Nos engagements                                    98 000 élèves",
                "• Lire chaque jour en classe                       1 200 écoles",
                "Indicateurs                                        110 collèges",
                "• Résultats aux évaluations de CE1",
                "AXE 2 – GRANDIR",
                "Objectif 2 – Bouger chaque jour",
                "Nos engagements",
                "• Trente minutes d'activité physique quotidienne",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Réussir",
            [
                (
                    "Lire et comprendre",
                    [("engagement", "Lire chaque jour en classe"), ("indicator", "Résultats aux évaluations de CE1")],
                )
            ],
        ),
        ("Grandir", [("Bouger chaque jour", [("engagement", "Trente minutes d'activité physique quotidienne")])]),
    ]
    assert any("1 200 écoles" in p.text for p in plan.passages)


def test_page_counters_footers_and_a_hosting_sites_related_documents(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "partage.txt",
            [
                "Projet académique de l'académie de Caen 2018-2021",
                "AXE 1 : Apprendre",
                "Objectif 1 : Lire",
                "Nos actions",
                "Créer des bibliothèques de classe",
                "Projet académique 2018-2021 — 5",
                "3 / 12",
                "Ouvrir les bibliothèques le samedi",
                "Objectif 2 : Écrire",
                "Nos actions",
                "Tenir un carnet d'écrivain",
                "Rectorat de Caen – BP 46 – 14031 Caen",
                "Documents similaires",
                "Guide des parents 2023",
                "Livret d'accueil",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Apprendre",
            [
                (
                    "Lire",
                    [
                        ("engagement", "Créer des bibliothèques de classe"),
                        ("engagement", "Ouvrir les bibliothèques le samedi"),
                    ],
                ),
                ("Écrire", [("engagement", "Tenir un carnet d'écrivain")]),
            ],
        )
    ]


def _bold_pdf(path, tree, body_style=""):
    """A text-layer PDF whose axes are labelled and whose objectives are known by their weight
    alone: noun-phrase titles in bold at the body's size, each over a paragraph of prose."""
    import datetime

    from fpdf import FPDF

    pdf = FPDF()
    line = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
    pdf.add_page()
    pdf.set_font("Helvetica", body_style, 10)
    pdf.multi_cell(0, 6, "Projet académique 2024-2028 de l'académie de Poitiers", **line)
    for n, (axis, objectives) in enumerate(tree, start=1):
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 6, f"Axe {n} - {axis}", **line)
        for objective in objectives:
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(0, 6, objective, **line)
            pdf.set_font("Helvetica", body_style, 10)
            pdf.multi_cell(
                0,
                6,
                "Les équipes travaillent avec les familles et les partenaires de l'école, "
                "dans chaque territoire de l'académie, selon les orientations du projet.",
                **line,
            )
    pdf.output(str(path))
    return path


BOLD_TREE = [
    ("Une école exigeante", ["La lecture au coeur des apprentissages", "Les mathématiques pour tous"]),
    ("Une école bienveillante", ["Le climat scolaire", "La santé des élèves"]),
]


def test_pdf_bold_weight_gives_the_objectives_under_labelled_axes(tmp_path):
    from boussole.ingest.read import read_document

    path = _bold_pdf(tmp_path / "poitiers.pdf", BOLD_TREE)
    levels = read_document(path).heading_levels
    assert sorted(levels.values()) == [1] * 6  # two labels and four titles, all at the body's size
    plan = extract(path)
    assert _tree(plan) == [(a, [(o, []) for o in objs]) for a, objs in BOLD_TREE]


def test_pdf_bold_is_no_evidence_when_the_body_is_bold_too(tmp_path):
    from boussole.ingest.read import read_document

    path = _bold_pdf(tmp_path / "poitiers.pdf", BOLD_TREE, body_style="B")
    assert read_document(path).heading_levels == {}


def test_a_footer_repeated_with_its_page_numbers_and_a_counter_between_label_and_title(tmp_path):
    # "Limoges | 1", "Limoges | 2": the same words with another page number each time are a
    # running footer, whatever the words; a page counter ("3 / 4") left between a bare label
    # and its title does not part them
    plan = extract(
        _write(
            tmp_path,
            "pied-de-page.txt",
            [
                "Projet académique de l'académie de Limoges 2025-2029",
                "AXE 1 : Réussir",
                "Objectif 1",
                "Lire chaque jour",
                "1.1.1 Former les équipes à la lecture à voix haute",
                "Limoges | 1",
                "1.1.2 Ouvrir les bibliothèques aux familles",
                "Objectif 2",
                "3 / 4",
                "Compter avec aisance",
                "1.2.1 Généraliser le calcul mental",
                "Limoges | 2",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Réussir",
            [
                (
                    "Lire chaque jour",
                    [
                        ("engagement", "Former les équipes à la lecture à voix haute"),
                        ("engagement", "Ouvrir les bibliothèques aux familles"),
                    ],
                ),
                ("Compter avec aisance", [("engagement", "Généraliser le calcul mental")]),
            ],
        )
    ]


def test_the_tail_of_a_label_written_after_its_title_wrapped_alone(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "titre-avant.txt",
            [
                "Projet académique de l'académie de Toulouse 2019-2023",
                "",
                "UNE ÉCOLE QUI INSTRUIT - PILIER 1",
                "du projet 2019-2023",
                "Objectif 1.1 : Lire",
                "",
                "UNE ÉCOLE QUI PROTÈGE - PILIER 2",
                "du projet 2019-2023",
                "Objectif 2.1 : Prévenir",
            ],
        )
    )
    assert [(a.label, [o.label for o in a.children if o.kind == "objective"]) for a in plan.axes] == [
        ("Une école qui instruit", ["Lire"]),
        ("Une école qui protège", ["Prévenir"]),
    ]


def test_markdown_bold_lines_as_the_headings_of_two_levels(tmp_path):
    # an export that sets its titles in bold, not with "#": the bold lines are headings, and a
    # bold title set right over another one, nothing between them, is the level above it
    path = tmp_path / "gras.md"
    lines = ["# Projet académique 2023-2027 de l'académie de Nice", ""]
    tree = [
        ("Une école qui fait réussir", ["La maîtrise des savoirs", "La continuité des parcours"]),
        ("Une école ouverte", ["Les partenariats locaux", "Le lien avec les entreprises"]),
    ]
    for axis, objectives in tree:
        lines += [f"**{axis}**", ""]
        for objective in objectives:
            lines += [f"**{objective}**", "", "Les équipes travaillent avec les familles, dans chaque bassin.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert _tree(extract(path)) == [(a, [(o, []) for o in objs]) for a, objs in tree]


def test_a_plan_that_only_announces_its_axes_in_prose_has_those_axes(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "presentation.txt",
            [
                "Académie de Reims",
                "Le projet académique 2022-2025",
                "",
                "Le projet se décline en trois axes stratégiques : favoriser la réussite de chaque élève ; "
                "accompagner les personnels ; ouvrir l'école sur son territoire.",
                "",
                "Le premier axe vise à élever le niveau de tous les élèves, de la maternelle au lycée.",
            ],
        )
    )
    assert [a.label for a in plan.axes] == [
        "Favoriser la réussite de chaque élève",
        "Accompagner les personnels",
        "Ouvrir l'école sur son territoire",
    ]
    assert summary(plan).startswith("3 axes, 0 objectives") and "structure partial" in summary(plan)


def test_a_list_under_a_heading_is_not_the_end_of_its_title(tmp_path):
    path = tmp_path / "liste.md"
    path.write_text(
        "# Projet académique 2021-2025\n\n## Axe 1. Réussir\n\n### 1.1 Prévenir le décrochage\n\n"
        "* repérer les élèves absentéistes\n\n### 1.2 Lire\n\nNos actions :\n\n* lire chaque jour\n",
        encoding="utf-8",
    )
    # the list is not the title's end; with no heading of its own it is what the objective will do
    assert _tree(extract(path)) == [
        (
            "Réussir",
            [
                ("Prévenir le décrochage", [("engagement", "repérer les élèves absentéistes")]),
                ("Lire", [("engagement", "lire chaque jour")]),
            ],
        )
    ]


def test_a_bare_label_printed_under_its_title(tmp_path):
    # a PDF layer sets the unit's title above its label ("Title" / "PRIORITÉ 2") and opens the
    # section on running text: the title is the line above, not the paragraph below
    plan = extract(
        _write(
            tmp_path,
            "nantes.txt",
            [
                "Académie de Nantes — projet académique 2025-2029",
                "",
                "Apprendre mieux, partout",
                "PRIORITÉ 1",
                "",
                "Les écarts de réussite entre territoires restent marqués dans la région.",
                "",
                "1) Consolider la lecture au cycle 2",
                "",
                "Indicateurs",
                "✓ Part des élèves lecteurs fluides en fin de CE1",
                "",
                "Prendre soin des équipes",
                "PRIORITÉ 2",
                "",
                "Les personnels attendent un accompagnement plus proche de leur lieu de travail.",
                "",
                "1) Développer la formation sur site",
                "",
                "Indicateurs",
                "✓ Nombre de stages organisés en établissement",
            ],
        )
    )
    assert [a.label for a in plan.axes] == ["Apprendre mieux, partout", "Prendre soin des équipes"]
    assert [
        leaf.label
        for a in plan.axes
        for o in a.children
        if o.kind == "objective"
        for leaf in o.children
        if leaf.kind == "indicator"
    ] == [
        "Part des élèves lecteurs fluides en fin de CE1",
        "Nombre de stages organisés en établissement",
    ]


def test_a_label_over_running_text_keeps_its_title_below(tmp_path):
    # the usual order ("AXE 1" / its title) is not taken for a title above the label
    plan = extract(
        _write(
            tmp_path,
            "dijon.txt",
            [
                "Académie de Dijon",
                "Projet académique 2024-2027",
                "",
                "AXE 1",
                "Faire réussir chaque élève",
                "",
                "OBJECTIF 1",
                "Garantir les savoirs fondamentaux",
            ],
        )
    )
    assert [a.label for a in plan.axes] == ["Faire réussir chaque élève"]


def test_letter_and_number_headings_under_labelled_units(tmp_path):
    # "Défi B" over "B.2 Former …": the unit's number within its letter is the objective's
    # numbering, not a part of its title
    path = tmp_path / "besancon.md"
    path.write_text(
        "# Projet académique de Besançon 2025-2028\n\n## Défi A – Réussir au collège\n\n"
        "### A.1 Accompagner l'entrée en sixième\n\nTexte.\n\n### A.2 Prévenir l'absentéisme\n\nTexte.\n\n"
        "## Défi B – Former les équipes\n\n### B.1 Former au numérique\n\nTexte.\n",
        encoding="utf-8",
    )
    assert _tree(extract(path)) == [
        ("Réussir au collège", [("Accompagner l'entrée en sixième", []), ("Prévenir l'absentéisme", [])]),
        ("Former les équipes", [("Former au numérique", [])]),
    ]


def test_a_sharing_site_transcript_with_page_numbers_glued_to_lines(tmp_path):
    # a transcript glues each page's number to its first line; the site's buttons and view
    # count frame it, and a list of other documents follows it
    plan = extract(
        _write(
            tmp_path,
            "transcription.txt",
            [
                "Se connecter",
                "Vues : 1 204",
                "Il y a 3 ans",
                "Transcription",
                "1 Projet académique de l'académie de Dijon 2023-2027",
                "2 Sommaire Axe 1... 3 Axe 2... 5",
                "3 AXE 1 : Apprendre et comprendre",
                "Les écoles adaptent ces priorités à leurs territoires.",
                "• Consolider les savoirs des élèves de cycle 3",
                "• Accompagner la liaison avec le lycée",
                "4 Projet académique de l'académie de Dijon 2023-2027",
                "5 AXE 2 : Grandir ensemble",
                "Le climat scolaire est suivi chaque année.",
                "• Améliorer le climat scolaire",
                "• Prévenir le harcèlement",
                "Signaler",
                "Documents associés",
                "Projet d'école 2022 Axe 1 : lire",
                "Plus en détail",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Apprendre et comprendre",
            [("Consolider les savoirs des élèves de cycle 3", []), ("Accompagner la liaison avec le lycée", [])],
        ),
        ("Grandir ensemble", [("Améliorer le climat scolaire", []), ("Prévenir le harcèlement", [])]),
    ]


def test_units_numbered_without_punctuation_keep_their_numbers(tmp_path):
    # "1 Réussir", "2 Former": numbers that count on, but nothing says they are pages
    from boussole.ingest.normalize import _strip_page_prefixes

    lines = [
        "1 Réussir au collège",
        "texte",
        "2 Former les équipes",
        "texte",
        "3 Ouvrir l'école",
        "4 Suivre le projet",
        "5 / 6",
    ]
    assert _strip_page_prefixes(lines) == lines


def test_units_named_in_quotation_marks_in_running_prose(tmp_path):
    # a plan written as an essay: each top-level unit is named in quotation marks after its
    # ordinal, with its own units listed after a count and a colon, the sentence wrapped over lines
    plan = extract(
        _write(
            tmp_path,
            "essai.txt",
            [
                "Académie de Bordeaux",
                "Projet académique 2024-2028",
                "",
                "Le projet retient deux priorités. La première priorité, « Faire réussir tous les",
                "élèves », comprend trois objectifs : lire davantage ; compter juste, et enfin écrire",
                "sans crainte. La seconde priorité, « Prendre soin des personnels », vise deux",
                "objectifs : mieux former et mieux accueillir.",
                "",
                "Ces priorités seront déclinées dans chaque établissement.",
            ],
        )
    )
    assert _tree(plan) == [
        ("Faire réussir tous les élèves", [("Lire davantage", []), ("Compter juste", []), ("Écrire sans crainte", [])]),
        ("Prendre soin des personnels", [("Mieux former", []), ("Mieux accueillir", [])]),
    ]


def test_three_labelled_levels_under_a_second_level_word(tmp_path):
    # "Objectif" over "Sous-objectif" over "Action n.n.n": the first word is the top level, the
    # actions (bulleted, with their own numbers) are the sub-objectives' leaves
    plan = extract(
        _write(
            tmp_path,
            "caen.txt",
            [
                "Académie de Caen — projet académique 2025-2028",
                "",
                "OBJECTIF 1 – Élever le niveau de tous",
                "",
                "Sous-objectif 1.1 – Mieux lire",
                "Actions :",
                "• Action 1.1.1 : ouvrir une bibliothèque dans chaque école",
                "• Action 1.1.2 : former les professeurs au cycle 2",
                "",
                "Sous-objectif 1.2 – Mieux compter",
                "Actions :",
                "• Action 1.2.1 : organiser un rallye de calcul",
                "",
                "OBJECTIF 2 – Accompagner les équipes",
                "",
                "Sous-objectif 2.1 – Former sur site",
                "Actions :",
                "• Action 2.1.1 : créer des stages en établissement",
            ],
        )
    )
    assert [
        (
            a.label,
            [
                (o.label, len([x for x in o.children if x.kind == "engagement"]))
                for o in a.children
                if o.kind == "objective"
            ],
        )
        for a in plan.axes
    ] == [
        ("Élever le niveau de tous", [("Mieux lire", 2), ("Mieux compter", 1)]),
        ("Accompagner les équipes", [("Former sur site", 1)]),
    ]


def test_a_word_export_with_tab_bullets_and_a_table_of_the_actions_details(tmp_path):
    # "o⇥…" is a symbol-font bullet written as text; the tab table under the list names its
    # columns, then gives each numbered action's lead and date: neither is an action
    plan = extract(
        _write(
            tmp_path,
            "export.txt",
            [
                "Académie d'Orléans-Tours",
                "Projet académique 2024-2027",
                "",
                "AXE 1 : Apprendre",
                "",
                "Objectif 1 : Lire chaque jour",
                "",
                "Actions :",
                "o\tOuvrir un club de lecture par collège",
                "§\tFormer les professeurs documentalistes",
                "",
                "N°\tResponsable\tCalendrier",
                "1\tIA-DASEN\t2025",
                "2\tDAFOR\t2026",
                "",
                "Objectif 2 : Écrire mieux",
                "",
                "Actions :",
                "o\tOrganiser un concours d'écriture",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Apprendre",
            [
                (
                    "Lire chaque jour",
                    [
                        ("engagement", "Ouvrir un club de lecture par collège"),
                        ("engagement", "Former les professeurs documentalistes"),
                    ],
                ),
                ("Écrire mieux", [("engagement", "Organiser un concours d'écriture")]),
            ],
        )
    ]


def test_a_footer_whose_words_hold_figures_and_a_capitals_title_hyphenated(tmp_path):
    # "Académie de Nice – Projet 2023-2027 4": the footer's words hold figures, its page number
    # is only set after a space; a capitals title is cut by a hyphen inside a word
    lines = ["Académie de Nice", "Projet académique 2023-2027", ""]
    for n, (title, head) in enumerate(
        [("RÉUSSIR DANS LES TERRITOIRES DE LA MONTA-", "GNE"), ("FORMER TOUS LES PERSONNELS DE L'ACADÉ-", "MIE")],
        start=1,
    ):
        lines += [
            f"AXE {n}",
            title,
            head,
            f"Objectif {n}.1 – Agir ensemble {n}",
            "Indicateurs",
            f"▪ Taux de réussite numéro {n}",
            f"Nice – Projet académique 2023-2027 {2 * n + 1}",
            f"Objectif {n}.2 – Suivre les progrès {n}",
            "Indicateurs",
            f"▪ Part des élèves suivis {n}",
            f"Nice – Projet académique 2023-2027 {2 * n + 2}",
        ]
    plan = extract(_write(tmp_path, "nice.txt", lines))
    assert [a.label for a in plan.axes] == [
        "Réussir dans les territoires de la montagne",
        "Former tous les personnels de l'académie",
    ]
    indicators = [
        x.label
        for a in plan.axes
        for o in a.children
        if o.kind == "objective"
        for x in o.children
        if x.kind == "indicator"
    ]
    assert indicators == [
        "Taux de réussite numéro 1",
        "Part des élèves suivis 1",
        "Taux de réussite numéro 2",
        "Part des élèves suivis 2",
    ]


def test_ocr_letter_confusions_are_read_as_ocr_and_repaired():
    # a scan with none of the usual tell-tale glyphs, only "rn" read for "m" and "I" for "l"
    from boussole.ingest.normalize import looks_ocr, normalize

    raw = [
        "Le projet acadernique vise à forrner les professeurs.",
        "II faut rnieux accueiIlir les farnilles et les enseignants nouveIlernent nornmés.",
        "e Développer la forrnation continue",
    ]
    assert looks_ocr(raw)
    lines = normalize(raw)
    assert "académique" in lines[0].text and "former" in lines[0].text
    assert "accueillir" in lines[1].text and "nouvellement" in lines[1].text
    assert lines[2].bullet and lines[2].text == "Développer la formation continue"
    # real words with "rn" or an inner capital are left as they are
    clean = ["Le gouvernement soutient les projets Internet des écoles qui tournent bien."]
    assert not looks_ocr(clean) and normalize(clean)[0].text == clean[0]


def test_units_labelled_by_their_word_alone_without_numbers(tmp_path):
    # "Priorité : …" / "Objectif : …" with no number anywhere, titles in lower case, no blank
    # lines: the word and its separator opening the line make the heading
    plan = extract(
        _write(
            tmp_path,
            "page.txt",
            [
                "Académie de Caen",
                "Le projet académique 2023-2026 se décline en deux priorités pour tous les élèves du territoire.",
                "Priorité : la confiance dans les apprentissages",
                "Objectif : lire et écrire chaque jour à l'école primaire",
                "Actions",
                "Installer un quart d'heure de lecture quotidien dans toutes les classes",
                "Objectif : réussir l'entrée au collège",
                "Indicateurs",
                "Part des élèves de sixième ayant une maîtrise satisfaisante du français",
                "Priorité : une école ouverte sur le monde",
                "Objectif : apprendre une langue vivante dès le CP",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "la confiance dans les apprentissages",
            [
                (
                    "lire et écrire chaque jour à l'école primaire",
                    [("engagement", "Installer un quart d'heure de lecture quotidien dans toutes les classes")],
                ),
                (
                    "réussir l'entrée au collège",
                    [("indicator", "Part des élèves de sixième ayant une maîtrise satisfaisante du français")],
                ),
            ],
        ),
        ("une école ouverte sur le monde", [("apprendre une langue vivante dès le CP", [])]),
    ]


def test_a_level_word_without_a_number_once_or_in_running_text_is_no_heading():
    texts = [
        "Axe 1 : Réussir",
        "Objectif : que chaque élève lise couramment en fin de CE1.",
        "Objectif 1 : Lire chaque jour",
        "Objectif : lire",
    ]
    levels = document_levels(texts)
    # a sentence, and a word the document numbers elsewhere, are not bare labels
    assert levels.bare_lines == frozenset()
    assert classify("Défi : lire chaque jour", levels) is None


def test_hyphenated_level_words_and_numbers_ending_on_a_letter(tmp_path):
    # "•⇥Fiche-action I.1.a : …" items under "Sous-objectif I.1 – …": the label of the item
    # is its number, not its text; an item under capitals does not run on into the next heading
    plan = extract(
        _write(
            tmp_path,
            "export.txt",
            [
                "Académie de Nouvelle-Calédonie",
                "Projet éducatif 2024-2027",
                "CHANTIER I : APPRENDRE",
                "Sous-objectif I.1 – Garantir la lecture à chaque enfant",
                "•\tFiche-action I.1.a : Ouvrir une bibliothèque dans chaque école des îles Loyauté",
                "•\tFiche action I.1.b : Former les maîtres aux langues kanak",
                "Indicateurs :",
                "•\tPart des élèves lecteurs en fin de CE1 mesurée chaque année par les évaluations",
                "PILOTAGE ET SUIVI",
                "Un comité de pilotage réunit les partenaires du projet chaque trimestre.",
                "CHANTIER II : GRANDIR",
                "Sous-objectif II.1 – Vivre ensemble au collège",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Apprendre",
            [
                (
                    "Garantir la lecture à chaque enfant",
                    [
                        ("engagement", "Ouvrir une bibliothèque dans chaque école des îles Loyauté"),
                        ("engagement", "Former les maîtres aux langues kanak"),
                        (
                            "indicator",
                            "Part des élèves lecteurs en fin de CE1 mesurée chaque année par les évaluations",
                        ),
                    ],
                )
            ],
        ),
        ("Grandir", [("Vivre ensemble au collège", [])]),
    ]


def test_a_pages_html_source_is_read_as_the_page_shows_it(tmp_path):
    # tags and entities pasted as text: <h2>/<h3> are the page's two levels, <li> its items
    plan = extract(
        _write(
            tmp_path,
            "page.txt",
            [
                "Académie de Caen &ndash; le projet académique 2024-2028",
                "<p>Le projet s&rsquo;organise autour de deux axes.</p>",
                "<h2>Axe 1 : L&#39;école de la confiance</h2>",
                "<h3>Objectif 1.1 &ndash; Lire chaque jour</h3>",
                "Nos engagements",
                "<ul>",
                "<li>Ouvrir l&#39;école aux familles le samedi</li>",
                "</ul>",
                "<h2>Axe 2 : Grandir &amp; s&rsquo;épanouir</h2>",
                "<h3>Objectif 2.1 &ndash; Bouger chaque jour</h3>",
            ],
        )
    )
    assert _tree(plan) == [
        ("L'école de la confiance", [("Lire chaque jour", [("engagement", "Ouvrir l'école aux familles le samedi")])]),
        ("Grandir & s'épanouir", [("Bouger chaque jour", [])]),
    ]


def test_prose_with_a_less_than_sign_is_no_markup():
    from boussole.ingest.markup import has_markup

    assert not has_markup(["Moins de 5 % des élèves (< 5 %) & leurs familles", "Axe 1 : Réussir"])
    assert has_markup(["<h2>Axe 1</h2>", "<li>a</li>"])


def test_an_accordion_of_sections_with_a_qualified_word_and_lists_cut_by_dashes(tmp_path):
    # "+ Grand cap A - …" opens a section of an accordion; its buttons are not text; "Leviers –
    # a – b" is a list written on its line, cut by the dash that follows its word
    plan = extract(
        _write(
            tmp_path,
            "page.txt",
            [
                "Académie de Rouen",
                "Le projet académique 2024-2027 se lit section par section.",
                "Tout déplier | Tout replier",
                "+ Grand cap A - Une école qui instruit",
                "Afficher le contenu",
                "a) Lire chaque jour",
                "Leviers – Ouvrir une bibliothèque par école – Former les professeurs",
                "Fermer",
                "+ Grand cap B - Une école qui protège",
                "Afficher le contenu",
                "a) Prévenir le harcèlement",
                "Fermer",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école qui instruit",
            [
                (
                    "Lire chaque jour",
                    [("engagement", "Ouvrir une bibliothèque par école"), ("engagement", "Former les professeurs")],
                )
            ],
        ),
        ("Une école qui protège", [("Prévenir le harcèlement", [])]),
    ]


def test_a_list_set_out_as_a_table_of_figures_and_a_comment_under_it(tmp_path):
    # "Indicateurs   2021   Cible 2026" over rows cut by runs of spaces: each row's first cell
    # is an indicator, wrapped or with its figures on the line below; the prose set apart
    # under the list comments on it
    plan = extract(
        _write(
            tmp_path,
            "bilan.txt",
            [
                "Académie de Caen — bilan du projet académique 2022-2026",
                "",
                "AXE 1 – RÉUSSIR",
                "",
                "Objectif 1.1 – Lire chaque jour",
                "",
                "Indicateurs                                   2021      2023      Cible 2026",
                "Part des élèves lecteurs fluides en CE1       68 %      72 %      80 %",
                "Score moyen aux évaluations de sixième en     244       247       255",
                "mathématiques",
                "Part des écoles ayant un quart d'heure de lecture quotidien et partagé",
                "                                              40 %      71 %      100 %",
                "",
                "Analyse : la progression est réelle en lecture mais elle reste encore trop lente en mathématiques.",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Réussir",
            [
                (
                    "Lire chaque jour",
                    [
                        ("indicator", "Part des élèves lecteurs fluides en CE1"),
                        ("indicator", "Score moyen aux évaluations de sixième en mathématiques"),
                        ("indicator", "Part des écoles ayant un quart d'heure de lecture quotidien et partagé"),
                    ],
                )
            ],
        )
    ]


def test_what_a_plan_will_do_is_its_engagements_unless_it_reports_what_was_done(tmp_path):
    lines = [
        "Académie de Caen",
        "Projet académique 2024-2028",
        "",
        "Axe 1 : Réussir (objectifs 1.1 et 1.2)",
        "",
        "Objectif 1.1 : Lire chaque jour",
        "",
        "Ce que nous ferons",
        "- Ouvrir une bibliothèque par école",
    ]
    plan = extract(_write(tmp_path, "plan.txt", lines))
    assert _tree(plan) == [("Réussir", [("Lire chaque jour", [("engagement", "Ouvrir une bibliothèque par école")])])]
    report = extract(_write(tmp_path, "bilan.txt", lines + ["", "Ce qui a été réalisé", "- Un club de lecture"]))
    kinds = [leaf.kind for a in report.axes for o in a.children for leaf in o.children]
    assert kinds == ["action", "action"]


def test_leaf_labels_starting_again_under_one_axis_number_the_leaves_of_bulleted_objectives(tmp_path):
    # "Action 1, 2" under each bullet of an axis: the bullets are its objectives and the
    # actions their engagements, though "Action" may name the second level elsewhere
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Caen — projet académique 2024-2028",
                "PREMIÈRE PRIORITÉ – Réussir à l'école",
                "➢ Lire chaque jour en classe",
                "    Action 1 : Ouvrir une bibliothèque par école",
                "    Action 2 : Former les professeurs à la lecture",
                "➢ Compter avec plaisir",
                "    Action 1 : Organiser une semaine des mathématiques",
                "DEUXIÈME PRIORITÉ – Grandir ensemble",
                "➢ Prévenir le harcèlement",
                "    Action 1 : Former des élèves ambassadeurs",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Réussir à l'école",
            [
                (
                    "Lire chaque jour en classe",
                    [
                        ("engagement", "Ouvrir une bibliothèque par école"),
                        ("engagement", "Former les professeurs à la lecture"),
                    ],
                ),
                ("Compter avec plaisir", [("engagement", "Organiser une semaine des mathématiques")]),
            ],
        ),
        ("Grandir ensemble", [("Prévenir le harcèlement", [("engagement", "Former des élèves ambassadeurs")])]),
    ]


def test_markdown_sections_of_context_and_lettered_units_after_a_dash(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.md",
            [
                "# Projet académique de Caen 2024-2028",
                "## PREMIÈRE ORIENTATION : Réussir à l'école",
                "#### Constat",
                "Les résultats en lecture restent fragiles dans les territoires ruraux.",
                "### a – Lire chaque jour",
                "Cibles à atteindre : part des élèves lecteurs fluides (cible 2027 : 90 %).",
                "### b – Compter avec plaisir",
                "## DEUXIÈME ORIENTATION : Grandir ensemble",
                "### a – Prévenir le harcèlement",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Réussir à l'école",
            [
                ("Lire chaque jour", [("indicator", "part des élèves lecteurs fluides (cible 2027 : 90 %)")]),
                ("Compter avec plaisir", []),
            ],
        ),
        ("Grandir ensemble", [("Prévenir le harcèlement", [])]),
    ]


def test_axes_numbered_without_a_word_over_prose_and_a_spaced_list_of_objectives(tmp_path):
    # "1 - …" axes, a paragraph, then bullets set apart by blank lines with wrapped words: the
    # bullets are the objectives; "1) TITLE IN CAPITALS" numbers a heading, not a list item
    lines = ["Académie de Caen", "Projet académique 2024-2028", ""]
    for n, (axis, objectives) in enumerate(
        [
            ("Éveiller la curiosité des élèves", ["Développer le chant choral", "Ouvrir les lieux culturels"]),
            ("Grandir en citoyen", ["Former les délégués", "Prévenir le harcèlement"]),
        ],
        start=1,
    ):
        lines += [
            f"{n} - {axis}",
            "",
            "Depuis plusieurs années, les écarts se sont réduits, sans toutefois",
            "disparaître.",
            "",
        ]
        for o in objectives:
            lines += [f"◆ {o} dans toutes les", "  écoles", "", ""]
    plan = extract(_write(tmp_path, "plan.txt", lines))
    assert _tree(plan) == [
        (
            "Éveiller la curiosité des élèves",
            [
                ("Développer le chant choral dans toutes les écoles", []),
                ("Ouvrir les lieux culturels dans toutes les écoles", []),
            ],
        ),
        (
            "Grandir en citoyen",
            [
                ("Former les délégués dans toutes les écoles", []),
                ("Prévenir le harcèlement dans toutes les écoles", []),
            ],
        ),
    ]


def test_a_number_closed_by_a_parenthesis_before_a_title_in_capitals(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Caen — projet académique 2024-2028",
                "",
                "1) ACCOMPAGNER CHAQUE ÉLÈVE",
                "",
                "Fiche action n° 1",
                "Améliorer les liaisons entre le collège et le lycée",
                "",
                "2) FAIRE DE L'ÉCOLE UN LIEU DE BIEN-ÊTRE",
                "",
                "Fiche action n° 2",
                "Promouvoir le bien-être des élèves",
            ],
        )
    )
    assert [a.label for a in plan.axes] == ["Accompagner chaque élève", "Faire de l'école un lieu de bien-être"]
    assert [[o.label for o in a.children if o.kind == "objective"] for a in plan.axes] == [
        ["Améliorer les liaisons entre le collège et le lycée"],
        ["Promouvoir le bien-être des élèves"],
    ]


def test_a_list_right_under_an_objective_is_what_it_will_do(tmp_path):
    # no heading over the first list: its bullets (wrapped or not, "o" bullets of a word
    # processor too) are the objective's engagements; "Quelques indicateurs" heads the next list
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Caen — projet académique 2024-2028",
                "",
                "AXE 1 : Réussir",
                "",
                "Objectif 1.1 : Lire chaque jour",
                "",
                "o Ouvrir une bibliothèque dans chaque école et dans chaque",
                "  collège du département",
                "o Former les professeurs à la lecture",
                "",
                "QUELQUES INDICATEURS",
                "o Part des élèves lecteurs fluides",
                "",
                "Sigles et acronymes",
                "CIO = centre d'information et d'orientation",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Réussir",
            [
                (
                    "Lire chaque jour",
                    [
                        (
                            "engagement",
                            "Ouvrir une bibliothèque dans chaque école et dans chaque collège du département",
                        ),
                        ("engagement", "Former les professeurs à la lecture"),
                        ("indicator", "Part des élèves lecteurs fluides"),
                    ],
                )
            ],
        )
    ]


def test_a_title_the_contents_list_set_above_its_bare_label_and_dotted_numbers_closed_by_a_parenthesis(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Projet académique de Reims 2024-2028",
                "Table des matières",
                "AMBITION 1 – L'engagement citoyen des élèves ........ 2",
                "AMBITION 2 – Élever le niveau de tous les élèves ..... 3",
                "",
                "L'engagement citoyen des élèves",
                "AMBITION 1",
                "1.1) Développer la transmission des valeurs de la République",
                "1.2) Renforcer le travail de mémoire",
                "Élever le niveau de tous les élèves",
                "AMBITION 2",
                "2.1) Consolider les apprentissages fondamentaux",
            ],
        ),
        academy="Reims",
    )
    assert _tree(plan) == [
        (
            "L'engagement citoyen des élèves",
            [("Développer la transmission des valeurs de la République", []), ("Renforcer le travail de mémoire", [])],
        ),
        ("Élever le niveau de tous les élèves", [("Consolider les apprentissages fondamentaux", [])]),
    ]


def test_a_level_word_alone_over_its_title_without_numbers(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "page.txt",
            [
                "Académie de Lyon — projet académique 2024-2028",
                "Axe stratégique",
                "Généraliser la pratique artistique",
                "Mesure 1 : Valoriser le parcours d'éducation artistique",
                "Action 1 : Proposer un module de formation",
                "Mesure 2 : Encourager l'association sportive",
                "Axe stratégique",
                "Promouvoir la qualité de vie à l'école",
                "Mesure 1 : Prévenir le harcèlement",
                "Action 2 : Former des élèves ambassadeurs",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Généraliser la pratique artistique",
            [
                ("Valoriser le parcours d'éducation artistique", [("engagement", "Proposer un module de formation")]),
                ("Encourager l'association sportive", []),
            ],
        ),
        (
            "Promouvoir la qualité de vie à l'école",
            [("Prévenir le harcèlement", [("engagement", "Former des élèves ambassadeurs")])],
        ),
    ]


def test_titles_printed_above_their_labels_in_a_text_without_blank_lines(tmp_path):
    # the last "Orientation n" of a volet has a heading right under it: its title can only be
    # above, so every bare "Orientation n" of the document takes the line above it
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Grenoble — projet académique 2024-2028",
                "Volet 1 : DES ÉQUIPES SOUTENUES",
                "Améliorer la gestion de proximité",
                "Orientation 1",
                "Structurer la Formation Continue des",
                "Personnels",
                "Orientation 2",
                "Volet 2 : UNE ÉCOLE PLUS JUSTE",
                "Renforcer la fluence en lecture",
                "Orientation 1",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Des équipes soutenues",
            [("Améliorer la gestion de proximité", []), ("Structurer la Formation Continue des Personnels", [])],
        ),
        ("Une école plus juste", [("Renforcer la fluence en lecture", [])]),
    ]


def test_units_numbered_with_a_parenthesis_standing_alone_between_blank_lines(tmp_path):
    # "2) Développer…" alone between blank lines (wrapped once) is a unit; "1) …" items of a
    # list under its heading are not
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Créteil — projet académique 2022-2027",
                "",
                "Finalité A. TRANSMETTRE LES VALEURS",
                "",
                "1) Renforcer l'engagement des élèves",
                "",
                "Quelques indicateurs",
                "1) Nombre d'interventions de l'équipe valeurs",
                "2) Part des élus au conseil de la vie collégienne",
                "",
                "2) Développer la formation des personnels à la laïcité dans toutes les écoles et tous les",
                "établissements",
                "",
                "Finalité B. POUR DES USAGES NUMÉRIQUES RAISONNÉS",
                "",
                "1) Promouvoir la sécurité numérique",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Transmettre les valeurs",
            [
                (
                    "Renforcer l'engagement des élèves",
                    [
                        ("indicator", "Nombre d'interventions de l'équipe valeurs"),
                        ("indicator", "Part des élus au conseil de la vie collégienne"),
                    ],
                ),
                (
                    "Développer la formation des personnels à la laïcité dans toutes les écoles et tous les établissements",
                    [],
                ),
            ],
        ),
        ("Pour des usages numériques raisonnés", [("Promouvoir la sécurité numérique", [])]),
    ]


def test_markdown_headings_numbered_alone_are_one_level_over_their_lists(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(
        "# Projet académique 2018-2023 — Académie de Nantes\n"
        "## 1 - GARANTIR LA QUALITÉ DU SERVICE PUBLIC\n"
        "Les familles seront associées à cette démarche.\n"
        "- Structurer le dialogue de gestion\n- Développer la contractualisation\n"
        "## 2 - DÉVELOPPER LES MOBILITÉS\n"
        "Les résultats sont encourageants.\n"
        "- Valoriser les langues vivantes\n- Favoriser les sections européennes\n",
        encoding="utf-8",
    )
    assert _tree(extract(path)) == [
        (
            "Garantir la qualité du service public",
            [("Structurer le dialogue de gestion", []), ("Développer la contractualisation", [])],
        ),
        (
            "Développer les mobilités",
            [("Valoriser les langues vivantes", []), ("Favoriser les sections européennes", [])],
        ),
    ]


def test_objectives_as_bullets_each_over_its_own_indented_lists(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Poitiers — projet académique 2024-2027",
                "Priorité académique 1 – Une école laïque et fraternelle",
                "➢ Favoriser l'éducation contre le racisme",
                "    ACTIONS À CONDUIRE",
                "    * Formation de l'ensemble des personnels à la laïcité",
                "    MESURER NOS PROGRÈS",
                "    • Nombre de personnels formés",
                "➢ Promouvoir l'engagement des jeunes",
                "    ACTIONS À CONDUIRE",
                "    * Production d'un guide de l'engagement",
                "Priorité académique 2 – Une école ouverte",
                "➢ Développer les échanges européens",
                "➢ Valoriser les langues régionales",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école laïque et fraternelle",
            [
                (
                    "Favoriser l'éducation contre le racisme",
                    [
                        ("engagement", "Formation de l'ensemble des personnels à la laïcité"),
                        ("indicator", "Nombre de personnels formés"),
                    ],
                ),
                ("Promouvoir l'engagement des jeunes", [("engagement", "Production d'un guide de l'engagement")]),
            ],
        ),
        ("Une école ouverte", [("Développer les échanges européens", []), ("Valoriser les langues régionales", [])]),
    ]


def test_a_title_case_heading_wrapped_after_a_word_that_cannot_end_it(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de La Réunion — projet académique 2020-2023",
                "Priorité académique I : Ouvrir l'école sur le monde",
                "Action 1 : Renforcer les Usages Pédagogiques du Numérique dans les",
                "Territoires Ruraux",
                "CIBLES",
                "► Nombre de classes équipées",
                "Action 2 : Valoriser les Sections Européennes",
                "Cette action prolonge le précédent projet.",
            ],
        )
    )
    assert [o.label for a in plan.axes for o in a.children if o.kind == "objective"] == [
        "Renforcer les Usages Pédagogiques du Numérique dans les Territoires Ruraux",
        "Valoriser les Sections Européennes",
    ]


def test_dotted_numbers_starting_a_new_parents_run_are_no_restart():
    # "2.1" after "1.2" is the next parent's first unit: "Fiche action" stays the objectives'
    levels = document_levels(["Fiche action 1.1 – Lire", "Fiche action 1.2 – Écrire", "Fiche action 2.1 – Compter"])
    assert levels.words["fiche action"] == 1
    restarted = document_levels(["Axe 1 : Réussir", "Action 1 : Lire", "Action 2 : Écrire", "Action 1 : Compter"])
    assert restarted.words["action"] == 2


def test_a_list_on_its_headings_line_wrapped_by_the_page_and_led_by_a_qualifier(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Grenoble — projet académique 2024-2028",
                "Axe 1 : Réussir",
                "Objectif 1.1 - Consolider les coopérations entre écoles rurales",
                "Ce que nous ferons : accompagnement de la labellisation de nouvelles cités",
                "éducatives ; organisation d'une rencontre annuelle avec les",
                "élus locaux ; constitution d'un groupe de travail.",
                "Quelques indicateurs : nombre de conventions ruralité ; part des écoles en réseau",
                "Objectif 1.2 - Encourager le monde associatif",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Réussir",
            [
                (
                    "Consolider les coopérations entre écoles rurales",
                    [
                        ("engagement", "accompagnement de la labellisation de nouvelles cités éducatives"),
                        ("engagement", "organisation d'une rencontre annuelle avec les élus locaux"),
                        ("engagement", "constitution d'un groupe de travail"),
                        ("indicator", "nombre de conventions ruralité"),
                        ("indicator", "part des écoles en réseau"),
                    ],
                ),
                ("Encourager le monde associatif", []),
            ],
        )
    ]


def test_a_list_numbered_one_two_three_under_its_heading_drops_the_numbers(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Académie de Corse — projet académique 2023-2027",
                "",
                "Axe 1 : Réussir",
                "",
                "Objectif 1.1 : Amplifier les projets en faveur de la biodiversité",
                "",
                "Indicateurs",
                "1. Évolution du nombre de projets relatifs à la transition écologique",
                "2. Part des établissements labellisés E3D",
            ],
        )
    )
    assert [leaf.label for a in plan.axes for o in a.children for leaf in o.children] == [
        "Évolution du nombre de projets relatifs à la transition écologique",
        "Part des établissements labellisés E3D",
    ]


def test_a_list_heading_that_names_its_list_twice_lists_nothing(tmp_path):
    # "Perspectives : ce que nous allons faire" over the list: a heading, not a list of one;
    # a paragraph after the list's bullets is one more item, not a comment
    plan = extract(
        _write(
            tmp_path,
            "bilan.txt",
            [
                "Académie d'Amiens — bilan d'étape du projet académique 2021-2025",
                "",
                "Axe 1 : Réussir",
                "",
                "Objectif 1.1 : Lire chaque jour",
                "",
                "Ce qui a été réalisé",
                "- Un club de lecture par collège",
                "",
                "Perspectives : ce que nous allons faire",
                "",
                "- Concevoir une feuille de route pour les lycées.",
                "",
                "Sensibilisation au bon usage des réseaux sociaux : favoriser les temps de sensibilisation des personnels et des élèves.",
            ],
        )
    )
    leaves = [(n.status, n.label) for a in plan.axes for o in a.children for n in o.children]
    assert leaves == [
        ("done", "Un club de lecture par collège"),
        ("planned", "Concevoir une feuille de route pour les lycées"),
        (
            "planned",
            "Sensibilisation au bon usage des réseaux sociaux : favoriser les temps de sensibilisation des personnels et des élèves",
        ),
    ]


def test_a_table_of_figures_ends_at_the_heading_right_under_it(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "page.txt",
            [
                "<h1>Académie de Rouen</h1>",
                "<p>Le projet acad&eacute;mique 2024-2027 s&rsquo;organise autour de deux ambitions.</p>",
                "<h2>Ambition 1 : R&eacute;ussir</h2>",
                "<h3>Objectif 1.1 &ndash; Lire chaque jour</h3>",
                "Indicateurs            2023      Cible 2027",
                "Part des lecteurs fluides en CE1       71 %      85 %",
                "<h2>Ambition 2 : Grandir ensemble</h2>",
                "<h3>Objectif 2.1 &ndash; Pr&eacute;venir le harc&egrave;lement</h3>",
            ],
        )
    )
    assert _tree(plan) == [
        ("Réussir", [("Lire chaque jour", [("indicator", "Part des lecteurs fluides en CE1")])]),
        ("Grandir ensemble", [("Prévenir le harcèlement", [])]),
    ]


def test_a_lettered_heading_under_a_title_is_the_next_unit_not_its_last_words(tmp_path):
    # "a) Élever…" opens in lower case like a title's wrapped words, but it is a heading of its own
    plan = extract(
        _write(
            tmp_path,
            "wiki.md",
            [
                "# Projet académique de Créteil 2023-2027",
                "",
                "## Finalité 1 – Une école exigeante pour tous",
                "",
                "### a) Élever le niveau en français",
                "",
                "**Ce que nous ferons**",
                "",
                "* Former les professeurs des écoles",
                "",
                "### b) Faire de la maternelle une école du langage",
                "",
                "## Finalité 2 – Une école qui protège",
                "",
                "### a) Faire vivre les valeurs de la République",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école exigeante pour tous",
            [
                ("Élever le niveau en français", [("engagement", "Former les professeurs des écoles")]),
                ("Faire de la maternelle une école du langage", []),
            ],
        ),
        ("Une école qui protège", [("Faire vivre les valeurs de la République", [])]),
    ]


def test_titles_above_bare_labels_with_running_text_below_them(tmp_path):
    # no blank lines: under each bare label, a sentence fills the line and runs on, so the title
    # can only be the line above the label; the heading line over the first title is not its start
    plan = extract(
        _write(
            tmp_path,
            "livret.txt",
            [
                "L'ESSENTIEL du projet académique de Grenoble 2024-2027",
                "Le projet en un coup d'œil",
                "Apprendre mieux, apprendre tous",
                "Axe 1",
                "Parce que la maîtrise des savoirs fondamentaux conditionne toute la suite du parcours, nous",
                "en faisons la première de nos priorités.",
                "› Assurer à chaque élève la maîtrise de la lecture",
                "› Développer l'enseignement des sciences",
                "Grandir en citoyen",
                "Axe 2",
                "L'école transmet les valeurs de la République et forme des citoyens éclairés, engagés et",
                "respectueux de leur environnement.",
                "› Transmettre les valeurs de la République",
                "› Développer l'engagement des élèves",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Apprendre mieux, apprendre tous",
            [("Assurer à chaque élève la maîtrise de la lecture", []), ("Développer l'enseignement des sciences", [])],
        ),
        (
            "Grandir en citoyen",
            [("Transmettre les valeurs de la République", []), ("Développer l'engagement des élèves", [])],
        ),
    ]


def test_a_wrapped_title_below_its_label_over_its_list_stays_below(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Projet académique de Reims 2022-2025",
                "AMBITION 1",
                "Élever le niveau de tous les élèves",
                "OBJECTIF 1",
                "Améliorer la maîtrise des compétences en lecture, écriture et mathé-",
                "matiques à la fin de l'école primaire",
                "Indicateurs",
                "Taux de maîtrise en français aux évaluations de sixième",
                "OBJECTIF 2",
                "Renforcer l'accompagnement personnalisé au collège",
                "Indicateurs",
                "Part des collégiens bénéficiant du dispositif devoirs faits",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Élever le niveau de tous les élèves",
            [
                (
                    "Améliorer la maîtrise des compétences en lecture, écriture et mathématiques à la fin de l'école primaire",
                    [("indicator", "Taux de maîtrise en français aux évaluations de sixième")],
                ),
                (
                    "Renforcer l'accompagnement personnalisé au collège",
                    [("indicator", "Part des collégiens bénéficiant du dispositif devoirs faits")],
                ),
            ],
        )
    ]


def test_a_title_in_capitals_wrapped_under_its_label_is_one_title(tmp_path):
    # the contents list names the axes shortly ("Les apprentissages"): the body's second line of
    # the capitals title repeats it, and is still that title's line, not a unit of its own; the
    # key figure in lower case under the title is not its last words
    plan = extract(
        _write(
            tmp_path,
            "brochure.txt",
            [
                "PROJET ACADÉMIQUE DE BORDEAUX 2024-2028",
                "SOMMAIRE",
                "Axe 1 – Les apprentissages ....................................... 6",
                "Axe 2 – Les parcours ............................................. 10",
                "AXE 1",
                "CONSOLIDER",
                "LES APPRENTISSAGES",
                "FONDAMENTAUX",
                "POUR TOUS",
                "88,4 %",
                "de réussite au DNB",
                "OBJECTIF 1",
                "Améliorer la maîtrise du français",
                "LEVIERS",
                "• Structurer un plan de formation",
                "AXE 2",
                "SÉCURISER",
                "LES PARCOURS",
                "OBJECTIF 2",
                "Mieux informer les élèves et leurs familles",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Consolider les apprentissages fondamentaux pour tous",
            [("Améliorer la maîtrise du français", [("engagement", "Structurer un plan de formation")])],
        ),
        ("Sécuriser les parcours", [("Mieux informer les élèves et leurs familles", [])]),
    ]


def test_objectives_named_in_a_units_own_prose(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "lettre.txt",
            [
                "Le recteur de l'académie de Dijon",
                "Objet : lancement du projet académique 2024-2028",
                "",
                "Ce projet repose sur deux priorités.",
                "",
                "Première priorité : la réussite de tous les élèves.",
                "",
                "Les écarts entre territoires restent trop importants. Pour y répondre, nous nous fixons trois",
                "objectifs : consolider les savoirs fondamentaux ; accompagner chaque élève à besoins",
                "éducatifs particuliers et, enfin, offrir aux élèves ruraux les mêmes chances. Les évaluations",
                "nationales seront un outil de pilotage.",
                "",
                "Deuxième priorité : une académie attentive à ses personnels.",
                "",
                "Rien de ce qui précède ne sera possible sans vous.",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "la réussite de tous les élèves",
            [
                ("Consolider les savoirs fondamentaux", []),
                ("Accompagner chaque élève à besoins éducatifs particuliers", []),
                ("Offrir aux élèves ruraux les mêmes chances", []),
            ],
        ),
        ("une académie attentive à ses personnels", []),
    ]


def test_a_table_of_actions_and_indicators_flattened_one_cell_a_line(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "export.txt",
            [
                "Projet académique de Toulouse 2023-2027",
                "Des apprentissages solides pour tous — ORIENTATION STRATÉGIQUE 1",
                "Objectifs",
                "Actions",
                "Indicateurs",
                "1.1 Renforcer la maîtrise de la lecture",
                "Généraliser la lecture à voix haute quotidienne",
                "Former les professeurs de collège à la compréhension",
                "Part des élèves de CE1 lisant au moins 50 mots par minute",
                "1.2 Accompagner les élèves à besoins éducatifs particuliers",
                "Déployer les pôles d'appui à la scolarité dans chaque",
                "département",
                "Nombre d'élèves notifiés bénéficiant d'un accompagnement",
                "Des parcours réussis dans tous les territoires — ORIENTATION STRATÉGIQUE 2",
                "2.1 Lutter contre le décrochage scolaire",
                "Actions",
                "- Installer un référent décrochage dans chaque établissement",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Des apprentissages solides pour tous",
            [
                (
                    "Renforcer la maîtrise de la lecture",
                    [
                        ("engagement", "Généraliser la lecture à voix haute quotidienne"),
                        ("engagement", "Former les professeurs de collège à la compréhension"),
                        ("indicator", "Part des élèves de CE1 lisant au moins 50 mots par minute"),
                    ],
                ),
                (
                    "Accompagner les élèves à besoins éducatifs particuliers",
                    [
                        ("engagement", "Déployer les pôles d'appui à la scolarité dans chaque département"),
                        ("indicator", "Nombre d'élèves notifiés bénéficiant d'un accompagnement"),
                    ],
                ),
            ],
        ),
        (
            "Des parcours réussis dans tous les territoires",
            [
                (
                    "Lutter contre le décrochage scolaire",
                    [("engagement", "Installer un référent décrochage dans chaque établissement")],
                )
            ],
        ),
    ]


def test_a_contents_list_without_page_numbers_is_the_skeleton(tmp_path):
    # a word processor's export: the entries are the lines under "Sommaire" that the body writes
    # again; the ones before the first unit are front matter
    plan = extract(
        _write(
            tmp_path,
            "export.txt",
            [
                "Projet académique de Toulouse 2023-2027",
                "Sommaire",
                "Le mot du recteur",
                "L'académie en bref",
                "Des apprentissages solides pour tous — Orientation stratégique 1",
                "Des parcours réussis dans tous les territoires — Orientation stratégique 2",
                "Le mot du recteur",
                "Avec huit départements, notre académie scolarise plus de 500 000 élèves dans des territoires très divers.",
                "L'académie en bref",
                "Indicateur",
                "Valeur",
                "Élèves",
                "plus de 500 000",
                "Écoles",
                "3 200",
                "Des apprentissages solides pour tous — ORIENTATION STRATÉGIQUE 1",
                "1.1 Renforcer la maîtrise de la lecture",
                "Des parcours réussis dans tous les territoires — ORIENTATION STRATÉGIQUE 2",
                "2.1 Lutter contre le décrochage scolaire",
            ],
        )
    )
    assert _tree(plan) == [
        ("Des apprentissages solides pour tous", [("Renforcer la maîtrise de la lecture", [])]),
        ("Des parcours réussis dans tous les territoires", [("Lutter contre le décrochage scolaire", [])]),
    ]


def test_underlined_headings_are_the_top_level_over_labelled_objectives(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Projet académique de Bordeaux 2024-2028",
                "",
                "Une école plus juste",
                "====================",
                "OBJECTIF : Valoriser la voie professionnelle",
                "Actions :",
                "■ Consolider des semaines de découverte des métiers",
                "",
                "L'équité territoriale",
                "=====================",
                "OBJECTIF : Renforcer les réseaux d'écoles rurales",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école plus juste",
            [
                (
                    "Valoriser la voie professionnelle",
                    [("engagement", "Consolider des semaines de découverte des métiers")],
                )
            ],
        ),
        ("L'équité territoriale", [("Renforcer les réseaux d'écoles rurales", [])]),
    ]


@pytest.mark.parametrize(
    ("line", "num", "title"),
    [
        ("1. : L'accompagnement des parcours", "1", "L'accompagnement des parcours"),
        ("II. – Réussir ensemble", "II", "Réussir ensemble"),
    ],
)
def test_a_number_may_take_two_separators(line, num, title):
    from boussole.ingest.headings import scheme_of

    name, m = scheme_of(line)
    assert (m.group("num"), m.group("title")) == (num, title)


def test_a_dotted_leaf_number_and_its_dash_are_not_the_leafs_words():
    head = classify("1.1.2. -\tMutualiser des stages d'immersion".replace("\t", " "))
    assert (head.kind, head.num, head.title) == ("leaf", "1.1.2", "Mutualiser des stages d'immersion")


def test_a_top_level_announced_in_a_wrapped_sentence_beats_lines_guessed_as_objectives(tmp_path):
    # a web page's skip links open on an infinitive like objectives do; the prose announces the
    # top level in a sentence wrapped and hyphenated over three lines
    plan = extract(
        _write(
            tmp_path,
            "page.txt",
            [
                "Aller au contenu",
                "Aller à la recherche",
                "Académie de Besançon",
                "Projet académique 2024-2028",
                "",
                "Construire l'avenir avec chaque élève",
                "",
                "Notre action collective s'organise autour de trois finalités : l'éducation artistique et cultu-",
                "relle dès l'école primaire ; des usages numériques maîtrisés dans les classes ; des parcours de",
                "réussite de bac -3 à bac +3.",
                "",
                "Le dialogue avec les chefs d'établissement sera renforcé à chaque étape.",
            ],
        )
    )
    assert _tree(plan) == [
        ("L'éducation artistique et culturelle dès l'école primaire", []),
        ("Des usages numériques maîtrisés dans les classes", []),
        ("Des parcours de réussite de bac -3 à bac +3", []),
    ]


def test_a_plan_told_by_capitals_and_sentence_case_alone(tmp_path):
    # no labels, no numbers, no blank lines: capitals are the top level, short lines in sentence
    # case over lists the second; lists' items, a cover's lines and the key figures are neither
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "PROJET ÉDUCATIF POLYNÉSIEN",
                "Tahiti, Moorea, Raiatea… une même ambition pour tous les élèves des cinq archipels",
                "LE MOT DU MINISTRE",
                "Ce plan d'actions traduit la Charte de l'éducation adoptée par l'Assemblée.",
                "LA POLYNÉSIE EN QUELQUES CHIFFRES",
                "Près de 60 000 élèves",
                "Une surface maritime comparable à celle de l'Europe",
                "UNE ÉCOLE QUI FAIT RÉUSSIR CHAQUE ENFANT",
                "Maîtriser le français et les mathématiques",
                "– Généraliser l'enseignement des langues polynésiennes",
                "Indicateurs de suivi :",
                "· Taux de réussite aux évaluations de CE1",
                "Réduire les écarts entre Tahiti et les archipels",
                "– Développer les internats",
                "UNE ÉCOLE QUI OUVRE SUR LE MONDE",
                "Construire des parcours d'orientation ambitieux",
                "– Organiser une semaine de l'orientation",
                "Indicateurs de suivi :",
                "· Nombre d'élèves ayant participé à une mobilité dans le Pacifique",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école qui fait réussir chaque enfant",
            [
                (
                    "Maîtriser le français et les mathématiques",
                    [
                        ("engagement", "Généraliser l'enseignement des langues polynésiennes"),
                        ("indicator", "Taux de réussite aux évaluations de CE1"),
                    ],
                ),
                ("Réduire les écarts entre Tahiti et les archipels", [("engagement", "Développer les internats")]),
            ],
        ),
        (
            "Une école qui ouvre sur le monde",
            [
                (
                    "Construire des parcours d'orientation ambitieux",
                    [
                        ("engagement", "Organiser une semaine de l'orientation"),
                        ("indicator", "Nombre d'élèves ayant participé à une mobilité dans le Pacifique"),
                    ],
                )
            ],
        ),
    ]


def test_a_top_level_announced_as_a_list_with_commas(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "communique.txt",
            [
                "COMMUNIQUÉ DE PRESSE",
                "Rentrée 2025 : le recteur présente le projet académique 2025-2029 de Montpellier",
                "",
                "Fruit d'une concertation menée de janvier à juin 2025, le projet académique s'articule",
                "autour de quatre axes : la réussite de chaque élève, l'école inclusive et",
                "protectrice, l'ouverture vers l'avenir, et l'accompagnement des personnels.",
                "",
                "La réussite de chaque élève. Le premier axe se décline en trois objectifs.",
            ],
        )
    )
    assert [a for a, _ in _tree(plan)] == [
        "La réussite de chaque élève",
        "L'école inclusive et protectrice",
        "L'ouverture vers l'avenir",
        "L'accompagnement des personnels",
    ]


def test_a_level_word_without_number_closed_by_a_stop_labels_its_title(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Projet d'académie d'Orléans-Tours 2023-2028",
                "Enjeu 1 : L'éducation au numérique responsable",
                "Objectif opérationnel.   Généraliser l'usage raisonné des écrans",
                "Cette démarche exige de la constance et une évaluation régulière de nos actions.",
                "Objectif opérationnel.   Renforcer l'éducation aux médias",
                "Enjeu 2 : La qualité de vie au travail",
                "Objectif opérationnel.   Renforcer le dialogue social",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "L'éducation au numérique responsable",
            [("Généraliser l'usage raisonné des écrans", []), ("Renforcer l'éducation aux médias", [])],
        ),
        ("La qualité de vie au travail", [("Renforcer le dialogue social", [])]),
    ]


def test_unlabelled_titles_over_objectives_numbered_again_from_one_are_the_top_level(tmp_path):
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Projet académique de La Réunion 2022-2026",
                "Le projet s'organise autour de deux enjeux, déclinés en objectifs.",
                "Faire progresser chaque élève",
                "de la maternelle au lycée",
                "Objectif stratégique 1. Améliorer la compréhension de l'écrit",
                "Leviers :",
                "◆ Déployer des protocoles de dédoublement",
                "Objectif stratégique 2. Sécuriser l'ambition scolaire des élèves",
                "Accompagner les personnels",
                "Objectif stratégique 1. Mieux accueillir les nouveaux personnels",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Faire progresser chaque élève de la maternelle au lycée",
            [
                ("Améliorer la compréhension de l'écrit", [("engagement", "Déployer des protocoles de dédoublement")]),
                ("Sécuriser l'ambition scolaire des élèves", []),
            ],
        ),
        ("Accompagner les personnels", [("Mieux accueillir les nouveaux personnels", [])]),
    ]


def test_slides_with_a_contents_list_of_titles_alone(tmp_path):
    # slide markers are furniture; the contents list writes the axes by their titles alone,
    # each slide repeats its axis's title; "1.Déployer" lost the space after its number
    plan = extract(
        _write(
            tmp_path,
            "diaporama.txt",
            [
                "--- Diapositive 1 ---",
                "Projet académique de Normandie 2018-2022",
                "",
                "--- Diapositive 2 ---",
                "Table des matières",
                "",
                "L'équité territoriale et ses bassins de vie",
                "La qualité de vie au travail",
                "",
                "--- Diapositive 3 ---",
                "L'équité territoriale et ses bassins de vie",
                "FICHE ACTION : Développer la continuité éducative dans les zones isolées",
                "",
                "Nous nous engageons à",
                "1.Déployer des classes numériques partagées",
                "2.Mutualiser des navettes vers les lycées",
                "",
                "--- Diapositive 4 ---",
                "La qualité de vie au travail",
                "FICHE ACTION : Accueillir les nouveaux personnels",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "L'équité territoriale et ses bassins de vie",
            [
                (
                    "Développer la continuité éducative dans les zones isolées",
                    [
                        ("engagement", "Déployer des classes numériques partagées"),
                        ("engagement", "Mutualiser des navettes vers les lycées"),
                    ],
                )
            ],
        ),
        ("La qualité de vie au travail", [("Accueillir les nouveaux personnels", [])]),
    ]


def test_objectives_as_lines_opening_on_an_infinitive_under_labelled_axes(tmp_path):
    # a web page copied from a browser lost its list's bullets: under each labelled axis and its
    # title, the objectives are lines of their own opening on an infinitive
    plan = extract(
        _write(
            tmp_path,
            "page.txt",
            [
                "Le projet académique de Nantes 2024-2028",
                "Les trois ambitions du projet",
                "Ambition 1",
                "Faire réussir chaque élève, de la maternelle au supérieur",
                "Consolider la maîtrise des savoirs fondamentaux",
                "Prévenir le décrochage scolaire",
                "Ambition 2",
                "Construire une école inclusive, juste et protectrice",
                "Scolariser tous les élèves à besoins éducatifs particuliers",
                "Promouvoir l'égalité entre les filles et les garçons",
                "Mieux protéger les élèves du harcèlement",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Faire réussir chaque élève, de la maternelle au supérieur",
            [("Consolider la maîtrise des savoirs fondamentaux", []), ("Prévenir le décrochage scolaire", [])],
        ),
        (
            "Construire une école inclusive, juste et protectrice",
            [
                ("Scolariser tous les élèves à besoins éducatifs particuliers", []),
                ("Promouvoir l'égalité entre les filles et les garçons", []),
                ("Mieux protéger les élèves du harcèlement", []),
            ],
        ),
    ]


def test_a_table_of_indicators_exported_one_cell_a_line(tmp_path):
    # "Indicateur / Valeur 2022 / Cible 2026" one a line, then each indicator and its figures:
    # the column names and the figures are not indicators
    plan = extract(
        _write(
            tmp_path,
            "export.txt",
            [
                "Projet académique de Dijon 2024-2028",
                "Orientation 1 – Élever le niveau de tous les élèves",
                "Objectif 1.1\tFaire de la lecture une priorité quotidienne",
                "Action 1 :\tInstaurer un temps de lecture quotidien",
                "Indicateur",
                "Valeur 2022",
                "Cible 2026",
                "Part des élèves de CE1 lisant au moins 50 mots par minute",
                "71 %",
                "80 %",
                "Écart de réussite entre territoires",
                "4,2 points",
                "2 points",
                "Objectif 1.2\tConsolider les compétences mathématiques",
                "Indicateurs",
                "- Taux de réussite aux évaluations de quatrième",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Élever le niveau de tous les élèves",
            [
                (
                    "Faire de la lecture une priorité quotidienne",
                    [
                        ("engagement", "Instaurer un temps de lecture quotidien"),
                        ("indicator", "Part des élèves de CE1 lisant au moins 50 mots par minute"),
                        ("indicator", "Écart de réussite entre territoires"),
                    ],
                ),
                (
                    "Consolider les compétences mathématiques",
                    [("indicator", "Taux de réussite aux évaluations de quatrième")],
                ),
            ],
        )
    ]


def test_a_heading_numbered_in_another_scheme_ends_a_numbered_list(tmp_path):
    # no blank lines: "I.2 - Promouvoir…" right after "2.Part des élèves…" is the next objective,
    # not a third item of the indicators' list numbered 1, 2
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Projet académique de Reims 2023-2027",
                "Défi I - Une école qui fait réussir",
                "I.1 - Généraliser l'éducation artistique et culturelle",
                "Indicateurs :",
                "1.Nombre de partenariats culturels signés",
                "2.Part des élèves bénéficiant du 100 % EAC",
                "I.2 - Promouvoir le lien entre l'école et le monde associatif au service des",
                "apprentissages",
                "Défi II - Des parcours ambitieux",
                "II.1 - Développer la lutte contre le décrochage scolaire",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "Une école qui fait réussir",
            [
                (
                    "Généraliser l'éducation artistique et culturelle",
                    [
                        ("indicator", "Nombre de partenariats culturels signés"),
                        ("indicator", "Part des élèves bénéficiant du 100 % EAC"),
                    ],
                ),
                ("Promouvoir le lien entre l'école et le monde associatif au service des apprentissages", []),
            ],
        ),
        ("Des parcours ambitieux", [("Développer la lutte contre le décrochage scolaire", [])]),
    ]


def test_a_title_case_heading_wrapped_over_lines_is_completed_from_the_announced_titles(tmp_path):
    # the announcement's colon is two lines after its count; the headings are set in title case
    # and wrap where nothing in their words says they go on
    plan = extract(
        _write(
            tmp_path,
            "plan.txt",
            [
                "Projet académique de Versailles 2024-2029",
                "Le projet académique s'organise autour de deux caps, déclinés en",
                "objectifs opérationnels : l'ouverture à l'international pour tous les élèves ;",
                "une culture numérique partagée.",
                "Cap I : L'ouverture à",
                "l'International pour",
                "Tous les Élèves",
                "Objectif stratégique 1: Renforcer l'enseignement des langues régionales",
                "Cap II : Une",
                "Culture Numérique",
                "Partagée",
                "Il fixe un cap clair et partagé pour les prochaines années.",
                "Objectif stratégique 1: Généraliser les espaces numériques de travail",
            ],
        )
    )
    assert _tree(plan) == [
        (
            "L'ouverture à l'International pour Tous les Élèves",
            [("Renforcer l'enseignement des langues régionales", [])],
        ),
        ("Une Culture Numérique Partagée", [("Généraliser les espaces numériques de travail", [])]),
    ]
