"""Permission matrix entries for detainees, their notes and the import of the prison's list.

In the matrix world, APO (service manager and worker) has an edition in Haren, so its staff
work there, but read in full only the people APO follows (need to know): "followed" applied to
APO's edition, "participant" holds a place in it; "plain" is on Haren's list and nobody follows
them (404 for every service). Rizome (other service worker) follows nobody: 404 everywhere.
The partner facilitator facilitates that edition and has one participant. Prison staff belong
to Haren's administration and read their prison's list. The coordinator has no service role:
no personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from concerto.accounts.models import User
from concerto.detainees.models import DetaineeImport, ImportStatus
from concerto.detainees.tests.factories import FRENCH_HEADERS, csv_bytes
from concerto.prisons.models import Unit
from concerto.testing import clock as suite_clock
from concerto.testing.factories import ApplicationFactory, DetaineeFactory
from tests.test_permission_matrix import (
    API_READ,
    BAD_REQUEST,
    FORBIDDEN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORISED,
    Case,
    World,
    api,
    everyone,
    only,
)

SERVICE_A = {"administrator", "service_manager", "service_worker"}
# Everyone on Haren's list: administrators and Haren's prison staff.
READERS_OF_HAREN = {"administrator", "prison_staff"}
# The people APO follows: APO's staff too.
READERS_OF_FOLLOWED = SERVICE_A | READERS_OF_HAREN
IMPORTERS = {"administrator", "service_manager", "prison_staff"}
NOTE_WRITERS = {"service_manager", "service_worker"}


def build(world: World) -> None:
    unit = Unit.objects.get(pk=world.unit_id)
    plain = DetaineeFactory(prison_id=world.prison_id, unit=unit)
    participant = DetaineeFactory(prison_id=world.prison_id, unit=unit)
    ApplicationFactory(detainee=participant, edition_id=world.edition_id, status="confirmed")
    followed = DetaineeFactory(prison_id=world.prison_id, unit=unit)
    ApplicationFactory(detainee=followed, edition_id=world.edition_id, status="applied")
    content = csv_bytes([["900001", "Nom", "Prénom", "H", "prévenu", unit.code, "fr", ""]])
    common = {
        "prison_id": world.prison_id,
        "file_name": "liste.csv",
        "file_sha256": hashlib.sha256(content).hexdigest(),
        "content": content,
        "headers": FRENCH_HEADERS,
        "mapping": {"prison_number": 0, "last_name": 1, "first_name": 2, "legal_status": 4, "unit": 5},
    }
    uploaded = DetaineeImport.objects.create(**common)
    preview = DetaineeImport.objects.create(
        **common,
        status=ImportStatus.PREVIEW,
        rows_total=1,
        rows_done=1,
        summary={"create": [2], "update": [], "move": [], "left": [], "unchanged": 0, "nothing_to_change": False},
    )
    # Applying for two hours: its worker died. Uploaded by Haren's prison staff.
    stalled = DetaineeImport.objects.create(
        **common,
        status=ImportStatus.APPLYING,
        uploaded_by=User.objects.get(username="prison_staff"),
        running_since=suite_clock.SUITE_NOW - dt.timedelta(hours=2),
    )
    world.extra.update(
        stalled_import_id=stalled.pk,
        detainee_id=plain.pk,
        participant_id=participant.pk,
        followed_id=followed.pk,
        uploaded_import_id=uploaded.pk,
        preview_import_id=preview.pk,
    )


def _reader(expected: dict[str, int]) -> dict[str, int]:
    """Coordinators and privacy officers (no service role) are refused before anything is looked up."""
    return {**expected, "coordinator": FORBIDDEN, "privacy_officer": FORBIDDEN}


def cases() -> list[Case]:
    fr = "/fr/detainees"
    v1 = "/api/v1/detainees"
    plain = lambda w: w.extra["detainee_id"]  # noqa: E731 - small table helpers
    participant = lambda w: w.extra["participant_id"]  # noqa: E731
    followed = lambda w: w.extra["followed_id"]  # noqa: E731
    uploaded = lambda w: w.extra["uploaded_import_id"]  # noqa: E731
    preview = lambda w: w.extra["preview_import_id"]  # noqa: E731
    stalled = lambda w: w.extra["stalled_import_id"]  # noqa: E731
    mapping = {"prison_number": "0", "last_name": "1", "first_name": "2", "legal_status": "4", "unit": "5"}
    return [
        # Pages: detainees.
        Case("detainees:detainee_list", lambda w: f"{fr}/", _reader(everyone(OK))),
        Case("detainees:detainee_create", lambda w: f"{fr}/new/", only(SERVICE_A)),
        # An empty form: field errors (200) for those who may record, a refusal for the others.
        Case("detainees:detainee_create", lambda w: f"{fr}/new/", only(SERVICE_A), "post", {}),
        Case(
            "detainees:detainee_detail",
            lambda w: f"{fr}/{plain(w)}/",
            _reader(only(READERS_OF_HAREN, no=NOT_FOUND)),
        ),
        Case(
            "detainees:detainee_detail",
            lambda w: f"{fr}/{followed(w)}/",
            _reader(only(READERS_OF_FOLLOWED, no=NOT_FOUND)),
        ),
        Case(
            "detainees:detainee_detail",
            lambda w: f"{fr}/{participant(w)}/",
            _reader(only(READERS_OF_FOLLOWED | {"partner_facilitator"}, no=NOT_FOUND)),
        ),
        # Nobody follows "plain": APO may not correct them (it would read them in full).
        Case(
            "detainees:detainee_update",
            lambda w: f"{fr}/{plain(w)}/edit/",
            _reader({**only({"administrator"}, no=NOT_FOUND), "prison_staff": FORBIDDEN}),
        ),
        Case(
            "detainees:detainee_update",
            lambda w: f"{fr}/{followed(w)}/edit/",
            _reader({**only(SERVICE_A, no=NOT_FOUND), "prison_staff": FORBIDDEN}),
        ),
        Case(
            "detainees:detainee_update",
            lambda w: f"{fr}/{followed(w)}/edit/",
            _reader({**only(SERVICE_A, no=NOT_FOUND), "prison_staff": FORBIDDEN}),
            "post",
            {},
        ),
        Case("detainees:note_add", lambda w: f"{fr}/{followed(w)}/notes/", everyone(NOT_ALLOWED)),
        Case(
            "detainees:note_add",
            lambda w: f"{fr}/{plain(w)}/notes/",
            _reader({**only(set(), no=NOT_FOUND), "administrator": FORBIDDEN, "prison_staff": FORBIDDEN}),
            "post",
            {"text": "Vu en entretien."},
        ),
        Case(
            "detainees:note_add",
            lambda w: f"{fr}/{followed(w)}/notes/",
            _reader(
                {
                    **only(NOTE_WRITERS, yes=REDIRECT, no=NOT_FOUND),
                    "administrator": FORBIDDEN,
                    "prison_staff": FORBIDDEN,
                }
            ),
            "post",
            {"text": "Vu en entretien."},
        ),
        # A stalled import: its uploader (prison staff) or an administrator may mark it failed; APO's
        # manager follows Haren's imports but is no manager of the uploader's organisation. Before the
        # list of imports, whose watchdog fails it too (the POST then redirects with a message).
        Case(
            "detainees:import_mark_failed",
            lambda w: f"{fr}/imports/{stalled(w)}/mark-failed/",
            everyone(NOT_ALLOWED),
        ),
        Case(
            "detainees:import_mark_failed",
            lambda w: f"{fr}/imports/{stalled(w)}/mark-failed/",
            only({"administrator", "prison_staff"}, yes=REDIRECT),
            "post",
        ),
        # Pages: imports (GETs first: the POSTs below move the imports along).
        Case("detainees:import_list", lambda w: f"{fr}/imports/", only(IMPORTERS)),
        Case("detainees:import_upload", lambda w: f"{fr}/imports/new/", only(IMPORTERS)),
        Case("detainees:import_upload", lambda w: f"{fr}/imports/new/", only(IMPORTERS), "post", {}),
        Case("detainees:import_detail", lambda w: f"{fr}/imports/{preview(w)}/", only(IMPORTERS)),
        # An import still waiting for its columns opens on the columns step.
        Case("detainees:import_detail", lambda w: f"{fr}/imports/{uploaded(w)}/", only(IMPORTERS, yes=REDIRECT)),
        Case("detainees:import_mapping", lambda w: f"{fr}/imports/{uploaded(w)}/columns/", only(IMPORTERS)),
        Case(
            "detainees:import_mapping",
            lambda w: f"{fr}/imports/{uploaded(w)}/columns/",
            only(IMPORTERS, yes=REDIRECT),
            "post",
            mapping,
        ),
        Case("detainees:import_apply", lambda w: f"{fr}/imports/{preview(w)}/apply/", everyone(NOT_ALLOWED)),
        Case(
            "detainees:import_apply",
            lambda w: f"{fr}/imports/{preview(w)}/apply/",
            only(IMPORTERS, yes=REDIRECT),
            "post",
        ),
        # API.
        Case("api:v1:detainee-list", lambda w: f"{v1}/", _reader(API_READ)),
        Case("api:v1:detainee-list", lambda w: f"{v1}/", api(SERVICE_A, yes=BAD_REQUEST), "post", {}),
        Case(
            "api:v1:detainee-detail",
            lambda w: f"{v1}/{plain(w)}/",
            _reader(api(READERS_OF_HAREN, no=NOT_FOUND)),
        ),
        # A worker of another service (Rizome) gets 404 on people it does not follow.
        Case(
            "api:v1:detainee-detail",
            lambda w: f"{v1}/{followed(w)}/",
            _reader(api(READERS_OF_FOLLOWED, no=NOT_FOUND)),
        ),
        Case(
            "api:v1:detainee-detail",
            lambda w: f"{v1}/{participant(w)}/",
            _reader(api(READERS_OF_FOLLOWED | {"partner_facilitator"}, no=NOT_FOUND)),
        ),
        Case(
            "api:v1:detainee-detail",
            lambda w: f"{v1}/{plain(w)}/",
            _reader({**api({"administrator"}, no=NOT_FOUND), "prison_staff": FORBIDDEN}),
            "patch",
            {},
        ),
        Case(
            "api:v1:detainee-detail",
            lambda w: f"{v1}/{followed(w)}/",
            _reader({**api(SERVICE_A, no=NOT_FOUND), "prison_staff": FORBIDDEN}),
            "patch",
            {},
        ),
        # No DELETE: the retention rule anonymises.
        Case(
            "api:v1:detainee-detail",
            lambda w: f"{v1}/{plain(w)}/",
            everyone(NOT_ALLOWED, anonymous=UNAUTHORISED),
            "delete",
        ),
        Case(
            "api:v1:detainee-notes",
            lambda w: f"{v1}/{plain(w)}/notes/",
            _reader({**api(set(), no=NOT_FOUND), "administrator": FORBIDDEN, "prison_staff": FORBIDDEN}),
        ),
        Case(
            "api:v1:detainee-notes",
            lambda w: f"{v1}/{followed(w)}/notes/",
            _reader({**api(NOTE_WRITERS, no=NOT_FOUND), "administrator": FORBIDDEN, "prison_staff": FORBIDDEN}),
        ),
        Case(
            "api:v1:detainee-notes",
            lambda w: f"{v1}/{followed(w)}/notes/",
            _reader(
                {
                    **api(NOTE_WRITERS, yes=BAD_REQUEST, no=NOT_FOUND),
                    "administrator": FORBIDDEN,
                    "prison_staff": FORBIDDEN,
                }
            ),
            "post",
            {},
        ),
    ]
