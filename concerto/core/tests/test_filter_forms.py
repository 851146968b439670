"""Filters left empty say what the list then shows ("All prisons"), never Django's "---------"."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/catalogue/", "/en/coverage/", "/en/detainees/", "/en/proposals/"])
def test_no_filter_offers_a_row_of_dashes(worker, path):
    client = Client()
    client.force_login(worker)
    html = client.get(path).content.decode()
    assert "---------" not in html


def test_the_catalogue_filters_name_what_an_empty_choice_shows(worker):
    client = Client()
    client.force_login(worker)
    html = client.get("/en/catalogue/").content.decode()
    for label in ("All prisons", "All units", "All target groups", "Any category", "Any language", "All organisations"):
        assert f">{label}</option>" in html
