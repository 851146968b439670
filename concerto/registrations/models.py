"""Applications to editions, their screening, and the places they take.

The state machine is declared here once (APPLICATION_TRANSITIONS, TAKES_A_PLACE) and enforced
by ``services.application_move``. Places are counted from live rows, never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concerto.reference.models import NamedInThreeLanguages


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    IN_SCREENING = "in_screening", _("In screening")
    ACCEPTED = "accepted", _("Accepted")
    OFFERED = "offered", _("Place offered")
    CONFIRMED = "confirmed", _("Confirmed")
    ACTIVE = "active", _("Taking part")
    COMPLETED = "completed", _("Completed")
    WAITING_LIST = "waiting_list", _("Waiting list")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DROPPED_OUT = "dropped_out", _("Dropped out")
    TRANSFERRED = "transferred", _("Transferred")
    RELEASED = "released", _("Released")


S = ApplicationStatus
# For each state: does it take one of the edition's places?
TAKES_A_PLACE: dict[str, bool] = {
    S.APPLIED: False,
    S.IN_SCREENING: False,
    S.ACCEPTED: False,
    S.OFFERED: True,  # held for the person until the response deadline
    S.CONFIRMED: True,
    S.ACTIVE: True,
    S.COMPLETED: True,
    S.WAITING_LIST: False,
    S.REFUSED: False,
    S.WITHDRAWN: False,
    S.DROPPED_OUT: False,
    S.TRANSFERRED: False,
    S.RELEASED: False,
}
PLACE_TAKING_STATUSES = frozenset(status for status, takes in TAKES_A_PLACE.items() if takes)
_LEAVING = frozenset({S.WITHDRAWN, S.TRANSFERRED, S.RELEASED})
# The only moves an application may make.
APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    S.APPLIED: frozenset({S.IN_SCREENING, S.REFUSED}) | _LEAVING,
    S.IN_SCREENING: frozenset({S.ACCEPTED, S.REFUSED, S.WAITING_LIST}) | _LEAVING,
    S.ACCEPTED: frozenset({S.OFFERED, S.CONFIRMED, S.WAITING_LIST}) | _LEAVING,
    S.WAITING_LIST: frozenset({S.OFFERED, S.CONFIRMED, S.REFUSED}) | _LEAVING,
    S.OFFERED: frozenset({S.CONFIRMED, S.WAITING_LIST}) | _LEAVING,
    S.CONFIRMED: frozenset({S.ACTIVE, S.DROPPED_OUT}) | _LEAVING,
    S.ACTIVE: frozenset({S.COMPLETED, S.DROPPED_OUT}) | _LEAVING,
    S.COMPLETED: frozenset(),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.DROPPED_OUT: frozenset(),
    S.TRANSFERRED: frozenset(),
    S.RELEASED: frozenset(),
}
OPEN_STATUSES = frozenset(status for status, moves in APPLICATION_TRANSITIONS.items() if moves)


class ApplicationSource(models.TextChoices):
    PAPER = "paper", _("Paper slip")
    SERVICE_REFERRAL = "service_referral", _("Referral by a service")
    PSYCHOSOCIAL_SERVICE = "psychosocial_service", _("Referral by the prison's psychosocial service")
    PRISON_STAFF = "prison_staff", _("Referral by prison staff")
    KIOSK = "kiosk", _("In-cell kiosk")


class RefusalReason(NamedInThreeLanguages):
    """Editable list of reasons for refusing an application."""

    history = HistoricalRecords()

    class Meta(NamedInThreeLanguages.Meta):
        verbose_name = _("refusal reason")
        verbose_name_plural = _("refusal reasons")


class EditionScreening(models.Model):
    """Per-edition screening criteria and registration settings."""

    edition = models.OneToOneField(
        "catalogue.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="screening"
    )
    target_groups = models.ManyToManyField("reference.TargetGroup", verbose_name=_("target groups"), blank=True)
    languages = models.ManyToManyField("reference.Language", verbose_name=_("languages needed"), blank=True)
    language_required = models.BooleanField(
        _("participants must understand a language of delivery"),
        default=True,
        help_text=_(
            "Untick for an activity open to people who speak none of its languages, such as a reception "
            "class for newcomers who speak neither French nor Dutch: the language check then always passes."
        ),
    )
    checklist = models.JSONField(
        _("checklist questions"),
        default=list,
        blank=True,
        help_text=_("Questions staff answer yes or no during screening."),
    )
    requires_security_clearance = models.BooleanField(_("security clearance required"), default=False)
    requires_movement_permission = models.BooleanField(_("movement permission required"), default=False)
    auto_offer = models.BooleanField(
        _("offer freed places automatically"),
        default=False,
        help_text=_("Otherwise staff are prompted to offer the place."),
    )
    offer_response_days = models.PositiveSmallIntegerField(
        _("days to answer an offer"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    dropout_after_absences = models.PositiveSmallIntegerField(
        _("consecutive unexcused absences that mean dropping out"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    history = HistoricalRecords(m2m_fields=[target_groups, languages])

    class Meta:
        verbose_name = _("screening criteria")
        verbose_name_plural = _("screening criteria")

    def __str__(self) -> str:
        return str(self.edition)


class Application(models.Model):
    detainee = models.ForeignKey(
        "detainees.Detainee", verbose_name=_("detainee"), on_delete=models.CASCADE, related_name="applications"
    )
    edition = models.ForeignKey(
        "catalogue.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    source = models.CharField(_("source"), max_length=30, choices=ApplicationSource.choices)
    referred_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_on = models.DateField(_("application date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_for = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("service"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The service that follows this application."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=0, help_text=_("Higher comes first on the waiting list.")
    )
    refusal_reason = models.ForeignKey(
        RefusalReason, verbose_name=_("refusal reason"), null=True, blank=True, on_delete=models.PROTECT
    )
    checklist_answers = models.JSONField(_("checklist answers"), default=dict, blank=True)
    offer_expires_at = models.DateTimeField(_("offer to answer by"), null=True, blank=True)
    # Set when an offer goes back to the waiting list (declined, or no answer by the deadline):
    # the automatic promotion then skips this person, whom staff may still offer a place by hand.
    offer_lapsed_at = models.DateTimeField(_("offer declined or lapsed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ("-priority", "applied_on", "pk")
        constraints = [models.UniqueConstraint(fields=["detainee", "edition"], name="one_application_per_edition")]
        indexes = [models.Index(fields=["edition", "status"], name="application_edition_status")]

    def __str__(self) -> str:
        return f"{self.detainee_id} → {self.edition_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("registrations:application_detail", args=[self.pk])

    @property
    def takes_a_place(self) -> bool:
        return TAKES_A_PLACE[self.status]


class PrisonRequest(models.Model):
    """A request to the prison (security clearance, movement permission) and its answer."""

    class Kind(models.TextChoices):
        SECURITY_CLEARANCE = "security_clearance", _("Security clearance")
        MOVEMENT_PERMISSION = "movement_permission", _("Movement permission")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="prison_requests"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_on = models.DateField(_("requested on"))
    # When the service needs the answer: the edition's first day unless said otherwise.
    due_on = models.DateField(_("answer needed by"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_reason = models.CharField(_("reason given"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request to the prison")
        verbose_name_plural = _("requests to the prison")
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="one_request_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_status_display()}"
