#!/usr/bin/env python3
"""Independent generator of synthetic "projets académiques" with their ground truth.

This generator was written without looking at Boussole's plan reader, its tests, its
benchmarks or its documentation, and it imports nothing from Boussole: the layouts come
only from how French académies publish their plans (PDF exports, Word exports, web pages,
Markdown conversions).  Its purpose is to judge the reader on material the reader was not
tuned on.

    python bench/plangen_indep.py --out DIR [--seed 0] [--n 24] [--list-styles]

Each plan is written as ``DIR/NAME.txt`` (``.md`` for Markdown plans) beside
``DIR/NAME.truth.json``::

    {"academy": "Nantes", "period": "2023-2027", "kind": "generated", "style": "...",
     "partial": false,
     "axes": [{"title": "...", "objectives": [{"title": "...", "engagements": ["..."],
                                               "indicators": ["..."]}]}]}

Titles are given as they appear in the text (same case), without their labels
("Axe 1 :", "Objectif 2.1 -", "Premier axe", "II."); a title wrapped over two lines is
given joined by one space; leaf items are given as written (an item of an inline list
"Indicateurs : a ; b." is "a"; a flattened indicator table row gives its first cell).
``partial`` is true when the plan has no engagement and no indicator at all.

Every plan draws each house-style dimension independently (a plan is a mix, not one of a
few templates):

* output format: PDF text export (wrapped lines, optional page noise), Word text export
  (one paragraph per line), web page text (menus, breadcrumb, share links, footer),
  Markdown (#/##/### headings, **bold**, lists, tables);
* top-level word (axe, ambition, priorité, orientation, enjeu, défi, pilier, volet,
  chantier, domaine, cap, finalité, axe stratégique, ...) or none, and second-level word
  (objectif, sous-objectif, objectif opérationnel/stratégique, levier, orientation, action,
  mesure, fiche, fiche action) or none (numbers only, or bullets only);
* numbering: 1/2/3, I/II/III, A/B/C, ordinal words ("Deuxième ambition"), "n°1",
  hierarchical 1.1/II.2, a/b, objectives numbered continuously across top-level units or
  restarting under each, or no numbers;
* title placement after ":" "-" "–" "—" "." on the label's line, on the next line, wrapped
  over two lines, or before the label; case (capitals, title case, sentence case); label
  case; centred headings; non-breaking spaces before colons; typographic apostrophes;
* front and back matter that are not units: cover, table of contents (dot leaders with
  page numbers, tab-separated, plain or linked list, one or two levels), éditorial / mot
  du recteur / préface, introduction, closing section, glossary, annexes, contacts;
* page noise: running headers and footers with page numbers ("Page 3/20", "- 3 -", ...),
  form feeds, page breaks inside paragraphs and between list items (never inside a heading
  or an item), hyphenation at line ends, wrapped headings and items, no blank lines at all;
* body paragraphs (with optional "Constat"/"Contexte" lead-ins) between headings;
* leaf blocks under objectives: block words for engagements (Nos engagements, Leviers,
  Actions, Mesures phares, Ce que nous ferons, Pistes d'action, ...) and indicators
  (Indicateurs, Indicateurs de suivi, Cibles, ...) in several header forms; bullets
  (-, •, ▪, ►, o, *, –, ➢, 1), 1., a), "Action 3 :", none), items inline after ":"
  separated by ";", indicator tables flattened to lines or as Markdown tables, bare
  bullets of actions without a header, order of the blocks; engagements as infinitives or
  nominalised ("Déploiement de ...").

Output is deterministic for a given seed (and a plan does not depend on --n beyond its
rank).  Titles and leaf items are built combinatorially from the vocabulary below and are
kept distinct across the plans of one run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

# The 30 académies and a few of their territories (used in body text only).
ACADEMIES = {
    "Aix-Marseille": ["Alpes-de-Haute-Provence", "Hautes-Alpes", "Bouches-du-Rhône", "Vaucluse"],
    "Amiens": ["Aisne", "Oise", "Somme"],
    "Besançon": ["Doubs", "Jura", "Haute-Saône", "Territoire de Belfort"],
    "Bordeaux": ["Dordogne", "Gironde", "Landes", "Lot-et-Garonne", "Pyrénées-Atlantiques"],
    "Clermont-Ferrand": ["Allier", "Cantal", "Haute-Loire", "Puy-de-Dôme"],
    "Corse": ["Corse-du-Sud", "Haute-Corse"],
    "Créteil": ["Seine-et-Marne", "Seine-Saint-Denis", "Val-de-Marne"],
    "Dijon": ["Côte-d'Or", "Nièvre", "Saône-et-Loire", "Yonne"],
    "Grenoble": ["Ardèche", "Drôme", "Isère", "Savoie", "Haute-Savoie"],
    "Guadeloupe": ["Basse-Terre", "Grande-Terre", "Marie-Galante", "les Saintes"],
    "Guyane": ["Cayenne", "Saint-Laurent-du-Maroni", "Kourou", "l'Oyapock"],
    "La Réunion": ["Saint-Denis", "Saint-Pierre", "Saint-Paul", "Saint-Benoît"],
    "Lille": ["Nord", "Pas-de-Calais"],
    "Limoges": ["Corrèze", "Creuse", "Haute-Vienne"],
    "Lyon": ["Ain", "Loire", "Rhône"],
    "Martinique": ["Fort-de-France", "Nord Caraïbe", "Nord Atlantique", "Sud"],
    "Mayotte": ["Grande-Terre", "Petite-Terre", "Mamoudzou"],
    "Montpellier": ["Aude", "Gard", "Hérault", "Lozère", "Pyrénées-Orientales"],
    "Nancy-Metz": ["Meurthe-et-Moselle", "Meuse", "Moselle", "Vosges"],
    "Nantes": ["Loire-Atlantique", "Maine-et-Loire", "Mayenne", "Sarthe", "Vendée"],
    "Nice": ["Alpes-Maritimes", "Var"],
    "Normandie": ["Calvados", "Eure", "Manche", "Orne", "Seine-Maritime"],
    "Orléans-Tours": ["Cher", "Eure-et-Loir", "Indre", "Indre-et-Loire", "Loir-et-Cher", "Loiret"],
    "Paris": ["Paris Centre", "nord-est parisien", "rive gauche"],
    "Poitiers": ["Charente", "Charente-Maritime", "Deux-Sèvres", "Vienne"],
    "Reims": ["Ardennes", "Aube", "Marne", "Haute-Marne"],
    "Rennes": ["Côtes-d'Armor", "Finistère", "Ille-et-Vilaine", "Morbihan"],
    "Strasbourg": ["Bas-Rhin", "Haut-Rhin"],
    "Toulouse": ["Ariège", "Aveyron", "Haute-Garonne", "Gers", "Lot", "Hautes-Pyrénées", "Tarn", "Tarn-et-Garonne"],
    "Versailles": ["Essonne", "Hauts-de-Seine", "Val-d'Oise", "Yvelines"],
}

# (word, gender, plural)
TOP_WORDS = [
    ("axe", "m", "axes"),
    ("axe", "m", "axes"),
    ("ambition", "f", "ambitions"),
    ("priorité", "f", "priorités"),
    ("orientation", "f", "orientations"),
    ("enjeu", "m", "enjeux"),
    ("défi", "m", "défis"),
    ("pilier", "m", "piliers"),
    ("volet", "m", "volets"),
    ("chantier", "m", "chantiers"),
    ("domaine", "m", "domaines"),
    ("cap", "m", "caps"),
    ("finalité", "f", "finalités"),
    ("axe stratégique", "m", "axes stratégiques"),
    ("orientation stratégique", "f", "orientations stratégiques"),
    ("priorité académique", "f", "priorités académiques"),
]
OBJ_WORDS = [
    ("objectif", "m"),
    ("objectif", "m"),
    ("sous-objectif", "m"),
    ("objectif opérationnel", "m"),
    ("objectif stratégique", "m"),
    ("levier", "m"),
    ("orientation", "f"),
    ("action", "f"),
    ("mesure", "f"),
    ("fiche", "f"),
    ("fiche action", "f"),
]
ORDINALS = {
    "m": ["Premier", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième"],
    "f": ["Première", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième"],
}
NUMBER_WORDS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept"]

ENG_WORDS = [
    "Nos engagements",
    "Engagements",
    "Leviers",
    "Leviers d'action",
    "Actions",
    "Actions prioritaires",
    "Mesures phares",
    "Ce que nous ferons",
    "Pistes d'action",
    "Modalités de mise en œuvre",
    "Actions à conduire",
    "Nous nous engageons à",
    "Principales actions",
    "Plan d'actions",
]
IND_WORDS = [
    "Indicateurs",
    "Indicateurs de suivi",
    "Indicateurs de réussite",
    "Cibles",
    "Cibles à atteindre",
    "Indicateur(s)",
    "Quelques indicateurs",
    "Mesurer nos progrès",
    "Indicateurs de résultat",
    "Évaluation",
]

GENERIC_AXIS_QUAL = [
    "pour tous les élèves",
    "au service de la réussite de chacun",
    "de la maternelle à l'enseignement supérieur",
    "dans tous les territoires de l'académie",
    "au cœur de notre projet",
    "pour une école plus juste",
    "tout au long du parcours",
    "au bénéfice de chaque élève",
    "avec les familles et les partenaires",
    "pour préparer l'avenir",
    "dans une académie solidaire",
    "au plus près du terrain",
]
GENERIC_COMPL = [
    "dans toutes les écoles et tous les établissements",
    "au plus près des territoires",
    "dans chaque bassin de formation",
    "en lien avec les collectivités",
    "sur l'ensemble du territoire académique",
    "pour tous les élèves",
    "au collège et au lycée",
    "dès le premier degré",
    "en associant les familles",
    "avec l'appui des corps d'inspection",
    "dans les réseaux d'éducation prioritaire",
    "dans les territoires ruraux",
]
GENERIC_ENG = [
    "Désigner un référent pour {T} dans chaque établissement",
    "Organiser chaque année un séminaire académique consacré à {T}",
    "Produire un guide académique sur {T}",
    "Recenser et diffuser les pratiques inspirantes relatives à {T}",
    "Inscrire {T} dans chaque projet d'école et d'établissement",
    "Proposer un module de formation consacré à {T}",
    "Constituer un groupe de travail académique sur {T}",
    "Mobiliser les corps d'inspection sur {T}",
]
GENERIC_IND = [
    "Nombre d'actions de formation consacrées à {T}",
    "Part des établissements ayant inscrit {T} dans leur projet",
    "Nombre de personnels mobilisés sur {T}",
    "Évolution du nombre de projets relatifs à {T}",
    "Taux de satisfaction des équipes concernant {T}",
]
ENG_TIME = ["d'ici {y}", "dès la rentrée {y}", "à l'horizon {end}", "avant la fin de l'année {y}"]
ENG_PLACE = [
    "dans chaque département",
    "sur l'ensemble de l'académie",
    "en lien avec les partenaires",
    "dans chaque bassin",
    "avec l'appui des collectivités",
]
NOMINAL = {
    "Former": "Formation",
    "Généraliser": "Généralisation",
    "Déployer": "Déploiement",
    "Mettre en place": "Mise en place",
    "Constituer": "Constitution",
    "Organiser": "Organisation",
    "Accompagner": "Accompagnement",
    "Créer": "Création",
    "Diffuser": "Diffusion",
    "Développer": "Développement",
    "Renforcer": "Renforcement",
    "Ouvrir": "Ouverture",
    "Structurer": "Structuration",
    "Systématiser": "Systématisation",
    "Étendre": "Extension",
    "Signer": "Signature",
    "Installer": "Installation",
    "Labelliser": "Labellisation",
    "Élire": "Élection",
    "Réduire": "Réduction",
    "Publier": "Publication",
    "Simplifier": "Simplification",
    "Valoriser": "Valorisation",
    "Doubler": "Doublement",
    "Mobiliser": "Mobilisation",
    "Sensibiliser": "Sensibilisation",
    "Désigner": "Désignation",
    "Produire": "Production",
    "Inscrire": "Inscription",
    "Évaluer": "Évaluation",
    "Accueillir": "Accueil",
    "Adapter": "Adaptation",
    "Proposer": "Offre",
}

THEMES = {
    "savoirs": dict(
        topic=["la maîtrise des fondamentaux", "la lecture", "les mathématiques", "la maîtrise de la langue"],
        nominal=[
            "La maîtrise des savoirs fondamentaux",
            "L'exigence des apprentissages",
            "Des apprentissages solides et durables",
            "L'élévation du niveau de tous les élèves",
            "Une école de l'exigence et des savoirs",
            "Les savoirs fondamentaux",
        ],
        inf=[
            "Élever le niveau de tous les élèves",
            "Assurer la maîtrise des fondamentaux",
            "Consolider les apprentissages fondamentaux",
            "Garantir à chaque élève la maîtrise des savoirs",
        ],
        verbs=["Renforcer", "Consolider", "Garantir", "Améliorer", "Sécuriser", "Développer"],
        objects=[
            "la maîtrise de la langue française",
            "la fluence et la compréhension en lecture",
            "les compétences en mathématiques",
            "l'acquisition du lire-écrire-compter",
            "la maîtrise de l'oral",
            "les apprentissages fondamentaux",
            "la culture scientifique des élèves",
            "les compétences rédactionnelles",
            "le raisonnement et la résolution de problèmes",
            "la maîtrise du vocabulaire",
        ],
        compl=[
            "dès l'école maternelle",
            "à l'école élémentaire",
            "au cycle 3",
            "au collège",
            "de la maternelle au collège",
            "tout au long de la scolarité obligatoire",
            "en s'appuyant sur les évaluations nationales",
            "pour chaque élève",
            "dans le cadre de la liaison école-collège",
        ],
        eng=[
            "Former l'ensemble des professeurs de cycle 2 à l'enseignement explicite de la lecture",
            "Généraliser les tests de fluence en CE1 et en sixième",
            "Déployer un plan mathématiques dans chaque circonscription",
            "Mettre en place des groupes de besoins en français et en mathématiques",
            "Constituer des constellations de formation dans toutes les circonscriptions",
            "Proposer des stages de réussite pendant les vacances scolaires",
            "Organiser un concours académique de lecture à voix haute",
            "Accompagner les équipes dans l'exploitation des évaluations nationales",
            "Créer des laboratoires de mathématiques dans les lycées",
            "Diffuser des ressources académiques pour l'enseignement de l'oral",
        ],
        ind=[
            "Part des élèves de CE1 lisant au moins 50 mots par minute",
            "Taux de maîtrise des compétences en français aux évaluations de sixième",
            "Résultats aux évaluations nationales de CP, CE1 et CM1",
            "Taux de réussite au diplôme national du brevet",
            "Écart de résultats entre les écoles de l'éducation prioritaire et les autres écoles",
            "Part des professeurs des écoles ayant suivi le plan mathématiques",
            "Moyenne aux épreuves écrites du DNB",
            "Part des élèves de quatrième en difficulté en mathématiques",
        ],
    ),
    "equite": dict(
        topic=[
            "l'école inclusive",
            "l'égalité des chances",
            "l'égalité entre les filles et les garçons",
            "la scolarisation des élèves à besoins éducatifs particuliers",
        ],
        nominal=[
            "Une école inclusive et attentive à chacun",
            "L'équité au cœur de l'action éducative",
            "Une école plus juste",
            "L'égalité des chances",
            "Une école qui n'oublie personne",
            "La réduction des inégalités scolaires",
        ],
        inf=[
            "Réduire les inégalités scolaires et sociales",
            "Construire une école pleinement inclusive",
            "Agir pour l'égalité des chances",
            "Lutter contre les déterminismes sociaux et territoriaux",
        ],
        verbs=["Améliorer", "Renforcer", "Garantir", "Faciliter", "Accompagner", "Sécuriser"],
        objects=[
            "la scolarisation des élèves en situation de handicap",
            "l'accompagnement des élèves à besoins éducatifs particuliers",
            "la prise en charge des élèves allophones nouvellement arrivés",
            "l'accès des élèves boursiers aux formations sélectives",
            "la continuité des parcours des élèves les plus fragiles",
            "la coopération entre l'école et le secteur médico-social",
            "l'égalité entre les filles et les garçons",
            "la mixité sociale et scolaire",
            "l'accueil des élèves à haut potentiel",
            "la scolarisation des enfants de moins de trois ans",
        ],
        compl=[
            "dans tous les établissements",
            "en éducation prioritaire",
            "dans les territoires ruraux isolés",
            "de l'école au lycée",
            "grâce aux pôles inclusifs d'accompagnement localisés",
            "en lien avec les familles",
            "avec les partenaires du secteur médico-social",
            "dès l'école maternelle",
        ],
        eng=[
            "Former les AESH et les enseignants à l'accueil des élèves à besoins particuliers",
            "Déployer un pôle ressource inclusion dans chaque circonscription",
            "Généraliser les dispositifs d'autorégulation dans les collèges",
            "Créer une cellule d'écoute à destination des familles",
            "Mettre en place un référent égalité filles-garçons dans chaque établissement",
            "Ouvrir de nouvelles unités localisées pour l'inclusion scolaire",
            "Développer les internats d'excellence",
            "Renforcer l'accompagnement des élèves allophones par des unités pédagogiques spécifiques",
            "Structurer les cordées de la réussite dans chaque bassin",
            "Systématiser les équipes de suivi de la scolarisation",
        ],
        ind=[
            "Nombre d'élèves en situation de handicap scolarisés en milieu ordinaire",
            "Part des notifications d'accompagnement effectivement mises en œuvre",
            "Taux de boursiers dans les classes préparatoires aux grandes écoles",
            "Écart de réussite au DNB entre élèves boursiers et non boursiers",
            "Proportion de filles dans les spécialités scientifiques en terminale",
            "Nombre de PIAL renforcés",
            "Taux de scolarisation des enfants de deux ans en éducation prioritaire",
            "Part des élèves allophones bénéficiant d'un accompagnement spécifique",
        ],
    ),
    "parcours": dict(
        topic=["l'orientation", "les parcours des élèves", "l'ambition scolaire", "la lutte contre le décrochage"],
        nominal=[
            "Des parcours ambitieux et choisis",
            "Une orientation choisie et éclairée",
            "L'ambition pour chaque élève",
            "La fluidité des parcours",
            "Des parcours de réussite de l'école à l'enseignement supérieur",
            "L'accompagnement de chaque élève dans son parcours",
        ],
        inf=[
            "Accompagner chaque élève dans la construction de son parcours",
            "Favoriser une orientation choisie",
            "Lutter contre le décrochage scolaire",
            "Développer l'ambition scolaire de tous les élèves",
        ],
        verbs=["Favoriser", "Renforcer", "Développer", "Améliorer", "Consolider", "Encourager"],
        objects=[
            "l'accompagnement à l'orientation",
            "les liaisons entre le collège et le lycée",
            "la connaissance des métiers et des formations",
            "la continuité entre le lycée et l'enseignement supérieur",
            "la prévention du décrochage scolaire",
            "l'ambition scolaire des élèves",
            "l'accès aux filières scientifiques et technologiques",
            "les parcours des élèves de la voie professionnelle",
            "les passerelles entre les voies de formation",
            "la découverte des métiers",
        ],
        compl=[
            "dès la classe de cinquième",
            "au collège et au lycée",
            "en lien avec la région et le monde économique",
            "pour tous les élèves",
            "grâce aux heures dédiées à l'orientation",
            "dans chaque bassin de formation",
            "du collège à l'enseignement supérieur",
            "en associant les familles",
        ],
        eng=[
            "Proposer à chaque élève de seconde un entretien personnalisé d'orientation",
            "Organiser un forum des métiers dans chaque bassin",
            "Généraliser les stages de seconde",
            "Mettre en place des immersions dans l'enseignement supérieur pour les lycéens",
            "Former les professeurs principaux à l'accompagnement à l'orientation",
            "Renforcer les groupes de prévention du décrochage scolaire",
            "Déployer les campus des métiers et des qualifications",
            "Créer des parcours passerelles entre la voie générale et la voie professionnelle",
            "Développer le tutorat par des étudiants",
            "Mobiliser les psychologues de l'éducation nationale auprès des équipes",
        ],
        ind=[
            "Taux de passage de la troisième vers la seconde générale et technologique",
            "Part des vœux d'orientation satisfaits en fin de troisième",
            "Nombre de jeunes sortis sans qualification",
            "Taux de poursuite d'études des bacheliers professionnels en BTS",
            "Taux de décrochage en première année de CAP",
            "Part des bacheliers poursuivant dans l'enseignement supérieur",
            "Taux de redoublement en seconde",
            "Nombre d'élèves accompagnés par les cordées de la réussite",
        ],
    ),
    "climat": dict(
        topic=[
            "le climat scolaire",
            "le bien-être des élèves",
            "la santé des élèves",
            "la lutte contre le harcèlement",
        ],
        nominal=[
            "Un climat scolaire serein et protecteur",
            "Le bien-être des élèves et des personnels",
            "Une école bienveillante et sûre",
            "La qualité de vie à l'école",
            "Une école où chacun trouve sa place",
            "La sécurité et la santé de tous",
        ],
        inf=[
            "Améliorer le climat scolaire",
            "Faire de l'école un lieu de bien-être",
            "Protéger les élèves et prévenir les violences",
            "Prendre soin des élèves et des personnels",
        ],
        verbs=["Améliorer", "Renforcer", "Promouvoir", "Développer", "Garantir", "Favoriser"],
        objects=[
            "le bien-être des élèves",
            "la prévention du harcèlement et du cyberharcèlement",
            "les compétences psychosociales des élèves",
            "la santé physique et mentale des élèves",
            "la sécurité des élèves et des personnels",
            "la qualité de la vie scolaire",
            "la pratique d'une activité physique quotidienne",
            "la place des élèves dans les instances",
            "le repérage des situations de souffrance",
            "la qualité des espaces scolaires",
        ],
        compl=[
            "dans chaque école et établissement",
            "avec l'appui des équipes de vie scolaire",
            "en associant les élèves",
            "en lien avec les partenaires de santé",
            "de l'école au lycée",
            "tout au long de l'année",
            "dès l'école primaire",
            "au collège",
        ],
        eng=[
            "Déployer le programme pHARe dans toutes les écoles et tous les collèges",
            "Former des élèves ambassadeurs contre le harcèlement dans chaque collège",
            "Organiser une enquête locale de climat scolaire dans chaque collège",
            "Mettre en place trente minutes d'activité physique quotidienne à l'école",
            "Créer des espaces de parole dans les lycées",
            "Renforcer les équipes mobiles de sécurité",
            "Développer les cours d'école végétalisées et apaisées",
            "Accompagner les établissements dans l'élaboration de leur plan de prévention des violences",
            "Former les personnels aux premiers secours en santé mentale",
            "Généraliser les conseils de vie collégienne",
        ],
        ind=[
            "Nombre de situations de harcèlement signalées et traitées",
            "Part des élèves déclarant se sentir bien dans leur établissement",
            "Taux d'absentéisme des élèves",
            "Nombre d'incidents graves déclarés",
            "Part des écoles et établissements labellisés pHARe",
            "Taux de participation aux élections des délégués",
            "Nombre de personnels formés aux premiers secours en santé mentale",
            "Part des écoles pratiquant trente minutes d'activité physique quotidienne",
        ],
    ),
    "personnels": dict(
        topic=[
            "la formation des personnels",
            "la gestion des ressources humaines",
            "l'accompagnement des personnels",
            "l'attractivité des métiers",
        ],
        nominal=[
            "Des personnels accompagnés, formés et reconnus",
            "La qualité de vie au travail des personnels",
            "L'attractivité des métiers de l'éducation",
            "Une gestion des ressources humaines de proximité",
            "Des équipes soutenues dans l'exercice de leurs missions",
            "La reconnaissance de l'engagement des personnels",
        ],
        inf=[
            "Accompagner les personnels tout au long de leur carrière",
            "Renforcer l'attractivité des métiers de l'éducation",
            "Améliorer la qualité de vie au travail",
            "Reconnaître et valoriser l'engagement des personnels",
        ],
        verbs=["Renforcer", "Développer", "Améliorer", "Valoriser", "Structurer", "Moderniser"],
        objects=[
            "la formation continue des personnels",
            "l'accueil des personnels nouvellement nommés",
            "l'accompagnement des enseignants contractuels",
            "la gestion de proximité des ressources humaines",
            "les parcours professionnels des personnels",
            "la qualité de vie et des conditions de travail",
            "le dialogue social",
            "la formation des personnels d'encadrement",
            "la prévention des risques professionnels",
            "le recrutement dans les territoires peu attractifs",
        ],
        compl=[
            "au plus près des territoires",
            "tout au long de la carrière",
            "grâce à l'école académique de la formation continue",
            "en lien avec les organisations syndicales",
            "dans les écoles et les établissements",
            "dès l'entrée dans le métier",
            "pour tous les personnels",
            "en s'appuyant sur les réseaux de formateurs",
        ],
        eng=[
            "Proposer un parcours d'accueil à chaque personnel nouvellement nommé",
            "Déployer des conseillers ressources humaines de proximité dans chaque département",
            "Former l'ensemble des néo-titulaires à la gestion de classe",
            "Créer une plateforme académique d'accompagnement des carrières",
            "Mettre en place un tutorat pour les enseignants contractuels",
            "Organiser des rendez-vous de carrière de qualité",
            "Développer les formations d'initiative locale",
            "Renforcer le réseau des préventeurs",
            "Simplifier les démarches administratives des personnels",
            "Valoriser les projets innovants des équipes",
        ],
        ind=[
            "Nombre de journées de formation par enseignant",
            "Taux de satisfaction des personnels à l'issue des formations",
            "Part des enseignants contractuels bénéficiant d'un tutorat",
            "Nombre de postes non pourvus à la rentrée",
            "Taux de rotation des personnels en éducation prioritaire",
            "Nombre d'entretiens conduits par les conseillers ressources humaines",
            "Délai moyen de traitement des demandes des personnels",
            "Taux d'accidents de service déclarés",
        ],
    ),
    "territoires": dict(
        topic=["les partenariats", "la ruralité", "les territoires éducatifs", "la coopération avec les collectivités"],
        nominal=[
            "Une école ancrée dans ses territoires",
            "Des territoires éducatifs solidaires",
            "L'alliance éducative avec les familles et les partenaires",
            "Une action éducative concertée avec les collectivités",
            "L'équité territoriale",
            "L'école au cœur des territoires",
        ],
        inf=[
            "Agir avec les territoires et les partenaires",
            "Renforcer l'alliance éducative",
            "Tenir compte de la diversité des territoires",
            "Construire des coopérations durables avec les collectivités",
        ],
        verbs=["Renforcer", "Développer", "Structurer", "Consolider", "Favoriser", "Encourager"],
        objects=[
            "les partenariats avec les collectivités territoriales",
            "les coopérations entre écoles rurales",
            "la place des familles dans l'école",
            "les territoires éducatifs ruraux",
            "les cités éducatives",
            "la coopération entre les établissements d'un même bassin",
            "les projets éducatifs territoriaux",
            "le lien entre l'école et le monde associatif",
            "la coéducation avec les parents d'élèves",
            "l'attractivité des établissements en zone rurale",
        ],
        compl=[],
        eng=[
            "Signer une convention de partenariat avec chaque département",
            "Ouvrir un espace parents dans chaque collège",
            "Étendre les territoires éducatifs ruraux à de nouveaux secteurs",
            "Organiser une rencontre annuelle avec les élus locaux",
            "Créer des réseaux d'écoles rurales",
            "Développer les conventions avec les associations complémentaires de l'école",
            "Mettre en place des contrats locaux d'accompagnement",
            "Accompagner la labellisation de nouvelles cités éducatives",
            "Déployer la mallette des parents dans toutes les écoles",
            "Installer un comité de pilotage partenarial dans chaque département",
        ],
        ind=[
            "Nombre de conventions signées avec les collectivités",
            "Taux de participation des parents aux élections",
            "Nombre de territoires éducatifs ruraux",
            "Part des écoles engagées dans un réseau",
            "Nombre de cités éducatives labellisées",
            "Taux de participation des familles aux réunions de rentrée",
            "Nombre de projets éducatifs territoriaux actifs",
            "Part des collèges disposant d'un espace parents",
        ],
    ),
    "numerique": dict(
        topic=["le numérique éducatif", "l'éducation aux médias", "les usages numériques", "la citoyenneté numérique"],
        nominal=[
            "Le numérique au service des apprentissages",
            "Une école numérique et responsable",
            "L'éducation au numérique et aux médias",
            "La transformation numérique de l'école",
            "Des usages numériques raisonnés",
            "L'innovation pédagogique et numérique",
        ],
        inf=[
            "Faire du numérique un levier de réussite",
            "Accompagner la transformation numérique",
            "Former des citoyens éclairés à l'ère numérique",
            "Développer des usages numériques responsables",
        ],
        verbs=["Développer", "Renforcer", "Généraliser", "Accompagner", "Promouvoir", "Favoriser"],
        objects=[
            "les usages pédagogiques du numérique",
            "l'éducation aux médias et à l'information",
            "les compétences numériques des élèves",
            "la formation des enseignants au numérique",
            "l'usage raisonné des écrans",
            "l'équipement numérique des écoles",
            "la sensibilisation à l'intelligence artificielle",
            "la certification des compétences numériques",
            "les ressources numériques éducatives",
            "la sécurité numérique des élèves",
        ],
        compl=[],
        eng=[
            "Généraliser la certification Pix en troisième et en terminale",
            "Former les enseignants à l'usage pédagogique de l'intelligence artificielle",
            "Déployer l'espace numérique de travail dans toutes les écoles",
            "Créer un réseau de référents numériques de bassin",
            "Organiser une semaine de la presse et des médias dans chaque établissement",
            "Accompagner les collectivités dans l'équipement des écoles",
            "Mettre à disposition des ressources numériques pour la continuité pédagogique",
            "Développer les tiers-lieux numériques",
            "Sensibiliser les familles à l'usage raisonné des écrans",
            "Créer des ateliers de codage dès le cycle 3",
        ],
        ind=[
            "Taux de certification Pix des élèves de troisième",
            "Part des enseignants formés aux usages du numérique",
            "Nombre d'écoles utilisant l'espace numérique de travail",
            "Taux d'équipement des écoles en outils numériques",
            "Nombre d'établissements participant à la semaine de la presse",
            "Part des élèves ayant bénéficié d'une action d'éducation aux médias",
            "Nombre de connexions mensuelles à l'ENT",
            "Nombre de projets de robotique et de codage",
        ],
    ),
    "international": dict(
        topic=["l'ouverture internationale", "les langues vivantes", "la mobilité européenne"],
        nominal=[
            "Une académie ouverte sur l'Europe et le monde",
            "L'ouverture internationale",
            "Le plurilinguisme et la mobilité",
            "Une école ouverte sur le monde",
            "La dimension européenne de l'éducation",
            "L'ouverture culturelle et internationale",
        ],
        inf=[
            "Ouvrir l'école sur l'Europe et le monde",
            "Développer les mobilités et le plurilinguisme",
            "Renforcer l'ouverture internationale",
            "Favoriser les échanges européens",
        ],
        verbs=["Développer", "Renforcer", "Favoriser", "Encourager", "Diversifier", "Valoriser"],
        objects=[
            "la mobilité internationale des élèves et des personnels",
            "l'apprentissage des langues vivantes",
            "les partenariats avec des établissements étrangers",
            "les sections européennes et internationales",
            "la participation au programme Erasmus+",
            "l'enseignement des langues régionales",
            "les échanges scolaires européens",
            "la maîtrise de l'anglais dès l'école primaire",
            "les certifications en langues",
            "l'accueil d'assistants de langue",
        ],
        compl=[],
        eng=[
            "Doubler le nombre d'établissements accrédités Erasmus+",
            "Ouvrir de nouvelles sections internationales",
            "Organiser un forum académique des mobilités",
            "Former les professeurs des écoles à l'enseignement de l'anglais",
            "Développer les jumelages numériques eTwinning",
            "Proposer une certification en langue à tous les lycéens volontaires",
            "Accueillir des assistants de langue dans chaque bassin",
            "Créer un réseau de référents pour l'action européenne et internationale",
            "Mettre en place des stages à l'étranger pour les élèves de la voie professionnelle",
            "Valoriser les compétences acquises lors des mobilités",
        ],
        ind=[
            "Nombre d'élèves ayant bénéficié d'une mobilité",
            "Nombre d'établissements accrédités Erasmus+",
            "Part des élèves atteignant le niveau A2 en fin de troisième",
            "Nombre de projets eTwinning",
            "Nombre de sections européennes ouvertes",
            "Taux de réussite aux certifications en langues",
            "Nombre de personnels partis en mobilité",
            "Part des écoles bénéficiant d'un assistant de langue",
        ],
    ),
    "ecologie": dict(
        topic=["la transition écologique", "le développement durable", "la biodiversité"],
        nominal=[
            "La transition écologique au cœur des apprentissages",
            "Une école engagée pour le développement durable",
            "L'éducation au développement durable",
            "Une académie écoresponsable",
            "La sobriété et la transition écologique",
            "L'engagement pour la planète",
        ],
        inf=[
            "Accélérer la transition écologique",
            "Former les citoyens de la transition écologique",
            "Faire de chaque établissement un acteur du développement durable",
            "Agir pour le climat et la biodiversité",
        ],
        verbs=["Développer", "Renforcer", "Généraliser", "Favoriser", "Encourager", "Amplifier"],
        objects=[
            "l'éducation au développement durable",
            "la labellisation des écoles et établissements",
            "l'engagement des éco-délégués",
            "les projets en faveur de la biodiversité",
            "la sobriété énergétique des bâtiments",
            "la lutte contre le gaspillage alimentaire",
            "les mobilités douces",
            "les aires éducatives",
            "la formation des personnels aux enjeux climatiques",
            "la végétalisation des espaces scolaires",
        ],
        compl=[],
        eng=[
            "Labelliser E3D l'ensemble des collèges et lycées",
            "Élire des éco-délégués dans chaque classe de collège et de lycée",
            "Créer une aire éducative dans chaque département",
            "Former les équipes de direction aux enjeux de la sobriété",
            "Organiser une journée académique du développement durable",
            "Réduire la consommation énergétique des services académiques",
            "Mettre en place un plan de mobilité pour les personnels",
            "Développer les partenariats avec les parcs naturels régionaux",
            "Installer des potagers pédagogiques dans les écoles",
            "Accompagner les projets des éco-délégués",
        ],
        ind=[
            "Part des établissements labellisés E3D",
            "Nombre d'éco-délégués formés",
            "Nombre d'aires éducatives",
            "Évolution de la consommation d'énergie des services",
            "Part des écoles engagées dans un projet de biodiversité",
            "Quantité de déchets alimentaires par repas",
            "Nombre de personnels formés à la transition écologique",
            "Part des déplacements professionnels en mobilité douce",
        ],
    ),
    "citoyennete": dict(
        topic=["les valeurs de la République", "la laïcité", "l'engagement citoyen", "l'éducation à la citoyenneté"],
        nominal=[
            "Les valeurs de la République",
            "Une école de la citoyenneté et de l'engagement",
            "La transmission des valeurs républicaines",
            "L'engagement citoyen des élèves",
            "Une école laïque et fraternelle",
            "La citoyenneté en actes",
        ],
        inf=[
            "Faire vivre les valeurs de la République",
            "Former des citoyens libres et responsables",
            "Transmettre et faire partager les valeurs républicaines",
            "Encourager l'engagement des élèves",
        ],
        verbs=["Renforcer", "Développer", "Promouvoir", "Valoriser", "Encourager", "Favoriser"],
        objects=[
            "la transmission des valeurs de la République",
            "l'engagement des élèves dans la vie de l'établissement",
            "la formation des personnels à la laïcité",
            "le parcours citoyen des élèves",
            "l'éducation contre le racisme et l'antisémitisme",
            "la participation des élèves aux instances",
            "le travail de mémoire",
            "l'éducation à la défense",
            "l'esprit critique des élèves",
            "l'engagement des jeunes au service de l'intérêt général",
        ],
        compl=[],
        eng=[
            "Former l'ensemble des personnels à la laïcité",
            "Créer une équipe académique valeurs de la République renforcée",
            "Organiser chaque année une semaine de la laïcité",
            "Développer les classes défense et sécurité globales",
            "Accompagner les établissements dans la préparation des commémorations",
            "Mettre en place un parcours citoyen formalisé de l'école au lycée",
            "Valoriser l'engagement des délégués et des éco-délégués",
            "Proposer des séjours de cohésion aux élèves de seconde",
            "Généraliser les conseils d'enfants à l'école",
            "Déployer des ressources sur l'esprit critique",
        ],
        ind=[
            "Part des personnels formés à la laïcité",
            "Nombre d'atteintes à la laïcité signalées",
            "Nombre de classes défense et sécurité globales",
            "Taux de participation aux élections du conseil de la vie lycéenne",
            "Nombre de projets mémoriels",
            "Part des écoles dotées d'un conseil d'enfants",
            "Nombre d'élèves engagés dans une action citoyenne",
            "Nombre d'interventions de l'équipe valeurs de la République",
        ],
    ),
    "pilotage": dict(
        topic=[
            "le pilotage pédagogique",
            "l'évaluation des établissements",
            "l'accompagnement des écoles et établissements",
        ],
        nominal=[
            "Un pilotage au plus près des territoires",
            "Une administration au service des usagers",
            "Le pilotage par la donnée et l'évaluation",
            "Une académie qui accompagne ses écoles et établissements",
            "La qualité du service public d'éducation",
            "Un pilotage partagé et transparent",
        ],
        inf=[
            "Piloter au plus près du terrain",
            "Moderniser le fonctionnement de l'académie",
            "Accompagner les écoles et les établissements dans leur projet",
            "Améliorer la qualité du service rendu aux usagers",
        ],
        verbs=["Renforcer", "Développer", "Moderniser", "Structurer", "Simplifier", "Améliorer"],
        objects=[
            "l'évaluation des écoles et des établissements",
            "le dialogue de gestion avec les établissements",
            "l'accompagnement des équipes de direction",
            "le pilotage par les indicateurs",
            "la relation avec les usagers",
            "le travail collectif des corps d'inspection",
            "les démarches administratives",
            "l'animation des réseaux d'établissements",
            "la contractualisation avec les établissements",
            "le pilotage de proximité dans les bassins",
        ],
        compl=[],
        eng=[
            "Évaluer chaque école et établissement au moins une fois sur la durée du projet",
            "Mettre à disposition un tableau de bord pour chaque établissement",
            "Organiser un dialogue annuel de performance avec chaque département",
            "Créer un observatoire académique des parcours",
            "Former les équipes de direction au pilotage par la donnée",
            "Simplifier les circuits de décision",
            "Mettre en place un médiateur académique de proximité",
            "Développer les inspections conjointes premier et second degrés",
            "Réunir chaque trimestre les instances de bassin",
            "Publier un bilan annuel du projet académique",
        ],
        ind=[
            "Part des établissements évalués",
            "Délai moyen de réponse aux usagers",
            "Nombre de contrats d'objectifs signés",
            "Taux de satisfaction des chefs d'établissement",
            "Nombre de saisines du médiateur",
            "Part des écoles disposant d'un projet d'école actualisé",
            "Nombre de réunions de bassin tenues",
            "Part des établissements utilisant le tableau de bord",
        ],
    ),
    "pro": dict(
        topic=["la voie professionnelle", "l'insertion professionnelle", "l'apprentissage"],
        nominal=[
            "Une voie professionnelle attractive et performante",
            "L'insertion professionnelle des jeunes",
            "La voie professionnelle, voie d'excellence",
            "Des formations adaptées aux besoins des territoires",
            "L'excellence professionnelle",
            "Des jeunes qualifiés et insérés",
        ],
        inf=[
            "Valoriser la voie professionnelle",
            "Favoriser l'insertion professionnelle des jeunes",
            "Adapter l'offre de formation aux besoins des territoires",
            "Faire de la voie professionnelle une voie de réussite",
        ],
        verbs=["Renforcer", "Développer", "Valoriser", "Adapter", "Améliorer", "Promouvoir"],
        objects=[
            "l'offre de formation professionnelle",
            "les liens entre les lycées professionnels et les entreprises",
            "l'insertion professionnelle des diplômés",
            "la mixité des publics et des parcours",
            "les périodes de formation en milieu professionnel",
            "l'accès aux formations de niveau BTS",
            "l'apprentissage dans les lycées",
            "les campus des métiers et des qualifications",
            "l'accompagnement des élèves en CAP",
            "la formation continue des adultes",
        ],
        compl=[],
        eng=[
            "Développer les bureaux des entreprises dans tous les lycées professionnels",
            "Ouvrir de nouvelles formations dans les métiers en tension",
            "Accompagner chaque élève de terminale professionnelle vers l'emploi ou la poursuite d'études",
            "Mettre en place des parcours mixtes scolaire et apprentissage",
            "Créer des plateaux techniques partagés",
            "Former les professeurs à l'accompagnement des stages",
            "Organiser une semaine des métiers dans chaque lycée professionnel",
            "Renforcer le réseau des GRETA",
            "Généraliser les conventions avec les branches professionnelles",
            "Déployer des actions de découverte des métiers au collège",
        ],
        ind=[
            "Taux d'insertion dans l'emploi six mois après le diplôme",
            "Taux de réussite au baccalauréat professionnel",
            "Nombre d'apprentis dans les lycées publics",
            "Taux de poursuite d'études en BTS des bacheliers professionnels",
            "Taux de remplissage des formations professionnelles",
            "Nombre de conventions avec les entreprises",
            "Part des élèves de CAP obtenant leur diplôme",
            "Nombre de stagiaires de la formation continue",
        ],
    ),
    "culture": dict(
        topic=["l'éducation artistique et culturelle", "la pratique sportive", "la culture scientifique"],
        nominal=[
            "L'éducation artistique et culturelle pour tous",
            "La culture et le sport au service de l'épanouissement",
            "Une école de la curiosité et de la créativité",
            "L'accès de tous les élèves à la culture",
            "Le sport comme vecteur de réussite",
            "La culture scientifique, artistique et sportive",
        ],
        inf=[
            "Garantir à chaque élève un parcours d'éducation artistique et culturelle",
            "Développer la pratique sportive",
            "Ouvrir l'école à la culture",
            "Éveiller la curiosité et la créativité des élèves",
        ],
        verbs=["Développer", "Renforcer", "Généraliser", "Favoriser", "Valoriser", "Encourager"],
        objects=[
            "le parcours d'éducation artistique et culturelle",
            "la pratique artistique des élèves",
            "la pratique sportive scolaire",
            "la fréquentation des lieux culturels",
            "la lecture plaisir",
            "la culture scientifique et technique",
            "le chant choral",
            "l'association sportive dans les établissements",
            "les partenariats avec les structures culturelles",
            "les résidences d'artistes en milieu scolaire",
        ],
        compl=[],
        eng=[
            "Garantir à chaque élève au moins une sortie culturelle par an",
            "Généraliser le quart d'heure de lecture",
            "Développer les chorales dans tous les collèges",
            "Créer des sections sportives dans les territoires ruraux",
            "Organiser un festival académique des pratiques artistiques",
            "Mettre en place des résidences d'artistes dans les établissements",
            "Accompagner la labellisation Génération 2024",
            "Développer l'usage du pass Culture",
            "Former les enseignants à la démarche de projet culturel",
            "Valoriser les productions des élèves lors d'une exposition académique",
        ],
        ind=[
            "Part des élèves bénéficiant d'une action d'éducation artistique et culturelle",
            "Taux de licenciés à l'association sportive",
            "Nombre de chorales scolaires",
            "Part des écoles labellisées Génération 2024",
            "Taux d'utilisation du pass Culture",
            "Nombre de résidences d'artistes",
            "Part des élèves pratiquant le quart d'heure de lecture",
            "Nombre de sections sportives scolaires",
        ],
    ),
}
THEME_KEYS = list(THEMES)

SENTENCES = [
    "Les résultats obtenus ces dernières années concernant {T} sont encourageants, mais des écarts importants demeurent entre les territoires.",
    "Au cours de la période {period}, l'accent sera mis sur {T}, en cohérence avec les priorités nationales.",
    "Cette ambition engage l'ensemble des acteurs : personnels, élèves, familles, collectivités et partenaires.",
    "Il s'agit de faire de {T} un point d'appui pour la réussite de chaque élève.",
    "Les équipes pédagogiques seront accompagnées par les corps d'inspection et les formateurs académiques.",
    "Les évaluations conduites en {y0} confirment la nécessité d'agir tôt et de manière concertée.",
    "Ce travail s'inscrit dans le prolongement du précédent projet et tient compte des spécificités du territoire.",
    "Chaque école et chaque établissement déclinera ces choix dans son propre projet.",
    "Une attention particulière sera portée aux élèves les plus fragiles et aux territoires les plus isolés.",
    "Le dialogue de gestion et de performance permettra d'en suivre la mise en œuvre année après année.",
    "Les territoires de l'académie ({terr}) présentent des situations contrastées qu'il convient de prendre en compte.",
    "L'académie {de} dispose d'atouts réels pour progresser sur {T}.",
    "Les diagnostics partagés avec les équipes ont mis en évidence des besoins de formation et d'accompagnement.",
    "Les progrès accomplis devront être consolidés et rendus visibles auprès des familles.",
    "Nous voulons que chaque élève, quel que soit son lieu de scolarisation, bénéficie des mêmes chances de réussite.",
    "Cette démarche repose sur la confiance, la coopération et l'évaluation régulière des actions engagées.",
    "Les écoles et établissements de l'académie ont déjà engagé de nombreuses initiatives dans ce domaine.",
    "La coopération entre le premier et le second degré constitue un levier déterminant pour y parvenir.",
    "Les collectivités territoriales sont des partenaires essentiels de cette dynamique.",
    "Les familles seront pleinement associées à cette démarche, dans le respect du rôle de chacun.",
    "La mise en réseau des équipes favorisera le partage des pratiques les plus efficaces.",
    "Des moyens spécifiques seront mobilisés pour accompagner les territoires qui en ont le plus besoin.",
    "L'enjeu est de transformer durablement les pratiques, au plus près de la classe.",
    "Les indicateurs retenus permettront de mesurer les effets concrets des actions sur les élèves.",
    "Depuis plusieurs années, les écarts se sont réduits, sans toutefois disparaître.",
    "Cette orientation rejoint les attentes exprimées lors de la concertation avec les personnels.",
]
CONTEXTS = [
    "la baisse démographique",
    "les transitions écologique et numérique",
    "de fortes disparités territoriales",
    "les effets durables de la crise sanitaire",
    "des besoins croissants en matière d'inclusion",
    "un contexte budgétaire contraint",
]
FIRST_NAMES = [
    ("Anne", "f"),
    ("Olivier", "m"),
    ("Christine", "f"),
    ("Jean-Pierre", "m"),
    ("Sophie", "f"),
    ("Bertrand", "m"),
    ("Hélène", "f"),
    ("Marc", "m"),
    ("Valérie", "f"),
    ("Pascal", "m"),
    ("Isabelle", "f"),
    ("Laurent", "m"),
    ("Nathalie", "f"),
    ("Frédéric", "m"),
    ("Catherine", "f"),
    ("Thierry", "m"),
]
SURNAMES = [
    "Morel",
    "Garnier",
    "Lefebvre",
    "Chevalier",
    "Rousseau",
    "Faure",
    "Mercier",
    "Blanchard",
    "Guérin",
    "Perrin",
    "Lemaire",
    "Carpentier",
    "Vidal",
    "Fontaine",
    "Barbier",
    "Roussel",
]
GLOSSARY = [
    ("AED", "assistant d'éducation"),
    ("AESH", "accompagnant des élèves en situation de handicap"),
    ("CPE", "conseiller principal d'éducation"),
    ("DNB", "diplôme national du brevet"),
    ("EPLE", "établissement public local d'enseignement"),
    ("IA-DASEN", "inspecteur d'académie, directeur académique des services de l'éducation nationale"),
    ("IEN", "inspecteur de l'éducation nationale"),
    ("IA-IPR", "inspecteur d'académie, inspecteur pédagogique régional"),
    ("PIAL", "pôle inclusif d'accompagnement localisé"),
    ("REP", "réseau d'éducation prioritaire"),
    ("SEGPA", "section d'enseignement général et professionnel adapté"),
    ("ULIS", "unité localisée pour l'inclusion scolaire"),
    ("PPMS", "plan particulier de mise en sûreté"),
    ("CVL", "conseil de la vie lycéenne"),
    ("EAC", "éducation artistique et culturelle"),
    ("ENT", "espace numérique de travail"),
    ("EMI", "éducation aux médias et à l'information"),
    ("CIO", "centre d'information et d'orientation"),
    ("E3D", "école ou établissement en démarche de développement durable"),
    ("GRETA", "groupement d'établissements pour la formation continue"),
]
SLOGANS = [
    "Ensemble, pour la réussite de chaque élève",
    "Réussir ensemble",
    "Une école qui élève",
    "Bâtir l'avenir de nos élèves",
    "Oser, coopérer, réussir",
    "L'ambition partagée",
    "Grandir, apprendre, s'épanouir",
    "Une école de confiance",
]
WEB_MENU = [
    "Accueil",
    "L'académie",
    "Scolarité, orientation",
    "Examens et concours",
    "Personnels et recrutement",
    "Partenaires",
    "Actualités",
    "Nous contacter",
]

# --------------------------------------------------------------------------------------
# Small text helpers
# --------------------------------------------------------------------------------------

VOWELS = "aeiouyàâäéèêëîïôöùûüœh"
SMALL_WORDS = {
    "de",
    "des",
    "du",
    "la",
    "le",
    "les",
    "et",
    "à",
    "au",
    "aux",
    "en",
    "pour",
    "dans",
    "sur",
    "un",
    "une",
    "par",
    "avec",
    "ou",
    "d",
    "l",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "entre",
    "vers",
    "chaque",
    "tout",
    "tous",
    "toute",
}


def elide(prep: str, np: str) -> str:
    """Join a preposition and a noun phrase with French contraction and elision."""
    low = np.lower()
    if prep == "de":
        for a, b in (("les ", "des "), ("le ", "du "), ("des ", "de "), ("un ", "d'un "), ("une ", "d'une ")):
            if low.startswith(a):
                rest = np[len(a) :]
                if b == "de " and rest[:1].lower() in VOWELS:
                    return "d'" + rest
                return b + rest
        if low[:1] in VOWELS:
            return "d'" + np
        return "de " + np
    if prep == "à":
        for a, b in (("les ", "aux "), ("le ", "au ")):
            if low.startswith(a):
                return b + np[len(a) :]
        return "à " + np
    return prep + " " + np


def fill_topic(template: str, topic: str) -> str:
    for prep in ("à", "de"):
        if f" {prep} {{T}}" in template:
            return template.replace(f" {prep} {{T}}", " " + elide(prep, topic))
    return template.replace("{T}", topic)


def lower_first(s: str) -> str:
    if len(s) > 1 and s[1].islower():
        return s[0].lower() + s[1:]
    return s


def upper_first(s: str) -> str:
    return s[:1].upper() + s[1:]


def title_case(s: str) -> str:
    out = []
    for i, tok in enumerate(s.split(" ")):
        if "'" in tok:
            a, b = tok.split("'", 1)
            tok = (a if i else upper_first(a)) + "'" + upper_first(b)
        elif i == 0 or tok.lower() not in SMALL_WORDS:
            tok = "-".join(upper_first(p) for p in tok.split("-"))
        out.append(tok)
    return " ".join(out)


def apply_case(s: str, case: str) -> str:
    if case == "upper":
        return s.upper()
    if case == "title":
        return title_case(s)
    return s


def roman(n: int) -> str:
    vals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, r in vals:
        while n >= v:
            out += r
            n -= v
    return out


def academy_de(name: str) -> str:
    if name in ("Guadeloupe", "Martinique", "Guyane"):
        return "de la " + name
    if name == "La Réunion":
        return "de La Réunion"
    return elide("de", name)


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


KEEP_PAIRS = {
    "ch",
    "ph",
    "th",
    "gn",
    "qu",
    "gu",
    "bl",
    "br",
    "cl",
    "cr",
    "dr",
    "fl",
    "fr",
    "gl",
    "gr",
    "pl",
    "pr",
    "tr",
    "vr",
}


def hyphen_points(w: str) -> list[int]:
    """Rough French syllable breaks: between vowel and consonant+vowel, or between two consonants."""
    low = w.lower()
    v = "aeiouyàâäéèêëîïôöùûüœ"
    out = []
    for k in range(3, len(w) - 2):
        a, b, c = low[k - 1], low[k], low[k + 1]
        if a in v and b not in v and c in v:
            out.append(k)
        elif a not in v and b not in v and a + b not in KEEP_PAIRS and a != "'" and c in v:
            out.append(k)
    return out


def wrap(
    text: str, width: int | None, first: str = "", rest: str = "", rng: random.Random | None = None, hyph: float = 0.0
) -> list[str]:
    """Greedy wrap; optionally hyphenate long plain words at the line end like a PDF export."""
    if not width:
        return [first + text]
    lines, cur, has = [], first, False
    for w in text.split(" "):
        # French punctuation preceded by a space stays with the word before it.
        if not has or len(cur) + 1 + len(w) <= width or w in (";", ":", "?", "!", "»"):
            cur += (" " if has else "") + w
            has = True
            continue
        room = width - len(cur) - 2
        cuts = hyphen_points(w) if (rng and hyph and w.isalpha()) else []
        cuts = [k for k in cuts if k <= room]
        if cuts and rng.random() < hyph:
            k = cuts[-1]
            lines.append(cur + " " + w[:k] + "-")
            cur = rest + w[k:]
            continue
        lines.append(cur)
        cur = rest + w
    lines.append(cur)
    return lines


# --------------------------------------------------------------------------------------
# Content: titles and leaves (what the truth records)
# --------------------------------------------------------------------------------------


def complements_for(head: str, compls: list[str]) -> list[str]:
    """Complements that do not name again who or what the head already names."""
    low = head.lower()
    keep = [
        c
        for c in compls
        if not any(w in low and w in c.lower() for w in ("élève", "établissement", "territoire", "école", "personnel"))
    ]
    return keep or compls


class Vocab:
    """Draws titles and items: distinct across the plans of a run where the vocabulary allows,
    and, within a plan, never one contained in another (which would make a match ambiguous)."""

    def __init__(self):
        self.used: set[str] = set()

    def new_plan(self):
        self.texts: list[str] = []
        self.keys: set[str] = set()

    def _draw(self, make, tries=60):
        fallback = None
        for _ in range(tries):
            s, keys = make()
            low = s.lower()
            if any(low in x or x in low for x in self.texts):
                continue
            if any(k in self.keys for k in keys):
                fallback = fallback or (s, keys)
                continue
            if low in self.used:
                fallback = (s, keys)
                continue
            break
        else:
            s, keys = fallback or (s, keys)
        self.used.add(s.lower())
        self.texts.append(s.lower())
        self.keys.update(keys)
        return s

    def axis_title(self, rng, th):
        t = THEMES[th]

        def make():
            r = rng.random()
            if r < 0.35:
                head = rng.choice(t["nominal"])
            elif r < 0.6:
                head = rng.choice(t["inf"])
            elif r < 0.75:
                head = rng.choice(t["nominal"])
                low = head[0].lower() + head[1:]
                if low.startswith(("une ", "un ", "des ")):
                    head = rng.choice(["Pour ", "Vers ", "Construire "]) + low
                elif low.startswith(("la ", "l'", "le ", "les ")):
                    head = rng.choice(["Agir pour ", "Garantir ", "Promouvoir "]) + low
            else:
                head = f"{rng.choice(t['verbs'])} {rng.choice(t['objects'])}"
            if rng.random() < 0.45 and "," not in head:
                head += " " + rng.choice(complements_for(head, GENERIC_AXIS_QUAL))
            # Objectives must not repeat what their unit's title already names.
            return head, [o for o in t["objects"] if o.lower() in head.lower()]

        return self._draw(make)

    def objective_title(self, rng, th):
        t = THEMES[th]
        compls = t["compl"] + GENERIC_COMPL

        def make():
            obj = rng.choice(t["objects"])
            s = f"{rng.choice(t['verbs'])} {obj}"
            if rng.random() < 0.7:
                s += " " + rng.choice(complements_for(s, compls))
            others = [o for o in t["objects"] if o != obj and o not in self.keys]
            if rng.random() < 0.12 and others:
                other = rng.choice(others)
                s += " et " + rng.choice(["renforcer", "développer", "valoriser", "soutenir"]) + " " + other
                return s, [obj, other]
            return s, [obj]

        return self._draw(make)

    def _base(self, rng, own, generic, topics, p_own, th):
        """A base phrase and its key: a generic template is used once per unit's theme."""
        if rng.random() < p_own:
            b = rng.choice(own)
            return b, b
        template = rng.choice(generic)
        return fill_topic(template, rng.choice(topics)), f"{th}:{template}"

    def engagement(self, rng, th, ctx, form):
        t = THEMES[th]

        def make():
            s, b = self._base(rng, t["eng"], GENERIC_ENG, t["topic"], 0.75, th)
            r = rng.random()
            if r < 0.25 and "d'ici" not in s:
                s += " " + rng.choice(ENG_TIME).format(y=rng.randint(ctx["y0"] + 1, ctx["y1"]), end=ctx["y1"])
            elif r < 0.45 and not re.search(r"\b(chaque|tous|toutes|ensemble)\b", s):
                s += " " + rng.choice(ENG_PLACE)
            if form == "nom" or (form == "mix" and rng.random() < 0.5):
                s = nominalise(s)
            return s, ["e:" + b]

        return self._draw(make)

    def indicator(self, rng, th, ctx, with_target, in_table=False):
        t = THEMES[th]

        def make():
            s, b = self._base(rng, t["ind"], GENERIC_IND, t["topic"], 0.8, th)
            ratio = s.startswith(("Part", "Taux", "Proportion"))
            r = rng.random()
            if in_table:
                pass
            elif with_target or r < 0.15:
                if ratio:
                    s += f" (cible {ctx['y1']} : {rng.randint(55, 98)} %)"
                elif s.startswith("Nombre"):
                    s += f" (cible {ctx['y1']} : {rng.randint(2, 60) * 10})"
            elif r < 0.3:
                s += " " + rng.choice(
                    [
                        "par département",
                        "en éducation prioritaire",
                        "par bassin",
                        "(évolution annuelle)",
                        "dans les territoires ruraux",
                    ]
                )
            elif r < 0.4 and ratio:
                s += " (en %)"
            return s, ["i:" + b]

        return self._draw(make)


