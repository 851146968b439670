"""The suite's clock (concerto/testing/clock.py): one known "now" for every test, on any date."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from concerto.testing import clock as suite_clock
from concerto.testing.factories import EditionFactory, SessionFactory

ROOT = Path(__file__).resolve().parent.parent
CLOCK_READS = {"today", "now", "utcnow", "localdate", "localtime", "time_ns"}


def test_each_test_starts_at_suite_now_and_the_code_reads_the_same_clock():
    now = timezone.now()
    assert dt.timedelta(0) <= now - suite_clock.SUITE_NOW < dt.timedelta(minutes=1)
    assert timezone.localdate() == dt.date.today() == now.astimezone(suite_clock.BRUSSELS).date()


@pytest.mark.now("2027-03-28T14:00")
def test_a_marker_sets_another_moment_in_brussels_wall_time():
    now = timezone.localtime()
    assert (now.date(), now.hour, now.utcoffset()) == (dt.date(2027, 3, 28), 14, dt.timedelta(hours=2))


def test_the_clock_fixture_moves_time_for_the_code_under_test(clock):
    clock.move_to(dt.datetime(2028, 2, 29, 23, 30, tzinfo=suite_clock.BRUSSELS))
    assert timezone.localdate() == dt.date(2028, 2, 29)
    assert timezone.now().date() == dt.date(2028, 2, 29)  # 22:30 UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-28", dt.datetime(2026, 12, 28, 10, 0, tzinfo=suite_clock.BRUSSELS)),
        ("2026-12-28T00:30", dt.datetime(2026, 12, 27, 23, 30, tzinfo=dt.UTC)),
        ("2027-03-28T14:00+02:00", dt.datetime(2027, 3, 28, 12, 0, tzinfo=dt.UTC)),
    ],
)
def test_moments_are_read_as_brussels_wall_time_unless_an_offset_is_given(text, expected):
    assert suite_clock.parse_moment(text) == expected


def test_a_mistyped_moment_says_what_to_write():
    with pytest.raises(ValueError, match="write 2027-03-28"):
        suite_clock.parse_moment("28/03/2027")


@pytest.mark.django_db
def test_factories_build_an_edition_ahead_of_now_whatever_the_date():
    session = SessionFactory()
    edition = session.edition
    today = timezone.localdate()
    assert edition.starts_on.weekday() == 0
    assert edition.starts_on > today + dt.timedelta(days=21)
    assert edition.ends_on.weekday() == 4
    assert timezone.localtime(session.starts_at).date() == edition.starts_on + dt.timedelta(days=1)
    assert EditionFactory().starts_on == edition.starts_on


# --- Never again: no test module reads the real clock at import ------------------------------


def reads_the_clock(function: ast.expr) -> bool:
    """date.today(), timezone.now(), localdate(), time.time()...; not dt.time(14, 0) nor pytest.mark.now()."""
    if isinstance(function, ast.Name):
        return function.id in CLOCK_READS
    if not isinstance(function, ast.Attribute):
        return False
    owner = function.value.attr if isinstance(function.value, ast.Attribute) else getattr(function.value, "id", "")
    if function.attr == "time":
        return owner == "time"
    return function.attr in CLOCK_READS and owner != "mark"


def import_time_clock_reads(source: str) -> list[int]:
    """Lines where a module reads the clock when it is imported, before any test's clock is set.

    Calls inside functions and lambdas run later, under the suite's clock; calls at module or
    class level, in default arguments and in decorators run at import.
    """
    lines: list[int] = []

    def visit(node: ast.AST, deferred: bool) -> None:
        if isinstance(node, ast.Call) and not deferred and reads_the_clock(node.func):
            lines.append(node.lineno)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if part is not None:
                    visit(part, deferred)
            for statement in node.body:
                visit(statement, True)
            return
        if isinstance(node, ast.Lambda):
            for part in node.args.defaults:
                visit(part, deferred)
            visit(node.body, True)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, deferred)

    visit(ast.parse(source), False)
    return lines


def test_the_check_finds_clock_reads_at_import_and_allows_them_in_functions():
    source = (
        "import datetime as dt\n"
        "TODAY = dt.date.today()\n"
        "START = dt.time(14, 0)\n"
        "def helper(day=timezone.localdate()):\n"
        "    return timezone.now()\n"
        "class Factory:\n"
        "    when = factory.LazyFunction(lambda: timezone.now())\n"
        "    year = timezone.localdate().year\n"
        "pytestmark = pytest.mark.now('2027-03-28')\n"
        "STARTED = time.time()\n"
    )
    assert import_time_clock_reads(source) == [2, 4, 8, 10]


def test_no_test_module_or_factory_reads_the_real_clock_at_import():
    files = [
        *ROOT.glob("concerto/**/tests/**/*.py"),
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("concerto/testing/*.py"),
        ROOT / "conftest.py",
    ]
    files = [f for f in files if f.name != "clock.py"]  # the clock itself reads the machine's, once
    found = {
        str(path.relative_to(ROOT)): lines
        for path in files
        if (lines := import_time_clock_reads(path.read_text(encoding="utf-8")))
    }
    assert found == {}, (
        "These lines read the clock when the module is imported, so they see the machine's day, not the "
        "suite's: compute dates inside the test or fixture (see concerto/testing/clock.py)"
    )
