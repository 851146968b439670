"""The test suite's clock: every test starts at one known moment, "suite now".

Suite now is read once, when the suite starts:

- from ``CONCERTO_TEST_NOW`` if set: ``2027-03-28`` (that day, 10:00 in Brussels),
  ``2026-12-28T00:30`` (Brussels wall time) or an ISO instant with an offset;
- otherwise from the machine's clock (so Debian's ``faketime`` moves it too).

The root ``conftest.py`` travels there (time-machine) before each test, with the clock ticking,
so the code under test, the factories and the test itself read the same "now". A test that
needs another moment says so with ``@pytest.mark.now("2027-03-28T14:00")`` (Brussels wall time,
like ``CONCERTO_TEST_NOW``) or moves the ``clock`` fixture (``clock.move_to(...)``).

Test modules never read the real clock at import (a module-level ``date.today()`` would be the
machine's day, not the suite's): ``tests/test_suite_clock.py`` fails when one does.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
ENVIRONMENT_VARIABLE = "CONCERTO_TEST_NOW"
# A date alone means this time of day: inside the prison's activity hours, far from midnight.
DEFAULT_TIME_OF_DAY = dt.time(10, 0)


def parse_moment(text: str) -> dt.datetime:
    """An aware instant from ``YYYY-MM-DD``, a Brussels wall time, or an ISO instant with offset."""
    text = text.strip()
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), DEFAULT_TIME_OF_DAY, tzinfo=BRUSSELS)
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise ValueError(
            f"{text!r} is not a moment: write 2027-03-28, 2027-03-28T14:00 or 2027-03-28T14:00+02:00"
        ) from error
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=BRUSSELS)


def _read_suite_now() -> dt.datetime:
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if configured:
        return parse_moment(configured)
    return dt.datetime.now(tz=BRUSSELS).replace(microsecond=0)


SUITE_NOW: dt.datetime = _read_suite_now()

# The moment of the scenarios written with literal dates (editions from Monday 4 January 2027,
# planned a month ahead: the factories' default edition then runs 4 January - 26 March 2027).
# A test module whose dates are literal pins it, so its dates never age:
#     pytestmark = [pytest.mark.django_db, pytest.mark.now(SCENARIO_NOW)]
SCENARIO_NOW = "2026-12-07T10:00"


def suite_today() -> dt.date:
    """Suite now's day in Brussels: the day data built once for many tests (the demo) was built on."""
    return SUITE_NOW.astimezone(BRUSSELS).date()


def describe() -> str:
    """One line for the pytest header: where the suite's clock stands and how to get back there."""
    source = f"{ENVIRONMENT_VARIABLE}" if os.environ.get(ENVIRONMENT_VARIABLE, "").strip() else "the machine's clock"
    local = SUITE_NOW.astimezone(BRUSSELS)
    return (
        f"suite clock: {local:%Y-%m-%d %H:%M:%S %Z} ({local:%A}, ISO week {local.isocalendar().week}) "
        f"from {source}; rerun at this moment with {ENVIRONMENT_VARIABLE}={local.isoformat()}"
    )


def travel_to_suite_now():  # -> time_machine.travel (a context manager)
    """For fixtures wider than one test (module, class): build their data at suite now too."""
    import time_machine  # a test dependency: imported only when a fixture asks

    return time_machine.travel(SUITE_NOW, tick=True)
