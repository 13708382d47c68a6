#!/usr/bin/env python3
"""Third generator of French académie plans ("projets académiques") in house styles.

Written without looking at Boussole's plan reader, its tests, its benches or
the other generators: it encodes only how académies publish their plans, so
that the reader is judged on material it was never tuned on.

It has two independent halves, drawn with separate random streams:

* a *plan*: académie (the 30 of them), period, 2-6 top-level units with 2-5
  objectives each, engagements and indicators (about 2/3 of plans), figures,
  an editorial, a glossary and annexes.  About one plan in five is a partial
  real-world form: only the axes and their objectives, or only the axes
  announced in a sentence ("autour de quatre axes : ... ; ...") or as an
  unnumbered list under "Nos priorités".  Some plans have three levels
  (axe -> objectif stratégique -> objectif opérationnel); the truth keeps two
  and lists the third level's titles as engagements.
* a *rendering* of that plan as the text an adviser actually receives: an
  académie web page copied from a browser, the pdftotext layer of a designed
  brochure, ``pdftotext -layout``, a Word/LibreOffice text export, a slide
  deck saved as text, Markdown, a light OCR, or plain text.  Each rendering
  draws its own level words, numbering (1/I/A/ordinal words/n°/1.1/a,
  continuous or restarting, none), title placement (after : - – — . , next
  line, wrapped, before the label), case, table of contents, front and back
  matter, block words, bullets, inline lists and flattened indicator tables,
  and its own page noise (running headers/footers, form feeds, hyphenation,
  two merged columns, web chrome, slide markers, OCR confusions).

A run shares its plans evenly between the eight kinds of document; everything
else is drawn per plan, and a document keeps its habits (separators, label
spacing, block-word colons) from one heading to the next.  Titles and items
are built from vocabulary of this file and never repeat verbatim within a run.

Each plan is written as NAME.txt (or NAME.md) beside NAME.truth.json; the
truth holds titles and items as they appear in the text (labels, numbers and
bullets removed, line wrapping and hyphenation undone; in OCR copies, the
noised spelling; for indicator tables, the indicator cell).  "partial" is true
when the plan has no engagements and no indicators.

    python bench/plangen_third.py --out DIR [--seed 0] [--n 30] [--list-styles]
"""

import argparse
import json
import os
import random
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# Plan half: what the académie decided, independent of how it is printed.
# ---------------------------------------------------------------------------

ACADEMIES = [
    "Aix-Marseille",
    "Amiens",
    "Besançon",
    "Bordeaux",
    "Clermont-Ferrand",
    "Corse",
    "Créteil",
    "Dijon",
    "Grenoble",
    "Guadeloupe",
    "Guyane",
    "Lille",
    "Limoges",
    "Lyon",
    "Martinique",
    "Mayotte",
    "Montpellier",
    "Nancy-Metz",
    "Nantes",
    "Nice",
    "Normandie",
    "Orléans-Tours",
    "Paris",
    "Poitiers",
    "Reims",
    "Rennes",
    "La Réunion",
    "Strasbourg",
    "Toulouse",
    "Versailles",
]


# "de Lyon", "d'Amiens", "de la Réunion"
def of_academy(name):
    if name.startswith("La "):
        return "de la " + name[3:]
    if name[0] in "AEIOUÉ":
        return "d'" + name
    return "de " + name


