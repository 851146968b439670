"""Writes of reference data: create, change and delete one record, with its history.

Every write validates the whole record (field rules, the model's ``clean``, unique
constraints) before anything is saved, runs in one transaction, and leaves one history entry
naming the user, its many-to-many links included.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from concerto.accounts.models import User
from concerto.accounts.permissions import Actor
from concerto.referencedata.registry import ReferenceKind
from concerto.referencedata.selectors import uses_of


def _require_manager(actor: Actor, kind: ReferenceKind) -> None:
    actor.require(kind.may_manage(actor), _("Only coordinators and administrators manage reference data."))


def record_create(*, actor: Actor, kind: ReferenceKind, data: Mapping[str, Any]) -> models.Model:
    """A new record of ``kind`` from ``data`` (the form's cleaned data).

    Raises PermissionDenied for anyone but coordinators and administrators, and
    ValidationError (by field) when the record breaks a rule; then nothing is saved.
    """
    _require_manager(actor, kind)
    return _save(actor, kind, kind.model(), data, created=True)


def record_update(*, actor: Actor, kind: ReferenceKind, record: models.Model, data: Mapping[str, Any]) -> models.Model:
    """Change ``record`` to ``data``; the same refusals as ``record_create``.

    Archiving is a change too: ``is_active`` false keeps the record for history and past
    activities, and takes it out of the choices offered for new ones.
    """
    _require_manager(actor, kind)
    return _save(actor, kind, record, data, created=False)


def record_delete(*, actor: Actor, kind: ReferenceKind, record: models.Model) -> None:
    """Delete a record nothing uses any more.

    Raises ValidationError when the kind is archived rather than deleted, or when other
    records still name this one (it says which and how many).
    """
    _require_manager(actor, kind)
    if kind.archivable:
        raise ValidationError(_("This record is archived rather than deleted: untick “active” and save."))
    uses = uses_of(record)
    if uses:
        raise ValidationError(
            _("“%(record)s” cannot be deleted: it is still used (%(uses)s).")
            % {"record": record, "uses": ", ".join(f"{use.label}: {use.count}" for use in uses)}
        )
    record._history_user = _user(actor)  # type: ignore[attr-defined]  # read by simple-history
    try:
        with transaction.atomic():
            record.delete()
    except (ProtectedError, RestrictedError) as error:
        # A use that ``uses_of`` cannot see (added meanwhile): the database refuses, and so do we.
        raise ValidationError(_("“%(record)s” cannot be deleted: it is still used.") % {"record": record}) from error


def _user(actor: Actor) -> User | None:
    return User(pk=actor.user_id) if actor.user_id else None


def _save(actor: Actor, kind: ReferenceKind, record: models.Model, data: Mapping[str, Any], created: bool) -> Any:
    many_names = {field.name for field in record._meta.many_to_many}
    links = {name: value for name, value in data.items() if name in many_names and name in kind.fields}
    for name, value in data.items():
        if name in kind.fields and name not in many_names:
            setattr(record, name, value)
    record.full_clean()
    record._history_user = _user(actor)  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            _save_with_one_history_entry(record, links, created)
    except IntegrityError as error:
        # Two people saving the same code at the same moment: the second is told, nothing is kept.
        raise ValidationError(_("Another record with the same values was saved meanwhile; please check.")) from error
    return record


def _save_with_one_history_entry(record: models.Model, links: Mapping[str, Any], created: bool) -> None:
    """Save the row and its many-to-many links, then record one history entry with both.

    Left alone, simple-history writes one entry for the row and another for each link
    change, so the history page would show a creation followed by a change of the same moment.
    """
    record.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        record.save()
        for name, value in links.items():
            getattr(record, name).set(value)
    finally:
        del record.skip_history_when_saving  # type: ignore[attr-defined]
    # simple-history's own receiver writes the entry, as it would have on save().
    post_save.send(
        sender=type(record), instance=record, created=created, update_fields=None, raw=False, using=record._state.db
    )
