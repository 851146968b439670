"""The data subject's rights (GDPR art. 15-17): what each app holds about one person, and how it
forgets them.

A registry, so that a new app adds its part in one place. Each app with personal data has a
module ``<app>/subject.py`` listed in ``CONTRIBUTORS`` (or in the setting
``CONCERTO_SUBJECT_DATA``), with:

- ``sections(subject_id, *, disclosing)`` → the ``SubjectSection`` list of what it holds about the
  person, built in the active language (the export switches to the person's). ``disclosing`` is
  the set of services (organisation ids) that agreed to give the contents of their notes and
  interviews (``DisclosurePolicy``); any other service's texts are withheld: the item says that
  the record exists, its date and its service, and carries no content.
- ``erase(subject_ids)`` (optional) → remove or blank, in that app, every free text and copy that
  could identify those people, keeping what statistics count (attendance, statuses, choices).
  Called by the anonymiser (retention and requests alike) inside its transaction.

One module, ``PERSON`` (the detainees app's), also knows the person themselves: ``find(text)``,
``get(pk)`` → ``Subject``, and ``anonymise(subject_id, actor=..., purpose=...)``, the one
anonymiser that the retention rule uses too.

The apps are named here by string, not imported, like ``INSTALLED_APPS``: privacy is imported by
every app that logs an access, and must not import them back.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext

CONTRIBUTORS: tuple[str, ...] = (
    "concerto.detainees.subject",
    "concerto.registrations.subject",
    "concerto.attendance.subject",
    "concerto.surveys.subject",
    "concerto.privacy.subject_log",
)
PERSON = "concerto.detainees.subject"
# The languages a subject-access export is written in; the person's first one read, else French.
EXPORT_LANGUAGES = ("fr", "nl", "en")


@dataclass(frozen=True)
class SubjectField:
    """One value: ``name`` for the JSON export, ``label`` and ``value`` (text) for the PDF."""

    name: str
    label: str
    value: str


@dataclass(frozen=True)
class SubjectItem:
    """One record about the person (an application, a note, a session attended...)."""

    title: str
    fields: list[SubjectField] = field(default_factory=list)
    # Contents withheld (professional secrecy, the author service did not agree): only its existence.
    withheld: bool = False
    children: list[SubjectItem] = field(default_factory=list)


@dataclass(frozen=True)
class SubjectSection:
    key: str
    title: str
    items: list[SubjectItem]

    @property
    def withheld_count(self) -> int:
        return sum(1 for item in self.items if item.withheld)


@dataclass(frozen=True)
class Subject:
    """The person a request is about, as the privacy officer sees them."""

    pk: int
    label: str  # listed name and prison number, for the officer's page only
    prison: str
    language: str  # fr, nl or en: the export's language
    is_anonymised: bool


def text(value: Any) -> str:
    """A value as the export writes it: dates day/month/year, times in Brussels, nothing as —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def contributor_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in getattr(settings, "CONCERTO_SUBJECT_DATA", CONTRIBUTORS)]


def person_module() -> ModuleType:
    return importlib.import_module(getattr(settings, "CONCERTO_SUBJECT_PERSON", PERSON))


def subject_sections(subject_id: int, *, disclosing: frozenset[int]) -> list[SubjectSection]:
    """Everything every app holds about the person, in the active language, in registry order."""
    sections: list[SubjectSection] = []
    for module in contributor_modules():
        sections.extend(module.sections(subject_id, disclosing=disclosing))
    return sections


def erase_everywhere(subject_ids: list[int]) -> None:
    """Each app forgets the free texts and copies about these people (the anonymiser calls this)."""
    for module in contributor_modules():
        erase = getattr(module, "erase", None)
        if erase is not None:
            erase(subject_ids)


def sections_as_json(sections: list[SubjectSection]) -> list[dict[str, Any]]:
    def item(entry: SubjectItem) -> dict[str, Any]:
        data: dict[str, Any] = {"title": entry.title, **{f.name: f.value for f in entry.fields}}
        if entry.withheld:
            data["contents_withheld"] = True
        if entry.children:
            data["entries"] = [item(child) for child in entry.children]
        return data

    return [{"key": s.key, "title": s.title, "items": [item(i) for i in s.items]} for s in sections]
