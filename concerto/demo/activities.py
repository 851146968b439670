"""Demo activities and their editions, drawn from the coordinators' texts.

Dates are relative: ``first_week`` counts weeks from the Monday of the week the demo is
loaded (0 = this week, negative = in the past), so the calendar always has a current week.
Each (room, weekday, hour) and each facilitator's (weekday, hour) belongs to one activity
only: rooms and facilitators are never double booked, even when the demo is loaded again
weeks later. Two activities do meet the same unit at the same time on Tuesday mornings
(reception class and digital skills, both for the remand unit): a same-unit overlap, which
the calendar shows as a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from concerto.catalogue.models import ActivityStatus
from concerto.demo import data as d

MORNING = (dt.time(9, 0), dt.time(11, 30))
AFTERNOON = (dt.time(13, 30), dt.time(16, 0))


@dataclass(frozen=True)
class EditionPlan:
    units: tuple[str, ...]  # unit codes
    room: str
    capacity: int
    facilitators: tuple[str, ...]  # usernames
    first_week: int
    weeks: int
    hours: tuple[dt.time, dt.time]
    # An RFC 5545 rule; empty for a single meeting on ``weekday`` of the first week.
    recurrence: str = ""
    weekday: int = 0


@dataclass(frozen=True)
class ActivityPlan:
    organiser: str
    status: str
    category: str
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    aims: tuple[str, ...]
    default_capacity: int
    texts: Mapping[str, str]  # title_fr, summary_nl, description_en...
    partners: tuple[str, ...] = ()
    contact: str = ""  # name of one of the organiser's contact persons
    editions: tuple[EditionPlan, ...] = ()


PROSPECTS = "social-professional-prospects"
WELLBEING = "psychosocial-wellbeing"

ACTIVITIES: list[ActivityPlan] = [
    # --- Training ---------------------------------------------------------------------------
    ActivityPlan(
        organiser=d.APO,
        partners=(d.LIRE_ET_ECRIRE,),
        contact="Julien Dubois",
        status=ActivityStatus.PUBLISHED,
        category="reception-class",
        target_groups=("men", "accused"),
        languages=("fr",),
        aims=(PROSPECTS, WELLBEING),
        default_capacity=12,
        texts={
            "title_fr": "Classe d'accueil : le français du quotidien en prison",
            "title_nl": "Onthaalklas: alledaags Frans in de gevangenis",
            "title_en": "Reception class: everyday French in prison",
            "summary_fr": (
                "Pour les détenus qui ne parlent ni le français ni le néerlandais : les mots de base pour se "
                "débrouiller au quotidien et se faire comprendre des agents."
            ),
            "summary_nl": (
                "Voor gedetineerden die geen Frans of Nederlands spreken: de basiswoordenschat om hun plan te "
                "trekken in de gevangenis en zich verstaanbaar te maken bij de penitentiair beambten."
            ),
            "summary_en": (
                "For detainees who speak neither French nor Dutch: the basic words to manage daily life inside "
                "and make themselves understood by the officers."
            ),
            "description_fr": (
                "Deux matinées par semaine, en petit groupe, les participants apprennent le vocabulaire de la vie "
                "en détention : demander un rendez-vous au service médical, remplir un billet de rapport, "
                "comprendre le règlement, commander à la cantine, parler de sa famille. Les séances s'appuient sur "
                "des images, des jeux de rôle et des situations réelles.\n\n"
                "Une formatrice de Lire et Écrire Bruxelles anime les séances avec un travailleur social d'APO, "
                "qui fait le lien avec l'aide individuelle."
            ),
            "description_nl": (
                "Twee ochtenden per week leren de deelnemers in een kleine groep de woorden die ze in de "
                "gevangenis nodig hebben: een afspraak vragen bij de medische dienst, een rapportbriefje invullen, "
                "het huishoudelijk reglement begrijpen, iets bestellen in de kantine, over hun familie vertellen. "
                "We werken met beelden, rollenspelen en echte situaties.\n\n"
                "Een lesgeefster van Lire et Écrire Bruxelles begeleidt de sessies samen met een maatschappelijk "
                "werker van APO, die de brug slaat naar de individuele hulpverlening."
            ),
            "description_en": (
                "Two mornings a week, in a small group, participants learn the vocabulary of prison life: asking "
                "for an appointment with the medical service, filling in a request form, understanding the house "
                "rules, ordering from the canteen, talking about their family. Sessions use pictures, role play "
                "and real situations.\n\n"
                "A trainer from Lire et Écrire Bruxelles runs them with an APO social worker, who links the group "
                "with individual support."
            ),
            "objectives_fr": (
                "Se présenter et comprendre les consignes de base.\n"
                "Formuler une demande simple, à l'oral comme à l'écrit.\n"
                "Gagner en autonomie et rompre l'isolement dû à la langue."
            ),
            "objectives_nl": (
                "Zichzelf voorstellen en eenvoudige instructies begrijpen.\n"
                "Mondeling en schriftelijk een eenvoudige vraag stellen.\n"
                "Zelfstandiger worden en het isolement door de taal doorbreken."
            ),
            "objectives_en": (
                "Introduce oneself and understand basic instructions.\n"
                "Make a simple request, spoken or written.\n"
                "Gain independence and break the isolation that comes with the language."
            ),
            "screening_fr": (
                "Aucun prérequis. Court entretien avec un travailleur d'APO (avec interprète si nécessaire) pour "
                "vérifier que la personne ne parle ni le français ni le néerlandais et choisir son groupe."
            ),
            "screening_nl": (
                "Geen voorkennis nodig. Kort gesprek met een medewerker van APO (zo nodig met een tolk) om na te "
                "gaan of de persoon geen Frans of Nederlands spreekt en de juiste groep te kiezen."
            ),
        },
        editions=(
            EditionPlan(
                units=("remand-men", "observation"),
                room=d.CLASSROOM_1,
                capacity=12,
                facilitators=("worker", "teacher"),
                first_week=0,
                weeks=12,
                hours=MORNING,
                recurrence="FREQ=WEEKLY;BYDAY=TU,TH",
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.CAW,
        partners=(d.CBE,),
        contact="Sarah Claes",
        status=ActivityStatus.PUBLISHED,
        category="reception-class",
        target_groups=("men", "convicted"),
        languages=("nl",),
        aims=(PROSPECTS,),
        default_capacity=12,
        # No English: the interface shows the Dutch or French text and says so.
        texts={
            "title_fr": "Classe d'accueil en néerlandais pour allophones",
            "title_nl": "Onthaalklas Nederlands voor anderstaligen",
            "summary_fr": (
                "Cours de néerlandais de base pour les détenus qui ne parlent ni le néerlandais ni le français : "
                "saluer, poser des questions, la vie de tous les jours dans la section."
            ),
            "summary_nl": (
                "Basislessen Nederlands voor gedetineerden die geen Nederlands of Frans spreken: begroeten, vragen "
                "stellen, het dagelijkse leven op de afdeling."
            ),
            "description_fr": (
                "Le Centrum voor Basiseducatie Brussel donne ces cours en collaboration avec le CAW Brussel. En "
                "petit groupe, les participants pratiquent la langue dont ils ont besoin chaque jour : l'horaire "
                "de la journée, les visites, le téléphone, la cantine, le contact avec les agents et les services. "
                "Ceux qui veulent continuer après le cycle peuvent rejoindre les cours de néerlandais langue "
                "seconde du centre."
            ),
            "description_nl": (
                "Het Centrum voor Basiseducatie Brussel geeft deze lessen in samenwerking met CAW Brussel. In een "
                "kleine groep oefenen de cursisten de taal die ze elke dag nodig hebben: de dagindeling, het bezoek, "
                "de telefoon, de kantine, het contact met de penitentiair beambten en de diensten. Wie na de reeks "
                "verder wil, kan doorstromen naar de lessen Nederlands tweede taal van het centrum."
            ),
            "objectives_fr": (
                "Tenir une conversation simple sur la vie quotidienne.\n"
                "Lire des informations de base : formulaires, affiches, menu de la semaine.\n"
                "Faire le pas vers une formation plus poussée."
            ),
            "objectives_nl": (
                "Een eenvoudig gesprek voeren over het dagelijkse leven.\n"
                "Basisinformatie lezen: formulieren, affiches, het weekmenu.\n"
                "De stap zetten naar een verdere opleiding."
            ),
            "screening_fr": "Entretien d'accueil avec l'enseignant du CBE pour déterminer le niveau.",
            "screening_nl": "Intakegesprek met de leerkracht van het CBE om het niveau te bepalen.",
        },
        editions=(
            EditionPlan(
                units=("sentenced-men",),
                room=d.CLASSROOM_2,
                capacity=12,
                facilitators=("leraar",),
                # Started two weeks ago: enough sessions already held for the demo's dropout
                # (concerto/demo/registrations.py), all within the attendance edit window.
                first_week=-2,
                weeks=14,
                hours=MORNING,
                recurrence="FREQ=WEEKLY;BYDAY=MO,WE",
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.CAW,
        partners=(d.CBE,),
        contact="Sarah Claes",
        status=ActivityStatus.PUBLISHED,
        category="digital-skills",
        target_groups=("men", "accused"),
        languages=("nl", "fr"),
        aims=(PROSPECTS,),
        default_capacity=8,
        texts={
            "title_fr": "Compétences numériques de base : se préparer à la sortie",
            "title_nl": "Digitale basisvaardigheden: klaar voor buiten",
            "title_en": "Basic digital skills: getting ready for release",
            "summary_fr": (
                "Utiliser un ordinateur : traitement de texte, CV, formulaires en ligne simulés, prudence avec "
                "l'e-mail et les applications, pour se débrouiller plus facilement après la libération."
            ),
            "summary_nl": (
                "Werken met een computer: tekstverwerking, een cv, gesimuleerde onlineformulieren, veilig omgaan "
                "met e-mail en apps, om na de vrijlating vlotter je weg te vinden."
            ),
            "summary_en": (
                "Using a computer: word processing, a CV, simulated online forms, staying safe with e-mail and "
                "apps, to find one's way more easily after release."
            ),
            "description_fr": (
                "En salle informatique, sans connexion à internet, les participants s'exercent sur des simulations "
                "des sites dont ils auront besoin après leur libération : Actiris ou le VDAB, la mutuelle, le "
                "CPAS, une application bancaire. Ils apprennent aussi à rédiger une lettre et un CV ; leur travail "
                "est imprimé et leur est remis. Cours donnés par le Centrum voor Basiseducatie Brussel, "
                "accompagnement et suivi par le CAW Brussel."
            ),
            "description_nl": (
                "In het computerlokaal, zonder internetverbinding, oefenen de deelnemers op simulaties van de "
                "websites die ze na hun vrijlating nodig hebben: VDAB of Actiris, het ziekenfonds, het OCMW, een "
                "bankapp. Ze leren ook een brief en een cv opstellen; hun werk wordt afgedrukt en meegegeven. "
                "Lessen door het Centrum voor Basiseducatie Brussel, begeleiding en opvolging door CAW Brussel."
            ),
            "description_en": (
                "In the computer room, with no internet connection, participants practise on simulations of the "
                "websites they will need after release: Actiris or VDAB, the health insurance fund, the public "
                "social welfare centre, a banking app. They also learn to write a letter and a CV; their work is "
                "printed and handed to them. Taught by the Centrum voor Basiseducatie Brussel, with support and "
                "follow-up by CAW Brussel."
            ),
            "objectives_fr": (
                "Utiliser un ordinateur et un traitement de texte sans aide.\n"
                "Connaître les démarches en ligne les plus courantes à la sortie.\n"
                "Repérer les arnaques et protéger ses données."
            ),
            "objectives_nl": (
                "Zonder hulp een computer en een tekstverwerker gebruiken.\n"
                "De meest voorkomende onlineprocedures na de vrijlating kennen.\n"
                "Oplichting herkennen en je gegevens beschermen."
            ),
            "screening_fr": (
                "Savoir lire et écrire le néerlandais ou le français à un niveau de base. Entretien d'accueil avec "
                "le CAW Brussel."
            ),
            "screening_nl": (
                "Op basisniveau Nederlands of Frans kunnen lezen en schrijven. Intakegesprek met CAW Brussel."
            ),
        },
        editions=(
            # Same unit and same hours as the French reception class, in another room: a same-unit overlap.
            EditionPlan(
                units=("remand-men",),
                room=d.COMPUTER_ROOM,
                capacity=8,
                facilitators=("caw",),
                first_week=0,
                weeks=10,
                hours=(dt.time(9, 30), dt.time(11, 30)),
                recurrence="FREQ=WEEKLY;BYDAY=TU",
            ),
        ),
    ),
    # --- Psychosocial -------------------------------------------------------------------------
    ActivityPlan(
        organiser=d.RIZOME,
        partners=(d.MEDIANTE,),
        contact="Lotte Peeters",
        status=ActivityStatus.PUBLISHED,
        category="restorative-justice",
        target_groups=("men", "women", "convicted"),
        languages=("fr", "nl"),
        aims=(WELLBEING,),
        default_capacity=12,
        texts={
            "title_fr": "Justice réparatrice : comprendre la place de la victime",
            "title_nl": "Herstelrecht: stilstaan bij de plaats van het slachtoffer",
            "title_en": "Restorative justice: understanding the victim's position",
            "summary_fr": (
                "Un cycle de séances de sensibilisation pour réfléchir aux conséquences des faits, à la place de "
                "la victime et aux possibilités de médiation."
            ),
            "summary_nl": (
                "Een reeks sensibiliseringssessies om na te denken over de gevolgen van de feiten, de plaats van "
                "het slachtoffer en de mogelijkheden van bemiddeling."
            ),
            "summary_en": (
                "A series of awareness sessions to reflect on the consequences of the offence, the victim's "
                "position and the options for mediation."
            ),
            "description_fr": (
                "Animé par une travailleuse de Rizome-BXL et une médiatrice de Médiante, ce groupe aborde en huit "
                "séances ce qu'est la justice réparatrice, ce que vit une victime après les faits, ce que signifie "
                "la responsabilité et comment la prendre. Les échanges partent de témoignages, de courts films et "
                "d'exercices en petits groupes.\n\n"
                "La participation ne dit rien de la situation judiciaire de chacun et n'a aucun effet sur la "
                "procédure. Ceux qui le souhaitent peuvent ensuite s'informer sur la médiation entre auteur et "
                "victime."
            ),
            "description_nl": (
                "Onder begeleiding van een medewerker van Rizome-BXL en een bemiddelaar van Médiante staat deze "
                "groep in acht sessies stil bij wat herstelrecht is, wat een slachtoffer na de feiten doormaakt, "
                "wat verantwoordelijkheid betekent en hoe je die kunt opnemen. We vertrekken van getuigenissen, "
                "korte films en oefeningen in kleine groepjes.\n\n"
                "Deelnemen zegt niets over iemands gerechtelijke situatie en heeft geen invloed op de procedure. "
                "Wie wil, kan zich daarna informeren over bemiddeling tussen dader en slachtoffer."
            ),
            "description_en": (
                "Led by a Rizome-BXL worker and a mediator from Médiante, the group spends eight sessions on what "
                "restorative justice is, what a victim goes through after the offence, what responsibility means "
                "and how one can take it. Discussions start from testimonies, short films and small-group "
                "exercises.\n\n"
                "Taking part says nothing about anyone's legal situation and has no effect on proceedings. Those "
                "who wish can then find out about victim-offender mediation."
            ),
            "objectives_fr": (
                "Mieux comprendre le vécu des victimes.\n"
                "Réfléchir à sa propre responsabilité, sans jugement.\n"
                "Connaître les services de médiation et savoir comment y faire appel."
            ),
            "objectives_nl": (
                "Beter begrijpen wat slachtoffers doormaken.\n"
                "Zonder oordeel nadenken over de eigen verantwoordelijkheid.\n"
                "De bemiddelingsdiensten kennen en weten hoe je ze inschakelt."
            ),
            "objectives_en": (
                "Better understand what victims go through.\n"
                "Reflect on one's own responsibility, without judgement.\n"
                "Know the mediation services and how to call on them."
            ),
            "screening_fr": (
                "Entretien individuel préalable avec Rizome-BXL. Participation volontaire ; il faut pouvoir suivre "
                "une discussion en français ou en néerlandais."
            ),
            "screening_nl": (
                "Voorafgaand individueel gesprek met Rizome-BXL. Deelname is vrijwillig; je moet een gesprek in het "
                "Frans of het Nederlands kunnen volgen."
            ),
        },
        editions=(
            EditionPlan(
                units=("sentenced-men",),
                room=d.CLASSROOM_2,
                capacity=12,
                facilitators=("worker2", "mediator"),
                first_week=0,
                weeks=8,
                hours=AFTERNOON,
                recurrence="FREQ=WEEKLY;BYDAY=TU",
            ),
            EditionPlan(
                units=("women-closed", "women-open"),
                room=d.WOMEN_ROOM,
                capacity=8,
                facilitators=("worker2", "mediator"),
                first_week=1,
                weeks=8,
                hours=AFTERNOON,
                recurrence="FREQ=WEEKLY;BYDAY=TH",
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.SIREAS,
        contact="Carlos Moreno",
        status=ActivityStatus.PUBLISHED,
        category="parenting-family",
        target_groups=("men", "convicted", "relatives"),
        languages=("fr", "nl", "ar"),
        aims=(WELLBEING,),
        default_capacity=12,
        # No English on purpose.
        texts={
            "title_fr": "Groupe parents-enfants : garder le lien",
            "title_nl": "Ouder-kindgroep: de band bewaren",
            "summary_fr": (
                "Un samedi sur deux, des pères détenus retrouvent leurs enfants autour de jeux et d'activités, "
                "accompagnés par des travailleurs sociaux."
            ),
            "summary_nl": (
                "Om de twee zaterdagen ontmoeten gedetineerde vaders hun kinderen bij spel en activiteiten, "
                "begeleid door maatschappelijk werkers."
            ),
            "description_fr": (
                "Dans l'espace familles, pères et enfants partagent deux heures de jeux, de bricolage et de "
                "lecture, dans un cadre plus chaleureux que la salle des visites. Les travailleurs du service "
                "accueillent les enfants à l'entrée, soutiennent les pères dans leur rôle de parent et restent "
                "disponibles pour le parent qui est à l'extérieur. Chaque famille est reçue en entretien avant la "
                "première rencontre."
            ),
            "description_nl": (
                "In de familieruimte delen vaders en kinderen twee uur spel, knutselen en voorlezen, in een "
                "warmere omgeving dan de bezoekzaal. De medewerkers van de dienst vangen de kinderen op aan de "
                "ingang, ondersteunen de vaders in hun rol als ouder en blijven bereikbaar voor de ouder buiten. "
                "Voor de eerste ontmoeting is er een gesprek met elk gezin."
            ),
            "objectives_fr": (
                "Maintenir le lien entre le parent détenu et ses enfants.\n"
                "Soutenir le parent dans son rôle, pendant et après la détention.\n"
                "Préparer le retour en famille."
            ),
            "objectives_nl": (
                "De band tussen de gedetineerde ouder en de kinderen bewaren.\n"
                "De ouder ondersteunen in zijn rol, tijdens en na de detentie.\n"
                "De terugkeer naar het gezin voorbereiden."
            ),
            "screening_fr": (
                "Entretien avec le père détenu et avec le parent ou le tuteur à l'extérieur ; accord du service "
                "psychosocial de la prison. Les enfants viennent avec un adulte autorisé à la visite."
            ),
            "screening_nl": (
                "Gesprek met de gedetineerde vader en met de ouder of voogd buiten; akkoord van de psychosociale "
                "dienst van de gevangenis. De kinderen komen met een volwassene die op bezoek mag komen."
            ),
        },
        editions=(
            EditionPlan(
                units=("sentenced-men",),
                room=d.FAMILY_ROOM,
                capacity=12,
                facilitators=("sireas",),
                first_week=0,
                weeks=16,
                hours=(dt.time(9, 30), dt.time(11, 30)),
                recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.APO,
        contact="Nadia El Amrani",
        status=ActivityStatus.PUBLISHED,
        category="discussion-groups",
        target_groups=("interned",),
        languages=("fr", "nl"),
        aims=(WELLBEING,),
        default_capacity=6,
        texts={
            "title_fr": "Groupe de parole « Prendre soin de soi »",
            "title_nl": "Praatgroep ‘Zorg voor jezelf’",
            "title_en": "Discussion group “Taking care of yourself”",
            "summary_fr": (
                "Un groupe de parole hebdomadaire pour les personnes internées : sommeil, stress, relations, "
                "projets, dans un cadre sûr et confidentiel."
            ),
            "summary_nl": (
                "Een wekelijkse praatgroep voor geïnterneerden: slaap, stress, relaties, plannen, in een veilige en "
                "vertrouwelijke omgeving."
            ),
            "summary_en": (
                "A weekly discussion group for interned people: sleep, stress, relationships, plans, in a safe "
                "and confidential setting."
            ),
            "description_fr": (
                "Animé par une psychologue d'APO, en lien avec l'équipe soignante du centre psychiatrique, le "
                "groupe se réunit chaque lundi après-midi. Chaque séance part d'un thème choisi avec les "
                "participants ; on peut parler ou simplement écouter. Ce qui se dit dans le groupe reste dans le "
                "groupe, sauf danger grave pour quelqu'un."
            ),
            "description_nl": (
                "Onder begeleiding van een psychologe van APO, in overleg met het zorgteam van het psychiatrisch "
                "centrum, komt de groep elke maandagnamiddag samen. Elke sessie vertrekt van een thema dat samen "
                "met de deelnemers gekozen wordt; je kunt praten of gewoon luisteren. Wat in de groep gezegd wordt, "
                "blijft in de groep, behalve bij ernstig gevaar voor iemand."
            ),
            "description_en": (
                "Led by an APO psychologist, together with the care team of the psychiatric centre, the group "
                "meets every Monday afternoon. Each session starts from a theme chosen with the participants; one "
                "may talk or simply listen. What is said in the group stays in the group, unless someone is in "
                "serious danger."
            ),
            "objectives_fr": (
                "Rompre l'isolement.\n"
                "Mettre des mots sur ce que l'on vit.\n"
                "Repérer ses ressources et celles des autres."
            ),
            "objectives_nl": (
                "Het isolement doorbreken.\n"
                "Woorden geven aan wat je meemaakt.\n"
                "Je eigen sterktes en die van anderen ontdekken."
            ),
            "screening_fr": (
                "Orientation par l'équipe soignante ou demande de la personne elle-même ; entretien individuel "
                "avant la première séance."
            ),
            "screening_nl": (
                "Doorverwijzing door het zorgteam of op eigen vraag; individueel gesprek voor de eerste sessie."
            ),
        },
        editions=(
            EditionPlan(
                units=("psychiatric-medical",),
                room=d.PSYCHIATRIC_ROOM,
                capacity=6,
                facilitators=("manager",),
                first_week=0,
                weeks=12,
                hours=(dt.time(13, 30), dt.time(15, 0)),
                recurrence="FREQ=WEEKLY;BYDAY=MO",
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.FAMD,
        contact="Isabelle Lemaire",
        status=ActivityStatus.PROPOSED,
        category="addiction-prevention",
        target_groups=("men", "women", "accused", "convicted"),
        languages=("fr", "nl"),
        aims=(WELLBEING,),
        default_capacity=10,
        texts={
            "title_fr": "Assuétudes : s'informer pour faire ses choix",
            "title_nl": "Verslaving: informatie om zelf te kiezen",
            "summary_fr": (
                "Quatre séances d'information et d'échange sur l'alcool, les drogues, les médicaments et le jeu, "
                "et sur l'aide qui existe dedans et dehors."
            ),
            "summary_nl": (
                "Vier informatie- en gesprekssessies over alcohol, drugs, medicatie en gokken, en over de hulp die "
                "binnen en buiten bestaat."
            ),
            "description_fr": (
                "Proposé par la FAMD pour le prochain semestre, ce module part des questions des participants : "
                "effets et risques des produits, consommation en détention, risques de surdose à la sortie, "
                "services d'aide à Bruxelles. À valider par la coordination avant la recherche d'un partenaire "
                "spécialisé."
            ),
            "description_nl": (
                "Deze module, voorgesteld door de FAMD voor het volgende semester, vertrekt van de vragen van de "
                "deelnemers: effecten en risico's van middelen, gebruik tijdens de detentie, overdosisrisico na de "
                "vrijlating, hulpdiensten in Brussel. Nog goed te keuren door de coördinatie voordat een "
                "gespecialiseerde partner gezocht wordt."
            ),
        },
    ),
    ActivityPlan(
        organiser=d.RIZOME,
        contact="Olivier Mertens",
        # A draft: only Rizome-BXL (and administrators) may see it.
        status=ActivityStatus.DRAFT,
        category="release-preparation",
        target_groups=("men", "women", "convicted"),
        languages=("fr", "nl"),
        aims=(PROSPECTS,),
        default_capacity=8,
        texts={
            "title_fr": "Sortir sans rue : préparer son logement avant la libération",
            "title_nl": "Niet op straat: je woning voorbereiden voor de vrijlating",
            "summary_fr": (
                "Module en préparation avec Bruss'help : droits, démarches et adresses utiles pour ne pas se "
                "retrouver sans logement à la sortie."
            ),
            "summary_nl": (
                "Module in voorbereiding met Bruss'help: rechten, stappen en nuttige adressen om na de vrijlating "
                "niet zonder woning te vallen."
            ),
            "description_fr": (
                "Brouillon. Trois séances : le CPAS et l'adresse de référence, la recherche de logement et les "
                "agences immobilières sociales, les maisons d'accueil et l'accompagnement à la sortie. À discuter "
                "avec la coordinatrice Cocom avant de le proposer."
            ),
            "description_nl": (
                "Ontwerp. Drie sessies: het OCMW en het referentieadres, een woning zoeken en de sociale "
                "verhuurkantoren, de opvangtehuizen en de begeleiding na de vrijlating. Te bespreken met de "
                "Cocom-coördinator voor we het voorstellen."
            ),
        },
    ),
    # --- Sociocultural ------------------------------------------------------------------------
    ActivityPlan(
        organiser=d.SIREAS,
        partners=(d.ART_COLLECTIVE,),
        contact="Carlos Moreno",
        status=ActivityStatus.PUBLISHED,
        category="drawing-painting",
        target_groups=("men", "women", "accused", "convicted"),
        languages=("fr", "nl"),
        aims=(WELLBEING,),
        default_capacity=10,
        texts={
            "title_fr": "Atelier dessin et peinture",
            "title_nl": "Teken- en schilderatelier",
            "title_en": "Drawing and painting workshop",
            "summary_fr": (
                "Un après-midi par semaine pour dessiner, peindre et découvrir des techniques avec des artistes "
                "bénévoles. Aucune expérience nécessaire."
            ),
            "summary_nl": (
                "Eén namiddag per week tekenen, schilderen en technieken ontdekken met vrijwillige kunstenaars. "
                "Geen ervaring nodig."
            ),
            "summary_en": (
                "One afternoon a week to draw, paint and try out techniques with volunteer artists. No experience "
                "needed."
            ),
            "description_fr": (
                "Crayon, fusain, aquarelle, acrylique : des artistes bénévoles du collectif Pinceaux Libres "
                "proposent chaque semaine une technique ou un thème, et chacun avance à son rythme. L'atelier est "
                "un lieu calme, où l'on peut parler ou simplement se concentrer.\n\n"
                "Le matériel est fourni et reste à l'atelier. En fin de cycle, les œuvres peuvent être exposées, "
                "avec l'accord de leurs auteurs, ou envoyées à la famille."
            ),
            "description_nl": (
                "Potlood, houtskool, aquarel, acryl: vrijwillige kunstenaars van het collectief Pinceaux Libres "
                "stellen elke week een techniek of een thema voor, en iedereen werkt op zijn eigen tempo. Het "
                "atelier is een rustige plek waar je kunt praten of je gewoon kunt concentreren.\n\n"
                "Het materiaal wordt voorzien en blijft in het atelier. Op het einde van de reeks kunnen de werken "
                "tentoongesteld worden, met toestemming van de makers, of naar de familie gestuurd worden."
            ),
            "description_en": (
                "Pencil, charcoal, watercolour, acrylic: volunteer artists from the Pinceaux Libres collective "
                "bring a technique or a theme each week, and everyone works at their own pace. The workshop is a "
                "quiet place to talk or simply to concentrate.\n\n"
                "Materials are provided and stay in the workshop. At the end of the cycle, the works can be shown, "
                "with their makers' consent, or sent to family."
            ),
            "objectives_fr": (
                "S'exprimer autrement que par les mots.\n"
                "Retrouver de la concentration et de la confiance en soi.\n"
                "Partager un moment avec d'autres, dans le respect de chacun."
            ),
            "objectives_nl": (
                "Je op een andere manier uitdrukken dan met woorden.\n"
                "Concentratie en zelfvertrouwen terugvinden.\n"
                "Een moment delen met anderen, met respect voor iedereen."
            ),
            "screening_fr": (
                "Inscription par billet de rapport ou auprès d'un travailleur de Siréas. Les places sont attribuées "
                "dans l'ordre des inscriptions."
            ),
            "screening_nl": (
                "Inschrijven met een rapportbriefje of bij een medewerker van Siréas. De plaatsen worden toegekend "
                "in volgorde van inschrijving."
            ),
        },
        editions=(
            # The previous cycle, already over.
            EditionPlan(
                units=("remand-men",),
                room=d.WORKSHOP,
                capacity=10,
                facilitators=("volunteer",),
                first_week=-18,
                weeks=13,
                hours=AFTERNOON,
                recurrence="FREQ=WEEKLY;BYDAY=WE",
            ),
            EditionPlan(
                units=("remand-men",),
                room=d.WORKSHOP,
                capacity=10,
                facilitators=("volunteer",),
                first_week=0,
                weeks=14,
                hours=AFTERNOON,
                recurrence="FREQ=WEEKLY;BYDAY=WE",
            ),
            EditionPlan(
                units=("women-closed", "women-open"),
                room=d.WORKSHOP,
                capacity=8,
                facilitators=("volunteer",),
                first_week=0,
                weeks=10,
                hours=MORNING,
                recurrence="FREQ=WEEKLY;BYDAY=FR",
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.FAMD,
        partners=(d.THEATRE_COMPANY,),
        contact="Isabelle Lemaire",
        status=ActivityStatus.PUBLISHED,
        category="theatre",
        target_groups=("men", "convicted"),
        languages=("fr", "nl"),
        aims=(WELLBEING, PROSPECTS),
        default_capacity=15,
        texts={
            "title_fr": "Atelier théâtre : monter sur les planches",
            "title_nl": "Theateratelier: op de planken",
            "title_en": "Theatre workshop: taking the stage",
            "summary_fr": (
                "Jeux d'expression, improvisation et création collective d'une courte pièce, jouée en fin de cycle."
            ),
            "summary_nl": (
                "Expressiespel, improvisatie en samen een kort stuk maken, dat op het einde van de reeks "
                "opgevoerd wordt."
            ),
            "summary_en": (
                "Drama games, improvisation and the group's own short play, performed at the end of the cycle."
            ),
            "description_fr": (
                "Animé par une comédienne de la Compagnie Les Planches, l'atelier commence par des jeux de voix, "
                "de corps et d'improvisation ; le groupe écrit ensuite sa propre pièce courte et la met en scène. "
                "La représentation finale a lieu dans la salle polyvalente, devant d'autres détenus et, si la "
                "direction l'autorise, quelques proches.\n\n"
                "L'atelier se déroule en français et en néerlandais ; personne n'est obligé de monter sur scène."
            ),
            "description_nl": (
                "Onder begeleiding van een actrice van Compagnie Les Planches begint het atelier met stem-, "
                "bewegings- en improvisatieoefeningen; daarna schrijft de groep een eigen kort stuk en zet het in "
                "scène. De slotvoorstelling vindt plaats in de polyvalente zaal, voor andere gedetineerden en, als "
                "de directie het toestaat, enkele naasten.\n\n"
                "Het atelier verloopt in het Frans en het Nederlands; niemand moet op het podium als hij dat niet "
                "wil."
            ),
            "description_en": (
                "Led by an actress from Compagnie Les Planches, the workshop starts with voice, movement and "
                "improvisation games; the group then writes and stages its own short play. The final performance "
                "takes place in the multipurpose hall, in front of other detainees and, if the management allows "
                "it, a few relatives.\n\n"
                "The workshop runs in French and Dutch; nobody has to go on stage."
            ),
            "objectives_fr": (
                "Prendre la parole devant un groupe.\n"
                "Coopérer et tenir un engagement sur plusieurs semaines.\n"
                "Vivre une réussite collective et la montrer."
            ),
            "objectives_nl": (
                "Het woord nemen voor een groep.\n"
                "Samenwerken en een engagement over meerdere weken volhouden.\n"
                "Samen iets waarmaken en het tonen."
            ),
            "objectives_en": (
                "Speak up in front of a group.\n"
                "Cooperate and keep a commitment over several weeks.\n"
                "Achieve something together and show it."
            ),
            "screening_fr": (
                "Rencontre préalable avec la comédienne et la FAMD. Il faut s'engager à venir à toutes les séances."
            ),
            "screening_nl": (
                "Kennismakingsgesprek met de actrice en de FAMD. Je engageert je om naar alle sessies te komen."
            ),
        },
        editions=(
            EditionPlan(
                units=("sentenced-men",),
                room=d.HALL,
                capacity=15,
                facilitators=("partner",),
                first_week=0,
                weeks=14,
                hours=(dt.time(13, 30), dt.time(16, 30)),
                recurrence="FREQ=WEEKLY;BYDAY=TH",
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.FAMD,
        partners=(d.THEATRE_COMPANY,),
        contact="Isabelle Lemaire",
        status=ActivityStatus.PUBLISHED,
        category="theatre",
        target_groups=("men", "accused", "convicted"),
        languages=("fr",),
        aims=(WELLBEING,),
        default_capacity=25,
        texts={
            "title_fr": "Spectacle « Dedans-dehors » par la Compagnie Les Planches",
            "title_nl": "Voorstelling ‘Binnen-buiten’ door Compagnie Les Planches",
            "title_en": "Performance “Inside-out” by Compagnie Les Planches",
            "summary_fr": (
                "Une pièce courte et drôle sur l'attente et les retrouvailles, jouée par trois comédiens et suivie "
                "d'un échange avec le public."
            ),
            "summary_nl": (
                "Een kort en grappig stuk over wachten en weerzien, gespeeld door drie acteurs en gevolgd door een "
                "nagesprek met het publiek."
            ),
            "summary_en": (
                "A short, funny play about waiting and meeting again, played by three actors and followed by a "
                "talk with the audience."
            ),
            "description_fr": (
                "La Compagnie Les Planches joue « Dedans-dehors », une pièce de cinquante minutes sur le temps qui "
                "passe en détention et sur la sortie. Le spectacle est en français ; un résumé en néerlandais, en "
                "anglais et en arabe est distribué à l'entrée. Après la représentation, les comédiens restent pour "
                "un échange avec le public et présentent l'atelier théâtre."
            ),
            "description_nl": (
                "Compagnie Les Planches speelt ‘Binnen-buiten’, een stuk van vijftig minuten over de tijd in de "
                "gevangenis en over de vrijlating. De voorstelling is in het Frans; aan de ingang krijgt iedereen "
                "een samenvatting in het Nederlands, het Engels en het Arabisch. Na de voorstelling blijven de "
                "acteurs voor een nagesprek en stellen ze het theateratelier voor."
            ),
            "screening_fr": (
                "Inscription auprès de la FAMD ou du chef de section ; places limitées à la capacité de la salle."
            ),
            "screening_nl": (
                "Inschrijven bij de FAMD of bij het afdelingshoofd; het aantal plaatsen hangt af van de zaal."
            ),
        },
        editions=(
            EditionPlan(
                units=("remand-men", "sentenced-men"),
                room=d.HALL,
                capacity=25,
                facilitators=("partner",),
                first_week=8,
                weeks=1,
                hours=(dt.time(14, 0), dt.time(16, 0)),
                weekday=4,
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.APO,
        contact="Julien Dubois",
        status=ActivityStatus.PUBLISHED,
        category="library-reading",
        target_groups=("women", "accused", "convicted"),
        languages=("fr", "nl"),
        aims=(WELLBEING,),
        default_capacity=10,
        texts={
            "title_fr": "Club de lecture à la bibliothèque",
            "title_nl": "Leesclub in de bibliotheek",
            "title_en": "Library reading club",
            "summary_fr": (
                "Chaque vendredi après-midi, lire, écouter lire et discuter de livres choisis ensemble, en français "
                "ou en néerlandais."
            ),
            "summary_nl": (
                "Elke vrijdagnamiddag lezen, voorlezen en praten over samen gekozen boeken, in het Frans of het "
                "Nederlands."
            ),
            "summary_en": "Every Friday afternoon, reading, listening and talking about books chosen together.",
            "description_fr": (
                "À la bibliothèque de la prison, le groupe choisit des romans, des bandes dessinées et des "
                "nouvelles, les lit à voix haute et en discute. Les livres en langue facile et les livres audio "
                "permettent à chacune de participer, quel que soit son niveau. Une fois par cycle, une autrice ou un "
                "auteur vient rencontrer le groupe."
            ),
            "description_nl": (
                "In de gevangenisbibliotheek kiest de groep romans, strips en verhalen, leest ze hardop en praat "
                "erover. Dankzij boeken in makkelijke taal en luisterboeken kan iedereen meedoen, wat haar niveau "
                "ook is. Eén keer per reeks komt een auteur langs."
            ),
            "screening_fr": "Inscription libre auprès de la bibliothèque ou d'un travailleur d'APO.",
            "screening_nl": "Vrij inschrijven bij de bibliotheek of bij een medewerker van APO.",
        },
        editions=(
            EditionPlan(
                units=("women-closed", "women-open"),
                room=d.LIBRARY,
                capacity=10,
                facilitators=("worker",),
                first_week=0,
                weeks=12,
                hours=(dt.time(13, 30), dt.time(15, 30)),
                recurrence="FREQ=WEEKLY;BYDAY=FR",
            ),
        ),
    ),
    ActivityPlan(
        organiser=d.SIREAS,
        contact="Carlos Moreno",
        status=ActivityStatus.PROPOSED,
        category="music",
        target_groups=("men", "accused"),
        languages=("fr", "nl", "es"),
        aims=(WELLBEING,),
        default_capacity=10,
        texts={
            "title_fr": "Atelier percussions",
            "title_nl": "Percussieatelier",
            "summary_fr": (
                "Djembé, cajón et percussions corporelles : jouer ensemble, trouver le rythme du groupe, sans "
                "connaître la musique."
            ),
            "summary_nl": (
                "Djembé, cajón en bodypercussie: samen spelen, het ritme van de groep vinden, zonder muziek te kennen."
            ),
            "description_fr": (
                "Proposé pour la maison d'arrêt, où beaucoup de détenus ne parlent ni le français ni le "
                "néerlandais : la musique se passe de traduction. Les instruments restent au centre d'activités ; "
                "leur entrée doit être autorisée par la direction."
            ),
            "description_nl": (
                "Voorgesteld voor het arresthuis, waar veel gedetineerden geen Frans of Nederlands spreken: muziek "
                "heeft geen vertaling nodig. De instrumenten blijven in het activiteitencentrum; de directie moet "
                "ze eerst binnen laten."
            ),
        },
    ),
    ActivityPlan(
        organiser=d.FAMD,
        contact="Isabelle Lemaire",
        status=ActivityStatus.ARCHIVED,
        category="library-reading",
        target_groups=("men", "convicted"),
        languages=("fr",),
        aims=(WELLBEING,),
        default_capacity=10,
        texts={
            "title_fr": "Atelier slam et écriture",
            "title_nl": "Slam- en schrijfatelier",
            "summary_fr": (
                "Écrire et dire ses propres textes : un atelier d'écriture autour du slam, avec une scène ouverte "
                "en fin de cycle."
            ),
            "summary_nl": (
                "Eigen teksten schrijven en brengen: een schrijfatelier rond slam, met een open podium op het einde "
                "van de reeks."
            ),
            "description_fr": (
                "Pendant douze semaines, les participants ont écrit des textes courts, travaillé le rythme et la "
                "voix, puis les ont dits lors d'une scène ouverte devant les autres détenus de la section. "
                "L'atelier est archivé en attendant un nouvel animateur."
            ),
            "description_nl": (
                "Twaalf weken lang schreven de deelnemers korte teksten, werkten ze aan ritme en stem, en brachten "
                "ze hun werk op een open podium voor de andere gedetineerden van de afdeling. Het atelier is "
                "gearchiveerd tot er een nieuwe begeleider is."
            ),
        },
        editions=(
            EditionPlan(
                units=("sentenced-men",),
                room=d.CLASSROOM_1,
                capacity=10,
                facilitators=("famd",),
                first_week=-20,
                weeks=12,
                hours=AFTERNOON,
                recurrence="FREQ=WEEKLY;BYDAY=FR",
            ),
        ),
    ),
]
