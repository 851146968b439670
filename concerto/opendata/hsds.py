"""The public offer in the terms of Open Referral HSDS 3.0, with the Concerto profile.

The mapping (docs/open-data.md has it as a table):

- a published **activity** is an HSDS *service*; its organiser is the service's
  *organization*; its partners are listed in the profile field ``partner_organization_ids``
  (HSDS 3.0 gives a service one organization and no other relationship to organisations);
- an **organisation** (organiser, partner, justice-aid service, coordination body) is an
  *organization*; its address a *location* of that organization, its Bruxelles Social number
  an *organization_identifier*;
- an active **prison** is a *location* (physical, with its address);
- each (activity, prison) pair with a current or coming edition is a *service_at_location*;
- each **edition** is a *schedule* of that service_at_location (RFC 5545 fields: ``freq``,
  ``byday``, ``dtstart``, ``until``, ``opens_at``/``closes_at``, ``valid_from``/``valid_to``;
  local times of Europe/Brussels, said in ``description``; its coarse state in ``notes``);
- the **category** tree, the **target groups** and the **aims** are three *taxonomies* and their
  *taxonomy_terms*, linked to services by *attributes*;
- an activity's **languages** are *language* objects (ISO 639 codes).

Ids are UUIDs derived with uuid5 from ``NAMESPACE`` and a key such as ``activity:12``, so an id
never changes while the row lives, and nothing but the database key is encoded in it.

HSDS has one ``name`` and one ``description`` per object: they are in the reader's language
(with the fallback of ``concerto.core.translation``), and the profile adds
``name_translations``/``description_translations`` ({fr, nl, en}, only the filled ones).

Everything is read through ``concerto.public.selectors``: no private field can be reached here.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from concerto.core.translation import CONTENT_LANGUAGES, localised
from concerto.organisations.models import Organisation
from concerto.public import selectors
from concerto.public.presentation import edition_hours
from concerto.public.selectors import (
    PublicActivity,
    PublicEdition,
    PublicOrganisation,
    PublicPrison,
    PublicTerm,
)

HSDS_VERSION = "3.0"
# uuid5(NAMESPACE_URL, "https://concerto.brussels/hsds"), written out so that it can never drift.
NAMESPACE = uuid.UUID("0ac33b02-1b69-5ffd-9e7c-2754efc9d8ef")
TIME_ZONE = "Europe/Brussels"
SCHEDULE_FREQUENCIES = ("WEEKLY", "MONTHLY")
BRUSSELS_POSTAL_CODES = range(1000, 1300)

JSON = dict[str, Any]

# The three taxonomies' own names, in the three languages (metadata, like the _fr/_nl/_en columns).
TAXONOMY_TEXTS = {
    "category": {
        "name": {
            "fr": "Catégories d'activités Concerto",
            "nl": "Concerto-activiteitscategorieën",
            "en": "Concerto activity categories",
        },
        "description": {
            "fr": "Les types d'activités collectives en prison (formation, psychosocial, socioculturel) "
            "et leurs thèmes.",
            "nl": "De soorten groepsactiviteiten in de gevangenis (vorming, psychosociaal, socio-cultureel) "
            "en hun thema's.",
            "en": "Kinds of collective activity in prison (training, psychosocial, sociocultural) and their themes.",
        },
    },
    "target_group": {
        "name": {"fr": "Publics cibles Concerto", "nl": "Concerto-doelgroepen", "en": "Concerto target groups"},
        "description": {
            "fr": "À qui une activité s'adresse : genre, statut légal (inculpés, condamnés, internés), proches.",
            "nl": "Voor wie een activiteit bedoeld is: gender, juridisch statuut (verdachten, veroordeelden, "
            "geïnterneerden), naasten.",
            "en": "Who an activity is for: gender, legal status (accused, convicted, interned), relatives.",
        },
    },
    "aim": {
        "name": {"fr": "Objectifs Concerto", "nl": "Concerto-doelstellingen", "en": "Concerto aims"},
        "description": {
            "fr": "Ce que visent les activités : perspectives sociales et professionnelles, bien-être psychosocial.",
            "nl": "Waar de activiteiten naar streven: sociale en professionele perspectieven, psychosociaal welzijn.",
            "en": "What activities aim at: social and professional prospects, psychosocial well-being.",
        },
    },
}


@functools.lru_cache(maxsize=100_000)  # the same few thousand ids on every page of every list
def hsds_id(kind: str, *keys: object) -> str:
    """The stable UUID of one HSDS object: uuid5 of ``NAMESPACE`` and ``kind:key[:key…]``."""
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(key) for key in keys)])))


@dataclass(frozen=True)
class Taxonomy:
    key: str
    texts: dict[str, dict[str, str]]  # {"name": {"fr": ...}, "description": {...}}
    terms: tuple[PublicTerm, ...]

    @property
    def id(self) -> str:
        return hsds_id("taxonomy", self.key)


# --- texts in three languages --------------------------------------------------------------------


def _each_language(build: Callable[[], str]) -> dict[str, str]:
    """``build()`` evaluated in French, Dutch and English (for texts made of translated words)."""
    texts = {}
    for code in CONTENT_LANGUAGES:
        with translation.override(code):
            text = build()
        if text:
            texts[code] = text
    return texts


def _pick(texts: dict[str, str]) -> str:
    """The text in the reader's language, else the first filled one (French, Dutch, English)."""
    requested = translation.get_language() or settings.LANGUAGE_CODE
    for code in (requested[:2], *CONTENT_LANGUAGES):
        if texts.get(code):
            return texts[code]
    return ""


