"""The catalogue's filters at scale: each activity once, and a unit list that follows the chosen prison."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.test import Client

from concerto.catalogue import selectors
from concerto.core.widgets import QuickSelect
from concerto.testing.factories import ActivityFactory, OrganisationFactory, PrisonFactory, UnitFactory, target_group
from conftest import make_actor

pytestmark = pytest.mark.django_db


def test_an_activity_matching_a_filter_through_several_rows_is_listed_once(coordinator):
    service, partner, other = (OrganisationFactory(name=name) for name in ("APO", "Théâtre", "Autre"))
    activity = ActivityFactory(
        title_fr="Atelier théâtre", organiser=service, target_groups=[target_group("men"), target_group("accused")]
    )
    activity.partners.set([partner, other])
    ActivityFactory(title_fr="Cuisine", organiser=other)
    actor = make_actor(coordinator)
    by_partner = selectors.activity_list(actor=actor, filters=selectors.CatalogueFilters(organisation=partner.pk))
    assert [a.title_fr for a in by_partner] == ["Atelier théâtre"]
    by_group = selectors.activity_list(
        actor=actor, filters=selectors.CatalogueFilters(target_group=target_group("accused").pk)
    )
    assert [a.title_fr for a in by_group] == ["Atelier théâtre"]
    assert by_group.count() == 1


def test_with_a_prison_chosen_the_unit_filter_offers_only_its_units(coordinator):
    haren = PrisonFactory()
    other = PrisonFactory(code="lantin", name_fr="Prison de Lantin")
    UnitFactory(prison=haren, code="remand", name_fr="Maison d'arrêt de Haren", name_en="Haren remand")
    UnitFactory(prison=other, code="remand", name_fr="Maison d'arrêt de Lantin", name_en="Lantin remand")
    client = Client()
    client.force_login(coordinator)
    everything = client.get("/en/catalogue/").content.decode()
    assert "Haren remand" in everything
    assert "Lantin remand" in everything
    chosen = client.get(f"/en/catalogue/?prison={haren.pk}").content.decode()
    assert "Haren remand" in chosen
    assert "Lantin remand" not in chosen


def test_the_quick_select_writes_what_django_would_write():
    """Same options, groups, selection and escaping as Django's template-rendered select."""
    choices = [("", "All"), ("x", "Fish & <chips>"), ('2"', "Two"), ("Group", [("1", "One")])]

    class Filters(forms.Form):
        quick = forms.ChoiceField(choices=choices, required=False, widget=QuickSelect)
        usual = forms.ChoiceField(choices=choices, required=False)

    form = Filters({"quick": "1", "usual": "1"})

    def normalised(field: str) -> str:
        html = re.sub(r"\s+", " ", str(form[field])).replace("> <", "><").replace(" >", ">")
        return html.replace(f'"{field}"', '"F"').replace(f"id_{field}", "id_F")

    assert normalised("quick") == normalised("usual")
    assert "Fish &amp; &lt;chips&gt;" in normalised("quick")
    assert '<option value="1" selected>One</option>' in normalised("quick")