def nominalise(s: str) -> str:
    for verb, noun in sorted(NOMINAL.items(), key=lambda kv: -len(kv[0])):
        if s.startswith(verb + " "):
            rest = s[len(verb) + 1 :]
            if not re.match(r"(le |la |l'|les |un |une |des |de nouvelles |de nouveaux )", rest):
                return s
            if rest.startswith(("de nouvelles ", "de nouveaux ")):
                return f"{noun} {rest}"
            return f"{noun} {elide('de', rest)}"
    return s


# --------------------------------------------------------------------------------------
# House style (drawn per plan, dimension by dimension)
# --------------------------------------------------------------------------------------


def pick(rng, weighted):
    """weighted: list of (value, weight)."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for v, w in weighted:
        x -= w
        if x < 0:
            return v
    return weighted[-1][0]


def draw_style(rng: random.Random) -> dict:
    s: dict = {}
    s["fmt"] = pick(rng, [("pdf", 4), ("docx", 2), ("md", 2), ("web", 2)])
    word, gender, plural = rng.choice(TOP_WORDS)
    s["top_word"], s["top_gender"], s["top_plural"] = word, gender, plural
    s["top_has_word"] = rng.random() < 0.82
    s["top_num"] = pick(rng, [("arabic", 4), ("roman", 2), ("letter", 1), ("ordinal", 1), ("ndeg", 1), ("none", 1)])
    s["top_label_case"] = pick(rng, [("cap", 3), ("upper", 2)])
    s["top_case"] = pick(rng, [("sentence", 4), ("upper", 3), ("title", 1)])
    s["top_place"] = pick(rng, [("sep", 5), ("next", 2), ("wrap", 1), ("before", 1)])
    s["top_sep"] = pick(rng, [(":", 4), ("-", 1), ("–", 2), ("—", 1), (".", 1)])
    s["numpunct"] = rng.choice([".", " -", " –", ")"])

    ow = rng.random()
    if ow < 0.7:
        w2, g2 = rng.choice([w for w in OBJ_WORDS if w[0] != word])
        s["obj_word"], s["obj_gender"] = w2, g2
    else:
        s["obj_word"], s["obj_gender"] = None, "m"
    s["obj_num"] = pick(
        rng,
        [
            ("restart", 4),
            ("continuous", 2),
            ("hier", 3),
            ("letter", 1),
            ("ordinal", 1 if s["obj_word"] else 0),
            ("ndeg", 0.5 if s["obj_word"] else 0),
            ("none", 1.5),
        ],
    )
    s["obj_label_case"] = pick(rng, [("cap", 4), ("upper", 1)])
    s["obj_case"] = pick(rng, [("sentence", 6), ("upper", 1), ("title", 1)])
    s["obj_place"] = pick(rng, [("sep", 6), ("next", 2), ("wrap", 1), ("before", 0.5)])
    s["obj_sep"] = pick(rng, [(":", 4), ("-", 1), ("–", 2), ("—", 1), (".", 1)])
    s["obj_bullet"] = rng.choice(["•", "-", "▪", "►", "➢", "◆", "*"])
    s["obj_numpunct"] = rng.choice([".", " -", ")", " –"])

    # Without a label word and without numbers a top-level title must still stand out.
    if not s["top_has_word"] and s["top_num"] in ("ordinal", "ndeg"):
        s["top_num"] = "arabic"
    if not s["top_has_word"] and s["top_num"] == "none" and s["fmt"] != "md":
        s["top_case"] = "upper"
    top_numonly = not s["top_has_word"] and s["top_num"] != "none"
    obj_numonly = s["obj_word"] is None and s["obj_num"] != "none"
    if obj_numonly and s["obj_num"] in ("ordinal", "ndeg"):
        s["obj_num"] = "hier"
    if top_numonly and obj_numonly:
        kinds = {"arabic": "a", "roman": "r", "letter": "l"}
        okind = {"restart": "a", "continuous": "a", "letter": "l", "hier": "h"}[s["obj_num"]]
        if okind == kinds.get(s["top_num"]):
            s["obj_num"] = "hier"
    if s["obj_word"] is None and s["obj_num"] == "none":
        s["obj_style"] = "bullets"
    elif obj_numonly:
        s["obj_style"] = "numonly"
    else:
        s["obj_style"] = "word"
    if s["top_num"] == "ordinal" and s["top_place"] == "before":
        s["top_place"] = "sep"

    s["toc"] = pick(rng, [("none", 4), ("dots", 3), ("plain", 2), ("tabs", 1)])
    if s["fmt"] in ("web", "md") and s["toc"] in ("dots", "tabs"):
        s["toc"] = "plain"
    s["toc_case"] = pick(rng, [("as_body", 4), ("sentence", 1), ("upper", 1)])
    s["toc_depth"] = pick(rng, [(1, 2), (2, 1)]) if s["obj_style"] != "bullets" else 1
    s["front"] = pick(rng, [("none", 3), ("editorial", 2), ("mot", 2), ("preface", 1)])
    s["intro"] = rng.random() < 0.35
    s["closing"] = rng.random() < 0.3
    s["back"] = pick(rng, [("none", 4), ("glossary", 2), ("annexes", 1), ("both", 1)])
    s["cover"] = s["fmt"] in ("pdf", "docx") and rng.random() < 0.8

    pdf = s["fmt"] == "pdf"
    s["width"] = rng.choice([68, 76, 84, 92, 100]) if pdf else None
    s["hyph"] = rng.choice([0.0, 0.3, 0.7]) if pdf else 0.0
    s["page_len"] = rng.randint(38, 60)
    s["header"] = rng.choice([None, "proj", "acad", "upper"]) if pdf else None
    s["footer"] = rng.choice([None, "page_of", "page_sur", "bare", "dash", "proj", "acad"]) if pdf else None
    s["formfeed"] = pdf and rng.random() < 0.5
    s["center"] = pdf and rng.random() < 0.3
    s["blank"] = pick(rng, [("one", 5), ("none", 2), ("two", 1)]) if s["fmt"] != "md" else "one"
    s["unit_newpage"] = pdf and rng.random() < 0.5
    s["nbsp"] = rng.random() < 0.3
    s["apos"] = rng.choice(["'", "’"])
    s["period_fmt"] = rng.choice(["{a}-{b}", "{a} – {b}", "{a}/{b}", "{a}-{b}"])
    s["para_top"] = rng.choice([0.0, 0.5, 0.9])
    s["para_obj"] = rng.choice([0.0, 0.3, 0.7]) if s["obj_style"] != "bullets" else 0.0
    s["para_lead"] = rng.random() < 0.2 and s["top_word"] != "enjeu"
    s["md_top"] = rng.choice(["#", "##"])
    s["md_obj"] = rng.choice(["heading", "heading", "bold"])

    # Leaves
    s["leaves"] = rng.random() < 2 / 3
    s["leaf_mix"] = pick(rng, [("both", 5), ("eng", 2), ("ind", 2)])
    ow = (s["obj_word"] or "").lower()
    eng_words = [
        w
        for w in ENG_WORDS
        if not (
            ("levier" in w.lower() and "levier" in ow)
            or ("action" in w.lower() and "action" in ow)
            or ("mesure" in w.lower() and "mesure" in ow)
        )
    ]
    s["eng_word"] = rng.choice(eng_words)
    s["eng_word2"] = rng.choice(eng_words)
    s["ind_word"] = rng.choice(IND_WORDS)
    s["leaf_header"] = rng.choice(
        ["colon", "plain", "upper", "bold", "md_heading"] if s["fmt"] == "md" else ["colon", "colon", "plain", "upper"]
    )
    bullets = ["-", "•", "▪", "►", "o", "*", "–", "➢", "1)", "1.", "a)", "action_n"]
    if s["fmt"] in ("web", "docx"):
        bullets.append("none")
    if s["fmt"] == "md":
        bullets = ["-", "-", "*", "1.", "•", "action_n"]
    if s["obj_style"] == "bullets":
        bullets = [b for b in bullets if b != s["obj_bullet"] and b != "none"]
    if s["obj_style"] == "numonly" or (not s["top_has_word"] and s["top_num"] != "none"):
        bullets = [b for b in bullets if b not in ("1)", "1.", "a)")]
    if "action" in ow:
        bullets = [b for b in bullets if b != "action_n"]
    if "before" in (s["top_place"], s["obj_place"]):
        # A title printed above its label would run on from an unmarked list: not decidable.
        bullets = [b for b in bullets if b != "none"]
    s["leaf_bullet"] = rng.choice(bullets)
    s["ind_bullet"] = (
        s["leaf_bullet"] if rng.random() < 0.6 else rng.choice([b for b in bullets if b != "action_n"] or ["-"])
    )
    s["inline"] = rng.choice([0.0, 0.0, 0.3, 0.8])
    s["table"] = rng.choice([0.0, 0.0, 0.4, 0.9])
    s["table_fmt"] = "md" if s["fmt"] == "md" else rng.choice(["pipe", "spaces", "tabs"])
    s["bare_eng"] = rng.random() < 0.2 and s["leaf_bullet"] != "none"
    s["ind_first"] = rng.random() < 0.2
    s["eng_form"] = pick(rng, [("inf", 5), ("nom", 1), ("mix", 1)])
    if "Nous nous engageons à" in (s["eng_word"], s["eng_word2"]):
        s["eng_form"] = "inf"
    s["targets"] = s["ind_word"].startswith("Cible")
    s["action_restart"] = rng.random() < 0.5
    return s


def style_name(s: dict) -> str:
    top = s["top_word"] if s["top_has_word"] else "sans-mot"
    obj = {"bullets": "puces", "numonly": "numeros"}.get(s["obj_style"], s["obj_word"] or "")
    parts = [
        s["fmt"],
        f"{top}-{s['top_num']}",
        f"{obj}-{s['obj_num']}",
        s["top_place"],
        s["top_case"],
        "feuilles" if s["leaves"] else "partiel",
    ]
    return slug("_".join(parts).replace(" ", "-")).replace("-", "_")


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


class Block:
    """Lines kept together on a page, except at ``cuts`` (indexes a page may break before)."""

    __slots__ = ("lines", "ref", "brk", "cuts")

    def __init__(self, lines, ref=None, brk=False, cuts=()):
        self.lines, self.ref, self.brk, self.cuts = lines, ref, brk, tuple(cuts)


def para_block(lines):
    # A paragraph may run over a page break, keeping two lines on each side.
    return Block(lines, cuts=range(2, len(lines) - 1))


def list_block(head, groups):
    """A leaf list may break between two items, never inside one."""
    lines, cuts = list(head), []
    for g in groups:
        if len(lines) > len(head):
            cuts.append(len(lines))
        lines += g
    return Block(lines, cuts=cuts)


class Renderer:
    def __init__(self, rng: random.Random, s: dict, ctx: dict):
        self.rng, self.s, self.ctx = rng, s, ctx
        self.colon = "\u00a0:" if s["nbsp"] else " :"
        self.level_words = {s["top_word"].split()[0].lower(), s["top_plural"].split()[0].lower()}
        if s["obj_word"]:
            self.level_words.add(s["obj_word"].split()[0].lower())
        self.block_words = [w.lower() for w in (s["eng_word"], s["eng_word2"], s["ind_word"])]
        self.action_no = 0
        self.recent: list[str] = []

    # ---- labels ----------------------------------------------------------------------
    def _sep(self, sep):
        if sep == ":":
            return self.colon + " "
        if sep == ".":
            return ". "
        return f" {sep} "

    def num(self, scheme, i):
        if scheme in ("arabic", "restart", "continuous"):
            return str(i)
        if scheme == "roman":
            return roman(i)
        if scheme == "letter":
            return chr(64 + i)
        if scheme == "ndeg":
            return self.ndeg.format(i)
        raise ValueError(scheme)

    def top_label(self, i):
        s = self.s
        word = s["top_word"]
        if s["top_has_word"]:
            if s["top_num"] == "ordinal":
                lab = f"{ORDINALS[s['top_gender']][i - 1]} {word}"
            elif s["top_num"] == "none":
                lab = upper_first(word)
            else:
                lab = f"{upper_first(word)} {self.num(s['top_num'], i)}"
            return (lab.upper() if s["top_label_case"] == "upper" else lab), "word"
        if s["top_num"] == "none":
            return "", "bare"
        return self.num(s["top_num"], i) + s["numpunct"], "numonly"

    def top_num_str(self, i):
        scheme = self.s["top_num"]
        return {"roman": roman(i), "letter": chr(64 + i)}.get(scheme, str(i))

    def obj_label(self, ai, oi, gi):
        s = self.s
        scheme = s["obj_num"]
        if scheme == "hier":
            n = f"{self.top_num_str(ai)}.{oi}"
        elif scheme == "continuous":
            n = str(gi)
        elif scheme == "letter":
            n = chr(64 + oi) if s["obj_word"] else chr(96 + oi)
        elif scheme == "ndeg":
            n = self.ndeg.format(gi)
        elif scheme in ("restart", "ordinal"):
            n = str(oi)
        else:
            n = ""
        if s["obj_style"] == "bullets":
            return "", "bullet"
        if s["obj_style"] == "numonly":
            return n + s["obj_numpunct"], "numonly"
        word = s["obj_word"]
        if scheme == "ordinal":
            lab = f"{ORDINALS[s['obj_gender']][oi - 1]} {word}"
        elif not n:
            lab = upper_first(word)
        else:
            lab = f"{upper_first(word)} {n}"
        return (lab.upper() if s["obj_label_case"] == "upper" else lab), "word"

    # ---- headings --------------------------------------------------------------------
    def heading(self, label, kind, title, place, sep, level):
        """Lines of one unit heading, and the title as it appears in them."""
        s = self.s
        md = s["fmt"] == "md"
        if md and place in ("wrap", "before"):
            place = "sep"
        if kind in ("bare", "numonly"):
            place = "sep"
        if place == "wrap" and len(title.split()) < 5:
            place = "sep"
        if kind == "bare":
            lines = [title]
        elif kind == "numonly":
            lines = [f"{label} {title}"]
        elif place == "sep":
            lines = [label + self._sep(sep) + title]
        elif place == "next":
            lines = [label, title]
        elif place == "before":
            lines = [title, label]
        else:
            words = title.split()
            cut = max(2, len(words) // 2 + self.rng.randint(-1, 1))
            lines = [label + self._sep(sep) + " ".join(words[:cut]), " ".join(words[cut:])]
        if md:
            hashes = s["md_top"] if level == 1 else (s["md_top"] + "#")
            if level == 2 and s["md_obj"] == "bold":
                lines = [f"**{ln}**" for ln in lines]
            elif place == "next" and kind == "word":
                lines = [f"{hashes} {lines[0]}", f"**{lines[1]}**"]
            else:
                lines = [f"{hashes} {ln}" for ln in lines]
        elif s["width"]:
            # A PDF export wraps a heading longer than the text block like any other line.
            lines = [part for ln in lines for part in wrap(ln, s["width"])]
            if s["center"] and level == 1:
                lines = [" " * max(0, (s["width"] - len(ln)) // 2) + ln for ln in lines]
        return lines

    # ---- paragraphs ------------------------------------------------------------------
    def paragraph(self, n_sent, topic):
        rng, ctx = self.rng, self.ctx
        # Real plans do not repeat a sentence within a few paragraphs.
        pool = [x for x in SENTENCES if x not in self.recent]
        sents = rng.sample(pool, n_sent)
        self.recent = (self.recent + sents)[-12:]
        terr = ", ".join(rng.sample(ctx["terr"], min(3, len(ctx["terr"]))))
        text = " ".join(
            fill_topic(x, topic).format(period=ctx["period"], y0=ctx["y0"], terr=terr, de=academy_de(ctx["academy"]))
            for x in sents
        )
        return self.wrap_para(text)

    def structural(self, line):
        low = line.strip().lower()
        return (
            (low.split() or [""])[0].strip(",.;:") in self.level_words
            or any(low.startswith(w) for w in self.block_words)
            or re.match(r"(\d+|[ivx]+|[a-z])[.)]( |$)", low) is not None
            or low[:1] in "-•▪►*–➢◆o"
            and low[1:2] == " "
        )

    def wrap_para(self, text, first="", rest=""):
        s = self.s
        if not s["width"]:
            return [first + text]
        # A prose line must not start with a word that labels units or leaf blocks.
        for shrink in range(0, 12):
            lines = wrap(text, s["width"] - shrink, first, rest, self.rng, s["hyph"])
            if not any(self.structural(ln) for ln in lines[1:]):
                return lines
        return [first + text]

    # ---- leaves ----------------------------------------------------------------------
    def leaf_header(self, word, indent):
        form = self.s["leaf_header"]
        if form == "colon":
            return indent + word + self.colon
        if form == "upper":
            return indent + word.upper()
        if form == "bold":
            return indent + f"**{word}**"
        if form == "md_heading":
            return "#" * (len(self.s["md_top"]) + 2) + " " + word
        return indent + word

    def bullet_groups(self, items, bullet, indent):
        out = []
        if bullet == "action_n" and self.s["action_restart"]:
            self.action_no = 0
        for k, it in enumerate(items, 1):
            if bullet == "1)":
                mark = f"{k}) "
            elif bullet == "1.":
                mark = f"{k}. "
            elif bullet == "a)":
                mark = f"{chr(96 + k)}) "
            elif bullet == "action_n":
                self.action_no += 1
                mark = f"Action {self.action_no}{self.colon} "
            elif bullet == "none":
                mark = ""
            else:
                mark = bullet + " "
            first = indent + mark
            rest = indent + " " * (len(mark) if self.rng.random() < 0.7 else 0)
            out.append(self.wrap_para(it, first, rest))
        return out

    def leaves(self, obj, indent):
        s = self.s
        blocks = []
        kinds = [("engagements", obj["engagements"]), ("indicators", obj["indicators"])]
        if s["ind_first"]:
            kinds.reverse()
        for kind, items in kinds:
            if not items:
                continue
            form, word = obj["forms"][kind]
            if kind == "engagements":
                bullet = s["leaf_bullet"]
            else:
                bullet = s["ind_bullet"] if s["ind_bullet"] != "action_n" else "-"
            if form == "inline":
                text = word + self.colon + " " + " ; ".join(lower_first(x) for x in items) + "."
                blocks.append(Block(self.wrap_para(text, indent, indent)))
                continue
            if form == "table":
                blocks.append(Block(self.table(word, items)))
                continue
            if form == "bare":
                blocks.append(list_block([], self.bullet_groups(items, bullet, indent)))
                continue
            if word == "Nous nous engageons à":
                head = indent + word + (" :" if s["leaf_header"] == "colon" else "")
                if s["leaf_header"] in ("bold", "md_heading"):
                    head = self.leaf_header(word, indent)
            else:
                head = self.leaf_header(word, indent)
            blocks.append(list_block([head], self.bullet_groups(items, bullet, indent)))
        return blocks

    def table(self, word, names):
        s, rng, ctx = self.s, self.rng, self.ctx
        y0, y1 = ctx["y0"] - 1, ctx["y1"]
        head = ["Indicateur", f"Situation {y0}" if rng.random() < 0.5 else str(y0), f"Cible {y1}"]
        rows = []
        for n in names:
            a = rng.randint(20, 85)
            b = min(99, a + rng.randint(3, 15))
            unit = " %" if n.startswith(("Part", "Taux", "Proportion")) else ""
            rows.append([n, f"{a}{unit}", f"{b}{unit}"])
        out = [self.leaf_header(word, "")] if rng.random() < 0.7 else []
        fmt = s["table_fmt"]
        if fmt == "md":
            out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            out += ["| " + " | ".join(r) + " |" for r in rows]
        elif fmt == "pipe":
            out += [" | ".join(head)] + [" | ".join(r) for r in rows]
        elif fmt == "tabs":
            out += ["\t".join(head)] + ["\t".join(r) for r in rows]
        else:
            w = max(len(r[0]) for r in rows) + 3
            out += [f"{head[0]:<{w}}{head[1]:>16}{head[2]:>14}"]
            out += [f"{r[0]:<{w}}{r[1]:>16}{r[2]:>14}" for r in rows]
        return out


# --------------------------------------------------------------------------------------
# One plan
# --------------------------------------------------------------------------------------


def make_plan(rng: random.Random, vocab: Vocab, academy: str, leaves: bool) -> tuple[str, dict, dict]:
    s = draw_style(rng)
    s["leaves"] = leaves
    y0 = rng.randint(2018, 2025)
    y1 = y0 + rng.choice([3, 4, 4, 5])
    period = f"{y0}-{y1}"
    ctx = dict(academy=academy, y0=y0, y1=y1, period=period, terr=ACADEMIES[academy])
    r = Renderer(rng, s, ctx)
    r.ndeg = rng.choice(["n°{}", "n° {}", "N°{}"])
    period_txt = s["period_fmt"].format(a=y0, b=y1)

    # ---- content ---------------------------------------------------------------------
    n_axes = rng.randint(2, 6)
    themes = rng.sample(THEME_KEYS, n_axes)
    vocab.new_plan()
    axes = []
    for th in themes:
        a = {"title": vocab.axis_title(rng, th), "theme": th, "objectives": []}
        for _ in range(rng.randint(2, 5)):
            a["objectives"].append({"title": vocab.objective_title(rng, th), "engagements": [], "indicators": []})
        axes.append(a)
    if s["leaves"]:
        for a in axes:
            for o in a["objectives"]:
                if rng.random() < 0.15:
                    continue
                ne = rng.randint(1, 5) if s["leaf_mix"] != "ind" else 0
                ni = rng.randint(1, 4) if s["leaf_mix"] != "eng" else 0
                if s["leaf_mix"] == "both" and rng.random() < 0.3:
                    if rng.random() < 0.5:
                        ne = 0
                    else:
                        ni = 0
                word = s["eng_word"] if rng.random() < 0.8 else s["eng_word2"]
                if rng.random() < s["inline"] and word != "Nous nous engageons à":
                    eform = "inline"
                elif s["bare_eng"] and rng.random() < 0.7:
                    eform = "bare"
                else:
                    eform = "list"
                r_ = rng.random()
                if r_ < s["inline"]:
                    iform = "inline"
                elif rng.random() < s["table"] and s["obj_style"] != "bullets":
                    iform = "table"
                else:
                    iform = "list"
                o["forms"] = {"engagements": (eform, word), "indicators": (iform, s["ind_word"])}
                o["engagements"] = [vocab.engagement(rng, a["theme"], ctx, s["eng_form"]) for _ in range(ne)]
                o["indicators"] = [
                    vocab.indicator(rng, a["theme"], ctx, s["targets"], iform == "table") for _ in range(ni)
                ]
        if not any(o["engagements"] or o["indicators"] for a in axes for o in a["objectives"]):
            o = axes[0]["objectives"][0]
            o["engagements"] = [vocab.engagement(rng, axes[0]["theme"], ctx, s["eng_form"])]
            o["forms"] = {"engagements": ("list", s["eng_word"]), "indicators": ("list", s["ind_word"])}

    # ---- headings (and the titles as they appear) ------------------------------------
    gi = 0
    for ai, a in enumerate(axes, 1):
        a["shown"] = apply_case(a["title"], s["top_case"])
        lab, kind = r.top_label(ai)
        a["label"], a["kind"] = lab, kind
        a["lines"] = r.heading(lab, kind, a["shown"], s["top_place"], s["top_sep"], 1)
        for oi, o in enumerate(a["objectives"], 1):
            gi += 1
            o["shown"] = apply_case(o["title"], s["obj_case"])
            lab, kind = r.obj_label(ai, oi, gi)
            o["label"], o["kind"] = lab, kind
            if kind == "bullet":
                o["lines"] = r.wrap_para(o["shown"], s["obj_bullet"] + " ", "  ")
                if s["fmt"] == "md":
                    o["lines"] = ["- " + o["shown"]]
            else:
                o["lines"] = r.heading(lab, kind, o["shown"], s["obj_place"], s["obj_sep"], 2)

    # ---- assemble blocks -------------------------------------------------------------
    def build(pages_of):
        blocks: list[Block] = []
        acad_de = academy_de(academy)
        if s["fmt"] == "web":
            blocks.append(Block(["Aller au contenu", "Aller au menu", "Aller à la recherche"]))
            blocks.append(Block([f"Académie {acad_de}", "Région académique", "Rechercher", "Menu"]))
            blocks.append(Block(rng_static.sample(WEB_MENU, len(WEB_MENU))[:6]))
            blocks.append(Block([" > ".join(["Accueil", "L'académie", "Projet académique"])]))
            blocks.append(
                Block(
                    [
                        f"Projet académique {period_txt}",
                        f"Mis à jour le {rng_static.randint(1, 28):02d}/{rng_static.randint(1, 12):02d}/{y0 + 1}",
                        "Partager",
                        "Facebook",
                        "X",
                        "LinkedIn",
                        "Courriel",
                        "Imprimer",
                    ]
                )
            )
        elif s["fmt"] == "md":
            blocks.append(Block([f"# Projet académique {period_txt} — Académie {acad_de}"]))
            blocks.append(Block([f"*{slogan}*"]))
        if s["cover"]:
            blocks.append(Block(["RÉPUBLIQUE FRANÇAISE", "Liberté", "Égalité", "Fraternité"]))
            blocks.append(Block([f"ACADÉMIE {acad_de.upper()}", "", "PROJET ACADÉMIQUE", period_txt, f"« {slogan} »"]))
            blocks.append(Block([], brk=True))
        if s["toc"] != "none":
            blocks.append(Block(toc_lines(pages_of)))
            blocks.append(Block([], brk=True))
        if s["front"] != "none":
            blocks += front_blocks(acad_de)
            blocks.append(Block([], brk=True))
        if s["intro"]:
            blocks.append(
                Block(
                    [
                        heading_plain(
                            rng_static.choice(["Introduction", "Préambule", "Le projet en bref", "Notre démarche"])
                        )
                    ],
                    ref="intro",
                )
            )
            blocks.append(para_block(r.paragraph(3, "la réussite des élèves")))
            blocks.append(
                Block(
                    r.wrap_para(
                        f"Le projet se décline en {NUMBER_WORDS[len(axes)]} {s['top_plural']}, "
                        f"{'elles' if s['top_gender'] == 'f' else 'eux'}-mêmes précisé{'e' if s['top_gender'] == 'f' else ''}s par des objectifs, des actions et des indicateurs de suivi."
                    )
                )
            )
        for ai, a in enumerate(axes, 1):
            if s["unit_newpage"]:
                blocks.append(Block([], brk=True))
            blocks.append(Block(a["lines"], ref=("axe", ai)))
            topic = THEMES[a["theme"]]["topic"][0]
            if rng_static.random() < s["para_top"]:
                if s["para_lead"]:
                    blocks.append(
                        Block(
                            [
                                heading_plain(
                                    rng_static.choice(["Constat", "Contexte", "Diagnostic", "Éléments de contexte"]), 2
                                )
                            ]
                        )
                    )
                blocks.append(para_block(r.paragraph(rng_static.randint(1, 4), topic)))
            for oi, o in enumerate(a["objectives"], 1):
                if o["kind"] == "bullet":
                    blk = Block(list(o["lines"]), ref=("obj", ai, oi))
                    blocks.append(blk)
                    for lb in r.leaves(o, "    " if s["fmt"] != "md" else "  "):
                        blk.lines += lb.lines
                    continue
                blocks.append(Block(o["lines"], ref=("obj", ai, oi)))
                if rng_static.random() < s["para_obj"]:
                    blocks.append(para_block(r.paragraph(rng_static.randint(1, 3), topic)))
                blocks += r.leaves(o, "")
        if s["closing"]:
            blocks.append(
                Block(
                    [
                        heading_plain(
                            rng_static.choice(
                                ["Mise en œuvre et suivi du projet", "Le pilotage du projet", "Conclusion"]
                            )
                        )
                    ]
                )
            )
            blocks.append(
                Block(
                    r.wrap_para(
                        "Un comité de suivi se réunira chaque année pour examiner l'avancement du projet, "
                        "à partir d'un tableau de bord partagé avec les écoles et les établissements. "
                        "Un bilan d'étape sera présenté à mi-parcours aux instances académiques."
                    )
                )
            )
        if s["back"] in ("glossary", "both"):
            blocks.append(Block([], brk=True))
            blocks.append(Block(glossary_lines(), ref="glossary"))
        if s["back"] in ("annexes", "both"):
            blocks.append(Block([], brk=True))
            blocks += annex_blocks()
        if s["fmt"] == "web":
            blocks.append(
                Block(
                    [
                        f"Télécharger le projet académique {period_txt} (PDF, "
                        f"{rng_static.randint(1, 9)},{rng_static.randint(0, 9)} Mo)",
                        "Partager cette page",
                        "Dans cette rubrique",
                        "Organisation de l'académie",
                        "Chiffres clés",
                        "Projet académique",
                    ]
                )
            )
            blocks.append(
                Block(
                    [
                        "Plan du site | Mentions légales | Accessibilité : partiellement conforme"
                        " | Données personnelles | Gestion des cookies",
                        f"© Académie {acad_de} {y0 + 1} — Ministère de l'Éducation nationale",
                    ]
                )
            )
        return blocks

    def heading_plain(text, depth=0):
        # depth 2 sits below the objectives: a lead-in such as "Constat" inside a unit.
        if s["fmt"] == "md":
            return f"{s['md_top']}{'#' * depth} {text}"
        return text.upper() if s["top_case"] == "upper" else text

    def toc_lines(pages_of):
        out = [heading_plain(rng_static_toc.choice(["Sommaire", "SOMMAIRE", "Table des matières"]))]
        entries = []
        if s["front"] != "none":
            entries.append((0, front_title, pages_of.get("front", 2)))
        if s["intro"]:
            entries.append((0, "Introduction", pages_of.get("intro", 3)))
        for ai, a in enumerate(axes, 1):
            lab = a["label"]
            t = a["shown"] if s["toc_case"] == "as_body" else apply_case(a["title"], s["toc_case"])
            text = (
                t
                if a["kind"] == "bare"
                else (f"{lab} {t}" if a["kind"] == "numonly" else lab + r._sep(s["top_sep"]) + t)
            )
            entries.append((0, text, pages_of.get(("axe", ai), 4)))
            if s["toc_depth"] == 2:
                for oi, o in enumerate(a["objectives"], 1):
                    text = (
                        f"{o['label']} {o['shown']}"
                        if o["kind"] == "numonly"
                        else o["label"] + r._sep(s["obj_sep"]) + o["shown"]
                    )
                    entries.append((1, text, pages_of.get(("obj", ai, oi), 4)))
        if s["back"] in ("glossary", "both"):
            entries.append((0, "Glossaire", pages_of.get("glossary", 30)))
        width = s["width"] or 90
        for depth, text, page in entries:
            ind = "   " * depth
            if s["toc"] == "dots":
                body = ind + text
                if len(body) + 6 > width:
                    cut = wrap(text, width - 8, ind, ind + "  ")
                    out += cut[:-1]
                    body = cut[-1]
                out.append(f"{body} {'.' * max(3, width - len(body) - len(str(page)) - 2)} {page}")
            elif s["toc"] == "tabs":
                out.append(f"{ind}{text}\t{page}")
            elif s["fmt"] == "md":
                out.append(f"{'  ' * depth}- [{text}](#{slug(text)[:40]})")
            else:
                out += wrap(text, s["width"], ind, ind + "  ")
        return out

    def front_blocks(acad_de):
        first, g = signer
        name = f"{first} {rng_front.choice(SURNAMES)}"
        title = "Recteur" if g == "m" else "Rectrice"
        paras = [
            f"Le projet académique {period_txt} est le fruit d'une large concertation menée pendant "
            f"plusieurs mois avec les personnels, les élèves, les familles et nos partenaires.",
            "Dans un contexte marqué par {} et {}, ".format(*rng_front.sample(CONTEXTS, 2))
            + "il fixe le cap commun de notre action pour les années à venir.",
            f"Il s'articule autour de {NUMBER_WORDS[len(axes)]} {s['top_plural']} qui traduisent nos "
            f"choix : la réussite de chaque élève, l'équité entre les territoires et "
            f"l'accompagnement des personnels.",
            "Je sais pouvoir compter sur l'engagement de chacune et de chacun pour faire vivre ce projet "
            "au plus près des élèves.",
        ]
        out = [Block([heading_plain(front_title)], ref="front")]
        for p in paras[: rng_front.randint(2, 4)]:
            out.append(Block(r.wrap_para(p)))
        out.append(
            Block(
                [
                    name,
                    f"{title} de l'académie {acad_de}"
                    + (", chancelier des universités" if g == "m" else ", chancelière des universités")
                    * (rng_front.random() < 0.5),
                ]
            )
        )
        return out

    def glossary_lines():
        out = [heading_plain(rng_back.choice(["Glossaire", "Lexique des sigles", "Sigles et acronymes"]))]
        sep = rng_back.choice([" : ", " – ", "\t", " = "])
        for abbr, full in sorted(rng_back.sample(GLOSSARY, rng_back.randint(6, 14))):
            out.append(f"{abbr}{sep}{full}")
        return out

    def annex_blocks():
        out = [Block([heading_plain("Annexes")])]
        out.append(
            Block(
                [
                    f"Annexe 1{r.colon} Calendrier de mise en œuvre",
                    f"{y0}-{y0 + 1}{r.colon} diagnostic partagé et appropriation du projet",
                    f"{y0 + 1}-{y1 - 1}{r.colon} déploiement des actions dans les territoires",
                    f"{y1 - 1}-{y1}{r.colon} évaluation et préparation du projet suivant",
                ]
            )
        )
        out.append(
            Block(
                [f"Annexe 2{r.colon} Méthode d'élaboration"]
                + r.wrap_para(
                    "Le projet a été construit par des groupes de travail associant personnels de direction, "
                    "inspecteurs, enseignants, représentants des parents et des élèves, puis présenté aux "
                    "instances de concertation."
                )
            )
        )
        if rng_back.random() < 0.5:
            out.append(
                Block(
                    [
                        "Contacts",
                        f"Rectorat de l'académie {academy_de(academy)}",
                        "Mission de pilotage et de la performance",
                        "Directeur de la publication : le recteur",
                    ]
                )
            )
        return out

    # Rendering passes must draw the same noise each time: give them their own streams.
    seed = rng.random()
    slogan = rng.choice(SLOGANS)
    signer = rng.choice(FIRST_NAMES)
    front_title = {
        "editorial": "Éditorial",
        "mot": rng.choice(
            ["Le mot du recteur", "Mot du recteur"]
            if signer[1] == "m"
            else ["Le mot de la rectrice", "Mot de la rectrice"]
        ),
        "preface": "Préface",
        "none": "",
    }[s["front"]]
    rstate = rng.getstate()

    def fresh_streams():
        nonlocal rng_static, rng_static_toc, rng_front, rng_back
        rng_static = random.Random(f"{seed}-body")
        rng_static_toc = random.Random(f"{seed}-toc")
        rng_front = random.Random(f"{seed}-front")
        rng_back = random.Random(f"{seed}-back")
        r.rng = random.Random(f"{seed}-render")
        r.action_no = 0
        r.recent = []

    rng_static = rng_static_toc = rng_front = rng_back = None
    fresh_streams()
    blocks = build({})
    pages, where = paginate(blocks, s["page_len"], s["blank"])
    fresh_streams()
    blocks = build(where)
    pages, where = paginate(blocks, s["page_len"], s["blank"])
    rng.setstate(rstate)
    text = compose(pages, s, ctx, period_txt)

    truth = {
        "academy": academy,
        "period": period,
        "kind": "generated",
        "style": style_name(s),
        "partial": not any(o["engagements"] or o["indicators"] for a in axes for o in a["objectives"]),
        "axes": [
            {
                "title": a["shown"],
                "objectives": [
                    {
                        "title": o["shown"],
                        "engagements": as_written(o, "engagements"),
                        "indicators": as_written(o, "indicators"),
                    }
                    for o in a["objectives"]
                ],
            }
            for a in axes
        ],
    }
    if s["apos"] == "’":
        text = text.replace("'", "’")
        truth = json.loads(json.dumps(truth, ensure_ascii=False).replace("'", "’"))
    return text, truth, s


def as_written(o, kind):
    """Items of an inline list are written lower-case after their block word."""
    if o.get("forms", {}).get(kind, ("",))[0] == "inline":
        return [lower_first(x) for x in o[kind]]
    return list(o[kind])


def paginate(blocks, page_len, blank):
    pages: list[list[str]] = [[]]
    where = {}
    gap = {"one": 1, "two": 2, "none": 0}[blank]
    for b in blocks:
        if b.brk:
            if pages[-1]:
                pages.append([])
            continue
        lines = [ln for ln in b.lines if ln or gap]
        need = len(lines) + (gap if pages[-1] else 0)
        if pages[-1] and len(pages[-1]) + need > page_len:
            room = page_len - len(pages[-1]) - gap
            cut = max((c for c in b.cuts if c <= room and len(lines) == len(b.lines)), default=0)
            if cut:
                if gap:
                    pages[-1] += [""] * gap
                if b.ref is not None:
                    where[b.ref] = len(pages)
                pages[-1] += lines[:cut]
                pages.append(lines[cut:])
                continue
            pages.append([])
        if pages[-1] and gap:
            pages[-1] += [""] * gap
        if b.ref is not None:
            where[b.ref] = len(pages)
        pages[-1] += lines
    return [p for p in pages if p], where


def compose(pages, s, ctx, period_txt):
    acad_de = academy_de(ctx["academy"])
    header = {
        None: None,
        "proj": f"Projet académique {period_txt}",
        "acad": f"Académie {acad_de} | Projet académique {period_txt}",
        "upper": f"PROJET ACADÉMIQUE {period_txt} — ACADÉMIE {acad_de.upper()}",
    }[s["header"]]
    n = len(pages)
    out = []
    for p, lines in enumerate(pages, 1):
        page = list(lines)
        if p > 1 and header:
            page = [header, ""] + page
        if p > 1 and s["footer"]:
            f = {
                "page_of": f"Page {p}/{n}",
                "page_sur": f"Page {p} sur {n}",
                "bare": str(p),
                "dash": f"- {p} -",
                "proj": f"Projet académique {period_txt} – {p}",
                "acad": f"{p} | Académie {acad_de}",
            }[s["footer"]]
            if s["width"] and s["footer"] in ("bare", "dash"):
                f = " " * ((s["width"] - len(f)) // 2) + f
            page = page + ["", f]
        if p > 1 and s["formfeed"]:
            page[0] = "\f" + page[0]
        out.append("\n".join(page))
    sep = "\n" if s["formfeed"] or s["blank"] == "none" else "\n\n"
    text = sep.join(out) + "\n"
    return text


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def generate(seed: int, n: int):
    master = random.Random(f"plangen-indep-{seed}")
    order = list(ACADEMIES)
    master.shuffle(order)
    vocab = Vocab()
    # Two plans in three have leaves, whatever the seed and --n (shuffled within each three).
    quota = random.Random(f"plangen-indep-{seed}-leaves")
    leaves: list[bool] = []
    for i in range(n):
        if i and i % len(order) == 0:
            master.shuffle(order)
        if i % 3 == 0:
            leaves = [True, True, False]
            quota.shuffle(leaves)
        academy = order[i % len(order)]
        rng = random.Random(f"plangen-indep-{seed}-{i}")
        text, truth, style = make_plan(rng, vocab, academy, leaves[i % 3])
        name = f"indep_{i:02d}_{slug(academy)}"
        yield name, text, truth, style


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, help="folder to write the plans into")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n", type=int, default=24)
    ap.add_argument("--list-styles", action="store_true", help="print the house-style dimensions drawn for each plan")
    args = ap.parse_args(argv)
    if not args.out and not args.list_styles:
        ap.error("--out is required (or --list-styles)")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for name, text, truth, style in generate(args.seed, args.n):
        ext = ".md" if style["fmt"] == "md" else ".txt"
        if args.out:
            (args.out / f"{name}{ext}").write_text(text, encoding="utf-8")
            (args.out / f"{name}.truth.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        if args.list_styles:
            n_obj = sum(len(a["objectives"]) for a in truth["axes"])
            print(
                json.dumps(
                    {
                        "plan": name + ext,
                        "academy": truth["academy"],
                        "period": truth["period"],
                        "style": truth["style"],
                        "axes": len(truth["axes"]),
                        "objectives": n_obj,
                        "partial": truth["partial"],
                        "dimensions": style,
                    },
                    ensure_ascii=False,
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
