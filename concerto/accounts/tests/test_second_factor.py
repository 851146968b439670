"""The second factor: set up with an app, asked after the password, recovery codes, and required by role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from concerto.accounts import second_factor
from concerto.accounts.models import Role

pytestmark = pytest.mark.django_db
PASSWORD = "pass-word-for-the-test"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def worker_with_password(worker):
    worker.set_password(PASSWORD)
    worker.save()
    return worker


def sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def set_up(client, user) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("accounts:second_factor"))
    assert b"<svg" in page.content  # the QR code to scan
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    answer = client.post(reverse("accounts:second_factor"), {"code": current_code(device)})
    assert answer.status_code == 200
    client.post(reverse("accounts:logout"))
    return list(answer.context["codes"])


def test_after_setting_it_up_signing_in_takes_the_password_then_the_code(client, worker_with_password, clock):
    codes = set_up(client, worker_with_password)
    assert len(codes) == 10

    after_password = sign_in(client, worker_with_password)
    assert after_password["Location"] == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session  # not signed in yet

    wrong = client.post(reverse("accounts:login_code"), {"code": "000000"})
    assert "This code is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    clock.shift(dt.timedelta(seconds=31))  # the next code (each code works once), after the throttle's pause
    device = TOTPDevice.objects.get(user=worker_with_password, confirmed=True)
    signed_in = client.post(reverse("accounts:login_code"), {"code": current_code(device)})
    assert signed_in.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_a_recovery_code_works_once(client, worker_with_password):
    codes = set_up(client, worker_with_password)

    sign_in(client, worker_with_password)
    assert client.post(reverse("accounts:login_code"), {"code": codes[0]}).status_code == 302
    client.post(reverse("accounts:logout"))

    sign_in(client, worker_with_password)
    again = client.post(reverse("accounts:login_code"), {"code": codes[0]})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_when_required_a_role_with_personal_data_must_set_it_up_before_any_other_page(
    client, settings, worker, coordinator
):
    settings.CONCERTO_SECOND_FACTOR = "required"
    client.force_login(worker)

    answer = client.get(reverse("catalogue:activity_list"))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("accounts:second_factor")
    assert client.get(reverse("accounts:second_factor")).status_code == 200

    client.force_login(coordinator)  # reads counts only: not among the roles that need it
    assert Role.COORDINATOR not in settings.CONCERTO_SECOND_FACTOR_ROLES
    assert client.get(reverse("catalogue:activity_list")).status_code == 200


def test_optional_by_default_outside_production(worker):
    assert second_factor.requires_second_factor(worker) is False
