"""The yearly report's charts, the coordinator's texts and the PDF for the funder, on the known world
of ``known_world.py`` (last year: Training 6 hours, Sociocultural 3; the year before: Sociocultural 2;
unit A 9 participants, unit B 2; March attendance 15 present out of 18 recorded, for 6 people)."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.test import Client

from concerto.accounts.models import Role
from concerto.reports.models import ReportSection, ReportText
from concerto.reports.tests.known_world import last_year

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def chart(html: str, chart_id: str) -> str:
    found = re.search(rf'<svg [^>]*aria-labelledby="{chart_id}-title {chart_id}-desc".*?</svg>', html, re.S)
    assert found, f"no chart {chart_id}"
    return found.group(0)


def description(svg: str) -> str:
    found = re.search(r"<desc [^>]*>(.*?)</desc>", svg, re.S)
    assert found
    return found.group(1)


def bar_widths(svg: str) -> list[float]:
    return [float(width) for width in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="20"', svg)]


def table_after(html: str, svg: str) -> str:
    rest = html[html.index(svg) + len(svg) :]
    return rest[: rest.index("</table>")]


def cells(table: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def test_report_page_draws_the_four_charts_with_the_figures_and_the_same_figures_in_tables(world, coordinator):
    html = signed_in(coordinator).get(f"/en/reports/{last_year()}/").content.decode()

    categories = chart(html, "chart-categories")
    assert 'role="img"' in categories
    assert f'<title id="chart-categories-title">Hours held per category in {last_year()}</title>' in categories
    assert description(categories) == "Training: 6; Sociocultural: 3"
    training, sociocultural = bar_widths(categories)
    assert training == pytest.approx(2 * sociocultural)
    assert ["Training", "1", "1", "3", "6", "7"] in cells(table_after(html, categories))

    units = chart(html, "chart-units")
    # Two people in unit B: no bar, and "fewer than 5" in the chart as in the table.
    assert description(units) == "Unit A: 9; Unit B: fewer than 5"
    assert len(bar_widths(units)) == 1
    unit_rows = cells(table_after(html, units))
    assert ["Unit A", "2", "2", "5", "9", "9"] in unit_rows
    assert ["Unit B", "1", "1", "2", "3", "&lt; 5"] in unit_rows

    attendance = chart(html, "chart-attendance")
    assert "March: 83 %" in description(attendance)
    assert "May: no attendance recorded" in description(attendance)
    assert ["March", "18", "15", "83 %"] in cells(table_after(html, attendance))

    comparison = chart(html, "chart-comparison")
    assert str(last_year() - 1) in comparison  # the legend names both years
    assert description(comparison) == (
        f"Training: {last_year()}: 6, {last_year() - 1}: 0; Sociocultural: {last_year()}: 3, {last_year() - 1}: 2"
    )
    assert ["Sociocultural", "3", "2", "+1"] in cells(table_after(html, comparison))


def test_a_month_of_fewer_than_five_people_has_no_attendance_rate(world, member, other_service):
    # Rizome's theatre alone: two people, attendance recorded in May.
    from concerto.attendance.models import Attendance

    theatre = world["theatre"]
    Attendance.objects.create(
        session=theatre.sessions.first(), application=theatre.applications.first(), status="present"
    )
    html = signed_in(member(Role.SERVICE_WORKER, other_service)).get(f"/en/reports/{last_year()}/").content.decode()

    attendance = chart(html, "chart-attendance")
    assert "May: fewer than 5 people" in description(attendance)
    assert ["May", "1", "1", "fewer than 5 people"] in cells(table_after(html, attendance))


def test_coordinator_writes_a_section_text_that_every_reader_sees_with_its_history(world, coordinator, member, service):
    client = signed_in(coordinator)
    url = f"/en/reports/{last_year()}/texts/units/?organisation={service.pk}"
    response = client.post(url, {"units-text": "Unit A held most sessions."})
    assert response.status_code == 302
    assert response["Location"] == f"/en/reports/{last_year()}/?organisation={service.pk}#section-units"
    client.post(url, {"units-text": "Unit A held every session but two."})

    text = ReportText.objects.get()
    assert (text.year, text.section, text.organisation_id, text.prison_id) == (last_year(), "units", service.pk, None)
    assert text.history.count() == 2
    page = client.get(f"/en/reports/{last_year()}/?organisation={service.pk}").content.decode()
    assert "Unit A held every session but two." in page
    assert "Earlier versions" in page
    assert "Unit A held most sessions." in page
    # Not on the report of every organisation: the text belongs to APO's figures.
    assert "Unit A held every session" not in client.get(f"/en/reports/{last_year()}/").content.decode()

    # APO's worker reads APO's report (their own scope) with the text, but cannot change it.
    worker = signed_in(member(Role.SERVICE_WORKER, service))
    page = worker.get(f"/en/reports/{last_year()}/").content.decode()
    assert "Unit A held every session but two." in page
    assert "Save the text" not in page
    assert worker.post(url, {"units-text": "Changed"}).status_code == 403
    assert ReportText.objects.get().text == "Unit A held every session but two."


def test_an_unknown_section_is_not_found(coordinator):
    response = signed_in(coordinator).post(f"/en/reports/{last_year()}/texts/nonsense/", {"nonsense-text": "x"})
    assert response.status_code == 404


def pdf_text(content: bytes) -> str:
    done = subprocess.run(["/usr/bin/pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return done.stdout.decode()


def test_the_pdf_has_a_cover_the_coordinators_texts_and_the_charts(world, coordinator, prison):
    client = signed_in(coordinator)
    client.post(
        f"/en/reports/{last_year()}/texts/{ReportSection.SUMMARY}/?prison={prison.pk}",
        {"summary-text": "A year of steady work in Haren."},
    )

    response = client.get(f"/en/reports/{last_year()}/report.pdf?prison={prison.pk}")

    assert response["Content-Type"] == "application/pdf"
    assert f"concerto-report-{last_year()}-en.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    cover = text.split("\f")[0]
    assert "Activity report" in cover
    assert str(last_year()) in cover
    assert str(prison) in cover
    assert "All organisations" in cover
    assert "Produced on" in cover
    assert "A year of steady work in Haren." in text
    for title in ("Hours held per category", "Participants per unit", "Attendance rate per month"):
        assert title in text
    assert "fewer than 5" in text


def test_the_pdf_is_in_the_language_of_the_url(world, coordinator):
    text = pdf_text(signed_in(coordinator).get(f"/nl/reports/{last_year()}/report.pdf").content)
    assert "Gehouden sessies" in text  # "Sessions held", translated in the Dutch catalogue
