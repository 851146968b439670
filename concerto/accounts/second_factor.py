"""The second factor: a code from an authenticator app (TOTP), with recovery codes.

Who must have one is a setting: ``CONCERTO_SECOND_FACTOR`` is ``required`` (production's
default) or ``optional`` (the demo's and the tests' default, so that ``make run`` stays easy to
try), and ``CONCERTO_SECOND_FACTOR_ROLES`` lists the roles that read personal data and so need
it when it is required. A user who needs one and has none is sent to set it up before any other
page; a user who has one gives a code after the password at every sign-in.

django-otp keeps the devices (``TOTPDevice``, ``StaticDevice`` for the recovery codes) and
throttles wrong codes per device; this module is the product's rules around them.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from concerto.accounts.models import Membership, User

APP_DEVICE_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"
RECOVERY_CODE_COUNT = 10


def requires_second_factor(user: User) -> bool:
    """True when this user may not work without a second factor."""
    if settings.CONCERTO_SECOND_FACTOR != "required":
        return False
    if user.is_superuser:
        return True
    roles = set(settings.CONCERTO_SECOND_FACTOR_ROLES)
    return Membership.objects.filter(user=user, is_active=True, role__in=roles).exists()


def app_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return app_device(user) is not None


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the QR code to scan, or the key to type."""

    device: TOTPDevice
    qr_svg: str
    key: str  # base32, in groups of four for typing by hand


def enrolment_start(user: User) -> Enrolment:
    """An unconfirmed app device for ``user`` (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, dark="#000", light="#fff", title="QR code")
    return Enrolment(device=device, qr_svg=svg, key=" ".join(key[i : i + 4] for i in range(0, len(key), 4)))


@transaction.atomic
def enrolment_confirm(user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app if ``code`` is right: the recovery codes (shown once), else None."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(_digits(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user)


@transaction.atomic
def recovery_codes_renew(user: User) -> list[str]:
    """New recovery codes for ``user``; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``code`` (an app code or an unused recovery code), or None."""
    text = code.strip().replace(" ", "")
    if not text:
        return None
    device = match_token(user, _digits(text) if text.isdigit() else text.lower())
    return device  # type: ignore[no-any-return]


@transaction.atomic
def second_factor_remove(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())
