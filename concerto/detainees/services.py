"""Writes to detainee data: by hand, by importing the prison's list, and by the retention rule.

Services check permission (``PermissionDenied``) and rules (``ValidationError`` with field
names), write in one transaction, and log the access in ``concerto.privacy``.

Importing the prison's list
---------------------------
``import_upload`` stores the file and suggests a column mapping; ``import_set_mapping`` saves
the mapping the person chose and queues the check; ``import_validate`` checks every row and
computes the preview; ``import_request_apply`` queues ``import_apply``, which writes everything
or nothing.

Stalled imports: an import queued or running (checking, applying) for longer than
``CONCERTO_IMPORT_STALL_MINUTES`` (default 30) lost its worker (a crash, a restart).
``imports_mark_stalled`` (run by ``manage.py mark_stalled_imports`` and by the list of imports)
marks it failed, and ``import_mark_failed`` lets the uploader, the managers of the uploader's
organisations and administrators do it from its page. Nothing can be half written: the writes
happen in one transaction, which a dead worker never committed, and an apply that starts late
checks in that same transaction that its import was not marked failed meanwhile.

Progress while a long import runs: the row checks (the slow part) run *outside* the final
transaction, in autocommit mode, and save ``rows_done`` every few hundred rows, so the page
polling the import sees it move. The writes then happen in one transaction with bulk queries
(a second or two for 10,000 rows), during which the page shows "writing". A second database
connection for the progress row would not help on SQLite (one writer at a time) and would need
a second database alias in the settings; checking first and writing at once works on both
SQLite and PostgreSQL. ``import_apply`` checks the rows again against the database as it is
then, so a preview made yesterday cannot be applied blindly.

People on the previous list who are missing from the new one have left: the list does not say
whether they were released or transferred, so they are marked *transferred* (the cautious
choice: nothing is closed as if the person were free), unless a mapped "departure" column says
released (libéré, vrijgelaten) or transferred for them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from concerto.accounts.models import User
from concerto.accounts.permissions import ANONYMOUS, Actor, actor_for
from concerto.detainees import importing, permissions
from concerto.detainees.models import (
    IMPORT_TRANSITIONS,
    RUNNING_IMPORT_STATUSES,
    Detainee,
    DetaineeImport,
    DetaineeNote,
    ImportStatus,
    PresenceStatus,
    UnitAlias,
)
from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison, Unit
from concerto.privacy.models import AccessAction, AccessPurpose, AuditKind
from concerto.privacy.services import access_log, audit_record
from concerto.privacy.subject import erase_everywhere
from concerto.reference.models import Language

logger = logging.getLogger("concerto.detainees")

MAX_STORED_ERRORS = 500
# Unapplied imports keep the uploaded file this long, then the retention task clears it.
IMPORT_FILE_KEEP_DAYS = 7
DETAINEE_FIELDS = (
    "prison_number",
    "first_name",
    "last_name",
    "gender",
    "legal_status",
    "unit",
    "expected_release_on",
    "languages_read",
    "languages_spoken",
)
LANGUAGE_FIELDS = ("languages_read", "languages_spoken")


# --- By hand ------------------------------------------------------------------------------


def _check_detainee_data(data: dict[str, Any], *, prison: Prison, instance: Detainee | None) -> None:
    errors: dict[str, list[str]] = {}
    unit: Unit | None = data.get("unit")
    if unit is not None and unit.prison_id != prison.pk:
        errors["unit"] = [_("The unit must belong to the detainee's prison.")]
    number = data.get("prison_number")
    if number is not None:
        try:
            data["prison_number"] = importing.parse_prison_number(number)
        except importing.CellError as error:
            errors["prison_number"] = [str(error.message)]
        else:
            taken = Detainee.objects.filter(prison=prison, prison_number=data["prison_number"])
            if instance is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                errors["prison_number"] = [_("Another detainee of this prison has this prison number.")]
    if errors:
        raise ValidationError(errors)


def _require_manage(actor: Actor, prison: Prison) -> None:
    actor.require(
        permissions.can_manage_detainee_in(actor, prison.pk),
        _("You can only record detainees of the prisons where your service works."),
    )


@transaction.atomic
def detainee_create(*, actor: Actor, data: dict[str, Any]) -> Detainee:
    """Record a detainee by hand (someone not yet on the imported list).

    Fails with PermissionDenied outside the prisons where the actor's service works, and with
    ValidationError for a unit of another prison or a prison number already used there.
    """
    data = {name: value for name, value in data.items() if name in (*DETAINEE_FIELDS, "prison")}
    prison: Prison = data.pop("prison")
    _require_manage(actor, prison)
    _check_detainee_data(data, prison=prison, instance=None)
    languages = {name: data.pop(name) for name in LANGUAGE_FIELDS if name in data}
    detainee = Detainee(prison=prison, **data)
    detainee.full_clean()
    detainee.save()
    for name, values in languages.items():
        getattr(detainee, name).set(values)
    access_log(actor=actor, action=AccessAction.CREATE, purpose=AccessPurpose.REGISTRATION, subject=detainee)
    return detainee


@transaction.atomic
def detainee_update(*, actor: Actor, detainee: Detainee, data: dict[str, Any]) -> Detainee:
    """Correct a detainee's record. Its prison does not change (a transfer is a departure)."""
    _require_manage(actor, detainee.prison)
    if detainee.is_anonymised:
        raise ValidationError(_("This record was anonymised: it cannot be changed any more."))
    data = {name: value for name, value in data.items() if name in DETAINEE_FIELDS}
    _check_detainee_data(data, prison=detainee.prison, instance=detainee)
    languages = {name: data.pop(name) for name in LANGUAGE_FIELDS if name in data}
    for name, value in data.items():
        setattr(detainee, name, value)
    detainee.full_clean()
    detainee.save()
    for name, values in languages.items():
        getattr(detainee, name).set(values)
    access_log(actor=actor, action=AccessAction.CHANGE, purpose=AccessPurpose.REGISTRATION, subject=detainee)
    return detainee


