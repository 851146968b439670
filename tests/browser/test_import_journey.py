"""Prison staff import the prison's list (docs/samples/liste-haren.csv) through the wizard, twice.

Upload → columns → check and preview → apply in the background → result, then the same file
again (in Dutch), which has nothing to change; axe checks each step. Tasks run at once in tests
(the root conftest), so the check is done by the time the columns form redirects: the preview
shows straight away, without polling. To see the progress page, the apply is queued without
running (django-tasks' dummy backend) and run by the test itself, as ``manage.py db_worker``
would.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.support import check_axe, gettext_in, log_in, screenshot

SAMPLE = Path(django_settings.BASE_DIR) / "docs" / "samples" / "liste-haren.csv"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def fr(message: str) -> str:
    return gettext_in("fr", message)


def nl(message: str) -> str:
    return gettext_in("nl", message)


def status_in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.pgettext("import status", message)


def fr_status(message: str) -> str:
    return status_in("fr", message)


def nl_status(message: str) -> str:
    return status_in("nl", message)


@pytest.fixture
def haren(live_server: Any) -> Any:
    """Haren with the demo's units, languages and detainees, and one of its prison staff."""
    from concerto.accounts.models import Role
    from concerto.demo import data
    from concerto.demo.detainees import demo_detainees
    from concerto.organisations.models import Organisation
    from concerto.prisons.models import Unit
    from concerto.reference.models import Language
    from concerto.testing.factories import MembershipFactory, OrganisationFactory, PrisonFactory, UserFactory

    prison = PrisonFactory()
    for code, name_fr, name_nl, name_en, native, rtl in data.LANGUAGES:
        Language.objects.create(
            code=code, name_fr=name_fr, name_nl=name_nl, name_en=name_en, native_name=native, is_right_to_left=rtl
        )
    for unit in data.UNITS:
        Unit.objects.create(
            prison=prison,
            code=unit.code,
            name_fr=unit.name_fr,
            name_nl=unit.name_nl,
            name_en=unit.name_en,
            kind=unit.kind,
            regime=unit.regime,
            gender=unit.gender,
        )
    demo_detainees(prison)
    administration = OrganisationFactory(
        name="Direction de la prison de Haren", kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=prison
    )
    staff = UserFactory(username="sofie", first_name="Sofie", last_name="Peeters")
    MembershipFactory(user=staff, organisation=administration, role=Role.PRISON_STAFF)
    return staff


def count_of(page: Any, label: str) -> Any:
    """The number of people on the summary row ``label``."""
    row = page.locator("#import-stage table tr").filter(has=page.get_by_role("rowheader", name=label, exact=True))
    return row.locator("td").first


def badge(page: Any) -> Any:
    return page.locator("#import-stage .badge")


def upload_and_check(page: Any, language: str) -> None:
    """Upload the sample, accept the suggested columns and check the rows (axe on both steps)."""
    t = lambda message: gettext_in(language, message)  # noqa: E731
    page.goto(f"/{language}/detainees/imports/")
    page.get_by_role("link", name=t("Import a list")).click()
    page.wait_for_url(f"**/{language}/detainees/imports/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Import the prison's list"))
    check_axe(page, f"import upload {language}")
    page.locator("#id_file").set_input_files(str(SAMPLE))
    page.get_by_role("button", name=t("Upload and choose the columns")).click()
    page.wait_for_url("**/columns/")
    # The sample's French column names are recognised and chosen already.
    expect(page.locator("#id_prison_number option:checked")).to_have_text("Numéro d'écrou")
    expect(page.locator("#id_last_name option:checked")).to_have_text("Nom")
    expect(page.locator("#id_unit option:checked")).to_have_text("Unité")
    check_axe(page, f"import columns {language}")
    page.get_by_role("button", name=t("Check the rows")).click()
    page.wait_for_url(re.compile(r"/detainees/imports/\d+/$"))


