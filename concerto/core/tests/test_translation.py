import pytest
from django.template import Context, Template
from django.utils import translation

from concerto.core.translation import localised
from concerto.testing.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_text_in_the_reader_language_is_shown_as_is():
    activity = ActivityFactory(title_fr="Atelier théâtre", title_nl="Theaterworkshop")
    with translation.override("nl"):
        text = localised(activity, "title")
    assert (text.text, text.is_fallback) == ("Theaterworkshop", False)


def test_missing_translation_falls_back_and_says_so():
    activity = ActivityFactory(title_fr="Classe d'accueil", title_nl="", title_en="")
    with translation.override("nl"):
        rendered = Template('{% load concerto %}{% tr activity "title" %}').render(Context({"activity": activity}))
    assert '<span lang="fr">Classe d&#x27;accueil</span>' in rendered
    assert "fallback-notice" in rendered


def test_fallback_prefers_french_then_dutch_for_english_readers():
    activity = ActivityFactory(title_fr="", title_nl="Tekenatelier", title_en="")
    assert localised(activity, "title", "en").language == "nl"