THEMES = {
    "reussite": {
        "axes": [
            "La réussite de tous les élèves",
            "La réussite de chaque élève",
            "Élever le niveau de tous les élèves",
            "L'exigence et la réussite pour tous",
            "La maîtrise des savoirs fondamentaux",
            "Une école de la réussite",
            "Les apprentissages au cœur de l'école",
            "Faire progresser chaque élève",
        ],
        "tails": [
            "",
            "",
            " de la maternelle au lycée",
            ", partout et pour tous",
            " dans tous les territoires",
            " tout au long de la scolarité",
        ],
        "objects": [
            "la maîtrise des savoirs fondamentaux",
            "les compétences en lecture et en écriture",
            "l'enseignement des mathématiques",
            "la fluence en lecture",
            "la compréhension de l'écrit",
            "l'acquisition du vocabulaire",
            "l'enseignement de l'oral",
            "la continuité des apprentissages entre l'école et le collège",
            "le suivi individualisé des progrès des élèves",
            "l'ambition scolaire des élèves",
            "la place de l'école maternelle",
            "l'évaluation au service des apprentissages",
        ],
        "verbs": [
            "Garantir",
            "Renforcer",
            "Consolider",
            "Améliorer",
            "Assurer",
            "Conforter",
            "Développer",
            "Sécuriser",
            "Mieux accompagner",
        ],
        "eng": [
            "des évaluations diagnostiques partagées",
            "des groupes de besoin en français et en mathématiques",
            "des constellations de professeurs des écoles",
            "un temps quotidien de lecture à voix haute",
            "des stages de réussite pendant les vacances",
            "le dispositif Devoirs faits",
            "des outils de suivi de la fluence",
            "des liaisons CM2-6e dans chaque secteur de collège",
            "des référents mathématiques de circonscription",
            "des ateliers de lecture en petits groupes",
            "des coins lecture dans chaque classe",
            "des protocoles de dédoublement en grande section",
        ],
        "ind": [
            "Taux d'élèves maîtrisant les attendus en français en fin de CE1",
            "Part des élèves de 6e atteignant le niveau satisfaisant en mathématiques",
            "Taux de réussite au DNB",
            "Score moyen aux évaluations nationales de 4e",
            "Proportion d'élèves lecteurs fluides en fin de CP",
            "Nombre de professeurs formés en constellation",
            "Écart de réussite entre éducation prioritaire et hors éducation prioritaire",
            "Taux de participation au dispositif Devoirs faits",
            "Part des élèves de CM2 ayant une maîtrise satisfaisante de la lecture",
        ],
        "ctx": [
            "la baisse des performances en mathématiques",
            "des écarts persistants entre les territoires",
            "une maîtrise encore fragile de la langue écrite",
        ],
    },
    "inclusion": {
        "axes": [
            "Une école inclusive",
            "L'équité au service de chaque élève",
            "Une école plus juste",
            "L'égalité des chances",
            "Une école bienveillante et inclusive",
            "La justice sociale et l'inclusion",
            "Une école attentive à chacun",
            "Réduire les inégalités scolaires",
        ],
        "tails": [
            "",
            "",
            " pour tous les élèves",
            " sur tous les territoires",
            " et solidaire",
            " au plus près des besoins",
        ],
        "objects": [
            "la scolarisation des élèves en situation de handicap",
            "l'accompagnement des élèves à besoins éducatifs particuliers",
            "la coopération entre enseignants et AESH",
            "la mixité sociale et scolaire",
            "la prise en charge des élèves allophones",
            "l'égalité entre les filles et les garçons",
            "la lutte contre les déterminismes sociaux",
            "les parcours des élèves des quartiers prioritaires",
            "l'accessibilité des ressources pédagogiques",
            "l'accueil des élèves à haut potentiel",
        ],
        "verbs": [
            "Favoriser",
            "Garantir",
            "Améliorer",
            "Renforcer",
            "Promouvoir",
            "Développer",
            "Accompagner",
            "Mieux prendre en compte",
        ],
        "eng": [
            "les pôles inclusifs d'accompagnement localisés",
            "des équipes mobiles d'appui médico-social",
            "des modules de formation à l'école inclusive",
            "des unités d'enseignement externalisées",
            "un référent égalité dans chaque établissement",
            "des places supplémentaires en ULIS",
            "des cellules d'écoute pour les familles",
            "des ressources adaptées en ligne",
            "des secteurs multi-collèges pour la mixité",
            "des parcours d'accueil des élèves allophones",
        ],
        "ind": [
            "Nombre d'élèves en situation de handicap scolarisés en milieu ordinaire",
            "Délai moyen de mise en œuvre des PPS",
            "Part des AESH ayant suivi la formation d'adaptation",
            "Indice de position sociale moyen des collèges",
            "Taux de scolarisation des élèves allophones en UPE2A",
            "Nombre de PIAL renforcés",
            "Part des filles en spécialité mathématiques",
            "Nombre d'élèves bénéficiant d'un PAP",
        ],
        "ctx": [
            "une hausse continue des notifications de la MDPH",
            "une forte ségrégation sociale entre collèges",
            "l'arrivée d'élèves allophones dans toutes les zones",
        ],
    },
    "orientation": {
        "axes": [
            "Des parcours ambitieux et sécurisés",
            "Une orientation choisie et éclairée",
            "L'accompagnement des parcours",
            "La construction du parcours de chaque élève",
            "Une voie professionnelle attractive",
            "Des parcours de réussite de bac -3 à bac +3",
            "L'orientation tout au long de la vie",
            "La persévérance scolaire",
        ],
        "tails": [
            "",
            "",
            " vers l'insertion et la poursuite d'études",
            " pour tous les jeunes",
            " de la 5e au supérieur",
            " en lien avec le monde économique",
        ],
        "objects": [
            "l'accompagnement à l'orientation dès la classe de 5e",
            "la découverte des métiers et des formations",
            "les liens entre le lycée et l'enseignement supérieur",
            "la lutte contre le décrochage scolaire",
            "l'attractivité de la voie professionnelle",
            "la poursuite d'études des bacheliers professionnels",
            "l'ambition des choix d'orientation",
            "l'insertion professionnelle des jeunes",
            "l'information des familles sur les formations",
            "la mobilité des lycéens vers le supérieur",
        ],
        "verbs": [
            "Accompagner",
            "Renforcer",
            "Développer",
            "Favoriser",
            "Sécuriser",
            "Améliorer",
            "Encourager",
            "Valoriser",
        ],
        "eng": [
            "des heures dédiées à l'orientation au lycée",
            "des cordées de la réussite",
            "des campus des métiers et des qualifications",
            "des stages d'immersion dans l'enseignement supérieur",
            "un réseau de référents décrochage",
            "des semaines de découverte des métiers",
            "des partenariats avec les entreprises du territoire",
            "des forums des formations par bassin",
            "des parcours de mixité des publics en lycée professionnel",
            "des mini-stages en seconde professionnelle",
        ],
        "ind": [
            "Taux de sortants sans qualification",
            "Taux de poursuite d'études des bacheliers professionnels",
            "Part des vœux satisfaits en premier choix",
            "Nombre de jeunes repérés par les plateformes de suivi",
            "Taux d'accès au baccalauréat depuis la seconde",
            "Taux d'insertion à six mois des apprentis",
            "Nombre d'élèves engagés dans une cordée de la réussite",
            "Taux de passage en première générale",
        ],
        "ctx": [
            "un taux de décrochage supérieur à la moyenne nationale",
            "une orientation encore très genrée",
            "une faible mobilité des bacheliers",
        ],
    },
    "climat": {
        "axes": [
            "Un climat scolaire serein",
            "Une école qui protège",
            "Le bien-être des élèves et des personnels",
            "La sécurité et le bien-être à l'école",
            "Une école sereine et respectueuse",
            "Apprendre dans un climat de confiance",
            "La santé et le bien-être",
            "Une école des valeurs de la République",
        ],
        "tails": [
            "",
            "",
            " pour mieux apprendre",
            " au service des apprentissages",
            " au quotidien",
            " dans chaque établissement",
        ],
        "objects": [
            "la prévention du harcèlement",
            "la qualité du climat scolaire",
            "l'éducation à la santé",
            "la pratique sportive quotidienne",
            "la place des parents dans l'école",
            "la transmission des valeurs de la République",
            "l'engagement citoyen des élèves",
            "la prévention des violences",
            "le respect de la laïcité",
            "la santé mentale des élèves",
        ],
        "verbs": [
            "Agir pour",
            "Améliorer",
            "Renforcer",
            "Promouvoir",
            "Développer",
            "Garantir",
            "Faire vivre",
            "Consolider",
        ],
        "eng": [
            "le programme pHARe dans toutes les écoles et tous les collèges",
            "des enquêtes locales de climat scolaire",
            "trente minutes d'activité physique quotidienne",
            "des espaces parents dans les établissements",
            "des équipes académiques valeurs de la République",
            "des ambassadeurs contre le harcèlement",
            "des formations à la gestion de crise",
            "des instances de démocratie scolaire",
            "des protocoles de repérage des situations de mal-être",
            "des journées de la laïcité",
        ],
        "ind": [
            "Nombre de situations de harcèlement signalées et traitées",
            "Taux de satisfaction des élèves aux enquêtes de climat scolaire",
            "Part des écoles labellisées Génération 2024",
            "Nombre d'élèves ambassadeurs formés",
            "Taux d'absentéisme des élèves",
            "Nombre de conseils de discipline",
            "Part des établissements dotés d'un comité d'éducation à la santé",
            "Nombre de faits signalés dans l'application Faits établissement",
        ],
        "ctx": [
            "une hausse des situations de harcèlement signalées",
            "des tensions autour du principe de laïcité",
            "une dégradation de la santé mentale des adolescents",
        ],
    },
    "personnels": {
        "axes": [
            "Les personnels au cœur du projet",
            "Accompagner et reconnaître les personnels",
            "Une gestion des ressources humaines de proximité",
            "L'attractivité des métiers",
            "Des personnels formés et accompagnés",
            "La qualité de vie au travail",
            "Prendre soin des personnels",
            "Le développement professionnel des personnels",
        ],
        "tails": [
            "",
            "",
            " de l'éducation nationale",
            " tout au long de la carrière",
            " dans toute l'académie",
            " au service des élèves",
        ],
        "objects": [
            "la formation continue des personnels",
            "l'accueil des nouveaux personnels",
            "l'attractivité des métiers de l'enseignement",
            "la qualité de vie au travail",
            "le dialogue social",
            "les parcours professionnels",
            "le remplacement des enseignants absents",
            "la prévention des risques professionnels",
            "l'accompagnement des personnels de direction",
            "la reconnaissance de l'engagement des personnels",
        ],
        "verbs": [
            "Améliorer",
            "Renforcer",
            "Développer",
            "Accompagner",
            "Valoriser",
            "Garantir",
            "Moderniser",
            "Mieux organiser",
        ],
        "eng": [
            "une école académique de la formation continue",
            "un parcours d'accueil des néo-titulaires",
            "des rendez-vous de carrière préparés",
            "des cellules d'écoute et d'accompagnement",
            "des formations d'initiative locale",
            "un tutorat des enseignants contractuels",
            "des conseillers mobilité carrière",
            "la gestion prévisionnelle des emplois",
            "des brigades de remplacement par bassin",
            "un guichet unique des ressources humaines",
        ],
        "ind": [
            "Nombre de jours de formation par agent",
            "Taux de remplacement des absences de courte durée",
            "Part des nouveaux enseignants bénéficiant d'un tuteur",
            "Nombre de candidats aux concours",
            "Taux de satisfaction des personnels",
            "Nombre d'entretiens de carrière réalisés",
            "Délai de traitement des demandes de mobilité",
            "Nombre de postes non pourvus à la rentrée",
        ],
        "ctx": [
            "une crise d'attractivité des concours",
            "des difficultés de remplacement dans les zones rurales",
            "un renouvellement important des équipes",
        ],
    },
    "territoires": {
        "axes": [
            "Une académie ancrée dans ses territoires",
            "L'équité territoriale",
            "Une école au plus près des territoires",
            "Agir avec les territoires",
            "La coopération avec les collectivités",
            "Une offre de formation équilibrée",
            "Le service public d'éducation dans les territoires",
            "Des territoires apprenants",
        ],
        "tails": [
            "",
            "",
            " ruraux et urbains",
            " avec nos partenaires",
            " et ses bassins de vie",
            ", de la ville à la montagne",
        ],
        "objects": [
            "l'offre de formation dans les territoires ruraux",
            "les coopérations avec les collectivités territoriales",
            "les réseaux d'écoles rurales",
            "la mobilité des élèves",
            "l'accès aux internats d'excellence",
            "le pilotage par bassin de formation",
            "les cités éducatives",
            "l'offre éducative périscolaire",
            "l'égalité d'accès aux langues vivantes",
            "la continuité éducative dans les zones isolées",
        ],
        "verbs": [
            "Adapter",
            "Renforcer",
            "Développer",
            "Structurer",
            "Équilibrer",
            "Soutenir",
            "Conforter",
            "Mieux coordonner",
        ],
        "eng": [
            "des territoires éducatifs ruraux",
            "des conventions ruralité avec les départements",
            "des internats d'excellence",
            "des contrats locaux d'accompagnement",
            "un observatoire des territoires",
            "des conférences de bassin annuelles",
            "des transports scolaires concertés",
            "des projets éducatifs de territoire",
            "des classes numériques partagées entre collèges ruraux",
            "des navettes vers les lycées de secteur",
        ],
        "ind": [
            "Nombre de territoires éducatifs ruraux",
            "Taux de remplissage des internats",
            "Part des collèges ruraux ayant une convention",
            "Écart de taux d'accès au baccalauréat entre territoires",
            "Nombre de cités éducatives labellisées",
            "Temps moyen de trajet des lycéens",
            "Nombre de conventions signées avec les collectivités",
        ],
        "ctx": [
            "une forte proportion d'écoles rurales",
            "des contrastes marqués entre métropole et zones isolées",
            "une démographie scolaire en baisse",
        ],
    },
    "numerique": {
        "axes": [
            "Le numérique au service des apprentissages",
            "Une école à l'ère du numérique",
            "La transformation numérique",
            "Une culture numérique partagée",
            "L'éducation au numérique responsable",
            "Le numérique éducatif",
            "Innover avec le numérique",
            "Des usages numériques maîtrisés",
        ],
        "tails": [
            "",
            "",
            " pour tous les élèves",
            " et l'innovation pédagogique",
            " dans les classes",
            " au service de la réussite",
        ],
        "objects": [
            "les usages pédagogiques du numérique",
            "l'éducation aux médias et à l'information",
            "la citoyenneté numérique des élèves",
            "la formation des enseignants au numérique",
            "l'équipement numérique des écoles",
            "la certification des compétences numériques",
            "l'usage raisonné des écrans",
            "la protection des données personnelles",
            "l'intelligence artificielle en classe",
            "les espaces numériques de travail",
        ],
        "verbs": [
            "Développer",
            "Généraliser",
            "Accompagner",
            "Renforcer",
            "Structurer",
            "Encadrer",
            "Former à",
            "Promouvoir",
        ],
        "eng": [
            "des territoires numériques éducatifs",
            "la certification Pix en 3e et en terminale",
            "des tiers-lieux d'innovation pédagogique",
            "des formations hybrides au numérique",
            "des référents numériques dans chaque établissement",
            "un parcours d'éducation aux médias",
            "des ressources numériques académiques",
            "des équipements mobiles pour les écoles",
            "des clubs de robotique et de programmation",
            "une charte d'usage de l'intelligence artificielle",
        ],
        "ind": [
            "Taux de certification Pix des élèves de 3e",
            "Nombre d'enseignants formés au numérique",
            "Taux d'équipement des écoles en vidéoprojecteurs interactifs",
            "Taux d'usage de l'ENT",
            "Nombre de projets d'éducation aux médias",
            "Part des élèves ayant suivi une formation aux réseaux sociaux",
        ],
        "ctx": [
            "la généralisation des outils numériques",
            "l'essor de l'intelligence artificielle générative",
            "une forte exposition des élèves aux écrans",
        ],
    },
    "ouverture": {
        "axes": [
            "Une école ouverte sur le monde",
            "L'ouverture culturelle et internationale",
            "Une école ouverte sur son environnement",
            "L'éducation artistique et culturelle",
            "L'ouverture à l'international",
            "Élargir les horizons des élèves",
            "La culture et les langues",
            "Une école ouverte et partenariale",
        ],
        "tails": [
            "",
            "",
            " pour tous les élèves",
            " dès l'école primaire",
            " dans toute l'académie",
            " au service de tous",
        ],
        "objects": [
            "la mobilité internationale des élèves et des personnels",
            "l'apprentissage des langues vivantes",
            "l'éducation artistique et culturelle",
            "les partenariats avec les structures culturelles",
            "la pratique artistique des élèves",
            "les échanges européens",
            "les sections internationales",
            "l'enseignement des langues régionales",
            "la fréquentation des lieux culturels",
            "le lien entre l'école et le monde associatif",
        ],
        "verbs": [
            "Développer",
            "Favoriser",
            "Renforcer",
            "Encourager",
            "Généraliser",
            "Promouvoir",
            "Élargir",
            "Diversifier",
        ],
        "eng": [
            "des projets Erasmus+ dans chaque bassin",
            "des résidences d'artistes en établissement",
            "le pass Culture en classe",
            "des chorales dans toutes les écoles",
            "des jumelages européens",
            "des sections européennes en lycée professionnel",
            "des partenariats avec les scènes nationales",
            "des assistants de langue dans les écoles",
            "des classes à horaires aménagés musique",
            "des parcours culturels au collège",
        ],
        "ind": [
            "Nombre de mobilités Erasmus+",
            "Part des élèves bénéficiant du 100 % EAC",
            "Nombre de projets financés par le pass Culture",
            "Taux de certification en langues vivantes",
            "Nombre de partenariats culturels signés",
            "Nombre d'élèves en section européenne",
        ],
        "ctx": [
            "un accès inégal à l'offre culturelle",
            "une faible mobilité internationale des élèves",
            "la richesse du patrimoine régional",
        ],
    },
    "ecologie": {
        "axes": [
            "La transition écologique",
            "Une école engagée pour le développement durable",
            "Éduquer au développement durable",
            "La transition écologique et solidaire",
            "Une académie écoresponsable",
            "Agir pour la planète",
            "L'éducation à l'environnement",
            "Une école actrice de la transition",
        ],
        "tails": [
            "",
            "",
            " dans chaque établissement",
            " avec les élèves",
            " pour les générations futures",
            " au quotidien",
        ],
        "objects": [
            "l'éducation au développement durable",
            "l'engagement des éco-délégués",
            "la labellisation E3D des établissements",
            "la sobriété énergétique des bâtiments",
            "la biodiversité dans les écoles",
            "la lutte contre le gaspillage alimentaire",
            "la culture scientifique face au changement climatique",
            "les mobilités douces",
            "la végétalisation des cours d'école",
            "les achats responsables",
        ],
        "verbs": [
            "Généraliser",
            "Développer",
            "Accompagner",
            "Encourager",
            "Renforcer",
            "Promouvoir",
            "Réduire l'empreinte de",
            "Mobiliser autour de",
        ],
        "eng": [
            "des éco-délégués dans chaque classe de collège",
            "des aires éducatives marines et terrestres",
            "un plan de sobriété énergétique",
            "des potagers pédagogiques",
            "des coins nature dans les cours",
            "des défis énergie entre établissements",
            "des parcours d'éducation au climat",
            "un réseau de référents développement durable",
            "des projets de végétalisation des cours",
            "des partenariats avec les parcs naturels régionaux",
        ],
        "ind": [
            "Part des établissements labellisés E3D",
            "Nombre d'éco-délégués formés",
            "Consommation énergétique des bâtiments académiques",
            "Nombre d'aires éducatives créées",
            "Part des écoles ayant un projet de développement durable",
            "Volume de déchets alimentaires par repas",
        ],
        "ctx": [
            "l'urgence climatique",
            "une forte attente des jeunes sur l'écologie",
            "les épisodes de chaleur dans les bâtiments scolaires",
        ],
    },
    "pilotage": {
        "axes": [
            "Un pilotage au service de la réussite",
            "Une administration de proximité",
            "Le pilotage pédagogique partagé",
            "Une académie qui innove",
            "Coopérer pour mieux réussir",
            "Un service public efficace et proche des usagers",
            "L'évaluation et le pilotage",
            "La confiance et la coopération",
        ],
        "tails": [
            "",
            "",
            " des écoles et des établissements",
            " avec les partenaires",
            " par les données",
            " à tous les échelons",
        ],
        "objects": [
            "l'autoévaluation des écoles et des établissements",
            "le pilotage par les résultats",
            "l'accompagnement des équipes de direction",
            "la relation avec les usagers",
            "la simplification des procédures administratives",
            "l'innovation et l'expérimentation pédagogique",
            "le travail en réseau des établissements",
            "la diffusion des pratiques efficaces",
            "la coopération avec les partenaires de l'école",
            "le dialogue de gestion avec les établissements",
        ],
        "verbs": [
            "Renforcer",
            "Développer",
            "Simplifier",
            "Accompagner",
            "Moderniser",
            "Structurer",
            "Partager",
            "Améliorer",
        ],
        "eng": [
            "des tableaux de bord partagés par bassin",
            "des contrats d'objectifs tripartites",
            "un accompagnement de l'autoévaluation",
            "un réseau académique de l'innovation",
            "des séminaires des personnels de direction",
            "une charte d'accueil des usagers",
            "des dialogues de performance annuels",
            "un portail de démarches en ligne",
            "des laboratoires de pratiques pédagogiques",
            "des rencontres annuelles avec les partenaires",
        ],
        "ind": [
            "Part des établissements ayant conduit leur autoévaluation",
            "Délai moyen de réponse aux usagers",
            "Nombre de projets innovants accompagnés",
            "Taux de contrats d'objectifs signés",
            "Taux de satisfaction des usagers",
            "Nombre de démarches dématérialisées",
        ],
        "ctx": [
            "la démarche d'évaluation des établissements",
            "une attente forte de simplification",
            "la nécessité de mieux partager les données",
        ],
    },
    "petite": {
        "axes": [
            "Une école maternelle ambitieuse",
            "Les premiers apprentissages",
            "Bien grandir à l'école",
            "L'école maternelle, école du langage",
            "Les premières années de la scolarité",
            "Réussir dès le plus jeune âge",
        ],
        "tails": ["", "", " pour tous les enfants", " en lien avec les familles", " et la petite enfance"],
        "objects": [
            "la scolarisation des enfants de moins de trois ans",
            "le développement du langage oral",
            "la coéducation avec les familles",
            "la continuité entre la crèche et l'école",
            "la formation des ATSEM",
            "l'éveil à la culture scientifique",
            "les premiers apprentissages",
        ],
        "verbs": ["Développer", "Favoriser", "Renforcer", "Accompagner", "Soutenir", "Valoriser"],
        "eng": [
            "des dispositifs d'accueil des moins de trois ans",
            "des cafés des parents",
            "des formations communes enseignants-ATSEM",
            "des passerelles avec les crèches",
            "des ateliers de langage en petits groupes",
            "des livrets de suivi en maternelle",
            "des classes passerelles en éducation prioritaire",
        ],
        "ind": [
            "Taux de scolarisation des enfants de deux ans en éducation prioritaire",
            "Nombre de classes passerelles",
            "Part des enfants ayant bénéficié d'un bilan de santé",
            "Nombre de parents accueillis en espace parents",
            "Part des ATSEM formées",
            "Part des élèves de grande section repérés en difficulté de langage",
            "Nombre d'écoles maternelles engagées dans un projet langage",
            "Taux d'assiduité en petite section",
        ],
        "ctx": ["un taux de scolarisation précoce en recul", "des inégalités langagières dès trois ans"],
    },
}