def test_prison_staff_import_the_list_see_the_changes_then_import_it_again_for_nothing(
    haren, live_server, page, settings
):
    from concerto.demo.detainees import SAMPLE_GONE, SAMPLE_MOVED, SAMPLE_NEW, demo_people
    from concerto.detainees import tasks
    from concerto.detainees.models import Detainee, DetaineeImport, ImportStatus

    people = demo_people()
    log_in(page, haren)

    # 1. Upload, 2. columns, 3. the check ran at once (tasks run immediately in tests): the
    # columns form lands on the preview, which does not poll.
    upload_and_check(page, "fr")
    detainee_import = DetaineeImport.objects.get()
    expect(badge(page)).to_have_text(fr("Ready to apply"))
    expect(page.locator("#import-stage")).not_to_have_attribute("hx-trigger", "every 1s")
    expect(page.get_by_role("heading", name=fr("What will change"))).to_be_visible()
    expect(count_of(page, fr("New detainees"))).to_have_text(str(len(SAMPLE_NEW)))
    expect(count_of(page, fr("Details updated"))).to_have_text("0")
    expect(count_of(page, fr("Moved to another unit"))).to_have_text(str(len(SAMPLE_MOVED)))
    expect(count_of(page, fr("Have left (not on the list any more)"))).to_have_text(str(len(SAMPLE_GONE)))
    expect(count_of(page, fr("Unchanged"))).to_have_text(str(len(people) - len(SAMPLE_GONE) - len(SAMPLE_MOVED)))
    gone = [people[position] for position in SAMPLE_GONE]
    left_list = page.locator("#import-stage ul.link-list li")
    expect(left_list).to_have_count(len(gone))
    for person in gone:
        expect(left_list.filter(has_text=person.prison_number)).to_contain_text(person.last_name)
    assert not Detainee.objects.filter(prison_number=SAMPLE_NEW[0].prison_number).exists()  # nothing written yet
    screenshot(page, "import-preview")
    check_axe(page, "import preview fr")

    # 4. Apply: queued for the background worker; the page says it waits, and polls.
    settings.TASKS = QUEUED
    page.get_by_role("button", name=fr("Apply all these changes")).click()
    expect(badge(page)).to_have_text(fr("Applying"))
    expect(page.locator("#import-stage")).to_have_attribute("hx-trigger", "every 1s")
    detainee_import.refresh_from_db()
    progress = fr("%(done)s of %(total)s rows checked.") % {"done": 0, "total": detainee_import.rows_total}
    expect(page.get_by_role("status")).to_contain_text(progress)
    expect(page.locator("#import-stage progress")).to_have_attribute("value", "0")
    expect(
        page.get_by_text(fr("You may leave this page: the work goes on, and the list of imports shows the result."))
    ).to_be_visible()
    screenshot(page, "import-progress")
    check_axe(page, "import progress fr")
    # The worker runs it. The page is left first: the live server shares the test's in-memory
    # SQLite connection, and a poll in the middle of the write would run inside its transaction.
    page.goto("about:blank")
    assert tasks.apply_import.call(import_id=detainee_import.pk, user_id=haren.pk) == ImportStatus.DONE
    settings.TASKS = IMMEDIATE

    # 5. The result, then the people in the list of detainees.
    page.goto(f"/fr/detainees/imports/{detainee_import.pk}/")
    expect(badge(page)).to_have_text(fr_status("Applied"))
    expect(page.locator("#import-stage")).not_to_have_attribute("hx-trigger", "every 1s")
    expect(page.get_by_role("heading", name=fr("What was changed"))).to_be_visible()
    expect(count_of(page, fr("New detainees"))).to_have_text(str(len(SAMPLE_NEW)))
    expect(count_of(page, fr("Moved to another unit"))).to_have_text(str(len(SAMPLE_MOVED)))
    expect(count_of(page, fr("Have left (not on the list any more)"))).to_have_text(str(len(SAMPLE_GONE)))
    check_axe(page, "import result fr")
    page.get_by_role("link", name=fr("See the detainees")).click()
    page.wait_for_url(re.compile(r"/fr/detainees/\?prison=\d+$"))
    for person, shown in [*((p, p.last_name) for p in SAMPLE_NEW), (gone[0], fr("Transferred"))]:
        page.goto(f"/fr/detainees/?q={person.prison_number}")
        row = page.locator("main table tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(shown)

    # 6. The same file again, in Dutch: nothing to change, and closing it changes nothing.
    upload_and_check(page, "nl")
    again = DetaineeImport.objects.exclude(pk=detainee_import.pk).get()
    expect(page.get_by_text(nl("Nothing to change: the list is the same as the one already known."))).to_be_visible()
    for label in ("New detainees", "Details updated", "Moved to another unit", "Have left (not on the list any more)"):
        expect(count_of(page, nl(label))).to_have_text("0")
    check_axe(page, "import nothing to change nl")
    before = dict(Detainee.objects.values_list("pk", "updated_at"))
    page.get_by_role("button", name=nl("Close this import")).click()
    expect(page.locator("#import-stage .badge")).to_have_text(nl_status("Applied"))
    check_axe(page, "import result nl")
    assert dict(Detainee.objects.values_list("pk", "updated_at")) == before
    assert DetaineeImport.objects.get(pk=again.pk).status == ImportStatus.DONE

    page.goto("/fr/detainees/imports/")
    expect(page.locator("main table tbody tr")).to_have_count(2)
