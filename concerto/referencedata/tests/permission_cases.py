"""Permission matrix entries for the reference data pages: coordinators and administrators only.

Every kind's list, form and history is declared; the world's unit, category, target group and
a closure day nobody uses (deleted by those allowed) are the records opened.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from concerto.prisons.models import ClosureDay
from concerto.referencedata.registry import KINDS
from tests.test_permission_matrix import NOT_FOUND, REDIRECT, REFERENCE_MANAGERS, Case, World, only

MANAGERS = REFERENCE_MANAGERS


def build(world: World) -> None:
    day = ClosureDay.objects.create(
        prison_id=world.prison_id, date=timezone.localdate() + dt.timedelta(days=60), reason="Inventaire"
    )
    world.extra.update(closure_day=day.pk)


def cases() -> list[Case]:
    fr = "/fr/reference-data"
    unit = lambda w: f"{fr}/units/{w.unit_id}/"  # noqa: E731 - small table entries
    closure = lambda w: f"{fr}/closure-days/{w.extra['closure_day']}/"  # noqa: E731
    unit_body = lambda w: {  # noqa: E731
        "prison": w.prison_id,
        "code": "renamed",
        "name_fr": "Unité renommée",
        "name_nl": "Hernoemde afdeling",
        "kind": "remand",
        "regime": "closed",
        "gender": "men",
        "is_active": "on",
    }
    return [
        Case("referencedata:index", lambda w: f"{fr}/", only(MANAGERS)),
        *[Case("referencedata:record_list", lambda w, s=slug: f"{fr}/{s}/", only(MANAGERS)) for slug in KINDS],
        *[Case("referencedata:record_create", lambda w, s=slug: f"{fr}/{s}/new/", only(MANAGERS)) for slug in KINDS],
        Case("referencedata:record_list", lambda w: f"{fr}/units/?prison={w.prison_id}&state=all&q=a", only(MANAGERS)),
        # Unknown filters are ignored, never an error.
        Case("referencedata:record_list", lambda w: f"{fr}/rooms/?prison=abc&state=zz", only(MANAGERS)),
        Case("referencedata:record_list", lambda w: f"{fr}/no-such-kind/", only(MANAGERS, yes=NOT_FOUND)),
        # An empty form: managers see its errors, the others a refusal.
        Case("referencedata:record_create", lambda w: f"{fr}/units/new/", only(MANAGERS), "post", {}),
        Case("referencedata:record_update", unit, only(MANAGERS)),
        Case("referencedata:record_update", unit, only(MANAGERS, yes=REDIRECT), "post", unit_body),
        Case("referencedata:record_update", lambda w: f"{fr}/categories/{w.category_id}/", only(MANAGERS)),
        Case("referencedata:record_history", lambda w: f"{unit(w)}history/", only(MANAGERS)),
        Case(
            "referencedata:record_history",
            lambda w: f"{fr}/target-groups/{w.target_group_id}/history/",
            only(MANAGERS),
        ),
        # Archived rather than deleted: the page explains, a POST is refused with a message.
        Case("referencedata:record_delete", lambda w: f"{unit(w)}delete/", only(MANAGERS)),
        Case("referencedata:record_delete", lambda w: f"{unit(w)}delete/", only(MANAGERS, yes=REDIRECT), "post"),
        Case("referencedata:record_delete", lambda w: f"{closure(w)}delete/", only(MANAGERS)),
        Case("referencedata:record_delete", lambda w: f"{closure(w)}delete/", only(MANAGERS, yes=REDIRECT), "post"),
        Case("referencedata:record_delete", lambda w: f"{fr}/units/999999/delete/", only(MANAGERS, yes=NOT_FOUND)),
        Case("referencedata:record_history", lambda w: f"{fr}/units/999999/history/", only(MANAGERS, yes=NOT_FOUND)),
    ]
