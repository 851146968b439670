"""The DCAT-AP 3.0 catalogue of Concerto's open data, for data.gov.be and the Brussels portal.

One dataset, the public offer of collective activities, with three kinds of distribution:
the HSDS API (a ``dcat:DataService`` with its OpenAPI description), the HSDS tabular package
(a zip of CSV files) and the calendar feed of each active prison (``/<lang>/feeds/prisons/
<code>.ics``). Titles and descriptions are written here in French, Dutch and English
(language-tagged literals); they are metadata of the catalogue, like the ``_fr/_nl/_en``
columns of an activity, not interface strings. Dates come from the publication stamp.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from concerto.public import selectors, stamp

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
# The EU data themes of the dataset, with their labels in the EU vocabulary.
THEMES = {
    "SOCI": {"fr": "Population et société", "nl": "Bevolking en samenleving", "en": "Population and society"},
    "EDUC": {
        "fr": "Éducation, culture et sport",
        "nl": "Onderwijs, cultuur en sport",
        "en": "Education, culture and sport",
    },
    "JUST": {
        "fr": "Justice, système juridique et sécurité publique",
        "nl": "Justitie, rechtsstelsel en openbare veiligheid",
        "en": "Justice, legal system and public safety",
    },
}
LANGUAGES = {"fr": "FRA", "nl": "NLD", "en": "ENG"}
HSDS_SPECIFICATION = URIRef("https://docs.openreferral.org/en/latest/")
BRUSSELS_CAPITAL_REGION = URIRef("http://data.europa.eu/nuts/code/BE10")
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

TEXTS: dict[str, dict[str, str | tuple[str, ...]]] = {
    "catalogue_title": {
        "fr": "Données ouvertes de Concerto",
        "nl": "Open data van Concerto",
        "en": "Concerto open data",
    },
    "catalogue_description": {
        "fr": "Les données ouvertes de Concerto, l'outil de coordination des activités collectives "
        "proposées aux détenus des prisons bruxelloises par les services d'aide aux justiciables et leurs partenaires.",
        "nl": "De open data van Concerto, het coördinatie-instrument voor het groepsaanbod dat de diensten "
        "justitieel welzijnswerk en hun partners aan gedetineerden in de Brusselse gevangenissen aanbieden.",
        "en": "The open data of Concerto, the tool that coordinates the collective activities offered to "
        "detainees in the Brussels prisons by the justice-aid services and their partners.",
    },
    "dataset_title": {
        "fr": "Offre d'activités collectives en prison (Bruxelles)",
        "nl": "Groepsaanbod in de gevangenis (Brussel)",
        "en": "Collective activities offered in prison (Brussels)",
    },
    "dataset_description": {
        "fr": "Les activités publiées (formations, activités psychosociales et socioculturelles), leurs sessions "
        "en cours et à venir, les organisations qui les proposent, les prisons où elles ont lieu, leurs publics "
        "cibles et leurs langues. Aucune donnée personnelle.",
        "nl": "De gepubliceerde activiteiten (vorming, psychosociale en socio-culturele activiteiten), hun lopende "
        "en komende reeksen, de organisaties die ze aanbieden, de gevangenissen waar ze plaatsvinden, hun "
        "doelgroepen en talen. Geen persoonsgegevens.",
        "en": "The published activities (training, psychosocial and sociocultural activities), their current and "
        "coming editions, the organisations that offer them, the prisons where they take place, their target "
        "groups and languages. No personal data.",
    },
    "api_title": {
        "fr": "API Open Referral HSDS 3.0",
        "nl": "Open Referral HSDS 3.0-API",
        "en": "Open Referral HSDS 3.0 API",
    },
    "api_description": {
        "fr": "API JSON en lecture seule, sans connexion, au format Open Referral HSDS 3.0 avec le profil Concerto "
        "(textes en français, néerlandais et anglais).",
        "nl": "Alleen-lezen JSON-API zonder aanmelding, in Open Referral HSDS 3.0 met het Concerto-profiel "
        "(teksten in het Frans, Nederlands en Engels).",
        "en": "Read-only JSON API, no login, in Open Referral HSDS 3.0 with the Concerto profile (texts in French, "
        "Dutch and English).",
    },
    "tabular_title": {
        "fr": "Paquet tabulaire HSDS (CSV)",
        "nl": "HSDS-tabelpakket (CSV)",
        "en": "HSDS tabular package (CSV)",
    },
    "tabular_description": {
        "fr": "Un fichier zip : un CSV par table HSDS et datapackage.json (Frictionless Data).",
        "nl": "Een zipbestand: één CSV per HSDS-tabel en datapackage.json (Frictionless Data).",
        "en": "A zip file: one CSV per HSDS table and datapackage.json (Frictionless Data).",
    },
    "calendar_title": {
        "fr": "Calendrier des séances : %(prison)s (iCalendar)",
        "nl": "Kalender van de sessies: %(prison)s (iCalendar)",
        "en": "Calendar of sessions: %(prison)s (iCalendar)",
    },
    "keywords": {
        "fr": ("prison", "détenus", "aide aux justiciables", "activités collectives"),
        "nl": ("gevangenis", "gedetineerden", "justitieel welzijnswerk", "groepsaanbod"),
        "en": ("prison", "detainees", "justice aid", "collective activities"),
    },
}


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, key: str, **values: str) -> None:
    for language, text in TEXTS[key].items():
        if isinstance(text, tuple):
            for word in text:
                graph.add((subject, predicate, Literal(word, lang=language)))
        else:
            graph.add((subject, predicate, Literal(text % values if values else text, lang=language)))


def _typed(graph: Graph, uri: str, kind: URIRef) -> URIRef:
    node = URIRef(uri)
    graph.add((node, RDF.type, kind))
    return node


def catalogue(*, base_url: str) -> Graph:
    """The catalogue as an RDF graph (serialise it as Turtle or JSON-LD)."""
    root = base_url.rstrip("/")
    graph = Graph()
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    modified = Literal(stamp.last_modified(stamp.current()).isoformat(), datatype=XSD.dateTime)

    catalog = _typed(graph, f"{root}/opendata/catalog", DCAT.Catalog)
    dataset = _typed(graph, f"{root}/opendata/datasets/public-offer", DCAT.Dataset)
    publisher = _typed(graph, f"{root}/opendata/publisher", FOAF.Agent)
    graph.add((publisher, FOAF.name, Literal(settings.CONCERTO_OPEN_DATA_PUBLISHER)))
    contact = _typed(graph, f"{root}/opendata/contact", VCARD.Kind)
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.CONCERTO_OPEN_DATA_PUBLISHER)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.CONCERTO_OPEN_DATA_CONTACT_EMAIL}")))
    licence = _typed(graph, settings.CONCERTO_OPEN_DATA_LICENCE, DCTERMS.LicenseDocument)
    languages = [_typed(graph, f"{EU}language/{code}", DCTERMS.LinguisticSystem) for code in LANGUAGES.values()]
    hsds_standard = HSDS_SPECIFICATION
    graph.add((hsds_standard, RDF.type, DCTERMS.Standard))

    _texts(graph, catalog, DCTERMS.title, "catalogue_title")
    _texts(graph, catalog, DCTERMS.description, "catalogue_description")
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((catalog, DCTERMS.modified, modified))
    graph.add((catalog, DCTERMS.license, licence))
    homepage = _typed(graph, f"{root}/opendata/hsds/", FOAF.Document)
    graph.add((catalog, FOAF.homepage, homepage))
    for language in languages:
        graph.add((catalog, DCTERMS.language, language))
    spatial = _typed(graph, str(BRUSSELS_CAPITAL_REGION), DCTERMS.Location)
    graph.add((catalog, DCTERMS.spatial, spatial))

    _texts(graph, dataset, DCTERMS.title, "dataset_title")
    _texts(graph, dataset, DCTERMS.description, "dataset_description")
    _texts(graph, dataset, DCAT.keyword, "keywords")
    graph.add((dataset, DCTERMS.identifier, Literal(f"{root}/opendata/datasets/public-offer")))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((dataset, DCTERMS.modified, modified))
    graph.add((dataset, DCTERMS.spatial, spatial))
    graph.add((dataset, DCTERMS.conformsTo, hsds_standard))
    frequency = _typed(graph, f"{EU}frequency/UPDATE_CONT", DCTERMS.Frequency)
    graph.add((dataset, DCTERMS.accrualPeriodicity, frequency))
    theme_scheme = _typed(graph, f"{EU}data-theme", SKOS.ConceptScheme)
    graph.add((theme_scheme, DCTERMS.title, Literal("Data theme", lang="en")))
    for code, labels in THEMES.items():
        theme = _typed(graph, f"{EU}data-theme/{code}", SKOS.Concept)
        graph.add((theme, SKOS.inScheme, theme_scheme))
        for label_language, label in labels.items():
            graph.add((theme, SKOS.prefLabel, Literal(label, lang=label_language)))
        graph.add((dataset, DCAT.theme, theme))
    for language in languages:
        graph.add((dataset, DCTERMS.language, language))

    api_root = f"{root}{reverse('opendata:hsds_root')}"
    service = _typed(graph, f"{root}/opendata/services/hsds", DCAT.DataService)
    _texts(graph, service, DCTERMS.title, "api_title")
    _texts(graph, service, DCTERMS.description, "api_description")
    graph.add((service, DCAT.endpointURL, URIRef(api_root)))
    graph.add((service, DCAT.endpointDescription, URIRef(f"{root}{reverse('opendata:hsds_openapi')}")))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.conformsTo, hsds_standard))
    graph.add((service, DCTERMS.license, licence))
    graph.add((service, DCTERMS.publisher, publisher))
    graph.add((catalog, DCAT.service, service))

    def distribution(key: str, access_url: str, media_type: str, file_type: str | None, **values: str) -> URIRef:
        node = _typed(graph, f"{root}/opendata/distributions/{key}", DCAT.Distribution)
        title_key = key.split("-")[0]
        _texts(graph, node, DCTERMS.title, f"{title_key}_title", **values)
        if f"{title_key}_description" in TEXTS:
            _texts(graph, node, DCTERMS.description, f"{title_key}_description")
        graph.add((node, DCAT.accessURL, URIRef(access_url)))
        graph.add(
            (
                node,
                DCAT.mediaType,
                _typed(graph, f"https://www.iana.org/assignments/media-types/{media_type}", DCTERMS.MediaType),
            )
        )
        if file_type:
            graph.add((node, DCTERMS.format, _typed(graph, f"{EU}file-type/{file_type}", DCTERMS.MediaTypeOrExtent)))
        graph.add((node, DCTERMS.license, licence))
        graph.add((node, DCTERMS.modified, modified))
        graph.add((dataset, DCAT.distribution, node))
        return node

    api = distribution("api", api_root, "application/json", "JSON")
    graph.add((api, DCAT.accessService, service))
    graph.add((api, DCTERMS.conformsTo, hsds_standard))
    tabular_url = f"{root}{reverse('opendata:hsds_tabular')}"
    tabular = distribution("tabular", tabular_url, "application/zip", "ZIP")
    graph.add((tabular, DCAT.downloadURL, URIRef(tabular_url)))
    graph.add((tabular, DCTERMS.conformsTo, hsds_standard))
    for prison in selectors.prison_list():
        distribution(
            f"calendar-{prison.code}",
            f"{root}/{settings.LANGUAGE_CODE}/feeds/prisons/{prison.code}.ics",
            "text/calendar",
            None,
            prison=prison.name_fr,
        )
    return graph