OBJ_TAILS = [
    "",
    "",
    "",
    " dès l'école maternelle",
    " tout au long de la scolarité",
    " sur l'ensemble du territoire académique",
    " dans les territoires ruraux",
    " au collège",
    " au lycée",
    " en éducation prioritaire",
    " pour chaque élève",
    " en lien avec les familles",
    " avec nos partenaires",
    " dans chaque bassin",
    " de l'école au lycée",
    " au service des apprentissages",
]
ENG_VERBS = [
    "Déployer",
    "Généraliser",
    "Mettre en place",
    "Développer",
    "Créer",
    "Étendre",
    "Installer",
    "Expérimenter",
    "Structurer",
    "Systématiser",
    "Pérenniser",
    "Renforcer",
    "Consolider",
    "Mutualiser",
    "Organiser",
    "Soutenir",
]
ENG_NOUNS = {
    "Déployer": "Déploiement",
    "Généraliser": "Généralisation",
    "Mettre en place": "Mise en place",
    "Développer": "Développement",
    "Créer": "Création",
    "Étendre": "Extension",
    "Expérimenter": "Expérimentation",
    "Structurer": "Structuration",
    "Renforcer": "Renforcement",
    "Pérenniser": "Pérennisation",
    "Organiser": "Organisation",
    "Consolider": "Consolidation",
}
ENG_TAILS = [
    "",
    "",
    "",
    " dans chaque circonscription",
    " dans tous les collèges",
    " d'ici 2026",
    " dès la rentrée 2024",
    " en lien avec les collectivités",
    " avec l'appui des IEN",
    " dans chaque bassin",
    " en éducation prioritaire",
    " au lycée professionnel",
    " dans les écoles rurales",
    " avec les inspecteurs",
    " sur deux ans",
    " à titre expérimental",
]
IND_TAILS = [
    "",
    "",
    "",
    " (en %)",
    " en éducation prioritaire",
    " par département",
    " en fin de cycle 3",
    " (écart au national)",
    " par bassin",
    " à la rentrée",
    " (source : constat de rentrée)",
    " en REP+",
    " hors éducation prioritaire",
    " par circonscription",
    " au collège",
    " en voie professionnelle",
    " dans les collèges ruraux",
    " pour les élèves boursiers",
    " (moyenne académique)",
    " (évolution sur trois ans)",
    ", filles et garçons",
    " par établissement",
    " en lycée général et technologique",
    " (cible académique)",
    " à l'issue du cycle 4",
]
EVOLUTION = [
    ("Taux ", "Évolution du taux "),
    ("Part ", "Évolution de la part "),
    ("Nombre ", "Évolution du nombre "),
    ("Proportion ", "Évolution de la proportion "),
    ("Délai ", "Réduction du délai "),
    ("Score ", "Progression du score "),
    ("Indice ", "Évolution de l'indice "),
]


def indicator(rng, base):
    if rng.random() < 0.2:
        for a, b in EVOLUTION:
            if base.startswith(a):
                base = b + base[len(a) :][:1].lower() + base[len(a) + 1 :]
                break
    return with_tail(rng, base, IND_TAILS)


THIRD_FORMS = [
    "Mobiliser les équipes autour de {x}",
    "Assurer le suivi de {x}",
    "Former les personnels à {x}",
    "Identifier les ressources consacrées à {x}",
    "Évaluer les effets des actions sur {x}",
    "Associer les familles à {x}",
    "Coordonner les acteurs de {x}",
    "Outiller les enseignants pour {x}",
    "Repérer les besoins liés à {x}",
    "Diffuser les pratiques efficaces pour {x}",
]


def third_title(rng, th):
    """An operational objective: an action phrase, or a work step on one of the theme's stakes."""
    if rng.random() < 0.55:
        return engagement(rng, rng.choice(th["eng"]))
    return contract(rng.choice(THIRD_FORMS).format(x=rng.choice(th["objects"])))


FIRST_NAMES = [
    ("Jean-Marc", False),
    ("Bernard", False),
    ("Christine", True),
    ("Valérie", True),
    ("Olivier", False),
    ("Sophie", True),
    ("Pierre", False),
    ("Anne", True),
    ("Nathalie", True),
    ("Jean-Pierre", False),
    ("Hélène", True),
    ("Gilles", False),
    ("Isabelle", True),
    ("Frédéric", False),
    ("Catherine", True),
    ("Rémi", False),
    ("Élisabeth", True),
    ("Thierry", False),
]
LAST_NAMES = [
    "Lefèvre",
    "Moreau",
    "Dubois",
    "Garnier",
    "Blanchard",
    "Perrin",
    "Roussel",
    "Marchand",
    "Chevalier",
    "Fontaine",
    "Lambert",
    "Mercier",
    "Girard",
    "Bonnet",
    "Faure",
    "Rivière",
]
GLOSSARY = [
    ("AESH", "Accompagnant des élèves en situation de handicap"),
    ("CPE", "Conseiller principal d'éducation"),
    ("DASEN", "Directeur académique des services de l'éducation nationale"),
    ("DRANE", "Délégation régionale académique au numérique éducatif"),
    ("EPLE", "Établissement public local d'enseignement"),
    ("IEN", "Inspecteur de l'éducation nationale"),
    ("INSPÉ", "Institut national supérieur du professorat et de l'éducation"),
    ("PIAL", "Pôle inclusif d'accompagnement localisé"),
    ("PPRE", "Programme personnalisé de réussite éducative"),
    ("REP", "Réseau d'éducation prioritaire"),
    ("SEGPA", "Section d'enseignement général et professionnel adapté"),
    ("ULIS", "Unité localisée pour l'inclusion scolaire"),
    ("CIO", "Centre d'information et d'orientation"),
    ("EAFC", "École académique de la formation continue"),
    ("CARDIE", "Cellule académique recherche, développement, innovation et expérimentation"),
    ("PPS", "Projet personnalisé de scolarisation"),
    ("E3D", "Établissement en démarche de développement durable"),
    ("EAC", "Éducation artistique et culturelle"),
    ("UPE2A", "Unité pédagogique pour élèves allophones arrivants"),
]
ANNEXES = [
    "Calendrier de mise en œuvre",
    "Méthodologie d'élaboration du projet",
    "Composition du comité de pilotage",
    "Les chiffres clés de l'académie",
    "Carte des bassins de formation",
    "Déclinaison départementale",
    "Liste des contributeurs",
]
FIGURES = [
    ("{n} élèves", "scolarisés de la maternelle au lycée", (90000, 1100000)),
    ("{n} écoles", "publiques et privées", (300, 4500)),
    ("{n} collèges", "et lycées", (60, 900)),
    ("{n} personnels", "au service des élèves", (9000, 110000)),
    ("{p} %", "de réussite au baccalauréat", (82, 96)),
    ("{p} %", "des élèves en éducation prioritaire", (9, 45)),
    ("{n} apprentis", "en lycée professionnel", (900, 26000)),
    ("{p} %", "de réussite au DNB", (76, 92)),
    ("{n} étudiants", "dans l'enseignement supérieur", (15000, 250000)),
]


