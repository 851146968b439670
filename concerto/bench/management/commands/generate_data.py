"""``python manage.py generate_data --scale brussels --seed 1``: data at scale for the benchmark."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concerto.bench.generator import SCALES, GeneratorRefused, generate


class Command(BaseCommand):
    help = (
        "Generate years of made-up data (prisons, offer, detainees, applications, attendance, surveys) "
        "at a scale, deterministically from a seed. For benchmark databases only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="The day the history ends (default: today)."
        )
        parser.add_argument(
            "--flush", action="store_true", help="Empty the whole database first if it holds other data."
        )
        parser.add_argument("--batch", type=int, default=None, help="Rows buffered before each write.")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(message: str) -> None:
            if options["verbosity"] >= 1:
                self.stdout.write(message)
                self.stdout.flush()

        try:
            report = generate(
                scale=options["scale"],
                seed=options["seed"],
                today=options["today"],
                flush=options["flush"],
                progress=progress,
                batch=options["batch"],
            )
        except GeneratorRefused as error:
            raise CommandError(str(error)) from error
        if report.already_there:
            self.stdout.write(
                f"Already generated: {report.scale}, seed {report.seed}, as of {report.today}. Nothing written."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(f"Generated {report.scale} (seed {report.seed}) in {report.seconds:.1f} s:")
        )
        for name, count in report.rows.items():
            self.stdout.write(f"  {count:>12,}  {name}")
