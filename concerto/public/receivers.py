"""Bump the publication stamp after any change to data the public outputs show.

The bump runs after commit and at most once per transaction, so a bulk load costs one
UPDATE, a rolled-back change costs none, and no transaction holds the stamp's row lock while
it works (registrations would otherwise queue behind each other on it).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from concerto.public.stamp import PUBLIC_SOURCES, bump


def _bump_after_commit(**_: Any) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump()
        return
    if any(callback is bump for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(bump)


for _model in PUBLIC_SOURCES():
    post_save.connect(_bump_after_commit, sender=_model, dispatch_uid=f"public-stamp-save-{_model._meta.label}")
    post_delete.connect(_bump_after_commit, sender=_model, dispatch_uid=f"public-stamp-delete-{_model._meta.label}")
    for _field in _model._meta.many_to_many:
        m2m_changed.connect(
            _bump_after_commit,
            sender=_field.remote_field.through,
            dispatch_uid=f"public-stamp-m2m-{_model._meta.label}-{_field.name}",
        )