def rector(rng):
    first, fem = rng.choice(FIRST_NAMES)
    return first + " " + rng.choice(LAST_NAMES), fem


def contract(s):
    """French contractions after slots are filled ("de les" -> "des")."""
    for a, b in ((" de le ", " du "), (" de les ", " des "), (" à le ", " au "), (" à les ", " aux ")):
        s = s.replace(a, b)
    return s


def with_tail(rng, head, tails):
    tail = rng.choice(tails)
    words = {w for w in re.findall(r"\w+", head.lower()) if len(w) >= 4}
    if any(w in words for w in re.findall(r"\w+", tail.lower())):
        return head
    return head + tail


def _cap(s):
    return s[:1].upper() + s[1:]


class Drawn:
    """Draws from vocabularies without repeating a string already used in the run."""

    def __init__(self, rng, used):
        self.rng, self.used = rng, used

    def unique(self, make, tries=40):
        for _ in range(tries):
            s = make()
            key = norm_key(s)
            if key not in self.used:
                self.used.add(key)
                return s
        # vocabulary exhausted for this slot: qualify the string instead of repeating it
        s = make() + self.rng.choice([" (volet {})", " : phase {}", " - étape {}"]).format(self.rng.randint(2, 9))
        self.used.add(norm_key(s))
        return s


