"""Paper forms per language: the printable page and the PDF (right-to-left scripts included)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext, ngettext

from concerto.accounts.models import Role
from concerto.organisations.models import Organisation
from concerto.surveys.models import Option
from concerto.surveys.paper import FALLBACK_PICTOGRAM, PICTOGRAMS, pictogram_for
from concerto.testing.factories import (
    CategoryFactory,
    MembershipFactory,
    OrganisationFactory,
    PrisonFactory,
    UserFactory,
)

from .sample_survey import ARABIC_TITLE, SampleSurvey, build_sample

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(content)
        result = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
            [shutil.which("pdftotext") or "pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        )
    return result.stdout


@pytest.fixture
def sample() -> SampleSurvey:
    return build_sample(organisation=OrganisationFactory(name="APO"), prison=PrisonFactory())


@pytest.fixture
def client(sample) -> Client:
    user = UserFactory()
    MembershipFactory(user=user, organisation=sample.campaign.organisation, role=Role.SERVICE_WORKER)
    client = Client()
    client.force_login(user)
    return client


def test_arabic_form_reads_right_to_left_with_its_fixed_words_in_arabic(sample, client):
    page = client.get(f"/fr/surveys/campaigns/{sample.campaign.pk}/paper/ar/").content.decode()

    assert '<article class="paper-form" lang="ar" dir="rtl">' in page
    assert f'<h2 class="paper-title">{ARABIC_TITLE}</h2>' in page
    # The layout's own words come from the Arabic paper-form catalogue (concerto/locale/ar)...
    assert '<span class="fixed">رقم الاستمارة</span>' in page
    assert "Numéro du formulaire" not in page
    assert "Form number" not in page
    # ...the names of units exist in French, Dutch and English only: French here, marked as such.
    assert '<span class="tick" lang="fr" dir="ltr"><span class="box" aria-hidden="true"></span> Unité A</span>' in page
    # Question 5 applies only to those who answered "no" (لا) to question 1.
    assert '<bdi lang="ar">لا</bdi>' in page
    assert "1</span> هل تريد المشاركة؟" in page
    assert "Unité B" in page


def test_french_form_has_numbered_boxes_a_scale_with_end_labels_lines_and_rank_boxes(sample, client):
    page = client.get(f"/en/surveys/campaigns/{sample.campaign.pk}/paper/fr/").content.decode()

    assert '<article class="paper-form" lang="fr" dir="ltr">' in page
    assert '<span class="option-number">2</span><span class="option-label">Non</span>' in page
    assert '<span class="scale-end">Très mal</span>' in page
    assert '<span class="scale-end">Très bien</span>' in page
    assert page.count('<div class="write-line"></div>') == 8  # two free-text questions, four lines each
    assert page.count('<span class="rank-box"') == 4
    # The form's fixed words are in the form's language, whatever the interface's (here English).
    with translation.override("fr"):
        choose = ngettext(
            "Write 1 in the box of the theme you want most. Choose at most %(counter)s theme.",
            "Write 1 in the box of the theme you want most, 2 for the next one, and so on. "
            "Choose at most %(counter)s themes.",
            3,
        ) % {"counter": 3}
        only_if = gettext("Answer only if you answered “%(answer)s” to question %(number)s.") % {
            "answer": '<bdi lang="fr">Non</bdi>',
            "number": 1,
        }
    assert "Choose at most" not in page
    assert choose in page
    assert only_if in page


def test_themes_have_the_pictogram_of_their_root_category():
    training = CategoryFactory(code="training", name_fr="Formation")
    literacy = CategoryFactory(code="literacy", name_fr="Alphabétisation", parent=training)
    elsewhere = CategoryFactory(code="other-root", name_fr="Autre")

    assert str(pictogram_for(Option(category=literacy))) == PICTOGRAMS["training"]
    assert str(pictogram_for(Option(category=elsewhere))) == FALLBACK_PICTOGRAM
    assert str(pictogram_for(Option(category=None))) == FALLBACK_PICTOGRAM


def test_a_language_the_version_is_not_offered_in_has_no_form(sample, client):
    assert client.get(f"/fr/surveys/campaigns/{sample.campaign.pk}/paper/tr/").status_code == 404
    assert client.get(f"/fr/surveys/campaigns/{sample.campaign.pk}/paper/tr.pdf").status_code == 404


def test_prison_staff_cannot_open_paper_forms(sample):
    user = UserFactory()
    prison_office = OrganisationFactory(kind=Organisation.Kind.PRISON_ADMINISTRATION, prison=sample.campaign.prison)
    MembershipFactory(user=user, organisation=prison_office, role=Role.PRISON_STAFF)
    client = Client()
    client.force_login(user)

    assert client.get(f"/fr/surveys/campaigns/{sample.campaign.pk}/paper/fr/").status_code == 403


@needs_pdftotext
def test_arabic_pdf_holds_the_arabic_title_and_the_questions(sample, client):
    response = client.get(f"/fr/surveys/campaigns/{sample.campaign.pk}/paper/ar.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert ARABIC_TITLE in text
    assert "هل تريد المشاركة؟" in text
    assert "Besoins 2026" in text  # the campaign in the running footer
