"""The production settings pass Django's deployment checklist (``manage.py check --deploy``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "CONCERTO_ENV": "production",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-for-the-check-only-0123456789-abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "concerto.example.be",
}


def run_in_production(*arguments: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **PRODUCTION, **overrides}
    env.pop("DATABASE_URL", None)  # the check needs no database server
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_check_deploy_prints_no_warning_with_the_production_settings():
    result = run_in_production("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_serves_https_only_unless_told_it_runs_on_plain_loopback():
    show = (
        "shell",
        "--no-imports",
        "-c",
        (
            "from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
        ),
    )

    assert run_in_production(*show).stdout.split() == ["True", "True", "True", "31536000"]
    assert run_in_production(*show, CONCERTO_HTTPS="0").stdout.split() == ["False", "False", "False", "0"]
