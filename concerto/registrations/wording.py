"""What happened to an application, said in the person's terms ("4th on the waiting list").

Ordinals are built from translatable pieces, one per English ending, so that French ("1er",
"4e") and Dutch ("1e", "4e") each get their own form: a translator maps "%(n)sst" of
"ordinal 21, 31, …" to "%(n)se", and "%(n)sst" of "ordinal 1" to "%(n)ser".
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from concerto.core.translation import localised
from concerto.registrations.models import Application, ApplicationStatus

S = ApplicationStatus
FIRST = 1
_TEENS = (11, 12, 13)


def ordinal(number: int) -> str:
    """``number`` as an ordinal in the active language: 1st, 2nd, 4th, 11th, 21st (1er, 4e; 1e, 4e)."""
    if number == FIRST:
        return pgettext("ordinal 1", "%(n)sst") % {"n": number}
    if number % 100 in _TEENS:
        return pgettext("ordinal 11, 12, 13", "%(n)sth") % {"n": number}
    last = number % 10
    if last == 1:
        return pgettext("ordinal 21, 31, …", "%(n)sst") % {"n": number}
    if last == 2:
        return pgettext("ordinal 2, 22, …", "%(n)snd") % {"n": number}
    if last == 3:
        return pgettext("ordinal 3, 23, …", "%(n)srd") % {"n": number}
    return pgettext("ordinal 4, 5, …", "%(n)sth") % {"n": number}


def waiting_rank(position: int) -> str:
    """ "4th on the waiting list"."""
    return _("%(ordinal)s on the waiting list") % {"ordinal": ordinal(position)}


def local_datetime(value: Any) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


def edition_name(application: Application) -> str:
    edition = application.edition
    title = localised(edition.activity, "title").text
    start, end = (date_format(day, "SHORT_DATE_FORMAT") for day in (edition.starts_on, edition.ends_on))
    return f"{title} ({start} – {end})"


def outcome_message(application: Application, *, position: int | None = None) -> str:
    """What a decision or a move did, in the person's terms.

    ``position`` is the person's place on the waiting list (see ``selectors.waiting_list_position``).
    """
    status = application.status
    if status == S.WAITING_LIST:
        if position is None:
            return _("The person is on the waiting list.")
        return _("No place is free: %(rank)s.") % {"rank": waiting_rank(position)}
    if status == S.OFFERED:
        return _("Place offered until %(deadline)s. Confirm it once the person says yes.") % {
            "deadline": local_datetime(application.offer_expires_at)
        }
    if status in (S.CONFIRMED, S.ACTIVE):
        return _("Accepted: participant of %(edition)s.") % {"edition": edition_name(application)}
    if status == S.COMPLETED:
        return _("Completed %(edition)s.") % {"edition": edition_name(application)}
    if status == S.REFUSED:
        reason = application.refusal_reason
        if reason is not None:
            return _("Refused: %(reason)s.") % {"reason": reason}
        return _("Refused.")
    if status == S.APPLIED:
        return _("Application recorded for %(edition)s; screening comes next.") % {"edition": edition_name(application)}
    return _("The application is now “%(status)s”.") % {"status": application.get_status_display()}
