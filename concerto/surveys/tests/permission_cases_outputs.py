"""Permission matrix entries for the survey outputs: paper forms, results and exports.

World: APO (the service of the matrix) runs a needs campaign whose version is offered in French,
Dutch and Arabic. Survey pages open to administrators, coordinators and service staff; a
campaign is seen by administrators, coordinators and its organisation's staff (another
service gets a 404: the campaign's existence does not leak). The raw answers are exported by
coordinators and administrators only. Partner facilitators and prison staff: 403.
"""

from __future__ import annotations

from concerto.organisations.models import Organisation
from concerto.prisons.models import Prison
from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, Case, World, only

from .sample_survey import build_sample

READERS = {"administrator", "coordinator", "service_manager", "service_worker"}
RAW_EXPORTERS = {"administrator", "coordinator"}


def build(world: World) -> None:
    sample = build_sample(
        organisation=Organisation.objects.get(pk=world.organisation_id),
        prison=Prison.objects.get(pk=world.prison_id),
        with_responses=False,
    )
    world.extra["outputs_campaign"] = sample.campaign.pk


def readers(allowed: set[str] = READERS, yes: int = 200) -> dict[str, int]:
    return {**only(allowed, yes=yes, no=FORBIDDEN), "other_service_worker": NOT_FOUND}


def cases() -> list[Case]:
    def at(suffix: str):
        return lambda w: f"/fr/surveys/campaigns/{w.extra['outputs_campaign']}/{suffix}"

    return [
        Case("surveys:paper_form", at("paper/ar/"), readers()),
        # A language the version is not offered in: no such form.
        Case("surveys:paper_form", at("paper/tr/"), readers(yes=NOT_FOUND)),
        Case("surveys:paper_form_pdf", at("paper/fr.pdf"), readers()),
        Case("surveys:campaign_results", at("results/"), readers()),
        Case("surveys:campaign_results_pdf", at("results.pdf"), readers()),
        Case("surveys:export_results", at("results.csv"), readers()),
        Case("surveys:export_results", at("results.xlsx"), readers()),
        Case("surveys:export_results", at("results.doc"), only(set(), no=NOT_FOUND)),
        Case("surveys:export_answers", at("answers.csv"), readers(RAW_EXPORTERS)),
        Case("surveys:export_answers", at("answers.xlsx"), readers(RAW_EXPORTERS)),
    ]
