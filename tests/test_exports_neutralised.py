"""Every CSV and XLSX export goes through concerto/core/exports.py, which neutralises formulas.

A text that a spreadsheet reads as a formula (``=``, ``+``, ``-``, ``@``) must never reach a cell
as such: a title, a name or a typed-in answer could run as a formula on a coordinator's machine
(CSV injection). Two guards: no module writes CSV or workbooks by itself (a new export cannot
bypass the shared one unnoticed), and every export view, found from the URL patterns, is
downloaded with formula-like texts in its data and read back cell by cell.
"""

from __future__ import annotations

import ast
import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from concerto.catalogue.models import Activity
from concerto.organisations.models import Organisation
from concerto.prisons.models import Unit
from concerto.privacy.models import AuditEntry, AuditKind
from concerto.surveys.models import Answer, Campaign, Option, Question, Response
from tests.test_permission_matrix import World, world  # noqa: F401 - the matrix's world, as a fixture

PACKAGE = Path(__file__).resolve().parent.parent / "concerto"
SHARED = PACKAGE / "core" / "exports.py"
# Files written for the program itself, never handed to a person as an export, with why.
NOT_EXPORTS = {
    "bench/targets.py": "the benchmark writes a made-up prison list to upload (an import's input, not an export)",
    # The HSDS tabular package is a data package for machines: RFC 4180 CSV in UTF-8 with commas,
    # not the shared exports' Excel habits (semicolons, BOM); its text cells still go through
    # concerto.core.exports.neutralise (concerto/opendata/tests/test_tabular_and_dcat.py checks it).
    "opendata/tabular.py": "the open-data package's CSV files, neutralised cell by cell with the shared function",
}
FORMULA_STARTS = ("=", "+", "-", "@")
NUMBER = re.compile(r"^[-+]?\d+([.,]\d+)?%?$")

# Each export view (URL name) and how to reach it in the matrix's world.
EXPORTS: dict[str, Callable[[World], list[str]]] = {
    "coverage:export": lambda w: ["/fr/coverage/export.csv", f"/fr/coverage/export.xlsx?prison={w.prison_id}"],
    "reports:year_csv": lambda w: [f"/fr/reports/{timezone.localdate().year}/report.csv"],
    "reports:year_xlsx": lambda w: [f"/fr/reports/{timezone.localdate().year}/report.xlsx"],
    "surveys:export_results": lambda w: [
        f"/fr/surveys/campaigns/{w.extra['campaign']}/results.{kind}" for kind in ("csv", "xlsx")
    ],
    "surveys:export_answers": lambda w: [
        f"/fr/surveys/campaigns/{w.extra['campaign']}/answers.{kind}" for kind in ("csv", "xlsx")
    ],
    "privacy:audit_trail_csv": lambda w: ["/fr/privacy/audit-trail/export.csv"],
}
# Who downloads each export (the administrator unless said here).
EXPORTED_BY = {"privacy:audit_trail_csv": "privacy_officer"}


def _writes_files(tree: ast.AST) -> list[str]:
    """What in ``tree`` writes CSV or a workbook itself: csv.writer/DictWriter, openpyxl's Workbook."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and getattr(node.value, "id", "") == "csv"
        ):
            found.append(f"csv.{node.attr} (line {node.lineno})")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            names = {alias.name for alias in node.names}
            if "Workbook" in names:
                found.append(f"openpyxl.Workbook (line {node.lineno})")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("text/csv"):
            found.append(f"a text/csv answer (line {node.lineno})")
    return found


def test_no_module_writes_csv_or_workbooks_but_the_shared_exports():
    bypasses = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if path == SHARED or relative.as_posix() in NOT_EXPORTS or {"tests", "migrations"} & set(relative.parts):
            continue
        for what in _writes_files(ast.parse(path.read_text(encoding="utf-8"))):
            bypasses.append(f"{relative}: {what}")
    assert not bypasses, "write exports through concerto/core/exports.py:\n" + "\n".join(bypasses)


def _export_url_names() -> set[str]:
    """URL names whose route ends in .csv or .xlsx or takes a file format."""
    names: set[str] = set()

    def walk(patterns: list, namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = str(pattern.pattern)
                if route.endswith((".csv", ".xlsx")) or "file_format" in route:
                    names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_export_view_is_checked_here():
    assert _export_url_names() == set(EXPORTS)


def _cells(content: bytes, path: str) -> list[str]:
    if ".xlsx" in path:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return [
            value
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        ]
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


@pytest.mark.django_db
def test_every_export_neutralises_formula_like_texts(world: World):  # noqa: F811 - the fixture
    Activity.objects.update(title_fr='=HYPERLINK("http://example.org")', title_nl="+1+1", title_en="@SUM(A1)")
    Organisation.objects.filter(pk=world.organisation_id).update(name="-2+3 APO", acronym="=APO")
    Unit.objects.filter(pk=world.unit_id).update(name_fr="@unité", name_nl="=afdeling")
    Question.objects.update(text={"fr": "=question"})
    Option.objects.filter(position=1).update(label={"fr": "+oui"})
    # A typed-in answer: the likeliest way a formula reaches an export.
    campaign = Campaign.objects.get(pk=world.extra["campaign"])
    question = Question.objects.filter(section__version=campaign.version).first()
    response = Response.objects.create(campaign=campaign, version=campaign.version, language="fr")
    Answer.objects.create(
        response=response, question=question, option=question.options.first(), text="=cmd|' /C calc'!A0"
    )
    # An API token named like a formula, in the audit trail.
    AuditEntry.objects.create(kind=AuditKind.API_TOKEN_CREATED, actor_username="-x", target='=HYPERLINK("x")')
    checked = 0
    for name, paths in EXPORTS.items():
        client = Client()
        client.force_login(world_user(EXPORTED_BY.get(name, "administrator")))
        for path in paths(world):
            response = client.get(path)
            assert response.status_code == 200, f"{name}: {path}"
            cells = _cells(response.content, path)
            assert cells, f"{name}: {path} is empty"
            formulas = [c for c in cells if c.startswith(FORMULA_STARTS) and not NUMBER.match(c)]
            assert not formulas, f"{name}: {path} has formula cells {formulas[:5]}"
            neutralised = [c for c in cells if c.startswith("'") and c[1:].startswith(FORMULA_STARTS)]
            assert neutralised, f"{name}: {path} shows none of the formula-like texts: the check proved nothing"
            checked += 1
    assert checked == sum(len(paths(world)) for paths in EXPORTS.values())


def world_user(username: str):
    from concerto.accounts.models import User

    return User.objects.get(username=username)