def _columns(obj: Any, field: str) -> dict[str, str]:
    """A model text stored one column per language, as {language: text} (filled ones only)."""
    return {code: value for code in CONTENT_LANGUAGES if (value := (getattr(obj, f"{field}_{code}", "") or "").strip())}


def _translated(prefix: str, texts: dict[str, str]) -> JSON:
    """``{prefix: text in the reader's language, prefix_translations: {...}}`` (the profile's pair)."""
    return {prefix: _pick(texts), f"{prefix}_translations": texts}


def _activity_description(activity: PublicActivity) -> dict[str, str]:
    texts = {}
    for code in CONTENT_LANGUAGES:
        parts = [getattr(activity, f"{field}_{code}").strip() for field in ("summary", "description")]
        if text := "\n\n".join(part for part in parts if part):
            texts[code] = text
    return texts


# --- the directory: what one request publishes ---------------------------------------------------


class Directory:
    """The public offer read once, with every HSDS object it yields, by id.

    Built once per publication stamp and day in each serving process (``shared_directory``):
    every object in it is a public projection, so sharing it between readers shares nothing
    private. The ETag spares the work for readers who have the answer already.
    """

    def __init__(self, *, today: dt.date | None = None, search: str = "") -> None:
        self.today = today or timezone.localdate()
        self.activities = selectors.offer(selectors.PublicFilters(text=search), today=self.today)
        self.all_activities = self.activities if not search else selectors.offer(today=self.today)
        organisations = {organisation.pk: organisation for organisation in selectors.organisation_list()}
        for activity in self.all_activities:
            for organisation in (activity.organiser, *activity.partners):
                organisations.setdefault(organisation.pk, organisation)
        self.organisations = sorted(organisations.values(), key=lambda organisation: organisation.name.lower())
        self.prisons = selectors.prison_list()
        vocabulary = selectors.vocabulary()
        self.taxonomies = (
            Taxonomy("category", TAXONOMY_TEXTS["category"], vocabulary.categories),
            Taxonomy("target_group", TAXONOMY_TEXTS["target_group"], vocabulary.target_groups),
            Taxonomy("aim", TAXONOMY_TEXTS["aim"], vocabulary.aims),
        )
        self.categories = {term.pk: term for term in vocabulary.categories}
        # What services_matching compares, per activity (the same for every search and page).
        self._matching_keys: dict[int, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}

    def searched(self, search: str) -> Directory:
        """This directory with only the services that match ``search`` listed (everything else shared)."""
        found = copy.copy(self)
        found.activities = selectors.offer(selectors.PublicFilters(text=search), today=self.today)
        return found

    # -- lookups by HSDS id

    def find_activity(self, service_id: str) -> PublicActivity | None:
        return next((a for a in self.all_activities if hsds_id("activity", a.pk) == service_id), None)

    def find_organisation(self, organization_id: str) -> PublicOrganisation | None:
        return next((o for o in self.organisations if hsds_id("organisation", o.pk) == organization_id), None)

    def find_service_at_location(self, identifier: str) -> tuple[PublicActivity, PublicPrison] | None:
        return next((pair for pair in self.service_at_location_pairs() if _sal_id(*pair) == identifier), None)

    def find_taxonomy(self, taxonomy_id: str) -> Taxonomy | None:
        return next((taxonomy for taxonomy in self.taxonomies if taxonomy.id == taxonomy_id), None)

    def find_taxonomy_term(self, term_id: str) -> tuple[Taxonomy, PublicTerm] | None:
        return next((pair for pair in self.taxonomy_terms() if _term_id(pair[0], pair[1]) == term_id), None)

    # -- collections

    def service_at_location_pairs(
        self, activities: Iterable[PublicActivity] | None = None
    ) -> list[tuple[PublicActivity, PublicPrison]]:
        pairs = []
        for activity in self.activities if activities is None else activities:
            seen: set[int] = set()
            for edition in activity.editions:
                if edition.prison.pk not in seen:
                    seen.add(edition.prison.pk)
                    pairs.append((activity, self._prison(edition.prison)))
        return pairs

    def taxonomy_terms(self) -> list[tuple[Taxonomy, PublicTerm]]:
        return [(taxonomy, term) for taxonomy in self.taxonomies for term in taxonomy.terms]

    def _prison(self, prison: PublicPrison) -> PublicPrison:
        """The prison with its units (an edition's prison projection carries none)."""
        return next((full for full in self.prisons if full.pk == prison.pk), prison)

    def organised_by(self, organisation: PublicOrganisation) -> list[PublicActivity]:
        return [a for a in self.activities if a.organiser.pk == organisation.pk]

    def partnered_by(self, organisation: PublicOrganisation) -> list[PublicActivity]:
        return [a for a in self.activities if organisation.pk in {p.pk for p in a.partners}]

    # -- filters of /services and /service_at_locations

    def services_matching(
        self,
        *,
        taxonomy_term_id: str = "",
        taxonomy_id: str = "",
        organization_id: str = "",
        modified_after: dt.datetime | None = None,
    ) -> list[PublicActivity]:
        chosen = []
        for activity in self.activities:
            term_ids, taxonomy_ids, organisations = self._keys_of(activity)
            if taxonomy_term_id and taxonomy_term_id not in term_ids:
                continue
            if taxonomy_id and taxonomy_id not in taxonomy_ids:
                continue
            if organization_id and organization_id not in organisations:
                continue
            if modified_after and service_modified(activity) < modified_after:
                continue
            chosen.append(activity)
        return chosen

    def _keys_of(self, activity: PublicActivity) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """The HSDS ids of an activity's terms (sub-categories bring their parent), taxonomies and organisations."""
        keys = self._matching_keys.get(activity.pk)
        if keys is None:
            terms = self.terms_of(activity)
            term_ids = {_term_id(taxonomy, term) for taxonomy, term in terms}
            term_ids |= {
                _term_id(taxonomy, self.categories[term.parent_pk])
                for taxonomy, term in terms
                if term.parent_pk and term.parent_pk in self.categories
            }
            keys = (
                frozenset(term_ids),
                frozenset(taxonomy.id for taxonomy, _term in terms),
                frozenset(hsds_id("organisation", o.pk) for o in (activity.organiser, *activity.partners)),
            )
            self._matching_keys[activity.pk] = keys
        return keys

    def terms_of(self, activity: PublicActivity) -> list[tuple[Taxonomy, PublicTerm]]:
        category, target_group, aim = self.taxonomies
        return [
            (category, activity.category),
            *((target_group, term) for term in activity.target_groups),
            *((aim, term) for term in activity.aims),
        ]

    # -- HSDS objects

    def service(self, activity: PublicActivity, *, full: bool = False, minimal: bool = False) -> JSON:
        """A service: ``minimal`` its required fields and date, else service_list's, ``full`` nested."""
        service_id = hsds_id("activity", activity.pk)
        body: JSON = {"id": service_id, **_translated("name", _columns(activity, "title")), "status": "active"}
        body["last_modified"] = service_modified(activity).isoformat()
        if minimal:
            return body
        body |= _translated("description", _activity_description(activity))
        body |= _translated("application_process", _columns(activity, "screening"))
        body |= _translated("objectives", _columns(activity, "objectives"))
        body |= _translated(
            "eligibility_description",
            _each_language(lambda: ", ".join(localised(group, "name").text for group in activity.target_groups)),
        )
        body["organization_id"] = hsds_id("organisation", activity.organiser.pk)
        body["partner_organization_ids"] = [hsds_id("organisation", partner.pk) for partner in activity.partners]
        if activity.organiser.email:
            body["email"] = activity.organiser.email
        body["organization"] = self.organization(activity.organiser)
        if not full:
            return body
        body["languages"] = [language_object(activity, language) for language in activity.languages]
        body["attributes"] = [self.attribute(activity, taxonomy, term) for taxonomy, term in self.terms_of(activity)]
        body["service_at_locations"] = [
            self.service_at_location(activity, prison, nested_service=False)
            for activity, prison in self.service_at_location_pairs([activity])
        ]
        body["organization"] = self.organization(activity.organiser, full=True)
        return body

    def organization(self, organisation: PublicOrganisation, *, full: bool = False, full_service: bool = False) -> JSON:
        organization_id = hsds_id("organisation", organisation.pk)
        body: JSON = {
            "id": organization_id,
            **_translated("name", dict.fromkeys(CONTENT_LANGUAGES, organisation.name)),
            **_translated("description", _each_language(lambda: organisation_description(organisation))),
        }
        if organisation.acronym:
            body["alternate_name"] = organisation.acronym
        if organisation.email:
            body["email"] = organisation.email
        if organisation.website:
            body["website"] = organisation.website
        if organisation.bruxelles_social_url:
            body["uri"] = organisation.bruxelles_social_url
        if not full:
            return body
        body["phones"] = (
            [
                {
                    "id": hsds_id("phone", "organisation", organisation.pk),
                    "organization_id": organization_id,
                    "number": organisation.phone,
                }
            ]
            if organisation.phone
            else []
        )
        body["organization_identifiers"] = (
            [
                {
                    "id": hsds_id("organization_identifier", organisation.pk, "bruxelles_social"),
                    "organization_id": organization_id,
                    "identifier_scheme": "social.brussels",
                    "identifier_type": "Bruxelles Social / Sociaal Brussel",
                    "identifier": organisation.bruxelles_social_id,
                }
            ]
            if organisation.bruxelles_social_id
            else []
        )
        body["locations"] = [organisation_location(organisation)] if organisation.address else []
        body["services"] = [
            self.service(activity, minimal=not full_service) for activity in self.organised_by(organisation)
        ]
        body["partnered_service_ids"] = [hsds_id("activity", a.pk) for a in self.partnered_by(organisation)]
        return body

    def service_at_location(
        self, activity: PublicActivity, prison: PublicPrison, *, full: bool = False, nested_service: bool = True
    ) -> JSON:
        """service_at_location_list's fields; ``full`` adds schedules (and the service nested in full)."""
        identifier = _sal_id(activity, prison)
        body: JSON = {
            "id": identifier,
            "service_id": hsds_id("activity", activity.pk),
            "location_id": hsds_id("prison", prison.pk),
            **_translated(
                "description",
                _each_language(
                    lambda: (
                        _("%(activity)s at %(prison)s")
                        % {"activity": localised(activity, "title").text, "prison": localised(prison, "name").text}
                    )
                ),
            ),
            "location": prison_location(prison),
        }
        if nested_service:
            body["service"] = self.service(activity, full=full)
            if full:
                body["service"].pop("service_at_locations", None)
        if full or not nested_service:
            body["schedules"] = [
                schedule(activity, edition, identifier)
                for edition in activity.editions
                if edition.prison.pk == prison.pk
            ]
        return body

    def attribute(self, activity: PublicActivity, taxonomy: Taxonomy, term: PublicTerm) -> JSON:
        service_id = hsds_id("activity", activity.pk)
        return {
            "id": hsds_id("attribute", "activity", activity.pk, taxonomy.key, term.pk),
            "link_id": service_id,
            "link_type": taxonomy.key,
            "link_entity": "service",
            "taxonomy_term_id": _term_id(taxonomy, term),
            "value": term.code,
            "taxonomy_term": self.taxonomy_term_object(taxonomy, term),
        }

    def taxonomy_object(self, taxonomy: Taxonomy) -> JSON:
        return {
            "id": taxonomy.id,
            **_translated("name", taxonomy.texts["name"]),
            **_translated("description", taxonomy.texts["description"]),
            "version": "1",
        }

    def taxonomy_term_object(self, taxonomy: Taxonomy, term: PublicTerm) -> JSON:
        parent = self.categories.get(term.parent_pk) if taxonomy.key == "category" and term.parent_pk else None
        body: JSON = {
            "id": _term_id(taxonomy, term),
            "code": term.code,
            **_translated("name", _columns(term, "name")),
            **_translated(
                "description",
                _each_language(lambda: _term_description(term, parent)),
            ),
            "taxonomy": _pick(taxonomy.texts["name"]),
            "taxonomy_id": taxonomy.id,
            "language": (translation.get_language() or settings.LANGUAGE_CODE)[:2],
        }
        if parent:
            body["parent_id"] = _term_id(taxonomy, parent)
        return body


