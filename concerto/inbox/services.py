"""The prison's answer to a request, whatever its kind, and the notice to the service that asked."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from concerto.accounts.permissions import Actor
from concerto.attendance.services import notice_send
from concerto.inbox.sources import InboxItem, InboxSource, InboxState, source_named


def _parse(key: str) -> tuple[str, int]:
    source, _sep, pk = key.partition(":")
    if not source or not pk.isdigit():
        raise ValidationError(_("This request was not found."))
    return source, int(pk)


@transaction.atomic
def inbox_decide(*, actor: Actor, key: str, approve: bool, reason: str = "") -> InboxItem:
    """Approve or refuse the request ``key`` ("<source>:<pk>") with a reason; the service is told after the commit.

    The kind's own service checks who may answer and that the request still waits; a refusal
    needs a reason. Fails with ValidationError (unknown request, nothing to answer, no reason)
    or PermissionDenied (a request to another prison).
    """
    source_key, pk = _parse(key)
    source = source_named(source_key)
    prison_id = source.prison_of(pk) if source is not None else None
    if source is None or prison_id is None:
        raise ValidationError(_("This request was not found."))
    if not (actor.is_admin or prison_id in actor.staff_prison_ids):
        raise PermissionDenied(_("Only the prison's own staff answer its requests."))
    item = source.decide(actor=actor, pk=pk, approve=approve, reason=reason)
    transaction.on_commit(lambda: _tell_the_service(source, item), robust=True)
    return item


def _tell_the_service(source: InboxSource, item: InboxItem) -> None:
    """A notice to the service that asked, in its own language (the request read again in it)."""

    def message() -> str:
        answered = source.get(item.pk) or item
        words = {"kind": answered.kind, "about": answered.about, "reason": answered.reason}
        if answered.state == InboxState.APPROVED:
            return _("The prison approved: %(kind)s, %(about)s.") % words
        return _("The prison refused: %(kind)s, %(about)s. Reason: %(reason)s") % words

    notice_send(item.organisation_id, message, link=reverse("inbox:requests"))
