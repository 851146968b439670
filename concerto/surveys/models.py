"""Questionnaires, their frozen versions, survey campaigns and the answers they collect.

A questionnaire is the lasting thing ("Needs of the accused, Haren"); what people answer is
one of its **versions**. A version is a draft until it is published; once published it is
frozen (``surveys.services`` refuses every change to it, its sections, questions and
options), and editing it means copying it into a new draft version. Every response is tied
to the version it answered, and every answer to a question of that same version, so answers
never move to another version.

Texts are stored per language in JSON objects ``{"fr": "...", "nl": "...", "ar": "..."}``:
a version lists the languages it is offered in (ISO 639 codes of ``reference.Language``,
right-to-left scripts included), and every text must exist in each of them before the version
is published. ``core.translation`` helpers render a text in the reader's language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from concerto.core.translation import LocalisedMixin


def text_in(texts: dict[str, str], language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else French, else any language given."""
    language = (language or get_language() or "fr").split("-")[0]
    return texts.get(language) or texts.get("fr") or next((text for text in texts.values() if text), "")


class QuestionnairePurpose(models.TextChoices):
    NEEDS = "needs", _("Needs survey")
    EVALUATION = "evaluation", _("Participant evaluation")


class NamedForStaff(LocalisedMixin):
    """A name for staff in French (``name``, the name it always had) with its Dutch and English.

    ``name_fr`` reads ``name``, so ``obj.tr("name")`` and ``{% tr obj "name" %}`` show the
    reader's language, or French with a notice, like the catalogue's texts.
    """

    name: str

    @property
    def name_fr(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.tr("name").text


class Questionnaire(NamedForStaff, models.Model):
    purpose = models.CharField(_("purpose"), max_length=20, choices=QuestionnairePurpose.choices)
    name = models.CharField(_("name"), max_length=200, help_text=_("For staff; the title people read is per version."))
    name_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ("name",)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    languages = models.JSONField(
        _("languages"), default=list, help_text=_("ISO 639 codes of the languages this version is offered in.")
    )
    title = models.JSONField(_("title"), default=dict)
    introduction = models.JSONField(_("introduction"), default=dict, blank=True)
    is_anonymous = models.BooleanField(
        _("anonymous answers"),
        default=True,
        help_text=_("When unticked, each answer is linked to the detainee who gave it."),
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ("questionnaire", "-number")
        constraints = [
            models.UniqueConstraint(fields=("questionnaire", "number"), name="surveys_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT


class Section(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.JSONField(_("title"), default=dict)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ("version", "position", "pk")

    def __str__(self) -> str:
        return text_in(self.title)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Free text")
    THEMES = "themes", _("Choose and rank activity themes")


class Question(models.Model):
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Stays the same from one version to the next, so results can be compared."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.JSONField(_("question"), default=dict)
    help_text = models.JSONField(_("help"), default=dict, blank=True)
    is_required = models.BooleanField(_("required"), default=False)
    # Scale questions: from scale_min to scale_max, with optional labels at both ends.
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    scale_min_label = models.JSONField(_("label of the lowest value"), default=dict, blank=True)
    scale_max_label = models.JSONField(_("label of the highest value"), default=dict, blank=True)
    # Multiple choice and themes: how many may be chosen (themes: ranked 1..max_choices); 0 = no limit.
    max_choices = models.PositiveSmallIntegerField(_("at most this many choices"), default=0)
    # Conditional display: shown only when show_if_question was answered with show_if_option.
    show_if_question = models.ForeignKey(
        "self",
        verbose_name=_("shown only if question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependent_questions",
    )
    show_if_option = models.ForeignKey(
        "Option",
        verbose_name=_("was answered"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("section__position", "position", "pk")
        constraints = [
            models.UniqueConstraint(fields=("section", "code"), name="surveys_question_code_unique_in_section"),
        ]

    def __str__(self) -> str:
        return text_in(self.text) or self.code


class Option(models.Model):
    """A choice of a single/multiple question, or a theme (a category) of a themes question."""

    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    label = models.JSONField(_("label"), default=dict, blank=True)
    category = models.ForeignKey(
        "reference.Category",
        verbose_name=_("activity theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Themes questions: the category of the taxonomy this choice stands for."),
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ("question", "position", "pk")
        constraints = [
            models.UniqueConstraint(fields=("question", "code"), name="surveys_option_code_unique"),
        ]

    def __str__(self) -> str:
        return text_in(self.label) or self.code


class Campaign(NamedForStaff, models.Model):
    """One round of a published version: for whom (target groups, units), where and when.

    A needs campaign targets target groups and units of a prison over a period; an evaluation
    campaign is about one edition (``edition`` set) and runs at its end.
    """

    name = models.CharField(_("name"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    prison = models.ForeignKey("prisons.Prison", verbose_name=_("prison"), on_delete=models.PROTECT, related_name="+")
    target_groups = models.ManyToManyField("reference.TargetGroup", verbose_name=_("target groups"), blank=True)
    units = models.ManyToManyField("prisons.Unit", verbose_name=_("units"), blank=True)
    edition = models.ForeignKey(
        "catalogue.Edition",
        verbose_name=_("edition evaluated"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_campaigns",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ("-starts_on", "name")


class Channel(models.TextChoices):
    PAPER = "paper", _("Paper form typed in by staff")
    INTERVIEW = "interview", _("Interview with staff")
    KIOSK = "kiosk", _("In-cell kiosk")


class Response(models.Model):
    """One person's filled-in questionnaire. ``version`` is the campaign's, copied and never changed."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="responses"
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.PAPER)
    language = models.CharField(_("language of the form"), max_length=3)
    # Who answered, as far as the analysis needs it (no name when anonymous).
    target_group = models.ForeignKey(
        "reference.TargetGroup",
        verbose_name=_("target group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "prisons.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    detainee = models.ForeignKey(
        "detainees.Detainee",
        verbose_name=_("detainee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only for questionnaires that are not anonymous."),
    )
    paper_number = models.CharField(
        _("form number"),
        max_length=40,
        blank=True,
        help_text=_("The number written on the paper form, so that no form is typed in twice."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ("-entered_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("campaign", "paper_number"),
                condition=~models.Q(paper_number=""),
                name="surveys_paper_number_unique_in_campaign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} #{self.pk}"


class Answer(models.Model):
    """One answer to one question: a chosen option (with its rank for themes), a scale value or a text."""

    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(
        Option, verbose_name=_("option"), null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    scale_value = models.SmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=("question", "option"))]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.option or self.scale_value or self.text}"
