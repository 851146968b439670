"""The audit trail of privileged actions: each action leaves exactly one entry, with who, what and
to what; nothing rolled back leaves one; no detainee is named in it; the officer's page filters,
prints and exports it."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db import transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from concerto.accounts import api_tokens
from concerto.accounts.models import ApiToken, Membership, Role
from concerto.detainees import services as detainee_services
from concerto.detainees.tests.conftest import importer, run_import, units, works_in_haren  # noqa: F401 - fixtures
from concerto.detainees.tests.factories import csv_bytes, person_row
from concerto.organisations.models import Organisation
from concerto.privacy import selectors, services
from concerto.privacy.models import AuditEntry, AuditKind
from concerto.testing.factories import DetaineeFactory, MembershipFactory, OrganisationFactory, UserFactory
from conftest import make_actor

pytestmark = pytest.mark.django_db

# A name and a prison number that must never reach the trail.
MARKER_NAME, MARKER_NUMBER = "Zorglubovitch", "MARK-424242"


class _FormFields(HTMLParser):
    """The fields of a page's form, with the values it would send (what a browser submits)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, Any] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value") or "on")
            else:
                self.data[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def form_data(client: Client, path: str) -> dict[str, Any]:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    parser = _FormFields()
    parser.feed(page.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


@pytest.fixture
def coordination() -> Organisation:
    return OrganisationFactory(name="Coordination", kind=Organisation.Kind.COORDINATION_BODY)


@pytest.fixture
def administrator(member, coordination):
    return member(Role.ADMINISTRATOR, coordination, username="ada")


@pytest.fixture
def officer(member, coordination):
    return member(Role.PRIVACY_OFFICER, coordination, username="elise")


@pytest.fixture
def admin_client(administrator) -> Client:
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(administrator)
    return client


def only_entry(**filters: Any) -> AuditEntry:
    entries = list(AuditEntry.objects.filter(**filters))
    assert len(entries) == 1, [str(entry) for entry in AuditEntry.objects.all()]
    return entries[0]


def trail_text() -> str:
    """Every entry's every field, as one text."""
    rows = AuditEntry.objects.values()
    return json.dumps(
        [{key: str(value) for key, value in row.items() if key != "at"} for row in rows], ensure_ascii=False
    )


# --- Roles and accounts --------------------------------------------------------------------


def test_changing_a_role_on_the_users_page_leaves_one_entry(admin_client, administrator, worker, service):
    membership = worker.memberships.get()
    path = f"/admin/accounts/user/{worker.pk}/change/"
    data = form_data(admin_client, path)
    data["memberships-0-role"] = Role.SERVICE_MANAGER

    assert admin_client.post(path, data).status_code == 302

    entry = only_entry()
    assert (entry.kind, entry.actor_id, entry.actor_username) == (
        AuditKind.MEMBERSHIP_CHANGED,
        administrator.pk,
        "ada",
    )
    assert (entry.target_type, entry.target_id, entry.organisation_id) == (
        "accounts.membership",
        membership.pk,
        service.pk,
    )
    assert entry.target == f"{worker.username} · service_manager"
    assert entry.detail == {"user": worker.pk, "role": "service_manager", "role_before": "service_worker"}
    assert entry.ip_address == "192.0.2.10"


def test_deactivating_and_making_staff_on_the_users_page_are_two_entries(admin_client, worker):
    path = f"/admin/accounts/user/{worker.pk}/change/"
    data = form_data(admin_client, path)
    data.pop("is_active", None)
    data["is_staff"] = "on"

    assert admin_client.post(path, data).status_code == 302

    assert sorted(AuditEntry.objects.values_list("kind", flat=True)) == [
        AuditKind.USER_DEACTIVATED,
        AuditKind.USER_PRIVILEGES_CHANGED,
    ]
    flags = AuditEntry.objects.get(kind=AuditKind.USER_PRIVILEGES_CHANGED).detail
    assert (flags["is_staff_before"], flags["is_staff"]) == (False, True)


def test_saving_a_users_name_is_not_a_privileged_action(admin_client, worker):
    path = f"/admin/accounts/user/{worker.pk}/change/"
    data = form_data(admin_client, path)
    data["first_name"] = "Another"
    assert admin_client.post(path, data).status_code == 302
    assert not AuditEntry.objects.exists()


def test_setting_someones_password_in_the_admin_leaves_one_entry(admin_client, administrator, worker):
    path = f"/admin/accounts/user/{worker.pk}/password/"
    data = form_data(admin_client, path)
    data.update({"password1": "a-new-pass-word-42", "password2": "a-new-pass-word-42"})
    assert admin_client.post(path, data).status_code == 302
    entry = only_entry()
    assert (entry.kind, entry.actor_id, entry.target_id, entry.detail) == (
        AuditKind.USER_PASSWORD_SET,
        administrator.pk,
        worker.pk,
        {"usable": True},
    )
    assert "a-new-pass-word-42" not in trail_text()


def test_creating_an_account_in_the_admin_leaves_one_entry(admin_client, administrator):
    path = "/admin/accounts/user/add/"
    data = form_data(admin_client, path)
    data.update({"username": "newcomer", "password1": "a-new-pass-word-42", "password2": "a-new-pass-word-42"})
    data.setdefault("usable_password", "true")
    assert admin_client.post(path, data).status_code == 302
    entry = only_entry()
    assert (entry.kind, entry.actor_id, entry.target) == (AuditKind.USER_CREATED, administrator.pk, "newcomer")


def test_granting_and_withdrawing_a_role_in_the_memberships_admin(admin_client, administrator, worker, other_service):
    data = form_data(admin_client, "/admin/accounts/membership/add/")
    data.update({"user": str(worker.pk), "organisation": str(other_service.pk), "role": Role.SERVICE_WORKER})
    assert admin_client.post("/admin/accounts/membership/add/", data).status_code == 302
    granted = only_entry()
    membership = Membership.objects.get(user=worker, organisation=other_service)
    assert (granted.kind, granted.actor_id, granted.target_id, granted.organisation_id) == (
        AuditKind.MEMBERSHIP_GRANTED,
        administrator.pk,
        membership.pk,
        other_service.pk,
    )

    delete = f"/admin/accounts/membership/{membership.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    revoked = only_entry(kind=AuditKind.MEMBERSHIP_REVOKED)
    assert (revoked.target_id, revoked.detail["role"]) == (membership.pk, Role.SERVICE_WORKER)
    assert AuditEntry.objects.count() == 2


def test_withdrawing_roles_with_the_delete_selected_action(admin_client, member, service):
    workers = [member(Role.SERVICE_WORKER, service) for _ in range(2)]
    ids = [str(user.memberships.get().pk) for user in workers]
    answer = admin_client.post(
        "/admin/accounts/membership/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert answer.status_code == 302
    assert sorted(AuditEntry.objects.values_list("target_id", flat=True)) == sorted(int(pk) for pk in ids)
    assert set(AuditEntry.objects.values_list("kind", flat=True)) == {AuditKind.MEMBERSHIP_REVOKED}


def test_the_entry_keeps_who_acted_after_their_account_is_deactivated_and_renamed(admin_client, administrator, worker):
    path = f"/admin/accounts/user/{worker.pk}/change/"
    data = form_data(admin_client, path)
    data["memberships-0-role"] = Role.SERVICE_MANAGER
    admin_client.post(path, data)
    administrator.is_active = False
    administrator.username = "ada-left"
    administrator.save()

    assert AuditEntry.objects.get().actor_username == "ada"


# --- Tokens, feeds, unlocks, second factors ------------------------------------------------


def test_an_api_token_made_and_revoked_on_my_account_leaves_one_entry_each(worker):
    client = Client(REMOTE_ADDR="198.51.100.4")
    client.force_login(worker)
    assert client.post("/en/account/tokens/", {"name": "APO spreadsheet", "days": 30}).status_code == 200
    token = ApiToken.objects.get(user=worker)
    created = only_entry()
    assert (created.kind, created.actor_id, created.target) == (
        AuditKind.API_TOKEN_CREATED,
        worker.pk,
        f"APO spreadsheet ({token.token_key}…)",
    )
    assert (created.detail, created.ip_address) == ({"days": 30, "token_key": token.token_key}, "198.51.100.4")

    assert client.post(f"/en/account/tokens/{token.token_key}/revoke/").status_code == 302
    revoked = only_entry(kind=AuditKind.API_TOKEN_REVOKED)
    assert (revoked.actor_id, revoked.detail) == (worker.pk, {"token_key": token.token_key})
    # Revoking a token that does not exist (any more) records nothing.
    client.post(f"/en/account/tokens/{token.token_key}/revoke/")
    assert AuditEntry.objects.count() == 2


def test_lifting_a_sign_in_block_in_the_admin_leaves_one_entry(member, coordination, worker):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    attempt = AccessAttempt.objects.create(
        username=worker.username,
        ip_address="203.0.113.9",
        user_agent="test",
        failures_since_start=10,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/fr/login/",
    )
    client = Client()
    client.force_login(superuser)
    answer = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert answer.status_code == 302
    assert not AccessAttempt.objects.exists()
    entry = only_entry()
    assert (entry.kind, entry.actor_id, entry.target, entry.target_id) == (
        AuditKind.LOCKOUT_UNLOCKED,
        superuser.pk,
        worker.username,
        worker.pk,
    )
    assert entry.detail == {"failures": 10, "known_user": True}


def test_resetting_a_users_second_factor_in_the_admin_leaves_one_entry(worker):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    device = TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    client = Client()
    client.force_login(superuser)
    assert client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}).status_code == 302
    entry = only_entry()
    assert (entry.kind, entry.target_id, entry.detail) == (
        AuditKind.SECOND_FACTOR_RESET,
        worker.pk,
        {"device": "totpdevice"},
    )


def test_renewing_the_private_calendar_address_leaves_one_entry(worker):
    from concerto.feeds import services as feeds

    feeds.private_feed_renew(user=worker)
    feeds.private_feed_renew(user=worker)
    entries = AuditEntry.objects.order_by("pk")
    assert [(e.kind, e.actor_id, e.detail["replaced"]) for e in entries] == [
        (AuditKind.FEED_ADDRESS_RENEWED, worker.pk, False),
        (AuditKind.FEED_ADDRESS_RENEWED, worker.pk, True),
    ]


# --- Transactions --------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_an_action_rolled_back_leaves_no_entry(worker):
    def make_then_fail() -> None:
        with transaction.atomic():
            api_tokens.token_create(worker, name="script", days=30)
            assert AuditEntry.objects.count() == 1  # written in the action's transaction...
            raise Boom

    with pytest.raises(Boom):
        make_then_fail()
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.exists()  # ...so it went with it


def test_an_entry_that_cannot_be_written_stops_the_action(worker, monkeypatch):
    def refuse(**fact: Any) -> None:
        raise Boom

    monkeypatch.setattr(services, "audit_record", refuse)
    with pytest.raises(Boom):
        api_tokens.token_create(worker, name="script", days=30)
    assert not ApiToken.objects.exists()


def test_an_admin_save_that_fails_after_its_entry_leaves_neither_the_change_nor_the_entry(
    admin_client, worker, monkeypatch
):
    from concerto.accounts.admin import UserAdmin

    original = UserAdmin.save_related

    def save_then_fail(self: Any, *args: Any) -> None:
        original(self, *args)
        assert AuditEntry.objects.count() == 1  # the change and its entry, in the admin's transaction
        raise Boom

    monkeypatch.setattr(UserAdmin, "save_related", save_then_fail)
    path = f"/admin/accounts/user/{worker.pk}/change/"
    data = form_data(admin_client, path)
    data["memberships-0-role"] = Role.SERVICE_MANAGER
    with pytest.raises(Boom):
        admin_client.post(path, data)
    assert worker.memberships.get().role == Role.SERVICE_WORKER
    assert not AuditEntry.objects.exists()


# --- Exports and imports -------------------------------------------------------------------


def test_a_subject_access_export_leaves_one_entry_by_record_number_only(officer, prison):
    person = DetaineeFactory(prison=prison, last_name=MARKER_NAME, prison_number=MARKER_NUMBER)
    client = Client()
    client.force_login(officer)
    answer = client.get(f"/en/privacy/subjects/{person.pk}/export.json")
    assert answer.status_code == 200
    assert MARKER_NAME in answer.content.decode()  # the export itself holds the person's data

    entry = only_entry()
    assert (entry.kind, entry.actor_id, entry.target_type, entry.target_id) == (
        AuditKind.EXPORT,
        officer.pk,
        "detainees.detainee",
        person.pk,
    )
    assert entry.detail == {"export": "subject_access", "format": "json"}
    assert MARKER_NAME not in trail_text()
    assert MARKER_NUMBER not in trail_text()


def test_the_yearly_report_csv_leaves_one_entry(coordinator, today):
    client = Client()
    client.force_login(coordinator)
    assert client.get(f"/en/reports/{today.year}/report.csv").status_code == 200
    entry = only_entry()
    assert (entry.kind, entry.actor_id, entry.target, entry.detail) == (
        AuditKind.EXPORT,
        coordinator.pk,
        str(today.year),
        {"export": "activity_report", "format": "csv"},
    )


def test_an_applied_import_leaves_one_entry_with_counts_and_no_names(run_import, importer, manager):  # noqa: F811
    rows = [person_row(1, last=MARKER_NAME), person_row(2, prison_number=MARKER_NUMBER.removeprefix("MARK-"))]
    done = run_import(csv_bytes(rows))
    assert done.status == "done"

    entry = only_entry()
    assert (entry.kind, entry.actor_id, entry.target_type, entry.target_id) == (
        AuditKind.IMPORT_APPLIED,
        manager.pk,
        "detainees.detaineeimport",
        done.pk,
    )
    assert entry.detail == {"prison": done.prison_id, "created": 2, "updated": 0, "moved": 0, "left": 0, "unchanged": 0}
    assert MARKER_NAME not in trail_text()
    assert MARKER_NUMBER.removeprefix("MARK-") not in trail_text()


def test_an_import_that_fails_when_applied_leaves_one_failure_entry(run_import, units, manager):  # noqa: F811
    preview = run_import(csv_bytes([person_row(1), person_row(2, unit="women-closed")]), apply=False)
    units["women-closed"].is_active = False
    units["women-closed"].save()
    failed = detainee_services.import_apply(actor=make_actor(manager), detainee_import=preview)

    assert failed.status == "failed"
    entry = only_entry()
    assert (entry.kind, entry.target_id, entry.detail["reason"]) == (AuditKind.IMPORT_FAILED, preview.pk, "checks")


def test_a_detail_with_free_text_is_refused(worker):
    with pytest.raises(ValueError, match="only codes"):
        services.audit_record(actor=worker, kind=AuditKind.EXPORT, detail={"note": "x" * 200})
    with pytest.raises(ValueError, match="only codes"):
        services.audit_record(actor=worker, kind=AuditKind.EXPORT, detail={"person": {"name": MARKER_NAME}})
    with pytest.raises(ValueError, match="something_else"):
        services.audit_record(actor=worker, kind="something_else")
    assert not AuditEntry.objects.exists()


# --- The officer's page --------------------------------------------------------------------


@pytest.fixture
def trail(administrator, officer, worker, service, other_service, clock):
    """Four entries: two by the administrator (two organisations, two days), one export, one by the system."""
    clock.shift(-dt.timedelta(days=10))
    services.audit_record(
        actor=administrator, kind=AuditKind.MEMBERSHIP_GRANTED, target="old-grant", organisation_id=service.pk
    )
    clock.shift(dt.timedelta(days=10))
    services.audit_record(
        actor=administrator, kind=AuditKind.MEMBERSHIP_REVOKED, target="new-revoke", organisation_id=other_service.pk
    )
    services.audit_record_export(actor=make_actor(worker), export="movement_list", file_format="pdf", target="=cmd|x")
    services.audit_record(actor=None, kind=AuditKind.IMPORT_FAILED, target="crashed-import", detail={"reason": "crash"})


def listed(client: Client, **query: Any) -> list[str]:
    page = client.get("/en/privacy/audit-trail/", query)
    assert page.status_code == 200
    return [name for name in ("old-grant", "new-revoke", "=cmd|x", "crashed-import") if name in page.content.decode()]


@pytest.fixture
def officer_client(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def test_the_page_lists_every_entry_newest_first_with_the_system_named(officer_client, trail):
    page = officer_client.get("/en/privacy/audit-trail/").content.decode()
    assert page.index("crashed-import") < page.index("new-revoke") < page.index("old-grant")
    assert "system" in page
    assert "4 entries" in page


def test_the_page_filters_by_actor_kind_organisation_and_period(
    officer_client, trail, administrator, worker, service, today
):
    assert listed(officer_client, user=administrator.pk) == ["old-grant", "new-revoke"]
    assert listed(officer_client, user=worker.pk) == ["=cmd|x"]
    assert listed(officer_client, kind=AuditKind.EXPORT) == ["=cmd|x"]
    assert listed(officer_client, organisation=service.pk) == ["old-grant"]
    assert listed(officer_client, since=today.isoformat()) == ["new-revoke", "=cmd|x", "crashed-import"]
    old = (today - dt.timedelta(days=10)).isoformat()
    assert listed(officer_client, since=old, until=old) == ["old-grant"]


def test_the_page_is_paginated(officer_client, worker):
    for number in range(55):
        services.audit_record(actor=worker, kind=AuditKind.EXPORT, target=f"export-{number:02d}")
    first = officer_client.get("/en/privacy/audit-trail/").content.decode()
    second = officer_client.get("/en/privacy/audit-trail/", {"page": 2}).content.decode()
    assert ("export-54" in first, "export-04" in first) == (True, False)
    assert ("export-04" in second, "export-54" in second) == (True, False)


def test_the_csv_export_keeps_the_filters_neutralises_formulas_and_is_itself_recorded(
    officer_client, officer, trail, worker
):
    answer = officer_client.get("/en/privacy/audit-trail/export.csv", {"user": worker.pk})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2  # the header and the worker's one export
    assert "'=cmd|x" in lines[1]
    assert "Movement list of a day" in lines[1]
    recorded = only_entry(actor=officer)
    assert (recorded.kind, recorded.detail) == (
        AuditKind.EXPORT,
        {"export": "audit_trail", "format": "csv", "records": 1},
    )


def test_superusers_read_the_trail_and_administrators_do_not(administrator):
    superuser = UserFactory(username="root", is_superuser=True)
    client = Client()
    client.force_login(superuser)
    assert client.get("/en/privacy/audit-trail/").status_code == 200
    client.force_login(administrator)
    assert client.get("/en/privacy/audit-trail/").status_code == 403
    assert client.get("/en/privacy/audit-trail/export.csv").status_code == 403


def test_the_officers_home_and_menu_link_to_the_trail(officer_client):
    home = officer_client.get("/en/dashboard/").content.decode()
    assert home.count('href="/en/privacy/audit-trail/"') >= 2  # the menu and the home page's toolbar


def test_entries_older_than_the_retention_are_purged_and_the_others_kept(worker, clock, settings):
    settings.CONCERTO_AUDIT_TRAIL_YEARS = 10
    clock.shift(-dt.timedelta(days=round(10.2 * 365.25)))
    services.audit_record(actor=worker, kind=AuditKind.EXPORT, target="too old")
    clock.shift(dt.timedelta(days=round(0.4 * 365.25)))
    services.audit_record(actor=worker, kind=AuditKind.EXPORT, target="kept")
    clock.shift(dt.timedelta(days=round(9.8 * 365.25)))

    assert services.audit_trail_purge() == 1
    assert list(AuditEntry.objects.values_list("target", flat=True)) == ["kept"]


def test_the_selector_refuses_everyone_but_officers_and_superusers(worker, administrator):
    from django.core.exceptions import PermissionDenied

    for user in (worker, administrator):
        with pytest.raises(PermissionDenied):
            selectors.audit_trail_list(actor=make_actor(user))
    MembershipFactory(user=worker, organisation=OrganisationFactory(), role=Role.PRIVACY_OFFICER)
    assert list(selectors.audit_trail_list(actor=make_actor(worker))) == []
