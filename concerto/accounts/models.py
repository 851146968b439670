"""Users and their memberships: a person acts for an organisation in a role."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    SERVICE_MANAGER = "service_manager", _("Service manager")
    SERVICE_WORKER = "service_worker", _("Service worker")
    PARTNER_FACILITATOR = "partner_facilitator", _("Partner facilitator")
    PRISON_STAFF = "prison_staff", _("Prison staff")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Reads the access log and answers the people's requests (GDPR art. 15-17); no service role.
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


class User(AbstractUser):  # type: ignore[django-manager-missing]
    language = models.CharField(
        _("interface language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ("last_name", "first_name", "username")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="one_membership_per_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class ApiToken(AbstractAuthToken):
    """An API token of one client (a script, another system), named, with an expiry.

    django-rest-knox keeps only a hash of the secret (``digest``) and its first characters
    (``token_key``, to tell tokens apart); the secret itself is shown once, when it is made.
    """

    name: models.CharField[str, str] = models.CharField(_("client name"), max_length=80)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"
