"""``python manage.py bench_plan --out plan.json --import-file list.csv``: what ``bench/run.py`` measures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concerto.bench.targets import IMPORT_ROWS, bench_plan, import_file
from concerto.prisons.models import Prison


class Command(BaseCommand):
    help = "Write the benchmark's plan (endpoints, users, targets) as JSON, and the prison list to import."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--import-file", type=Path, default=None)
        parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)

    def handle(self, *args: Any, **options: Any) -> None:
        plan = bench_plan()
        options["out"].write_text(json.dumps(plan.as_dict(), indent=2), encoding="utf-8")
        if options["import_file"] is not None:
            prison = Prison.objects.get(pk=plan.import_prison)
            options["import_file"].write_bytes(import_file(prison=prison, rows=options["import_rows"]))
        self.stdout.write(f"{len(plan.endpoints)} endpoints; not available: {', '.join(plan.not_available) or 'none'}")