@transaction.atomic
def detainee_note_add(*, actor: Actor, detainee: Detainee, organisation: Organisation, text: str) -> DetaineeNote:
    """Write a note that only ``organisation`` (one of the actor's services) will read."""
    actor.require(
        organisation.pk in actor.service_organisation_ids,
        _("Notes are written for one of your own services."),
    )
    if not Detainee.objects.filter(permissions.detainee_visibility(actor), pk=detainee.pk).exists():
        raise PermissionDenied(_("You are not allowed to do this."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the note.")]})
    note = DetaineeNote.objects.create(detainee=detainee, organisation=organisation, author_id=actor.user_id, text=text)
    access_log(actor=actor, action=AccessAction.CREATE, purpose=AccessPurpose.FOLLOW_UP, subject=note, detail="note")
    return note


# --- Import: upload and mapping -------------------------------------------------------------


def _move(detainee_import: DetaineeImport, to_status: str) -> None:
    if to_status not in IMPORT_TRANSITIONS[detainee_import.status]:
        raise ValidationError(
            _("This import is “%(status)s”: it cannot do that now.")
            % {"status": ImportStatus(detainee_import.status).label}
        )
    detainee_import.status = to_status


def _require_import(actor: Actor, prison: Prison) -> None:
    actor.require(
        permissions.can_import_prison_list(actor, prison),
        _("You cannot import the list of this prison."),
    )


def import_upload(*, actor: Actor, prison: Prison, file_name: str, content: bytes) -> DetaineeImport:
    """Store an uploaded list and suggest which column holds what.

    Fails with ImportFileError (a ValidationError) when the file cannot be read (empty, not
    CSV or XLSX, UTF-16...): then nothing is stored.
    """
    _require_import(actor, prison)
    parsed = importing.read_file(content, header_only=True)
    mapping = importing.suggest_mapping(parsed.headers)
    detainee_import = DetaineeImport.objects.create(
        prison=prison,
        uploaded_by_id=actor.user_id,
        file_name=os.path.basename(file_name.replace("\\", "/"))[:200] or "list",
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        headers=parsed.headers,
        mapping=mapping,
    )
    access_log(
        actor=actor, action=AccessAction.IMPORT, purpose=AccessPurpose.IMPORT, subject=detainee_import, detail="upload"
    )
    return detainee_import


def _check_mapping(headers: list[str], mapping: dict[str, int | None]) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
    clean: dict[str, int] = {}
    for name, index in mapping.items():
        if name not in importing.FIELDS_BY_NAME or index is None:
            continue
        if not 0 <= index < len(headers):
            errors[name] = [_("This column is not in the file.")]
        elif importing.is_forbidden_header(headers[index]):
            errors[name] = [_("This column looks like a national register number: Concerto never reads it.")]
        else:
            clean[name] = index
    for name in importing.REQUIRED_FIELDS:
        if name not in clean and name not in errors:
            errors[name] = [_("Choose the column that holds this.")]
    used: dict[int, str] = {}
    for name, index in clean.items():
        other = used.get(index)
        # One "languages" column may say both what a person speaks and reads.
        if other is not None and {name, other} != set(LANGUAGE_FIELDS):
            errors.setdefault(name, []).append(
                _("This column is already chosen for “%(field)s”.") % {"field": importing.FIELDS_BY_NAME[other].label}
            )
        used.setdefault(index, name)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def import_set_mapping(
    *,
    actor: Actor,
    detainee_import: DetaineeImport,
    mapping: dict[str, int | None],
    unit_aliases: dict[str, int] | None = None,
) -> DetaineeImport:
    """Save which column holds which field, remember the prison's own unit names mapped to its
    units (``unit_aliases``: name in the file → unit id, kept for every later import), and queue
    the check of every row.

    Fails with ValidationError (keyed by field) when a required field has no column, a column
    is chosen twice, a column holds national register numbers, or an alias names a unit of
    another prison; then nothing is saved.
    """
    _require_import(actor, detainee_import.prison)
    detainee_import = DetaineeImport.objects.select_for_update().get(pk=detainee_import.pk)
    clean = _check_mapping(detainee_import.headers, mapping)
    if unit_aliases:
        _save_unit_aliases(actor, detainee_import.prison, unit_aliases)
    _move(detainee_import, ImportStatus.VALIDATING)
    detainee_import.mapping = clean
    detainee_import.rows_done = 0
    detainee_import.errors = []
    detainee_import.summary = {}
    detainee_import.running_since = timezone.now()
    detainee_import.finished_at = None
    detainee_import.save(
        update_fields=["status", "mapping", "rows_done", "errors", "summary", "running_since", "finished_at"]
    )
    from concerto.detainees import tasks  # tasks import this module

    transaction.on_commit(partial(tasks.validate_import.enqueue, import_id=detainee_import.pk, user_id=actor.user_id))
    return detainee_import


@transaction.atomic
def import_request_apply(*, actor: Actor, detainee_import: DetaineeImport) -> DetaineeImport:
    """Queue the all-or-nothing write of a checked import (twice clicked, it is queued once)."""
    _require_import(actor, detainee_import.prison)
    detainee_import = DetaineeImport.objects.select_for_update().get(pk=detainee_import.pk)
    _move(detainee_import, ImportStatus.APPLYING)
    detainee_import.rows_done = 0
    detainee_import.running_since = timezone.now()
    detainee_import.save(update_fields=["status", "rows_done", "running_since"])
    from concerto.detainees import tasks

    transaction.on_commit(partial(tasks.apply_import.enqueue, import_id=detainee_import.pk, user_id=actor.user_id))
    return detainee_import


# --- Import: checking the rows ------------------------------------------------------------


@dataclass
class ImportRow:
    """One valid row: the mapped fields as model values (``unit`` as ``unit_id``)."""

    row: int
    prison_number: str
    values: dict[str, Any]
    departure: str = ""
    departed_on: dt.date | None = None


@dataclass
class Lookups:
    units: dict[str, int]
    unit_names: list[str]
    languages: dict[str, int]


def _unit_lookup(prison: Prison) -> tuple[dict[str, int], list[str]]:
    """Normalised text → unit id, from the prison's active units (code and names) and the names its
    list uses (``UnitAlias``); and the units' names in the reader's language, as staff know them."""
    units: dict[str, int] = {}
    names: list[str] = []
    for unit in Unit.objects.filter(prison=prison, is_active=True).order_by("code"):
        names.append(str(unit))
        for text in (unit.code, unit.name_fr, unit.name_nl, unit.name_en):
            if text:
                units.setdefault(importing.normalise(text), unit.pk)
    for key, unit_id in UnitAlias.objects.filter(prison=prison, unit__is_active=True).values_list("key", "unit_id"):
        units.setdefault(key, unit_id)
    return units, sorted(names, key=str.casefold)


def _lookups(prison: Prison) -> Lookups:
    units, names = _unit_lookup(prison)
    languages: dict[str, int] = {}
    for language in Language.objects.all():
        for text in (language.code, language.name_fr, language.name_nl, language.name_en, language.native_name):
            if text:
                languages.setdefault(importing.normalise(text), language.pk)
    return Lookups(units=units, unit_names=names, languages=languages)


# More distinct unknown names than this: the chosen column probably holds no units at all.
UNKNOWN_UNIT_NAMES_SHOWN = 30


def import_unknown_unit_names(*, detainee_import: DetaineeImport, unit_column: int | None) -> list[str]:
    """The distinct texts of the file's unit column that name no unit of the import's prison (nor a
    name mapped before), in the file's order, for the columns step to map once."""
    if unit_column is None or not detainee_import.content:
        return []
    try:
        parsed = importing.read_file(bytes(detainee_import.content))
    except importing.ImportFileError:
        return []
    known, _names = _unit_lookup(detainee_import.prison)
    unknown: dict[str, str] = {}
    for _number, row in parsed.rows:
        text = row[unit_column].strip() if unit_column < len(row) else ""
        key = importing.normalise(text)
        if key and key not in known:
            unknown.setdefault(key, text)
    return list(unknown.values())


def _save_unit_aliases(actor: Actor, prison: Prison, aliases: dict[str, int]) -> None:
    """Remember the prison's own names of its units; an alias mapped again moves to the new unit."""
    units = {unit.pk: unit for unit in Unit.objects.filter(prison=prison, is_active=True, pk__in=aliases.values())}
    if any(unit_id not in units for unit_id in aliases.values()):
        raise ValidationError({"unit": [_("Choose one of this prison's units.")]})
    for name, unit_id in aliases.items():
        key = importing.normalise(name)
        if key:
            UnitAlias.objects.update_or_create(
                prison=prison,
                key=key,
                defaults={"name": name.strip()[:150], "unit": units[unit_id], "created_by_id": actor.user_id},
            )


def _parse_row(number: int, row: list[str], mapping: dict[str, int], lookups: Lookups) -> ImportRow:
    """One row's values; raises a list of (field, message) through RowErrors."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    result = ImportRow(row=number, prison_number="", values=values)
    for name, text in importing.cells(row, mapping):
        try:
            if name == "prison_number":
                result.prison_number = importing.parse_prison_number(text)
            elif name in ("first_name", "last_name"):
                values[name] = importing.parse_name(text, label=importing.FIELDS_BY_NAME[name].label)
            elif name == "gender":
                values[name] = importing.parse_gender(text)
            elif name == "legal_status":
                values[name] = importing.parse_legal_status(text)
            elif name == "unit":
                values["unit_id"] = _parse_unit(text, lookups)
            elif name in LANGUAGE_FIELDS:
                values[name] = importing.parse_languages(text, lookups.languages)
            elif name == "expected_release_on":
                values[name] = importing.parse_date(text)
            elif name == "departure":
                result.departure = importing.parse_departure(text)
            elif name == "departed_on":
                result.departed_on = importing.parse_date(text)
        except importing.CellError as error:
            problems.append((name, str(error.message)))
    if problems:
        raise RowErrors(problems)
    return result


def _parse_unit(text: str, lookups: Lookups) -> int:
    if not text.strip():
        raise importing.CellError(_("The unit is missing."))
    unit_id = lookups.units.get(importing.normalise(text))
    if unit_id is None:
        raise importing.CellError(
            _(
                "Unknown unit in this prison. Known units: %(names)s. "
                "Map the prison's own name to one of them in the columns step."
            )
            % {"names": "; ".join(lookups.unit_names)}
        )
    return unit_id


class RowErrors(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(len(problems))
        self.problems = problems


@dataclass
class CheckedFile:
    rows: list[ImportRow]
    errors: list[dict[str, Any]]
    error_count: int
    notices: list[str]


def _error(row: int | None, column: str, message: str) -> dict[str, Any]:
    return {"row": row, "column": column, "message": message}


def _check_rows(detainee_import: DetaineeImport, progress: Callable[[int], None]) -> CheckedFile:
    """Parse the stored file and check every row; errors carry row numbers, never cell contents.

    Saves ``rows_total`` first, then ``rows_done`` as it goes (through ``progress``).
    """
    headers: list[str] = detainee_import.headers
    mapping: dict[str, int] = {name: int(index) for name, index in detainee_import.mapping.items()}
    try:
        parsed = importing.read_file(bytes(detainee_import.content))
    except importing.ImportFileError as error:
        return CheckedFile(rows=[], errors=[_error(None, "", m) for m in error.messages], error_count=1, notices=[])
    detainee_import.rows_total = len(parsed.rows)
    detainee_import.rows_done = 0
    detainee_import.save(update_fields=["rows_total", "rows_done"])
    notices = []
    unused = [h for i, h in enumerate(headers) if i not in mapping.values() and not importing.is_forbidden_header(h)]
    if unused:
        notices.append(_("Columns not used (ignored, not stored): %(columns)s.") % {"columns": ", ".join(unused)})
    if any(importing.is_forbidden_header(h) for h in headers):
        notices.append(_("A column of national register numbers was ignored: Concerto never reads it."))
    errors: list[dict[str, Any]] = []
    error_count = 0
    for name in importing.REQUIRED_FIELDS:
        if name not in mapping:
            error_count += 1
            label = importing.FIELDS_BY_NAME[name].label
            errors.append(_error(1, "", _("No column holds the %(field)s.") % {"field": label}))
    if not parsed.rows:
        error_count += 1
        errors.append(_error(None, "", _("The file has no rows under its header: nothing to import.")))
    if errors:
        return CheckedFile(rows=[], errors=errors, error_count=error_count, notices=notices)
    lookups = _lookups(detainee_import.prison)
    seen: dict[str, int] = {}
    rows: list[ImportRow] = []
    step = max(200, len(parsed.rows) // 50)
    for done, (number, cells) in enumerate(parsed.rows, start=1):
        try:
            row = _parse_row(number, cells, mapping, lookups)
        except RowErrors as problems:
            for name, message in problems.problems:
                error_count += 1
                if len(errors) < MAX_STORED_ERRORS:
                    errors.append(_error(number, headers[mapping[name]], message))
        else:
            first = seen.setdefault(row.prison_number, number)
            if first != number:
                error_count += 1
                if len(errors) < MAX_STORED_ERRORS:
                    message = _("This prison number is already on row %(row)d.") % {"row": first}
                    errors.append(_error(number, headers[mapping["prison_number"]], message))
            else:
                rows.append(row)
        if done % step == 0:
            progress(done)
    progress(len(parsed.rows))
    if error_count > len(errors):
        more = _("… and %(count)d more errors.") % {"count": error_count - len(errors)}
        errors.append(_error(None, "", more))
    return CheckedFile(rows=rows, errors=errors, error_count=error_count, notices=notices)


# --- Import: what would change -----------------------------------------------------------


@dataclass
class Change:
    detainee_id: int
    row: ImportRow
    values: dict[str, Any]  # only what differs
    moved: bool


@dataclass
class Departure:
    detainee_id: int
    kind: str
    on: dt.date
    row: int | None


@dataclass
class ImportPlan:
    create: list[ImportRow] = field(default_factory=list)
    change: list[Change] = field(default_factory=list)
    leave: list[Departure] = field(default_factory=list)
    unchanged: int = 0
    ignored: list[int] = field(default_factory=list)
    present_before: int = 0

    @property
    def changes_nothing(self) -> bool:
        return not (self.create or self.change or self.leave)

    def summary(self) -> dict[str, Any]:
        """Counts, row numbers and ids only: never names."""
        moved = [c.row.row for c in self.change if c.moved]
        return {
            "create": [r.row for r in self.create],
            "update": [c.row.row for c in self.change if not c.moved],
            "move": moved,
            "left": [{"id": d.detainee_id, "kind": d.kind, "row": d.row} for d in self.leave],
            "unchanged": self.unchanged,
            "ignored": self.ignored,
            "nothing_to_change": self.changes_nothing,
        }


def _current_state(prison: Prison) -> tuple[dict[str, dict[str, Any]], dict[str, dict[int, set[int]]]]:
    fields = ("id", "prison_number", "first_name", "last_name", "gender", "legal_status", "unit_id")
    rows = Detainee.objects.filter(prison=prison, anonymised_at__isnull=True).values(
        *fields, "expected_release_on", "presence"
    )
    existing = {row["prison_number"]: row for row in rows}
    languages: dict[str, dict[int, set[int]]] = {}
    for name in LANGUAGE_FIELDS:
        through = getattr(Detainee, name).through
        by_detainee: dict[int, set[int]] = defaultdict(set)
        for detainee_id, language_id in through.objects.filter(detainee__prison=prison).values_list(
            "detainee_id", "language_id"
        ):
            by_detainee[detainee_id].add(language_id)
        languages[name] = by_detainee
    return existing, languages


def _plan(prison: Prison, rows: list[ImportRow], *, today: dt.date) -> ImportPlan:
    existing, languages = _current_state(prison)
    plan = ImportPlan(present_before=sum(1 for d in existing.values() if d["presence"] == PresenceStatus.PRESENT))
    in_file: set[str] = set()
    for row in rows:
        in_file.add(row.prison_number)
        current = existing.get(row.prison_number)
        if row.departure:
            if current is not None and current["presence"] == PresenceStatus.PRESENT:
                plan.leave.append(Departure(current["id"], row.departure, row.departed_on or today, row.row))
            else:
                plan.ignored.append(row.row)
            continue
        if current is None:
            plan.create.append(row)
            continue
        differs: dict[str, Any] = {}
        for name, value in row.values.items():
            if name in LANGUAGE_FIELDS:
                if set(value) != languages[name].get(current["id"], set()):
                    differs[name] = value
            elif current[name] != value:
                differs[name] = value
        if current["presence"] != PresenceStatus.PRESENT:
            differs.update(presence=PresenceStatus.PRESENT, left_on=None)  # back in this prison
        if differs:
            plan.change.append(Change(current["id"], row, differs, moved="unit_id" in differs))
        else:
            plan.unchanged += 1
    for number, current in existing.items():
        if number not in in_file and current["presence"] == PresenceStatus.PRESENT:
            plan.leave.append(Departure(current["id"], PresenceStatus.TRANSFERRED, today, None))
    return plan


def _warnings(plan: ImportPlan) -> list[str]:
    warnings = []
    leaving = len(plan.leave)
    if plan.present_before >= 20 and leaving > plan.present_before // 3:
        warnings.append(
            _(
                "%(count)d of the %(total)d people present would leave at once: is this the whole list, "
                "and the right prison?"
            )
            % {"count": leaving, "total": plan.present_before}
        )
    return warnings


def _progress_saver(detainee_import: DetaineeImport) -> Callable[[int], None]:
    def save(done: int) -> None:
        # An UPDATE of its own, committed at once (autocommit): the polling page sees it.
        DetaineeImport.objects.filter(pk=detainee_import.pk).update(rows_done=done)
        detainee_import.rows_done = done

    return save


def _finish(detainee_import: DetaineeImport, status: str, **values: Any) -> DetaineeImport:
    detainee_import.status = status
    detainee_import.finished_at = timezone.now()
    detainee_import.running_since = None
    for name, value in values.items():
        setattr(detainee_import, name, value)
    detainee_import.save(update_fields=["status", "finished_at", "running_since", *values])
    return detainee_import


def import_validate(*, actor: Actor, detainee_import: DetaineeImport, today: dt.date | None = None) -> DetaineeImport:
    """Check every row and compute the preview; the import ends "preview" or "invalid".

    Runs in the background (``tasks.validate_import``), outside any transaction so that its
    progress is visible. Writes nothing but the import itself. Fails with ValidationError when
    the import is not waiting to be checked.
    """
    _require_import(actor, detainee_import.prison)
    detainee_import.refresh_from_db()
    if detainee_import.status != ImportStatus.VALIDATING:
        raise ValidationError(_("This import is not waiting to be checked."))
    checked = _check_rows(detainee_import, _progress_saver(detainee_import))
    if checked.error_count:
        return _finish(
            detainee_import, ImportStatus.INVALID, errors=checked.errors, summary={"notices": checked.notices}
        )
    plan = _plan(detainee_import.prison, checked.rows, today=today or timezone.localdate())
    summary = {**plan.summary(), "notices": checked.notices, "warnings": _warnings(plan)}
    return _finish(detainee_import, ImportStatus.PREVIEW, errors=[], summary=summary)


# --- Import: the all-or-nothing write ----------------------------------------------------


def _departure_hook() -> Callable[..., Any] | None:
    """registrations.services.detainee_departed: closes the person's applications and frees places."""
    try:
        from concerto.registrations.services import detainee_departed  # imported late: registrations uses us
    except ImportError:
        return None
    return detainee_departed


def _write(plan: ImportPlan, *, prison: Prison, actor: Actor) -> list[Detainee]:
    """Write the plan with bulk queries; returns the detainees touched (for the access log)."""
    now = timezone.now()
    created = Detainee.objects.bulk_create(
        [
            Detainee(
                prison=prison,
                prison_number=row.prison_number,
                **{name: value for name, value in row.values.items() if name not in LANGUAGE_FIELDS},
            )
            for row in plan.create
        ],
        batch_size=500,
    )
    changed = Detainee.objects.in_bulk([change.detainee_id for change in plan.change])
    fields: set[str] = set()
    for change in plan.change:
        detainee = changed[change.detainee_id]
        for name, value in change.values.items():
            if name not in LANGUAGE_FIELDS:
                setattr(detainee, name, value)
                fields.add(name)
        detainee.updated_at = now
    if changed:
        Detainee.objects.bulk_update(list(changed.values()), [*sorted(fields), "updated_at"], batch_size=500)
    for name in LANGUAGE_FIELDS:
        through = getattr(Detainee, name).through
        replaced = [change for change in plan.change if name in change.values]
        through.objects.filter(detainee_id__in=[change.detainee_id for change in replaced]).delete()
        links = [(detainee.pk, row.values.get(name, ())) for detainee, row in zip(created, plan.create, strict=True)]
        links += [(change.detainee_id, change.values[name]) for change in replaced]
        through.objects.bulk_create(
            [
                through(detainee_id=detainee_id, language_id=language_id)
                for detainee_id, ids in links
                for language_id in ids
            ],
            batch_size=1000,
        )
    departures: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for departure in plan.leave:
        departures[(departure.kind, departure.on)].append(departure.detainee_id)
    for (kind, on), ids in departures.items():
        Detainee.objects.filter(pk__in=ids).update(presence=kind, left_on=on, updated_at=now)
    left = Detainee.objects.in_bulk([departure.detainee_id for departure in plan.leave])
    if plan.leave:
        departed = _departure_hook()
        if departed is None:
            logger.warning("registrations.detainee_departed is missing: applications not closed")
        for departure in plan.leave:
            if departed is not None:
                departed(detainee=left[departure.detainee_id], kind=departure.kind, on=departure.on, actor=actor)
    return [*created, *changed.values(), *left.values()]


def import_apply(*, actor: Actor, detainee_import: DetaineeImport, today: dt.date | None = None) -> DetaineeImport:
    """Write a checked import: all of it, or nothing (the import then ends "failed" with the reason).

    The rows are checked again first (units or languages may have changed since the preview),
    outside the transaction so that progress shows; then everything is written in one
    transaction. People who left get ``registrations.services.detainee_departed``. On success
    the stored file is cleared (data minimisation). Fails with ValidationError when the import
    was not checked, or is applied already.
    """
    _require_import(actor, detainee_import.prison)
    now = timezone.now()
    claimed = DetaineeImport.objects.filter(
        pk=detainee_import.pk, status__in=[ImportStatus.PREVIEW, ImportStatus.APPLYING]
    ).update(
        status=ImportStatus.APPLYING,
        rows_done=0,
        # Queued by import_request_apply: running since then; applied directly: since now.
        running_since=Coalesce("running_since", models.Value(now, output_field=models.DateTimeField())),
    )
    detainee_import.refresh_from_db()
    if not claimed:
        raise ValidationError(_("Only a checked import, ready to apply, can be applied."))
    prison = detainee_import.prison
    checked = _check_rows(detainee_import, _progress_saver(detainee_import))
    if checked.error_count:
        reason = _("The list no longer passes the checks (units or languages may have changed): nothing was changed.")
        _import_audited(actor, detainee_import, AuditKind.IMPORT_FAILED, reason="checks", errors=checked.error_count)
        return _finish(detainee_import, ImportStatus.FAILED, errors=[_error(None, "", reason), *checked.errors])
    try:
        with transaction.atomic():
            # One import at a time per prison (a row lock on PostgreSQL; SQLite has one writer anyway).
            Prison.objects.select_for_update().filter(pk=prison.pk).first()
            # Marked failed as stalled while the rows were checked (a very slow worker)? Then write
            # nothing: the page already says so. The row lock keeps the watchdog out until commit.
            still_applying = DetaineeImport.objects.select_for_update().filter(
                pk=detainee_import.pk, status=ImportStatus.APPLYING
            )
            if still_applying.values_list("pk", flat=True).first() is None:
                raise _Stopped
            plan = _plan(prison, checked.rows, today=today or timezone.localdate())
            touched = _write(plan, prison=prison, actor=actor)
            summary = {**plan.summary(), "notices": checked.notices}
            detail = (
                f"import={detainee_import.pk} created={len(plan.create)} updated={len(summary['update'])} "
                f"moved={len(summary['move'])} left={len(plan.leave)} unchanged={plan.unchanged}"
            )
            access_log(
                actor=actor, action=AccessAction.IMPORT, purpose=AccessPurpose.IMPORT, subjects=touched, detail=detail
            )
            access_log(
                actor=actor,
                action=AccessAction.IMPORT,
                purpose=AccessPurpose.IMPORT,
                subject=detainee_import,
                detail=detail,
            )
            _finish(detainee_import, ImportStatus.DONE, summary=summary, errors=[], content=b"")
            # In the import's own transaction: an import rolled back leaves "failed", never "applied".
            _import_audited(
                actor,
                detainee_import,
                AuditKind.IMPORT_APPLIED,
                created=len(plan.create),
                updated=len(summary["update"]),
                moved=len(summary["move"]),
                left=len(plan.leave),
                unchanged=plan.unchanged,
            )
    except _Stopped:
        logger.warning("import stopped before writing", extra={"import_id": detainee_import.pk})
        detainee_import.refresh_from_db()
        return detainee_import
    except (DatabaseError, ValidationError, PermissionDenied) as error:
        logger.warning("import not applied", extra={"import_id": detainee_import.pk, "exc_type": type(error).__name__})
        detainee_import.refresh_from_db()
        reason = _(
            "The changes could not be written (someone may have changed the same people meanwhile): "
            "nothing was changed. Check the list again and retry."
        )
        _import_audited(actor, detainee_import, AuditKind.IMPORT_FAILED, reason="write")
        return _finish(detainee_import, ImportStatus.FAILED, errors=[_error(None, "", reason)])
    return detainee_import


def _import_audited(actor: Actor | None, detainee_import: DetaineeImport, kind: str, **counts: Any) -> None:
    """The import's entry in the audit trail: by import number and prison, with counts (no names)."""
    audit_record(
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        target=f"{detainee_import.prison.code} · {detainee_import.created_at:%d/%m/%Y}",
        target_type="detainees.detaineeimport",
        target_id=detainee_import.pk,
        detail={"prison": detainee_import.prison_id, **counts},
    )


class _Stopped(Exception):
    """The import was marked failed (stalled) before its writes began."""


def import_fail(*, import_id: int) -> None:
    """Mark an import that crashed as failed, so its page stops waiting (used by the tasks)."""
    detainee_import = DetaineeImport.objects.filter(pk=import_id).first()
    if detainee_import is None or detainee_import.status not in (ImportStatus.VALIDATING, ImportStatus.APPLYING):
        return
    reason = _("An unexpected error stopped this import: nothing was changed. Try again, or ask an administrator.")
    if detainee_import.status == ImportStatus.APPLYING:
        _import_audited(None, detainee_import, AuditKind.IMPORT_FAILED, reason="crash")
    _finish(detainee_import, ImportStatus.FAILED, errors=[_error(None, "", reason)])


# --- Import: stalled imports -----------------------------------------------------------


def stall_delay() -> dt.timedelta:
    """How long an import may run before it counts as stalled (``CONCERTO_IMPORT_STALL_MINUTES``)."""
    return dt.timedelta(minutes=getattr(settings, "CONCERTO_IMPORT_STALL_MINUTES", 30))


def _stalled(now: dt.datetime) -> Q:
    cutoff = now - stall_delay()
    # running_since is empty only for imports started before it existed: their upload time counts.
    started = Q(running_since__lt=cutoff) | Q(running_since__isnull=True, created_at__lt=cutoff)
    return Q(status__in=RUNNING_IMPORT_STATUSES) & started


def import_is_stalled(detainee_import: DetaineeImport, *, now: dt.datetime | None = None) -> bool:
    """Whether the import is running (checking or applying) for longer than the stall delay."""
    if not detainee_import.is_running:
        return False
    since = detainee_import.running_since or detainee_import.created_at
    return since < (now or timezone.now()) - stall_delay()


def _mark_stalled(import_id: int, uploaded_by_id: int | None, now: dt.datetime, *, still: Q | None = None) -> bool:
    """Fail one stalled import, if it is still running and stalled (a conditional UPDATE: a worker
    finishing at the same moment wins, and nothing is overwritten)."""
    with in_language_of(uploaded_by_id):
        reason = _(
            "The import stopped without finishing (its background work was interrupted): nothing was written. "
            "Upload the file again."
        )
    return bool(
        DetaineeImport.objects.filter(_stalled(now) if still is None else still, pk=import_id).update(
            status=ImportStatus.FAILED, finished_at=now, running_since=None, errors=[_error(None, "", reason)]
        )
    )


def import_fail_interrupted(*, import_id: int, now: dt.datetime | None = None) -> bool:
    """The worker running this import died (concerto/core/worker.py noticed): fail it if still running.

    Its write is one transaction, so an interrupted import wrote nothing; the page says so and
    asks to upload again. Returns False when the import was not running any more.
    """
    uploaded_by_id = DetaineeImport.objects.filter(pk=import_id).values_list("uploaded_by_id", flat=True).first()
    failed = _mark_stalled(
        import_id, uploaded_by_id, now or timezone.now(), still=Q(status__in=RUNNING_IMPORT_STATUSES)
    )
    if failed:
        logger.warning("interrupted import marked as failed", extra={"import_id": import_id})
    return failed


def imports_mark_stalled(*, now: dt.datetime | None = None) -> int:
    """Mark as failed every import running for longer than ``CONCERTO_IMPORT_STALL_MINUTES``; returns how many.

    Cheap when nothing is stalled (one query on the small table of imports), so the list of
    imports runs it on every visit; ``manage.py mark_stalled_imports`` runs it from cron. Safe
    to run at any time: apply writes everything in one transaction, so an import whose worker
    died wrote nothing, and an apply still running holds its import's row until it commits
    (PostgreSQL), after which the import is no longer running. May raise DatabaseError (e.g. a
    database locked by an import writing, on SQLite).
    """
    now = now or timezone.now()
    stalled = list(DetaineeImport.objects.filter(_stalled(now)).values_list("pk", "uploaded_by_id"))
    marked = [pk for pk, uploaded_by_id in stalled if _mark_stalled(pk, uploaded_by_id, now)]
    if marked:
        logger.warning("stalled imports marked as failed", extra={"import_ids": marked})
    return len(marked)


def import_mark_failed(
    *, actor: Actor, detainee_import: DetaineeImport, now: dt.datetime | None = None
) -> DetaineeImport:
    """Mark one stalled import as failed by hand (the button on its page).

    Fails with PermissionDenied unless the actor uploaded it, manages one of the uploader's
    organisations, or is an administrator; with ValidationError when the import is no longer
    running, or has run for less than the stall delay (it may still finish).
    """
    actor.require(
        permissions.can_mark_import_failed(actor, detainee_import),
        _("Only the uploader, their organisation's managers and administrators can stop this import."),
    )
    now = now or timezone.now()
    if not detainee_import.is_running:
        raise ValidationError(_("This import is not running any more."))
    if not import_is_stalled(detainee_import, now=now):
        raise ValidationError(
            _("This import has run for less than %(minutes)d minutes: it may still finish. Wait a little.")
            % {"minutes": int(stall_delay().total_seconds() // 60)}
        )
    if not _mark_stalled(detainee_import.pk, detainee_import.uploaded_by_id, now):
        # Its worker finished it at that very moment (or the watchdog failed it already).
        raise ValidationError(_("This import is not running any more."))
    logger.warning("stalled import marked as failed by hand", extra={"import_id": detainee_import.pk})
    detainee_import.refresh_from_db()
    return detainee_import


def actor_of(user_id: int | None) -> Actor:
    """The actor for a background task run on behalf of ``user_id``."""
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    return actor_for(user) if user is not None else ANONYMOUS


def in_language_of(user_id: int | None) -> translation.override:
    """Messages stored by a background task are written in the language of whom it works for."""
    language = User.objects.filter(pk=user_id).values_list("language", flat=True).first() if user_id else None
    return translation.override(language or settings.LANGUAGE_CODE)


# --- Retention ----------------------------------------------------------------------------

PSEUDONYM = "Anonyme"


def _batches(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@transaction.atomic
def detainees_anonymise_expired(*, today: dt.date | None = None) -> int:
    """Anonymise detainees gone (or inactive) for ``CONCERTO_RETENTION_MONTHS``; returns how many.

    The clock starts at ``left_on`` for people who left (their last change if no date was
    recorded) and at ``last_activity_on`` for people still present. See ``detainees_anonymise``
    for what is removed and what stays. Also clears the files of imports never applied after
    IMPORT_FILE_KEEP_DAYS.
    """
    today = today or timezone.localdate()
    cutoff = today - relativedelta(months=settings.CONCERTO_RETENTION_MONTHS)
    gone = ~Q(presence=PresenceStatus.PRESENT)
    expired = Detainee.objects.filter(anonymised_at__isnull=True).filter(
        (gone & Q(left_on__lt=cutoff))
        | (gone & Q(left_on__isnull=True, updated_at__date__lt=cutoff))
        | Q(presence=PresenceStatus.PRESENT, last_activity_on__lt=cutoff)
    )
    ids = list(expired.values_list("pk", flat=True))
    now = timezone.now()
    for chunk in _batches(ids, 500):
        detainees_anonymise(ids=chunk, actor=ANONYMOUS, purpose=AccessPurpose.RETENTION, now=now)
    stale = now - dt.timedelta(days=IMPORT_FILE_KEEP_DAYS)
    DetaineeImport.objects.filter(created_at__lt=stale).exclude(status=ImportStatus.DONE).update(content=b"")
    if ids:
        logger.info("detainees anonymised", extra={"count": len(ids)})
    return len(ids)


@transaction.atomic
def detainees_anonymise(*, ids: list[int], actor: Actor, purpose: str, now: dt.datetime | None = None) -> int:
    """The one anonymiser, for the retention rule and for requests (``privacy.services.subject_erase``).

    Names become "Anonyme" / "#<id>", the prison number "ANON-<id>"; languages, expected release
    and every note are removed; then every app forgets its free texts and copies about these people
    (``privacy.subject.erase_everywhere``: interview notes, free-text answers, the reasons written in
    the applications' history, the detail of the access-log entries about them). Gender, legal
    status, unit, the applications, attendance and answers to closed questions stay, so that the
    figures of reports do not move. Logged as one ``anonymise`` entry for ``purpose``. People
    already anonymised are anonymised again (harmless). Returns how many.
    """
    ids = sorted(set(ids))
    if not ids:
        return 0
    now = now or timezone.now()
    erase_everywhere(ids)
    DetaineeNote.objects.filter(detainee_id__in=ids).delete()
    for name in LANGUAGE_FIELDS:
        getattr(Detainee, name).through.objects.filter(detainee_id__in=ids).delete()
    anonymised = [
        Detainee(
            pk=pk,
            first_name=PSEUDONYM,
            last_name=f"#{pk}",
            prison_number=f"ANON-{pk}",
            expected_release_on=None,
            anonymised_at=now,
            updated_at=now,
        )
        for pk in ids
    ]
    Detainee.objects.bulk_update(
        anonymised,
        ["first_name", "last_name", "prison_number", "expected_release_on", "anonymised_at", "updated_at"],
    )
    access_log(actor=actor, action=AccessAction.ANONYMISE, purpose=purpose, subjects=anonymised)
    return len(ids)