# --- objects without a directory ---------------------------------------------------------------


def service_modified(activity: PublicActivity) -> dt.datetime:
    """When the service last changed: the activity or one of its public editions."""
    moments = [moment for moment in (activity.modified_at, *(e.modified_at for e in activity.editions)) if moment]
    return max(moments).replace(microsecond=0) if moments else dt.datetime(2022, 1, 1, tzinfo=dt.UTC)


def organisation_description(organisation: PublicOrganisation) -> str:
    """A sentence from what is known (the model has no free description): kind, community, accreditation."""
    parts = [str(Organisation.Kind(organisation.kind).label)]
    if organisation.community:
        parts.append(localised(organisation.community, "name").text)
    if organisation.accreditation:
        parts.append(organisation.accreditation)
    return " · ".join(part for part in parts if part)


def _term_description(term: PublicTerm, parent: PublicTerm | None) -> str:
    name = localised(term, "name").text
    return f"{localised(parent, 'name').text} › {name}" if parent else name


# The directory of the current stamp and day, per serving process (one entry, replaced when either moves).
_SHARED: dict[str, Directory] = {}


def shared_directory(*, search: str = "") -> Directory:
    """The public directory for this request: built once per publication stamp and day and shared.

    With ``CONCERTO_PUBLIC_OFFER_CACHE`` off (the tests), every call builds its own.
    """
    if not settings.CONCERTO_PUBLIC_OFFER_CACHE:
        return Directory(search=search)
    from concerto.public import stamp

    today = timezone.localdate()
    current = stamp.current()
    key = f"v{current.version}:{current.changed_at.isoformat()}:{today.isoformat()}"
    directory = _SHARED.get(key)
    if directory is None:
        directory = Directory(today=today)
        _SHARED.clear()
        _SHARED[key] = directory
    return directory.searched(search) if search else directory


