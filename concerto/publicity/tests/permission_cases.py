"""Permission matrix entries for posters, weekly sheets and flyers (see tests/test_permission_matrix.py).

They hold the public offer only, so every staff role that works with detainees prints them:
administrators, coordinators, service staff (of any organisation) and prison staff. Partner
facilitators are refused; anonymous readers are sent to the login page. A draft edition has no
flyer (404), whoever asks.
"""

from __future__ import annotations

from django.utils import timezone

from tests.test_permission_matrix import NOT_FOUND, REDIRECT, Case, World, only

PRINTERS = {"administrator", "coordinator", "service_manager", "service_worker", "other_service_worker", "prison_staff"}


def build(world: World) -> None:
    """Posters read the base world's unit and published edition; nothing of their own."""


def cases() -> list[Case]:
    fr = "/fr/publicity"
    month = f"{timezone.localdate():%Y-%m}"
    return [
        Case("publicity:index", lambda w: f"{fr}/", only(PRINTERS)),
        # The staff page's forms send the reader on to the PDF's own address.
        Case(
            "publicity:index",
            lambda w: f"{fr}/?document=poster&unit={w.unit_id}&month={month}&size=A3&language=fr",
            only(PRINTERS, yes=REDIRECT),
        ),
        Case(
            "publicity:unit_poster",
            lambda w: f"{fr}/units/{w.unit_id}/poster/?month={month}&size=A3&language=fr",
            only(PRINTERS),
        ),
        Case("publicity:unit_week", lambda w: f"{fr}/units/{w.unit_id}/week/?language=nl", only(PRINTERS)),
        Case("publicity:unit_flyer", lambda w: f"{fr}/units/{w.unit_id}/flyer/", only(PRINTERS)),
        Case("publicity:edition_flyer", lambda w: f"{fr}/editions/{w.edition_id}/flyer/", only(PRINTERS)),
        Case(
            "publicity:edition_flyer",
            lambda w: f"{fr}/editions/{w.draft_edition_id}/flyer/",
            only(PRINTERS, yes=NOT_FOUND),
        ),
        Case("publicity:unit_poster", lambda w: f"{fr}/units/999999/poster/", only(PRINTERS, yes=NOT_FOUND)),
        Case("publicity:unit_poster", lambda w: f"{fr}/units/{w.unit_id}/poster/?size=A5", only(PRINTERS, yes=400)),
        Case("publicity:index", lambda w: f"{fr}/?document=poster", only(PRINTERS, yes=400)),
    ]