def norm_key(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return re.sub(r"\s+", " ", "".join(c for c in s if not unicodedata.combining(c))).strip()


def big_number(rng, lo, hi):
    n = rng.randint(lo, hi)
    return f"{n:,}".replace(",", " ")


def draw_plan(rng, academy, used):
    """The plan as decided: tree, words and matter around it (no typography)."""
    d = Drawn(rng, used)
    seen = d.seen = set()
    start = rng.choice([2018, 2019, 2020, 2021, 2022, 2023, 2023, 2024, 2024, 2025])
    end = start + rng.choice([3, 4, 4, 5])
    r = rng.random()
    form = (
        "prose_axes"
        if r < 0.07
        else "bullet_axes"
        if r < 0.13
        else "axes_objectives"
        if r < 0.20
        else "bare"
        if r < 0.33
        else "leaves"
    )
    three = form == "leaves" and rng.random() < 0.22
    n_axes = rng.randint(2, 6)
    if form in ("prose_axes", "bullet_axes"):
        n_axes = rng.randint(3, 5)
    themes = rng.sample(sorted(THEMES), n_axes)
    axes = []
    for th_name in themes:
        th = THEMES[th_name]
        title = d.unique(lambda th=th: with_tail(rng, rng.choice(th["axes"]), th["tails"]))
        objectives = []
        if form not in ("prose_axes", "bullet_axes"):
            taken = set()
            for _ in range(rng.randint(2, 5)):
                objectives.append(draw_objective(rng, d, th, form, three, taken))
        axes.append(
            {
                "theme": th_name,
                "title": title,
                "objectives": objectives,
                "intro": prose(rng, th, academy, rng.randint(1, 3), seen) if rng.random() < 0.75 else "",
            }
        )
    plan = {
        "academy": academy,
        "period": f"{start}-{end}",
        "form": form,
        "three_levels": three,
        "axes": axes,
        "rector": rector(rng),
        "editorial": [
            prose(rng, THEMES[rng.choice(themes)], academy, rng.randint(2, 4), seen) for _ in range(rng.randint(1, 3))
        ],
        "figures": [
            (a.format(n=big_number(rng, *r), p=f"{rng.randint(*r)},{rng.randint(0, 9)}"), b)
            for a, b, r in rng.sample(FIGURES, rng.randint(3, 5))
        ],
        "glossary": sorted(rng.sample(GLOSSARY, rng.randint(4, 10))),
        "annexes": rng.sample(ANNEXES, rng.randint(1, 4)),
        "closing": prose(rng, THEMES[rng.choice(themes)], academy, 2, seen),
        "presentation": prose(rng, THEMES[rng.choice(themes)], academy, rng.randint(2, 3), seen),
        "seen": seen,
    }
    return plan


def draw_objective(rng, d, th, form, three, taken):
    """One objective; `taken` holds the stakes already used by the axis, so that no two objectives
    of an axis speak of the same thing."""
    free = [x for x in th["objects"] if x not in taken] or th["objects"]

    def make():
        obj = rng.choice(free)
        verb = rng.choice(
            [v for v in th["verbs"] if v[:6].lower() not in obj.lower()]
        )  # not "Développer le développement"
        return obj, with_tail(rng, contract(f"{verb} {obj}"), OBJ_TAILS)

    for _ in range(40):
        obj, title = make()
        if norm_key(title) not in d.used:
            break
    else:
        title = d.unique(lambda: make()[1])
    d.used.add(norm_key(title))
    taken.add(obj)
    o = {
        "title": title,
        "engagements": [],
        "indicators": [],
        "third": False,
        "body": prose(rng, th, None, rng.randint(1, 2), d.seen) if rng.random() < 0.45 else "",
    }
    if form != "leaves":
        return o
    if three and rng.random() < 0.9:
        o["third"] = True
        for _ in range(rng.randint(2, 4)):
            o["engagements"].append(d.unique(lambda: third_title(rng, th)))
    else:
        k = rng.choice([0, 1, 2, 2, 3, 3, 4, 5]) if rng.random() < 0.92 else 0
        for target in rng.sample(th["eng"], k):
            o["engagements"].append(d.unique(lambda target=target: engagement(rng, target)))
    k = rng.choice([0, 0, 1, 1, 2, 2, 3, 4])
    for base in rng.sample(th["ind"], k):
        o["indicators"].append(d.unique(lambda base=base: indicator(rng, base)))
    o["baseline"] = [rng.randint(8, 95) for _ in o["indicators"]]
    return o


def engagement(rng, obj):
    """An action on `obj`, as an infinitive ("Déployer des ...") or a noun ("Déploiement des ...")."""
    verb = rng.choice(ENG_VERBS)
    if verb in ENG_NOUNS and rng.random() < 0.3:
        art = {
            "des ": "des ",
            "un ": "d'un ",
            "une ": "d'une ",
            "le ": "du ",
            "la ": "de la ",
            "les ": "des ",
            "l'": "de l'",
        }
        for a, b in art.items():
            if obj.startswith(a):
                obj = b + obj[len(a) :]
                break
        else:
            obj = "de " + obj
        return with_tail(rng, f"{ENG_NOUNS[verb]} {obj}", ENG_TAILS)
    return with_tail(rng, f"{verb} {obj}", ENG_TAILS)


SENTENCES = [
    "Dans un contexte marqué par {ctx}, l'académie{acad} fait le choix de l'exigence et de la bienveillance.",
    "Les diagnostics partagés lors des concertations ont mis en évidence {ctx}.",
    "Face à {ctx}, nous devons agir avec détermination et dans la durée.",
    "{Actor} seront pleinement parties prenantes du travail sur {obj}.",
    "Une attention particulière sera portée à {obj}.",
    "Le travail engagé sur {obj} sera poursuivi et amplifié.",
    "Les marges de progrès sont réelles, en particulier pour {obj}.",
    "Depuis {year}, {actor} se mobilisent fortement autour de {obj}.",
    "{Obj} constitue un enjeu majeur pour les années à venir.",
    "Le dialogue avec {actor} sera renforcé à chaque étape.",
    "Cette ambition se traduit par des actions concrètes, conduites au plus près des écoles et des établissements.",
    "Les équipes pédagogiques et éducatives sont au cœur de cette dynamique collective.",
    "Chaque département déclinera ces orientations en tenant compte de ses spécificités.",
    "Il s'agit de mieux coordonner les initiatives existantes et d'en mesurer les effets.",
    "Les corps d'inspection accompagneront les équipes dans la mise en œuvre de ces priorités.",
    "Nos partenaires, collectivités, associations et monde économique, y prennent toute leur part.",
    "La réussite de ce projet repose sur la mobilisation de chacun, à tous les échelons.",
    "Un bilan d'étape sera présenté chaque année devant les instances académiques.",
    "Les contrats d'objectifs des établissements s'appuieront sur ce cadre commun.",
    "Ce travail s'inscrit dans le prolongement des orientations nationales.",
    "Les familles seront davantage associées aux décisions qui concernent la scolarité de leurs enfants.",
    "Les résultats de l'académie{acad} restent en deçà des moyennes nationales sur plusieurs indicateurs.",
    "Cette priorité concerne tous les niveaux d'enseignement, de l'école maternelle au lycée.",
    "Elle mobilise l'ensemble des services académiques et départementaux.",
    "Les enquêtes conduites auprès des élèves et des personnels confirment cette attente.",
    "Plusieurs expérimentations menées dans les bassins ont déjà montré leur efficacité.",
    "L'enjeu est de passer d'initiatives dispersées à une politique académique cohérente.",
    "Les moyens seront répartis en fonction des besoins réels des territoires.",
    "La formation des personnels constitue un levier décisif pour y parvenir.",
    "Ce projet a été élaboré à l'issue d'une large consultation des personnels et des usagers.",
    "Plus de {n} contributions ont nourri son élaboration.",
    "Il fixe un cap clair et partagé pour les prochaines années.",
    "Les écoles et les établissements de l'académie{acad} disposent déjà de nombreux atouts.",
    "Nous devons collectivement lever les freins qui pèsent encore sur les parcours des élèves.",
    "Les données disponibles permettront de suivre régulièrement les progrès accomplis.",
    "Rien ne se fera sans la confiance accordée aux équipes de terrain.",
    "Les collectivités territoriales sont des partenaires essentiels de cette ambition.",
    "Cette démarche exige de la constance et une évaluation régulière de nos actions.",
]
ACTORS = [
    "les IEN",
    "les chefs d'établissement",
    "les équipes de circonscription",
    "les CPE",
    "les professeurs principaux",
    "les psychologues de l'éducation nationale",
    "les inspecteurs pédagogiques régionaux",
    "les collectivités territoriales",
    "les associations complémentaires de l'école",
    "les directeurs d'école",
    "les parents d'élèves",
]


def prose(rng, th, academy, n, seen=None):
    """A paragraph of n sentences, none already used in the same document."""
    acad = " " + of_academy(academy) if academy else ""
    seen = set() if seen is None else seen
    pool = [x for x in SENTENCES if x not in seen] or [x for x in SENTENCES if "{" in x]
    out = []
    for t in rng.sample(pool, min(n, len(pool))):
        seen.add(t)
        actor = rng.choice(ACTORS)
        obj = rng.choice(th["objects"])
        out.append(
            t.format(
                ctx=rng.choice(th["ctx"]),
                acad=acad,
                actor=actor,
                Actor=_cap(actor),
                obj=obj,
                Obj=_cap(obj),
                year=rng.randint(2015, 2021),
                n=rng.randint(3, 40) * 100,
            )
        )
    return contract(" ".join(out))


# ---------------------------------------------------------------------------
# Rendering half: how one copy of the plan reaches the reader.
# ---------------------------------------------------------------------------

MEDIA = ["web", "pdf", "layout", "word", "slides", "markdown", "ocr", "plain"]
TOP_WORDS = {
    "axe": ("m", "axes"),
    "ambition": ("f", "ambitions"),
    "priorité": ("f", "priorités"),
    "orientation": ("f", "orientations"),
    "enjeu": ("m", "enjeux"),
    "défi": ("m", "défis"),
    "pilier": ("m", "piliers"),
    "volet": ("m", "volets"),
    "chantier": ("m", "chantiers"),
    "domaine": ("m", "domaines"),
    "cap": ("m", "caps"),
    "finalité": ("f", "finalités"),
    "axe stratégique": ("m", "axes stratégiques"),
    "ambition académique": ("f", "ambitions académiques"),
}
SUB_WORDS = {
    "objectif": "m",
    "sous-objectif": "m",
    "objectif opérationnel": "m",
    "objectif stratégique": "m",
    "levier": "m",
    "orientation": "f",
    "action": "f",
    "mesure": "f",
    "fiche": "f",
    "fiche action": "f",
    "priorité": "f",
    "axe de travail": "m",
}
THREE_WORDS = [
    ("objectif stratégique", "objectif opérationnel"),
    ("objectif", "action"),
    ("orientation", "fiche action"),
    ("levier", "mesure"),
    ("objectif", "sous-objectif"),
    ("priorité", "objectif opérationnel"),
    ("objectif stratégique", "action"),
]
ORDINALS_M = ["Premier", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième"]
ORDINALS_F = ["Première", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième"]
NUMBER_WORDS = ["", "un", "deux", "trois", "quatre", "cinq", "six"]
NUMBER_WORDS_F = ["", "une", "deux", "trois", "quatre", "cinq", "six"]
PLACEMENTS = ["colon", "colon", "dash", "endash", "emdash", "period", "next", "next", "wrap", "before"]
SEPS = {"colon": [" : ", ": ", " : "], "dash": [" - "], "endash": [" – "], "emdash": [" — "], "period": [". "]}
ENG_WORDS = [
    "Nos engagements",
    "Engagements",
    "Leviers",
    "Actions",
    "Mesures phares",
    "Ce que nous ferons",
    "Pistes d'action",
    "Actions prioritaires",
    "Nos actions",
    "Leviers d'action",
    "Modalités d'action",
    "Les actions à conduire",
    "Principales mesures",
    "Nous nous engageons à",
    "Démarches",
]
IND_WORDS = [
    "Indicateurs",
    "Indicateurs de suivi",
    "Cibles",
    "Indicateurs de réussite",
    "Indicateurs clés",
    "Nous mesurerons nos progrès par",
    "Critères d'évaluation",
    "Indicateurs et cibles",
    "Évaluation",
    "Suivi et évaluation",
    "Indicateurs de résultat",
]
GLYPHS = ["-", "•", "▪", "►", "o", "*", "–", "✓", "■", "➢", "·", "◆"]
ITEM_WORD = {
    "Actions": "Action",
    "Nos actions": "Action",
    "Mesures phares": "Mesure",
    "Principales mesures": "Mesure",
    "Nos engagements": "Engagement",
    "Engagements": "Engagement",
    "Leviers": "Levier",
}
SMALL = {
    "de",
    "la",
    "le",
    "les",
    "des",
    "du",
    "et",
    "à",
    "au",
    "aux",
    "en",
    "pour",
    "un",
    "une",
    "d'",
    "l'",
    "par",
    "sur",
    "dans",
    "avec",
    "ou",
    "entre",
    "vers",
}
ROMAN = [
    "",
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
    "XXI",
    "XXII",
    "XXIII",
    "XXIV",
    "XXV",
    "XXVI",
    "XXVII",
    "XXVIII",
    "XXIX",
    "XXX",
    "XXXI",
]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def wpick(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def draw_style(rng, plan, medium=None):
    """House style of one copy: drawn independently of the plan's content."""
    m = medium or rng.choice(MEDIA)
    s = {"medium": m}
    three = plan["three_levels"]
    top = rng.choice(sorted(TOP_WORDS))
    if three:
        sub, third = rng.choice(THREE_WORDS)
    else:
        sub = None if rng.random() < 0.15 else rng.choice(sorted(SUB_WORDS))
        third = None
    if sub == top or (sub or "").startswith(top + " ") and sub != "objectif stratégique":
        sub = "objectif"
    if third == top:
        third = "action"
    if m == "word" and rng.random() < 0.45:
        top = None  # Word's multilevel list: "1.", "1.1.", "1.1.1." without words
        if rng.random() < 0.6:
            sub = third = None
    s.update(top=top, sub=sub, third=third)
    if top is None:
        s["axis_num"] = "arabic"
    else:
        s["axis_num"] = wpick(
            rng, [("arabic", 4), ("roman", 2), ("letter", 1), ("ordinal", 1.5), ("n°", 1), ("none", 1)]
        )
    if sub is None:
        s["obj_num"] = (
            "hier"
            if top is None
            else wpick(rng, [("bullet", 3), ("plain", 2), ("hier", 1), ("restart", 1), ("alpha", 1)])
        )
    else:
        s["obj_num"] = wpick(
            rng,
            [("restart", 3), ("continuous", 2), ("hier", 3), ("alpha", 1), ("roman", 0.5), ("none", 0.7), ("n°", 0.5)],
        )
        if s["obj_num"] == "hier" and s["axis_num"] == "none":
            s["obj_num"] = "restart"
    s["axis_place"] = rng.choice(PLACEMENTS)
    s["obj_place"] = rng.choice(PLACEMENTS[:8])
    s["third_place"] = rng.choice(["colon", "dash", "endash", "next", "period"])
    s["axis_case"] = wpick(
        rng, [("upper", 3 if m in ("pdf", "ocr", "layout", "slides") else 1.5), ("title", 1), ("sentence", 3)]
    )
    s["obj_case"] = wpick(rng, [("upper", 0.5), ("title", 0.7), ("sentence", 4)])
    s["label_upper"] = rng.random() < 0.35
    s["toc"] = wpick(rng, [("none", 3), ("dots", 2 if m in ("pdf", "ocr", "layout", "word") else 0.3), ("plain", 1.5)])
    s["toc_objectives"] = rng.random() < 0.4
    s["front"] = wpick(rng, [("none", 1), ("editorial", 2), ("recteur", 2), ("preambule", 1)])
    s["figures"] = rng.random() < 0.45
    s["back"] = wpick(rng, [("none", 2), ("glossary", 1.5), ("annexes", 1), ("both", 1)])
    s["announce"] = wpick(rng, [("none", 2), ("count", 1.5), ("titles", 1)])
    ew = rng.choice(ENG_WORDS)
    s["eng_word"] = None if rng.random() < 0.2 else ew
    s["ind_word"] = rng.choice(IND_WORDS)
    s["eng_form"] = wpick(rng, [("list", 5), ("inline", 1)])
    s["ind_form"] = wpick(rng, [("list", 4), ("inline", 1), ("table", 1.5)])
    s["table_kind"] = (
        "cells"
        if m == "word" and rng.random() < 0.5
        else "tab"
        if m == "word"
        else "pipe"
        if m == "markdown"
        else "spaces"
        if m == "layout"
        else rng.choice(["pipe", "cells", "spaces", "tab"])
    )
    s["eng_bullet"] = draw_bullet(rng, s, ew)
    s["ind_bullet"] = s["eng_bullet"] if rng.random() < 0.4 else draw_bullet(rng, s, None)
    if s["ind_bullet"][0] == "word":
        s["ind_bullet"] = ("glyph", "-")
    s["item_sep"] = rng.choice([" : ", " – ", ". ", " - "])
    s["obj_glyph"] = rng.choice([g for g in GLYPHS if g not in (s["eng_bullet"][1], s["ind_bullet"][1])])
    s["blank"] = {
        "pdf": rng.random() < 0.25,
        "ocr": rng.random() < 0.4,
        "layout": True,
        "slides": True,
        "markdown": True,
        "web": rng.random() < 0.5,
    }.get(m, rng.random() < 0.85)
    s["width"] = rng.choice([64, 72, 80, 90]) if m in ("pdf", "ocr", "plain") else 110
    s["wrap"] = m in ("pdf", "ocr", "layout") or (m == "plain" and rng.random() < 0.6)
    s["hyphen"] = rng.choice([0.0, 0.3, 0.6]) if m in ("pdf", "ocr", "layout") else 0.0
    s["header"] = rng.choice(["title", "axis", "academy", "none"]) if m in ("pdf", "ocr", "layout") else "none"
    s["footer"] = rng.choice(["n", "page_of", "dashes", "bar", "academy"])
    s["page_len"] = rng.randint(38, 62)
    s["tagline"] = rng.random() < 0.3
    s["conclusion"] = rng.random() < 0.4
    s["ocr_rate"] = rng.choice([0.03, 0.06, 0.1]) if m == "ocr" else 0.0
    return s


def draw_bullet(rng, s, eng_word):
    r = rng.random()
    levels = f"{s['top']} {s['sub']} {s['third']}".lower()
    if eng_word in ITEM_WORD and r < 0.2 and ITEM_WORD[eng_word].lower() not in levels:
        return ("word", ITEM_WORD[eng_word])
    if r < 0.33:
        return ("num", rng.choice(["1)", "1.", "a)", "a.", "(1)"]))
    if s["medium"] == "web" and r < 0.55:
        return ("none", "")  # a browser copy drops list bullets
    if s["medium"] == "markdown":
        return ("glyph", rng.choice(["-", "*", "+"]))
    return ("glyph", rng.choice(GLYPHS))


def style_name(s, plan):
    bits = [
        s["medium"]
        + ("+" + plan["form"].replace("_", "-") if plan["form"] != "leaves" else "")
        + ("+3-levels" if plan["three_levels"] else ""),
        (s["top"] or "num").replace(" ", "-"),
        (s["sub"] or "none").replace(" ", "-"),
        s["axis_num"].replace("°", "o"),
        s["obj_num"].replace("°", "o"),
        s["axis_place"],
        s["axis_case"],
    ]
    return "/".join(norm_key(b) for b in bits)


def roman(n):
    return ROMAN[n]


def letter(n):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n - 1) % 26]


def title_case(s):
    out = []
    for k, w in enumerate(s.split(" ")):
        low = w.lower()
        if k and low in SMALL:
            out.append(low)
        elif k and (low.startswith("l'") or low.startswith("d'")):
            out.append(low[:2] + w[2:3].upper() + w[3:])
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


VOWELS = set("aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÉÈÊËÎÏÔÙÛ")


def syllable_cut(word, room):
    """The last place within `room` letters where French typesetting may break `word`
    (between two consonants, or before a consonant followed by a vowel), keeping 3 letters each side."""
    best = 0
    for i in range(3, min(room, len(word) - 3) + 1):
        a, b, c = word[i - 1], word[i], word[i + 1] if i + 1 < len(word) else ""
        if b in VOWELS:
            continue
        if a in VOWELS and c in VOWELS:
            best = i
        elif (
            a not in VOWELS
            and (a + b).lower() not in ("ch", "ph", "th", "gn", "qu", "gu")
            and b.lower() not in "lr"
            and word[i - 2] in VOWELS
        ):
            best = i
    return best


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class Renderer:
    def __init__(self, plan, style, rng):
        self.p, self.s, self.rng = plan, style, rng
        self.m = style["medium"]
        self.chunks = []  # {"lines": [...], "keep": bool, "axis": i, "brk": bool}
        self.axis_i = None
        self.counters = {"obj": 0, "item": 0}
        self.truth_axes = []
        self.page_axis_title = ""
        self._habits = {}
        self.seen = plan["seen"]  # the renderer's own paragraphs do not repeat the plan's

    def once(self, key, p):
        """A house habit: drawn the first time it is needed, then kept for the whole document."""
        if key not in self._habits:
            self._habits[key] = self.rng.random() < p
        return self._habits[key]

    def once_choice(self, key, options):
        if key not in self._habits:
            self._habits[key] = self.rng.choice(options)
        return self._habits[key]

    # -- strings -----------------------------------------------------------
    def ocr(self, s):
        rate = self.s["ocr_rate"]
        if not rate:
            return s
        rng, words = self.rng, s.split(" ")
        for k, w in enumerate(words):
            r = rng.random()
            if r < rate * 4:
                w = strip_accents(w)
            if rng.random() < rate and "l" in w:
                i = w.index("l")
                w = w[:i] + rng.choice(["1", "I"]) + w[i + 1 :]
            elif rng.random() < rate * 0.6 and len(w) >= 8 and w.isalpha():
                i = rng.randint(3, len(w) - 3)
                w = w[:i] + " " + w[i:]
            elif rng.random() < rate * 0.4 and "m" in w:
                w = w.replace("m", "rn", 1)
            words[k] = w
        return " ".join(words)

    def cased(self, s, case):
        if case == "upper":
            s = s.upper()
            if self.rng.random() < 0.3:
                s = strip_accents(s)  # many brochures drop accents on capitals
            return s
        if case == "title":
            return title_case(s)
        return s

    def surf(self, s, case="sentence"):
        return self.ocr(self.cased(s, case))

    def lab(self, s):
        if self.s["label_upper"] or (self.s["axis_case"] == "upper" and self.once("label_up", 0.8)):
            s = s.upper()
        if self.s["ocr_rate"] and self.rng.random() < 0.3:
            s = s.replace("1", "l", 1) if "1" in s else s.replace("I", "1", 1)
        return s

    # -- labels ------------------------------------------------------------
    def axis_token(self, i):
        n = self.s["axis_num"]
        return roman(i) if n == "roman" else letter(i) if n == "letter" else str(i)

    def axis_label(self, i):
        s, top = self.s, self.s["top"]
        n = s["axis_num"]
        if top is None:
            return f"{i}." if self.once("top_dot", 0.7) else str(i)
        word = _cap(top)
        if n == "none":
            return None
        if n == "ordinal":
            g = TOP_WORDS[top][0]
            return f"{(ORDINALS_F if g == 'f' else ORDINALS_M)[i - 1]} {top}"
        if n == "n°":
            return f"{word} n°{i}" if self.once("n_tight", 0.6) else f"{word} n° {i}"
        return f"{word} {self.axis_token(i)}"

    def obj_label(self, ai, oi):
        s = self.s
        n, sub = s["obj_num"], s["sub"]
        c = self.counters["obj"]
        if sub is None:
            if n == "hier":
                return f"{ai}.{oi}." if s["top"] is None else f"{self.axis_token(ai)}.{oi}"
            if n == "restart":
                return f"{oi})" if self.once("obj_paren", 0.5) else f"{oi}."
            if n == "alpha":
                return f"{letter(oi).lower()})"
            return None
        word = _cap(sub)
        tok = {
            "restart": str(oi),
            "continuous": str(c),
            "hier": f"{self.axis_token(ai)}.{oi}",
            "alpha": letter(oi),
            "roman": roman(oi),
            "n°": f"n°{c}",
            "none": "",
        }[n]
        return f"{word} {tok}".strip()

    def third_label(self, ai, oi, ti, tcount):
        if self.s["third"] is None:
            return f"{ai}.{oi}.{ti}."
        word = _cap(self.s["third"])
        if self.s["obj_num"] == "hier":
            return f"{word} {self.axis_token(ai)}.{oi}.{ti}"
        return f"{word} {tcount}" if self.once("third_cont", 0.5) else f"{word} {ti}"

    # -- low-level emission -------------------------------------------------
    def add(self, lines, keep=True, brk=False):
        self.chunks.append(
            {"lines": list(lines), "keep": keep, "axis": self.axis_i, "brk": brk, "axis_title": self.page_axis_title}
        )

    def blank(self):
        if self.s["blank"]:
            self.add([""], keep=False)

    def wrap(self, text, width=None, indent="", hang=None, hyphen=None):
        """Greedy wrapping as a layout engine does, with optional hyphenation."""
        if not self.s["wrap"]:
            return [indent + text]
        width = width or self.s["width"]
        hang = indent if hang is None else hang
        hyphen = self.s["hyphen"] if hyphen is None else hyphen
        lines, cur = [], indent
        for w in text.split(" "):
            room = width - len(cur)
            if len(cur.strip()) == 0:
                cur += w
                continue
            if len(w) + 1 <= room:
                cur += " " + w
                continue
            core = w.rstrip(".,;:")
            if hyphen and self.rng.random() < hyphen and len(core) >= 7 and core.isalpha() and room >= 5:
                cut = syllable_cut(core, room - 2)
                if cut:
                    lines.append(cur + " " + w[:cut] + "-")
                    cur = hang + w[cut:]
                    continue
            lines.append(cur)
            cur = hang + w
        lines.append(cur)
        return lines

    def para(self, text, noised=False, holds_truth=False):
        if not text:
            return
        if not noised:
            text = self.ocr(text)
        if holds_truth:  # a paragraph that names the units is never split by a page or a column
            self.add(self.wrap(text), keep=True)
        elif self.m == "layout" and len(text) > 180 and self.rng.random() < 0.35:
            self.add(self.two_columns(text), keep=True)
        else:
            ind = "" if self.m != "layout" else " " * self.rng.choice([0, 2, 4, 8])
            for line in self.wrap(text, indent=ind):
                self.add([line], keep=False)
        self.blank()

    def two_columns(self, text):
        """pdftotext -layout merges two columns of a page line by line."""
        side = self.rng.choice(self.p["figures"])
        other = " ".join(self.wrap_plain(prose(self.rng, THEMES["pilotage"], None, 2, self.seen), 36))
        left = self.wrap_plain(text, self.rng.randint(44, 56))
        right = [side[0], side[1], ""] + self.wrap_plain(other, 36)
        gap = max(len(x) for x in left) + self.rng.randint(4, 12)
        out = []
        for k in range(max(len(left), len(right))):
            a = left[k] if k < len(left) else ""
            b = right[k] if k < len(right) else ""
            out.append((a.ljust(gap) + b).rstrip())
        return out

    @staticmethod
    def wrap_plain(text, width):
        lines, cur = [], ""
        for w in text.split(" "):
            if cur and len(cur) + 1 + len(w) > width:
                lines.append(cur)
                cur = w
            else:
                cur = (cur + " " + w).strip()
        return lines + [cur] if cur else lines

    def section(self, text, level=1):
        """A heading that is not a unit (Éditorial, Glossaire...)."""
        t = self.ocr(text.upper() if self.s["axis_case"] == "upper" and self.once("sec_up", 0.7) else text)
        if self.m == "markdown":
            t = "#" * (level + 1) + " " + t
        elif self.m == "slides" and level == 1:
            self.add([], brk=True)
        elif self.m == "plain" and self.once("sec_rule", 0.5):
            self.add([t, ("=" if level == 1 else "-") * len(t)])
            self.blank()
            return
        self.add([t])
        self.blank()

    # -- headings ------------------------------------------------------------
    def heading(self, level, label, title, place):
        """Lay out a unit heading; title is already surfaced (it is the truth)."""
        rng, m = self.rng, self.m
        label = self.lab(label) if label else None
        if m == "slides" and level <= 2:
            self.add([], brk=True)
            if level == 2 and self.once("slide_repeat", 0.8) and self.page_axis_title:
                self.add([self.page_axis_title])  # the unit's title repeated on every slide
        sep = self.once_choice(("sep", level, place), SEPS.get(place, [" : "]))
        if label and label.endswith(".") and place in ("period", "colon"):
            sep = " "
        if m == "word" and label and self.once(("tab", level), 0.6) and place not in ("next", "before", "wrap"):
            sep = sep.rstrip() + "\t" if sep.strip() not in ("", ".") or not label[-1].isalnum() else ".\t"
        if m == "layout" and label and place not in ("next", "before"):
            sep = sep.rstrip() + " " * rng.randint(3, 14)
        if m == "markdown" and place == "wrap":
            place = "colon"
        if not label:
            lines = [title]
            if place == "wrap" and len(title.split()) > 3:
                ws = title.split(" ")
                k = len(ws) // 2
                lines = [" ".join(ws[:k]), " ".join(ws[k:])]
        elif place in ("next",):
            lines = [label + (" :" if self.once(("next_colon", level), 0.25) else ""), title]
        elif place == "before":
            lines = [title, label] if self.once(("before_line", level), 0.6) else [f"{title} ({label})"]
        elif place == "wrap":
            ws = title.split(" ")
            k = max(1, len(ws) // 2)
            lines = [label + sep + " ".join(ws[:k]), " ".join(ws[k:])] if len(ws) > 1 else [label + sep + title]
        else:
            lines = [label + sep + title]
        # brochures set unit titles large: capitals wrapped over two or three lines
        if m in ("pdf", "ocr") and level == 1 and len(lines) <= 2 and self.once("big_titles", 0.7):
            head, body, tail = None, lines, []
            if label and place == "next":
                head, body = lines[0], lines[1:]
            elif label and place == "before" and len(lines) == 2:
                body, tail = lines[:1], lines[1:]
            txt = " ".join(body)
            w = max(18, len(txt) // rng.choice([2, 3]) + 2)
            wrapped = self.wrap(txt, width=w, hyphen=0.0)
            lines = ([head] if head else []) + wrapped + tail
        elif self.s["wrap"] and m != "layout":
            out = []
            for ln in lines:
                out.extend(self.wrap(ln, hyphen=0.0))
            lines = out
        if m == "markdown":
            hashes = "#" * (level + 1) + " "
            if level == 2 and self.s["sub"] is None and self.s["obj_num"] == "bullet":
                lines = [f"- **{lines[0]}**"] + lines[1:]
            elif self.once(("hashes", level), 0.8):
                lines = [hashes + lines[0]] + lines[1:]
            else:
                lines = [f"**{ln}**" for ln in lines]
        elif level == 2 and self.s["sub"] is None and self.s["obj_num"] == "bullet":
            lines = [f"{self.s['obj_glyph']} {lines[0]}"] + ["  " + ln for ln in lines[1:]]
        elif m == "layout":
            pad = " " * rng.choice([0, 4, 10, 20] if level == 1 else [0, 2, 6])
            lines = [pad + ln for ln in lines]
        elif m == "web" and level == 1 and self.once("accordion", 0.5):
            lines = lines + [
                self.once_choice("acc_label", ["Déplier", "Afficher le contenu", "Ouvrir", "+", "Lire la suite"])
            ]
        elif m == "plain" and level == 1 and self.once("rule", 0.4):
            lines = lines + ["=" * min(70, max(len(x) for x in lines))]
        self.add(lines, keep=True)
        self.blank()

    # -- leaves --------------------------------------------------------------
    def bullet(self, spec, k):
        kind, g = spec
        if kind == "glyph":
            return g + " "
        if kind == "none":
            return ""
        if kind == "word":
            self.counters["item"] += 1
            return f"{g} {self.counters['item']}{self.s['item_sep']}"
        return {
            "1)": f"{k})",
            "1.": f"{k}.",
            "a)": f"{letter(k).lower()})",
            "a.": f"{letter(k).lower()}.",
            "(1)": f"({k})",
        }[g]

    def items(self, word, items, spec, form, role, baseline=None):
        if not items:
            return
        m = self.m
        word_s = self.ocr(word) if word else None
        if form == "inline":
            joined = " ; ".join(items)
            text = f"{word_s} : {joined}." if word_s else joined + "."
            if m == "markdown":
                text = f"**{word_s}** : {joined}." if word_s else text
            self.add(self.wrap(text), keep=True)
            self.blank()
            return
        if word_s:
            head = word_s + (
                ""
                if word_s.endswith(" à") or word_s.endswith(" par")
                else " :"
                if self.once(("block_colon", role), 0.6)
                else ""
            )
            if m == "markdown":
                head = self.once_choice("md_block", ["**{}**", "#### {}", "*{}*"]).format(head)
            elif m == "word" and self.once("block_up", 0.3):
                head = head.upper()
            self.add([head])
        if form == "table":
            self.table(items, baseline or [50] * len(items))
            self.blank()
            return
        ind = "  " if m in ("layout",) or (self.s["sub"] is None and self.s["obj_num"] == "bullet") else ""
        for k, it in enumerate(items, 1):
            b = self.bullet(spec, k)
            if m == "word" and b:
                b = b.rstrip() + "\t"
            if m == "markdown" and spec[0] == "num":
                b = f"{k}. "
            self.add(self.wrap(ind + b + it, indent="", hang=ind + " " * len(b)), keep=True)
        self.blank()

    def table(self, names, base):
        rng = self.rng
        y0 = int(self.p["period"][:4]) - 1
        y1 = self.p["period"][-4:]
        header = [
            "Indicateur",
            rng.choice([f"Valeur {y0}", f"Constat {y0}", f"Situation {y0}", str(y0)]),
            rng.choice([f"Cible {y1}", f"Objectif {y1}", "Cible"]),
        ]
        rows = []
        for n, b in zip(names, base):
            tgt = min(99, b + rng.randint(2, 12))
            pct = re.match(r"(taux|part|proportion|ecart)", strip_accents(n).lower()) or "%" in n
            if re.match(r"(d[ée]lai|temps|distance)", n.lower()):
                rows.append([n, f"{b} jours", f"{max(1, b - rng.randint(2, 8))} jours"])
            else:
                rows.append([n, f"{b} %" if pct else str(b * 13), f"{tgt} %" if pct else str(tgt * 13)])
        kind = self.s["table_kind"]
        if kind == "pipe":
            lines = ["| " + " | ".join(header) + " |"]
            if self.m == "markdown":
                lines.append("|---|---|---|")
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            for ln in lines:
                self.add([ln])
        elif kind == "tab":
            for r in [header] + rows:
                self.add(["\t".join(r)])
        elif kind == "spaces":
            w = max(len(r[0]) for r in rows + [header]) + rng.randint(3, 8)
            for r in [header] + rows:
                self.add([r[0].ljust(w) + r[1].ljust(14) + r[2]])
        else:
            for r in [header] + rows:
                for c in r:
                    self.add([c])

    # -- the document ---------------------------------------------------------
    def render(self):
        p = self.p
        self.front()
        if p["form"] in ("prose_axes", "bullet_axes"):
            self.partial_body()
        else:
            self.body()
        self.back()
        return self.finish()

    def doc_title(self):
        p, rng = self.p, self.rng
        acad = "Académie " + of_academy(p["academy"])
        per = p["period"] if rng.random() < 0.7 else p["period"].replace("-", " – ")
        if rng.random() < 0.5:
            lines = ["PROJET ACADÉMIQUE", per, acad.upper() if rng.random() < 0.5 else acad]
        else:
            lines = [rng.choice(["Projet académique", "Projet d'académie", "Le projet académique"]) + " " + per, acad]
        if self.s["tagline"]:
            lines.append(
                rng.choice(
                    [
                        "« Ensemble, réussir »",
                        "Construire l'avenir avec chaque élève",
                        "Une ambition partagée",
                        "Agir ensemble pour la réussite de tous",
                        "« Oser, réussir, s'épanouir »",
                    ]
                )
            )
        return lines

    def web_top(self):
        rng, p = self.rng, self.p
        acad = "Académie " + of_academy(p["academy"])
        top = rng.sample(["Aller au contenu", "Aller au menu", "Aller à la recherche"], 2)
        top += ["RÉPUBLIQUE FRANÇAISE", "Liberté", "Égalité", "Fraternité"] if rng.random() < 0.6 else []
        top += [acad, rng.choice(["Rechercher", "Recherche", "Menu"])]
        top += rng.sample(
            [
                "Accueil",
                "L'académie",
                "Scolarité et vie de l'élève",
                "Examens et concours",
                "Personnels",
                "Orientation",
                "Actualités",
                "Espace pédagogique",
                "Contact",
            ],
            6,
        )
        crumbs = [
            "Accueil",
            rng.choice(["L'académie", "Académie", "Politique éducative"]),
            rng.choice(["Le projet académique", "Projet académique " + p["period"], "Nos priorités"]),
        ]
        sep = rng.choice([" > ", " / ", " » ", " › "])
        top.append(("Vous êtes ici : " if rng.random() < 0.4 else "") + sep.join(crumbs))
        for ln in top:
            self.add([ln])
        self.blank()

    def web_date(self):
        rng = self.rng
        y = int(self.p["period"][:4])
        d = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {y if rng.random() < 0.7 else y - 1}"
        self.add(
            [
                rng.choice(
                    [
                        f"Publié le {d}",
                        f"Mis à jour le {d}",
                        f"Publié le {d} - Mis à jour le {rng.randint(1, 28)}/{rng.randint(1, 12):02d}/{y + 1}",
                    ]
                )
            ]
        )
        if rng.random() < 0.7:
            self.add(
                [rng.choice(["Partager", "Partager la page", "Partager :"])]
                + rng.sample(["Facebook", "X (ex-Twitter)", "LinkedIn", "Courriel", "Imprimer", "Copier le lien"], 3)
            )
        self.blank()

    def front(self):
        p, s, rng = self.p, self.s, self.rng
        if self.m == "web":
            self.web_top()
        title = self.doc_title()
        if self.m == "markdown":
            self.add(["# " + " – ".join(title[:2])] + title[2:])
        elif self.m == "layout":
            self.add([" " * rng.randint(10, 30) + t for t in title])
        else:
            self.add([self.ocr(t) for t in title])
        self.blank()
        if self.m == "web":
            self.web_date()
        if self.m == "slides":
            self.add([], brk=True)
        toc_first = rng.random() < 0.6
        if toc_first:
            self.toc()
        if s["front"] != "none":
            name = {
                "editorial": rng.choice(["Éditorial", "Édito"]),
                "recteur": rng.choice(
                    [
                        "Mot du recteur",
                        "Le mot du recteur",
                        "Mot de la rectrice",
                        "Message du recteur",
                        "Le mot de la rectrice",
                    ]
                ),
                "preambule": rng.choice(["Préambule", "Avant-propos", "Introduction"]),
            }[s["front"]]
            self.section(name)
            if rng.random() < 0.5:
                self.para("Mesdames, Messieurs," if rng.random() < 0.5 else "Chères et chers collègues,")
            for par in p["editorial"]:
                self.para(par)
            if s["front"] in ("editorial", "recteur"):
                name_r, fem = p["rector"]
                role = "Rectrice" if fem else "Recteur"
                self.add(
                    [
                        self.ocr(name_r),
                        self.ocr(
                            f"{role} de l'académie {of_academy(p['academy'])}"
                            + (", chancelière des universités" if fem else ", chancelier des universités")
                        ),
                    ]
                )
                self.blank()
        if not toc_first:
            self.toc()
        if s["figures"]:
            self.figures()
        if s["announce"] != "none" and p["form"] not in ("prose_axes", "bullet_axes"):
            n = len(p["axes"])
            top = s["top"] or "axe"
            g, plural = TOP_WORDS[top]
            nw = (NUMBER_WORDS_F if g == "f" else NUMBER_WORDS)[n]
            txt = (
                f"Le projet académique {p['period']} s'organise autour de {nw} {plural}"
                f"{rng.choice([', déclinés en objectifs opérationnels', ' complémentaires', ''])}."
            )
            if s["announce"] == "titles":
                txt = txt[:-1] + " : " + " ; ".join(a["title"][:1].lower() + a["title"][1:] for a in p["axes"]) + "."
            self.para(txt)

    def toc(self):
        s, p, rng = self.s, self.p, self.rng
        if s["toc"] == "none" or p["form"] in ("prose_axes", "bullet_axes"):
            return
        self.section(rng.choice(["Sommaire", "SOMMAIRE", "Table des matières"]), 1)
        page = rng.randint(2, 5)
        entries = []
        if s["front"] != "none":
            entries.append(("Éditorial" if s["front"] != "preambule" else "Préambule", page))
        for ai, a in enumerate(p["axes"], 1):
            page += rng.randint(2, 6)
            lab = self.axis_label(ai)
            t = self.cased(a["title"], s["axis_case"] if self.once("toc_case", 0.6) else "sentence")
            entries.append(((lab + " : " if lab else "") + t, page))
            if s["toc_objectives"]:
                for oi, o in enumerate(a["objectives"], 1):
                    entries.append(("   " + o["title"], page + oi // 2))
        if s["back"] in ("glossary", "both"):
            entries.append(("Glossaire", page + 4))
        if s["back"] in ("annexes", "both"):
            entries.append(("Annexes", page + 5))
        for txt, pg in entries:
            txt = self.ocr(txt)
            if s["toc"] == "dots":
                if self.m == "word":
                    self.add([f"{txt}\t{pg}"])
                else:
                    w = max(len(txt) + 4, s["width"] - 4 if s["wrap"] else 80)
                    self.add([txt + " " + "." * (w - len(txt)) + " " + str(pg)])
            else:
                if self.m == "markdown":
                    txt = ("   - " if txt.startswith(" ") else "- ") + txt.strip()
                self.add([txt])
        self.blank()

    def figures(self):
        rng = self.rng
        head = rng.choice(["Chiffres clés", "L'académie en chiffres", "CHIFFRES CLÉS", "Repères"])
        lines = [head]
        for a, b in self.p["figures"]:
            lines += [a, b] if self.once("fig_split", 0.6) else [f"{a} {b}"]
        if self.m == "markdown":
            lines = [f"**{head}**"] + [f"- {a} {b}" for a, b in self.p["figures"]]
        self.add([self.ocr(x) for x in lines])
        self.blank()

    def body(self):
        p, s, rng = self.p, self.s, self.rng
        for ai, a in enumerate(p["axes"], 1):
            self.axis_i = ai
            title = self.surf(a["title"], s["axis_case"])
            truth = {"title": title, "objectives": []}
            self.truth_axes.append(truth)
            label = self.axis_label(ai)
            self.page_axis_title = (self.lab(label) + " – " if label else "") + title
            self.heading(1, label, title, s["axis_place"])
            self.para(a["intro"])
            if self.m in ("pdf", "ocr", "layout") and s["figures"] and rng.random() < 0.3:
                f = rng.choice(p["figures"])
                self.add([self.ocr(f[0]), self.ocr(f[1])])
            for oi, o in enumerate(a["objectives"], 1):
                self.counters["obj"] += 1
                ot = self.surf(o["title"], s["obj_case"])
                to = {"title": ot, "engagements": [], "indicators": []}
                truth["objectives"].append(to)
                self.heading(2, self.obj_label(ai, oi), ot, s["obj_place"])
                self.para(o["body"])
                if o["third"]:
                    for ti, t in enumerate(o["engagements"], 1):
                        self.counters["item"] += 1
                        tt = self.surf(t, "sentence")
                        to["engagements"].append(tt)
                        self.heading(3, self.third_label(ai, oi, ti, self.counters["item"]), tt, s["third_place"])
                        if rng.random() < 0.3:
                            self.para(prose(rng, THEMES[a["theme"]], None, 1, self.seen))
                else:
                    engs = [self.surf(e) for e in o["engagements"]]
                    to["engagements"] = engs
                    eng_word = s["eng_word"]
                    self.items(eng_word, engs, s["eng_bullet"], s["eng_form"], "eng")
                inds = [self.surf(x) for x in o["indicators"]]
                to["indicators"] = inds
                self.items(s["ind_word"], inds, s["ind_bullet"], s["ind_form"], "ind", o.get("baseline"))
        self.axis_i = None
        self.page_axis_title = ""

    def partial_body(self):
        """Real-world partial forms: axes only, announced in prose or as an unnumbered list."""
        p, s, rng = self.p, self.s, self.rng
        top = s["top"] or "axe"
        g, plural = TOP_WORDS[top]
        n = len(p["axes"])
        nw = (NUMBER_WORDS_F if g == "f" else NUMBER_WORDS)[n]
        titles = []
        for a in p["axes"]:
            t = a["title"]
            if p["form"] == "prose_axes":
                t = t[:1].lower() + t[1:]
            else:
                t = self.cased(t, s["axis_case"] if s["axis_case"] != "upper" else "sentence")
            titles.append(self.ocr(t))
        self.truth_axes = [{"title": t, "objectives": []} for t in titles]
        self.section(rng.choice(["Introduction", "Présentation", "Le projet académique", "Nos ambitions"]))
        self.para(p["presentation"])
        if p["form"] == "prose_axes":
            last = rng.choice([" et ", " ; enfin, ", " ; "])
            lst = " ; ".join(titles[:-1]) + last + titles[-1]
            intro = rng.choice(
                [
                    f"Le projet académique {p['period']} s'articule autour de {nw} {plural} : ",
                    f"Pour les années {p['period']}, l'académie se fixe {nw} {plural} : ",
                    f"Notre action collective s'organise autour de {nw} {plural} structurants : ",
                ]
            )
            self.para(self.ocr(intro) + lst + ".", noised=True, holds_truth=True)  # the titles are noised already
        else:
            self.section(
                rng.choice(
                    [
                        "Nos priorités",
                        f"{_cap(nw)} {plural} pour l'académie",
                        f"Les {plural} du projet",
                        "Nos priorités pour " + p["period"],
                    ]
                ),
                2,
            )
            g_ = rng.choice(["•", "-", "▪", "►", ""]) if self.m != "markdown" else "-"
            for t in titles:
                self.add(self.wrap((g_ + " " if g_ else "") + t, hang="  "), keep=True)
            self.blank()
        for a in p["axes"]:
            self.para(a["intro"] or prose(rng, THEMES[a["theme"]], p["academy"], 2, self.seen))
            for o in a["objectives"][:1]:
                self.para(o["body"])
        self.para(p["closing"])

    def back(self):
        p, s, rng = self.p, self.s, self.rng
        if s["conclusion"]:
            self.section(rng.choice(["Conclusion", "Mise en œuvre et suivi", "Et maintenant ?"]))
            self.para(p["closing"])
        if s["back"] in ("glossary", "both"):
            self.section(rng.choice(["Glossaire", "Lexique des sigles", "Sigles et acronymes"]))
            sep = rng.choice([" : ", " – ", "\t", "  "])
            for sig, d in p["glossary"]:
                if self.m == "word" and s["table_kind"] == "cells":
                    self.add([sig, d])
                else:
                    self.add([self.ocr(sig + sep + d)])
            self.blank()
        if s["back"] in ("annexes", "both"):
            self.section("Annexes")
            for k, a in enumerate(p["annexes"], 1):
                self.add([self.ocr(rng.choice([f"Annexe {k} – {a}", f"Annexe {k} : {a}", f"ANNEXE {k}. {a.upper()}"]))])
                if rng.random() < 0.5:
                    self.para(prose(rng, THEMES["pilotage"], p["academy"], 1, self.seen))
            self.blank()
        if self.m == "web":
            rng = self.rng
            self.add(
                [
                    rng.choice(["Documents joints", "Télécharger", "Documents à télécharger"]),
                    f"Projet académique {p['period']} - PDF - {rng.randint(1, 9)},{rng.randint(0, 9)} Mo",
                    rng.choice(
                        [
                            "Synthèse du projet académique (PDF, 540 Ko)",
                            "Version accessible (DOCX, 210 Ko)",
                            "Plaquette de présentation - PDF - 1,2 Mo",
                        ]
                    ),
                ]
            )
            self.blank()
            if rng.random() < 0.6:
                self.add(
                    ["Sur le même sujet"]
                    + rng.sample(
                        [
                            "Les chiffres clés de l'académie",
                            "Carte scolaire",
                            "L'organisation des services",
                            "Le recteur",
                            "Les contrats d'objectifs",
                        ],
                        3,
                    )
                )
                self.blank()
            self.add(
                ["Haut de page"] * (rng.random() < 0.5)
                + rng.sample(
                    [
                        "Plan du site",
                        "Mentions légales",
                        "Accessibilité : partiellement conforme",
                        "Données personnelles",
                        "Gestion des cookies",
                        "Contact",
                        "education.gouv.fr",
                        "service-public.fr",
                        "legifrance.gouv.fr",
                    ],
                    6,
                )
            )

    # -- pages -----------------------------------------------------------------
    def footer(self, n, total):
        f = self.s["footer"]
        per = self.p["period"]
        txt = {
            "n": str(n),
            "page_of": f"Page {n}/{total}",
            "dashes": f"- {n} -",
            "bar": f"{n} | Projet académique {per}",
            "academy": f"Académie {of_academy(self.p['academy'])}    {n}",
        }[f]
        if self.m == "layout":
            txt = " " * self.rng.randint(40, 90) + txt
        return self.ocr(txt)

    def header(self, chunk):
        h = self.s["header"]
        if h == "none":
            return None
        if h == "axis" and chunk["axis_title"]:
            return chunk["axis_title"]
        if h == "academy":
            return self.ocr(f"Académie {of_academy(self.p['academy'])} – Projet académique {self.p['period']}")
        return self.ocr(f"PROJET ACADÉMIQUE {self.p['period']}")

    def finish(self):
        m, s = self.m, self.s
        chunks = self.chunks
        if m in ("pdf", "ocr", "layout"):
            pages, cur = [], []
            count = 0
            for c in chunks:
                if c["brk"]:
                    continue
                if count + len(c["lines"]) > s["page_len"] and cur:
                    pages.append(cur)
                    cur, count = [], 0
                cur.extend(c["lines"])
                count += len(c["lines"])
            pages.append(cur)
            total = len(pages)
            out = []
            for n, lines in enumerate(pages, 1):
                page = list(lines)
                if n > 1:
                    h = self.header(self._first_chunk_of_page(n))
                    if h:
                        page.insert(0, h)
                if n > 1 or self.rng.random() < 0.3:
                    page.append(self.footer(n, total))
                out.append("\n".join(page))
            text = "\n\f".join(out) + "\n\f"
        elif m == "slides":
            slides, cur = [], []
            for c in chunks:
                if c["brk"]:
                    if cur:
                        slides.append(cur)
                    cur = []
                else:
                    cur.extend(c["lines"])
            if cur:
                slides.append(cur)
            marker = self.rng.choice(
                ["--- Diapositive {n} ---", "Diapositive {n}", "[Slide {n}]", "=== {n} / {t} ===", "\f{n}"]
            )
            foot = self.rng.random() < 0.7
            out = []
            for n, sl in enumerate(slides, 1):
                block = [marker.format(n=n, t=len(slides))] + sl
                if foot:
                    block.append(
                        f"Académie {of_academy(self.p['academy'])} | Projet académique {self.p['period']} | {n}"
                    )
                out.append("\n".join(block))
            text = "\n\n".join(out) + "\n"
        else:
            text = "\n".join(ln for c in chunks for ln in c["lines"]) + "\n"
        if not s["blank"]:
            text = re.sub(r"\n[ \t]*\n+", "\n", text)
        else:
            text = re.sub(r"\n{3,}", "\n\n", text)
        return text

    def _first_chunk_of_page(self, n):
        # the running header follows the unit in progress at the page break
        count, page, last = 0, 1, {"axis_title": ""}
        for c in self.chunks:
            if c["brk"]:
                continue
            if count + len(c["lines"]) > self.s["page_len"] and count:
                page += 1
                count = 0
                if page == n:
                    return last if last["axis_title"] else c
            count += len(c["lines"])
            last = c
        return last


# ---------------------------------------------------------------------------


def build(seed, n):
    used = set()
    order = list(ACADEMIES)
    random.Random(f"{seed}:academies").shuffle(order)
    # every kind of document gets its share of a run; everything else is drawn per plan
    media = []
    mrng = random.Random(f"{seed}:media")
    while len(media) < n:
        batch = list(MEDIA)
        mrng.shuffle(batch)
        media += batch
    out = []
    for i in range(n):
        academy = order[i % len(order)]
        plan = draw_plan(random.Random(f"{seed}:{i}:plan"), academy, used)
        rrng = random.Random(f"{seed}:{i}:render")
        style = draw_style(rrng, plan, media[i])
        r = Renderer(plan, style, rrng)
        text = r.render()
        partial = not any(o["engagements"] or o["indicators"] for a in r.truth_axes for o in a["objectives"])
        truth = {
            "academy": academy,
            "period": plan["period"],
            "kind": "generated",
            "style": style_name(style, plan),
            "partial": partial,
            "axes": r.truth_axes,
        }
        slug = norm_key(academy).replace(" ", "-").replace("'", "")
        name = f"{i:02d}-{slug}-{style['medium']}"
        out.append((name, ".md" if style["medium"] == "markdown" else ".txt", text, truth, plan, style))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="folder to write the plans into")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--list-styles", action="store_true", help="print the dimensions drawn for each plan")
    a = ap.parse_args(argv)
    if not a.out and not a.list_styles:
        ap.error("--out DIR is required (or --list-styles)")
    docs = build(a.seed, a.n)
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        for name, ext, text, truth, _, _ in docs:
            with open(os.path.join(a.out, name + ext), "w", encoding="utf-8") as f:
                f.write(text)
            with open(os.path.join(a.out, name + ".truth.json"), "w", encoding="utf-8") as f:
                json.dump(truth, f, ensure_ascii=False, indent=1)
    if a.list_styles:
        for name, ext, _, truth, plan, style in docs:
            dims = dict(
                style,
                form=plan["form"],
                three_levels=plan["three_levels"],
                axes=len(truth["axes"]),
                objectives=sum(len(x["objectives"]) for x in truth["axes"]),
            )
            dims = {k: v for k, v in dims.items() if k not in ("width", "page_len", "ocr_rate") or v}
            print(name + ext, json.dumps(dims, ensure_ascii=False))
    elif a.out:
        print(f"wrote {len(docs)} plans to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