def forget_shared_directory() -> None:
    """Drop this process's shared directory (tests whose database starts again at stamp 1)."""
    _SHARED.clear()


def _term_id(taxonomy: Taxonomy, term: PublicTerm) -> str:
    return hsds_id(taxonomy.key, term.pk)


def _sal_id(activity: PublicActivity, prison: PublicPrison) -> str:
    return hsds_id("service_at_location", activity.pk, prison.pk)


def language_object(activity: PublicActivity, language: PublicTerm) -> JSON:
    return {
        "id": hsds_id("language", "activity", activity.pk, language.code),
        "service_id": hsds_id("activity", activity.pk),
        **_translated("name", _columns(language, "name")),
        "code": language.code,
    }


ADDRESS = re.compile(r"^(?P<street>.+?),\s*(?P<postal_code>\d{4})\s+(?P<city>.+)$")


def address(key: str, location_id: str, text: str) -> JSON:
    """A Belgian one-line address ("Street 1, 1130 City") in HSDS parts (the rest in address_1)."""
    match = ADDRESS.match(text.strip())
    street, postal_code, city = (match["street"], match["postal_code"], match["city"]) if match else (text, "", "")
    in_brussels = postal_code.isdigit() and int(postal_code) in BRUSSELS_POSTAL_CODES
    return {
        "id": hsds_id("address", key),
        "location_id": location_id,
        "address_1": street.strip(),
        "city": city.strip(),
        "state_province": "Brussels-Capital Region" if in_brussels else "",
        "postal_code": postal_code,
        "country": "BE",
        "address_type": "physical",
    }


