"""The interface language: the URL says it, and only the switch changes the saved preference."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.test import Client

from concerto.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-123"  # the factories' password


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def saved_language(user: User) -> str:
    user.refresh_from_db(fields=["language"])
    return user.language


def test_opening_a_dutch_page_leaves_the_saved_language_as_it_was(worker):
    assert worker.language == "fr"
    response = signed_in(worker).get("/nl/dashboard/")
    assert response.status_code == 200
    assert 'lang="nl"' in response.content.decode()
    assert saved_language(worker) == "fr"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_logging_in_from_the_dutch_login_page_stays_in_dutch_and_saves_nothing(worker):
    response = Client().post("/nl/login/", {"username": worker.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/nl/dashboard/"
    assert saved_language(worker) == "fr"


def test_logging_in_on_the_way_to_a_page_opens_it_in_the_login_pages_language(worker):
    response = Client().post("/nl/login/?next=/fr/catalogue/", {"username": worker.username, "password": PASSWORD})
    assert response["Location"] == "/nl/catalogue/"


def test_the_switch_saves_the_choice_and_opens_the_same_page_in_that_language(worker):
    client = signed_in(worker)
    response = client.get("/language/nl/", {"next": "/fr/catalogue/?q=th%C3%A9%C3%A2tre"})
    assert response.status_code == 302
    assert response["Location"] == "/nl/catalogue/?q=th%C3%A9%C3%A2tre"
    assert saved_language(worker) == "nl"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"


def test_the_switch_works_before_signing_in_and_only_remembers_it_in_the_browser():
    response = Client().get("/language/nl/", {"next": "/fr/login/"})
    assert response["Location"] == "/nl/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/fr/", "javascript:alert(1)"])
def test_the_switch_never_leads_off_the_site(worker, elsewhere):
    response = signed_in(worker).get("/language/nl/", {"next": elsewhere})
    assert response["Location"] == "/nl/"


def test_the_switch_refuses_a_language_that_is_not_offered(worker):
    assert signed_in(worker).get("/language/xx/", {"next": "/fr/"}).status_code == 404
    assert saved_language(worker) == "fr"


def test_the_switch_is_a_plain_link_to_this_page_in_each_other_language(worker):
    html = signed_in(worker).get("/fr/catalogue/").content.decode()
    switch = html[html.index('class="language-switch"') :]
    switch = switch[: switch.index("</nav>")]
    assert "<form" not in switch
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)">', switch)
    assert links == [
        ("/language/nl/?next=/nl/catalogue/", "nl", "nl"),
        ("/language/en/?next=/en/catalogue/", "en", "en"),
    ]
    assert 'aria-current="true"' in switch  # French, the page's language, is text, not a link


def test_an_address_without_a_language_opens_in_the_saved_language(worker):
    worker.language = "nl"
    worker.save(update_fields=["language"])
    response = signed_in(worker).get("/catalogue/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/catalogue/"


PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils is not installed")
def test_a_pdf_is_in_the_language_of_its_address_not_the_saved_one(coordinator, today):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    response = signed_in(coordinator).get(f"/nl/reports/{today.year - 1}/report.pdf")
    text = subprocess.run([str(PDFTOTEXT), "-", "-"], input=response.content, capture_output=True, check=True).stdout  # noqa: S603
    assert "Gehouden sessies" in text.decode()  # "Sessions held"
    assert saved_language(coordinator) == "en"
