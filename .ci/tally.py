#!/usr/bin/env python3
"""Add up the JUnit reports of every pytest run of ``.ci/run`` into one closing line.

Each pytest run in ``.ci/run`` writes ``var/ci-reports/<run>.xml``; this prints one line per run
and then the plain total, ``tests: N passed, N failed, N skipped``, as the last line of CI.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

REPORTS = Path(__file__).resolve().parent.parent / "var" / "ci-reports"


def counts(report: Path) -> tuple[int, int, int]:
    suites = ElementTree.parse(report).getroot()  # noqa: S314
    total = failed = skipped = 0
    for suite in suites.iter("testsuite"):
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def main() -> int:
    reports = sorted(REPORTS.glob("*.xml"))
    if not reports:
        print("no pytest report found in var/ci-reports")  # noqa: T201
        return 1
    passed = failed = skipped = 0
    for report in reports:
        run_passed, run_failed, run_skipped = counts(report)
        print(f"  {report.stem}: {run_passed} passed, {run_failed} failed, {run_skipped} skipped")  # noqa: T201
        passed, failed, skipped = passed + run_passed, failed + run_failed, skipped + run_skipped
    print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")  # noqa: T201
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