def prison_location(prison: PublicPrison) -> JSON:
    location_id = hsds_id("prison", prison.pk)
    body: JSON = {
        "id": location_id,
        "location_type": "physical",
        **_translated("name", _columns(prison, "name")),
        "external_identifier": prison.code,
        "external_identifier_type": "concerto:prison",
        "addresses": [address(f"prison:{prison.pk}", location_id, prison.address)] if prison.address else [],
    }
    if prison.units:
        body |= _translated(
            "description",
            _each_language(
                lambda: _("Units: %(units)s") % {"units": ", ".join(localised(u, "name").text for u in prison.units)}
            ),
        )
    return body


def organisation_location(organisation: PublicOrganisation) -> JSON:
    location_id = hsds_id("location", "organisation", organisation.pk)
    return {
        "id": location_id,
        "location_type": "physical",
        "organization_id": hsds_id("organisation", organisation.pk),
        **_translated("name", dict.fromkeys(CONTENT_LANGUAGES, organisation.name)),
        "addresses": [address(f"organisation:{organisation.pk}", location_id, organisation.address)],
    }


def recurrence_fields(rule: str) -> JSON:
    """The RFC 5545 parts HSDS carries (freq WEEKLY or MONTHLY, byday, interval, bymonthday)."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") not in SCHEDULE_FREQUENCIES:
        return {}
    fields: JSON = {"freq": parts["FREQ"], "wkst": parts.get("WKST", "MO")}
    if "BYDAY" in parts:
        fields["byday"] = parts["BYDAY"]
    if "BYMONTHDAY" in parts:
        fields["bymonthday"] = parts["BYMONTHDAY"]
    if parts.get("INTERVAL", "").isdigit():
        fields["interval"] = int(parts["INTERVAL"])
    return fields


def _schedule_description(edition: PublicEdition) -> str:
    parts = [edition.rhythm or _("sessions on set dates"), edition_hours(edition)]
    text = ", ".join(part for part in parts if part)
    text = _("%(rhythm)s (local time, %(zone)s)") % {"rhythm": text, "zone": TIME_ZONE}
    if edition.units:
        text += " · " + _("Units: %(units)s") % {"units": ", ".join(localised(u, "name").text for u in edition.units)}
    return text[:1].upper() + text[1:]


def schedule(activity: PublicActivity, edition: PublicEdition, service_at_location_id: str) -> JSON:
    """One edition as an HSDS schedule (times are Europe/Brussels local times, said in the description)."""
    body: JSON = {
        "id": hsds_id("schedule", "edition", edition.pk),
        "service_id": hsds_id("activity", activity.pk),
        "location_id": hsds_id("prison", edition.prison.pk),
        "service_at_location_id": service_at_location_id,
        "valid_from": edition.starts_on.isoformat(),
        "valid_to": edition.ends_on.isoformat(),
        "dtstart": edition.starts_on.isoformat(),
        "until": edition.ends_on.isoformat(),
        **recurrence_fields(edition.recurrence),
        **_translated("description", _each_language(lambda: _schedule_description(edition))),
        **_translated("notes", _each_language(lambda: edition.state_label)),
        "attending_type": "in person",
    }
    if edition.session_starts_at:
        body["opens_at"] = edition.session_starts_at.strftime("%H:%M:%S")
    if edition.session_ends_at:
        body["closes_at"] = edition.session_ends_at.strftime("%H:%M:%S")
    return body


def flatten_translations(objects: Iterable[JSON]) -> Iterator[JSON]:
    """Objects with each ``x_translations`` spread into ``x_fr``, ``x_nl``, ``x_en`` (CSV columns)."""
    for obj in objects:
        flat = {}
        for key, value in obj.items():
            if key.endswith("_translations") and isinstance(value, dict):
                base = key.removesuffix("_translations")
                for code in CONTENT_LANGUAGES:
                    flat[f"{base}_{code}"] = value.get(code, "")
            else:
                flat[key] = value
        yield flat
