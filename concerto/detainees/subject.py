"""The detainees app's part of the data subject's rights (see ``concerto/privacy/subject.py``).

This module is the registry's ``PERSON``: it finds the person and anonymises them, and it gives
their record and their services' notes. It reads without the service scoping of ``selectors``:
only ``privacy.services`` calls it, for a privacy officer, after checking that role.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor
from concerto.detainees.models import Detainee, DetaineeNote
from concerto.detainees.permissions import followed_by_service
from concerto.detainees.services import detainees_anonymise
from concerto.privacy.subject import EXPORT_LANGUAGES, Subject, SubjectField, SubjectItem, SubjectSection, text

FOUND_AT_MOST = 20


def _language(detainee: Detainee) -> str:
    """The first language the person reads that an export is written in (spoken ones next), else French."""
    for languages in (detainee.languages_read.all(), detainee.languages_spoken.all()):
        for language in languages:
            if language.code in EXPORT_LANGUAGES:
                return language.code
    return EXPORT_LANGUAGES[0]


def _subject(detainee: Detainee) -> Subject:
    return Subject(
        pk=detainee.pk,
        label=f"{detainee.listed_name} ({detainee.prison_number})",
        prison=str(detainee.prison),
        language=_language(detainee),
        is_anonymised=detainee.is_anonymised,
    )


def find(query: str) -> list[Subject]:
    """People whose record number or prison number is ``query`` (exact: no browsing by name)."""
    query = query.strip()
    if not query:
        return []
    match = Q(prison_number__iexact=query)
    if query.isdigit():
        match |= Q(pk=int(query))
    people = Detainee.objects.filter(match).select_related("prison").order_by("pk")[:FOUND_AT_MOST]
    return [_subject(person) for person in people.prefetch_related("languages_read", "languages_spoken")]


def get(pk: int) -> Subject | None:
    person = (
        Detainee.objects.filter(pk=pk)
        .select_related("prison")
        .prefetch_related("languages_read", "languages_spoken")
        .first()
    )
    return _subject(person) if person is not None else None


def anonymise(subject_id: int, *, actor: Actor, purpose: str) -> int:
    """The retention rule's anonymiser, for one person (``detainees.services.detainees_anonymise``)."""
    return detainees_anonymise(ids=[subject_id], actor=actor, purpose=purpose)


def followed_by(subject_ids: set[int], organisation_ids: frozenset[int]) -> set[int]:
    """Of ``subject_ids``, the people these services follow (``permissions.followed_by_service``, the
    one need-to-know rule), for the privacy officer's "reading outside one's follow-up" flag."""
    if not subject_ids or not organisation_ids:
        return set()
    followed = Detainee.objects.filter(followed_by_service(organisation_ids), pk__in=subject_ids)
    return set(followed.values_list("pk", flat=True))


def sections(subject_id: int, *, disclosing: frozenset[int]) -> list[SubjectSection]:
    person = (
        Detainee.objects.filter(pk=subject_id)
        .select_related("prison", "unit")
        .prefetch_related("languages_read", "languages_spoken")
        .first()
    )
    if person is None:
        return []

    def label(name: str) -> str:
        return str(getattr(Detainee._meta.get_field(name), "verbose_name", name))

    def f(name: str) -> SubjectField:
        display = getattr(person, f"get_{name}_display", None)
        value = display() if display else getattr(person, name)
        return SubjectField(name, label(name), text(value))

    def languages(name: str) -> SubjectField:
        names = ", ".join(str(language) for language in getattr(person, name).all())
        return SubjectField(name, label(name), text(names))

    record = SubjectItem(
        title=_("Record number %(number)s") % {"number": person.pk},
        fields=[
            SubjectField("prison", _("prison"), text(person.prison)),
            f("prison_number"),
            f("first_name"),
            f("last_name"),
            f("gender"),
            f("legal_status"),
            SubjectField("unit", _("unit"), text(person.unit)),
            languages("languages_read"),
            languages("languages_spoken"),
            f("expected_release_on"),
            f("presence"),
            f("left_on"),
            f("last_activity_on"),
            f("created_at"),
            f("updated_at"),
            f("anonymised_at"),
        ],
    )
    notes = []
    for note in DetaineeNote.objects.filter(detainee=person).select_related("organisation").order_by("created_at"):
        shown = note.organisation_id in disclosing
        notes.append(
            SubjectItem(
                title=_("Note of %(date)s") % {"date": text(note.created_at)},
                fields=[
                    SubjectField("written", _("written"), text(note.created_at)),
                    SubjectField("service", _("service"), text(note.organisation)),
                    *([SubjectField("text", _("note"), note.text)] if shown else []),
                ],
                withheld=not shown,
            )
        )
    return [
        SubjectSection("detainee", _("Detainee record"), [record]),
        SubjectSection("notes", _("Notes of the services"), notes),
    ]
