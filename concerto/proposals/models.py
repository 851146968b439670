"""Activity proposals: the design workspace where a need or a gap becomes a catalogue activity.

A coordinator (or a service manager, for their organisation) drafts a proposal, opens it for
comments by the other services, then accepts it (a draft activity is created in the catalogue
for the chosen organiser) or declines it. The moves are declared once here
(PROPOSAL_TRANSITIONS) and made only by ``services.proposal_change_status`` and
``services.proposal_accept``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concerto.core.translation import LocalisedMixin


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for comments")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


P = ProposalStatus
# The only moves a proposal's status may make.
PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    P.DRAFT: frozenset({P.OPEN, P.WITHDRAWN}),
    P.OPEN: frozenset({P.ACCEPTED, P.DECLINED, P.WITHDRAWN}),
    P.ACCEPTED: frozenset(),
    P.DECLINED: frozenset(),
    P.WITHDRAWN: frozenset(),
}
# While a proposal is being written, its texts may change.
EDITABLE_STATUSES = frozenset({P.DRAFT, P.OPEN})


class ActivityProposal(LocalisedMixin, models.Model):
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    objectives_fr = models.TextField(_("objectives (French)"), blank=True)
    objectives_nl = models.TextField(_("objectives (Dutch)"), blank=True)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    prison = models.ForeignKey(
        "prisons.Prison", verbose_name=_("prison"), on_delete=models.PROTECT, related_name="activity_proposals"
    )
    units = models.ManyToManyField("prisons.Unit", verbose_name=_("units"), blank=True, related_name="+")
    target_groups = models.ManyToManyField("reference.TargetGroup", verbose_name=_("target groups"), related_name="+")
    category = models.ForeignKey(
        "reference.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    languages = models.ManyToManyField("reference.Language", verbose_name=_("languages of delivery"), related_name="+")
    partners_sought = models.TextField(
        _("partners sought"), blank=True, help_text=_("Which organisations or volunteers could run it with you.")
    )
    resources_needed = models.TextField(
        _("resources needed"), blank=True, help_text=_("Rooms, material, budget, facilitators' time.")
    )
    # Where the idea came from: a finding (e.g. a gap in the offer) and the dimensions it was found in.
    finding = models.CharField(_("drafted from"), max_length=500, blank=True)
    origin = models.JSONField(_("origin"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="activity_proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT, db_index=True
    )
    # Set when first opened for comments: from then on, every service may read it.
    opened_at = models.DateTimeField(_("opened for comments"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)
    activity = models.OneToOneField(
        "catalogue.Activity",
        verbose_name=_("resulting activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[units, target_groups, languages])

    class Meta:
        verbose_name = _("activity proposal")
        verbose_name_plural = _("activity proposals")
        ordering = ("-updated_at", "-pk")

    def __str__(self) -> str:
        return self.tr("title").text or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ProposalComment(models.Model):
    proposal = models.ForeignKey(
        ActivityProposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a proposal")
        verbose_name_plural = _("comments on proposals")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.organisation_id} · {self.created_at:%d/%m/%Y}"
