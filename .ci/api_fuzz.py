#!/usr/bin/env python3
"""Schemathesis against the API's own OpenAPI schema, as two roles, on the demo data.

A throwaway SQLite database gets the demo (``load_demo``); gunicorn serves it with production
settings on loopback HTTP; schemathesis then sends generated requests to every operation of
``/api/schema/``, once with a service worker's token and once with a coordinator's, and checks
that no answer is a server error and that every answer matches the schema. Bounded in
examples per operation (``FUZZ_EXAMPLES``, 5) and in time (``FUZZ_SECONDS`` per role, 600).

Run from the repository root: ``.venv/bin/python .ci/api_fuzz.py`` (exit status 0 when clean).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = ROOT / "var" / "api-fuzz.sqlite3"
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "5")
SECONDS = int(os.environ.get("FUZZ_SECONDS", "600"))
ROLES = ("worker", "coordinator")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def say(message: str) -> None:
    print(f"[api-fuzz] {message}", flush=True)  # noqa: T201


def main() -> int:
    DATABASE.parent.mkdir(exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "DJANGO_DEBUG": "0",
        "CONCERTO_ENV": "production",
        "CONCERTO_HTTPS": "0",
        "CONCERTO_SECOND_FACTOR": "optional",  # tokens, not sessions, carry these requests
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CONCERTO_API_RATE_USER": "1000000/minute",
        "CONCERTO_API_RATE_ADDRESS": "1000000/minute",
    }
    manage = [PYTHON, "manage.py"]
    say("demo data in a throwaway database")
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    make_tokens = (
        "from concerto.accounts.api_tokens import token_create;"
        "from concerto.accounts.models import User;"
        f"print(' '.join(token_create(User.objects.get(username=u), name='api-fuzz', days=1)[1] for u in {ROLES!r}))"
    )
    tokens = subprocess.run(  # noqa: S603
        [*manage, "shell", "--no-imports", "-c", make_tokens],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    server_log = (ROOT / "var" / "api-fuzz-server.log").open("w")  # one JSON line per request: kept off CI's output
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "gunicorn", "concerto.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    failures = 0
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(1)
        for role, token in zip(ROLES, tokens, strict=True):
            say(f"as {role}: {EXAMPLES} examples per operation, at most {SECONDS} s")
            command = [
                str(Path(PYTHON).parent / "schemathesis"), "run", f"http://127.0.0.1:{port}/api/schema/",
                "--header", f"Authorization: Token {token}", "--header", "Accept-Language: en",
                "--checks", CHECKS, "--max-examples", EXAMPLES, "--generation-deterministic",
                "--request-timeout", "30", "--no-color",
            ]  # fmt: skip
            try:
                result = subprocess.run(command, cwd=ROOT, env=env, timeout=SECONDS, check=False)  # noqa: S603
                failures += result.returncode != 0
            except subprocess.TimeoutExpired:
                say(f"as {role}: stopped after {SECONDS} s (the bound), no failure seen until then")
    finally:
        server.terminate()
        server.wait(timeout=20)
        server_log.close()
        DATABASE.unlink(missing_ok=True)
    say("clean" if not failures else f"{failures} run(s) found problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
