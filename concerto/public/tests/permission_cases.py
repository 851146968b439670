"""Permission matrix entries for the public offer: open to everyone, signed in or not.

Every role, anonymous included, gets the same 200; drafts and their editions' organisers
stay out (404); a partner known only through a draft has no public page.
"""

from __future__ import annotations

from concerto.catalogue.models import Activity
from concerto.organisations.models import Organisation
from concerto.testing.factories import OrganisationFactory
from tests.test_permission_matrix import NOT_ALLOWED, NOT_FOUND, OK, Case, World, everyone


def build(world: World) -> None:
    hidden_partner = OrganisationFactory(name="Partner of a draft only", kind=Organisation.Kind.PARTNER)
    Activity.objects.get(pk=world.draft_id).partners.add(hidden_partner)
    world.extra.update(hidden_partner=hidden_partner.pk)


def cases() -> list[Case]:
    public = everyone(OK, anonymous=OK)
    hidden = everyone(NOT_FOUND, anonymous=NOT_FOUND)
    cases = [
        Case("sitemap", lambda w: "/sitemap.xml", public),
        Case("robots", lambda w: "/robots.txt", public),
        Case("sitemap", lambda w: "/sitemap.xml", everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED), "post"),
    ]
    for prefix, words in {
        "/fr/offre": ("activites", "organisations", "prisons"),
        "/nl/aanbod": ("activiteiten", "organisaties", "gevangenissen"),
        "/en/offer": ("activities", "organisations", "prisons"),
    }.items():
        activities, organisations, prisons = words
        cases += [
            Case("public:offer", lambda w, p=prefix: f"{p}/", public),
            Case(
                "public:offer",
                lambda w, p=prefix: f"{p}/?q=atelier&prison={w.prison_id}&category={w.category_id}&page=2",
                public,
            ),
            Case("public:offer", lambda w, p=prefix: f"{p}/?prison=abc&period_start=never", public),
            Case("public:activity", lambda w, p=prefix, a=activities: f"{p}/{a}/{w.published_id}/", public),
            Case("public:activity", lambda w, p=prefix, a=activities: f"{p}/{a}/{w.draft_id}/", hidden),
            Case("public:organisation", lambda w, p=prefix, o=organisations: f"{p}/{o}/{w.organisation_id}/", public),
            Case(
                "public:organisation",
                lambda w, p=prefix, o=organisations: f"{p}/{o}/{w.extra['hidden_partner']}/",
                hidden,
            ),
            Case("public:prison", lambda w, p=prefix, s=prisons: f"{p}/{s}/{w.prison_id}/", public),
        ]
    cases.append(Case("public:offer", lambda w: "/fr/offre/", everyone(NOT_ALLOWED, anonymous=NOT_ALLOWED), "post"))
    return cases
