"""The evaluation of an edition: facilitators' reports, the coordinator's decision, and the loop to the next edition.

An edition that is over gets one ``EditionEvaluation``: the coordinator's assessment and a
decision (continue, adjust, stop) with the adjustments. Participation figures are never stored
here: the evaluation page counts them live from attendance, so a late correction of a sheet
shows at once. The participant questionnaire is a ``surveys.Campaign`` with ``edition`` set.
Facilitators write one ``FacilitatorReport`` each. ``EvaluationFollowUp`` says that a later
edition of the same activity was shaped by the evaluation, which makes the loop
evaluation → adjustment → next edition visible.

Reports and evaluations hold no personal data by design: the forms ask not to name detainees.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Decision(models.TextChoices):
    CONTINUE = "continue", _("Continue as it is")
    ADJUST = "adjust", _("Continue with adjustments")
    STOP = "stop", _("Stop")


# Decisions after which a later edition may be linked as shaped by the evaluation.
LEADS_TO_A_NEXT_EDITION = frozenset({Decision.CONTINUE, Decision.ADJUST})


class FacilitatorReport(models.Model):
    """What a facilitator (partner, volunteer or the organiser's staff) tells of an edition they ran."""

    edition = models.ForeignKey(
        "catalogue.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="facilitator_reports",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation the author wrote for."),
    )
    what_worked = models.TextField(_("what worked"))
    incidents = models.TextField(_("incidents"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("facilitator report")
        verbose_name_plural = _("facilitator reports")
        ordering = ("edition", "created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=("edition", "author"), name="evaluation_one_report_per_author"),
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} · {self.author_id}"


class EditionEvaluation(models.Model):
    """The coordinator's evaluation of one edition and the decision taken.

    The organiser's service manager may prepare it (the assessment); the decision, its
    date and its author are set by ``services.evaluation_record`` for coordinators only.
    """

    edition = models.OneToOneField(
        "catalogue.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="evaluation"
    )
    campaign = models.ForeignKey(
        "surveys.Campaign",
        verbose_name=_("participant evaluation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The questionnaire campaign in which participants evaluated the edition."),
    )
    assessment = models.TextField(_("assessment"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    adjustments = models.TextField(_("adjustments"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("edition evaluation")
        verbose_name_plural = _("edition evaluations")
        ordering = ("-decided_at", "pk")
        constraints = [
            # The same rule the service applies, kept by the database too.
            models.CheckConstraint(
                condition=~models.Q(decision="adjust") | ~models.Q(adjustments=""),
                name="evaluation_adjust_needs_adjustments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.get_decision_display() or '—'}"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)


class EvaluationFollowUp(models.Model):
    """A later edition of the same activity, shaped by this evaluation."""

    evaluation = models.ForeignKey(
        EditionEvaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    edition = models.OneToOneField(
        "catalogue.Edition",
        verbose_name=_("later edition"),
        on_delete=models.CASCADE,
        related_name="shaped_by",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("edition shaped by an evaluation")
        verbose_name_plural = _("editions shaped by an evaluation")
        ordering = ("edition__starts_on", "pk")

    def __str__(self) -> str:
        return f"{self.evaluation_id} → {self.edition_id}"
