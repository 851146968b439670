"""Fault tests with real components: PostgreSQL, gunicorn and the task worker, each its own process.

Run by .ci/run (as root, on Debian, with the venv set up):  .venv/bin/python .ci/faults.py

It creates its own PostgreSQL cluster (port 5499, dropped at the end), migrates, serves with
gunicorn and runs `manage.py db_worker`, then plays the faults of docs/operations.md ("Task
workers") and checks what a user would see:

1. the database stopped for ten seconds, then started again;
2. the worker killed (SIGKILL) while an import checks its rows;
3. the worker killed inside an import's write transaction;
4. hostile bodies (nested 10,000 deep, over the size limit, a 1 MB CSV cell).

Prints one line per check and exits 1 if any failed. Takes about two minutes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_VERSION = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]
CLUSTER, PG_PORT, WEB_PORT = "concerto_faults", 5499, 8799
WEB = f"http://127.0.0.1:{WEB_PORT}"
ROWS = 20_000  # an import that takes seconds to check and to write
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/concerto",
    "DJANGO_SETTINGS_MODULE": "concerto.settings",
    "DJANGO_DEBUG": "0",
    # Faster than production (10 s / 30 s) so the script stays short; the logic is the same.
    "CONCERTO_WORKER_HEARTBEAT_SECONDS": "2",
    "CONCERTO_WORKER_LOST_SECONDS": "8",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
failures: list[str] = []
started = time.monotonic()


def say(text: str) -> None:
    print(f"[{time.monotonic() - started:6.1f}s] {text}", flush=True)  # noqa: T201 - a CI script's report


def check(name: str, ok: bool, detail: str = "") -> None:
    say(f"{'PASS' if ok else 'FAIL'}  {name}{f'  ({detail})' if detail else ''}")
    if not ok:
        failures.append(name)


def run(*command: str, check_exit: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=check_exit, capture_output=True, text=True, env=ENV, cwd=ROOT)  # noqa: S603


def wait_for(condition: Callable[[], Any], seconds: float, step: float = 0.2) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:  # noqa: BLE001 - not yet (the database restarting, a process starting)
            value = None
        if value:
            return value
        time.sleep(step)
    return None


# --- Components --------------------------------------------------------------------------------


def cluster(action: str) -> None:
    run("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, CLUSTER, action, check_exit=action != "stop")


def cluster_create() -> None:
    run("pg_dropcluster", "--stop", PG_VERSION, CLUSTER, check_exit=False)
    run("pg_createcluster", PG_VERSION, CLUSTER, "-p", str(PG_PORT), "--", "--auth=trust")
    cluster("start")
    wait_for(
        lambda: run("pg_isready", "-q", "-h", "127.0.0.1", "-p", str(PG_PORT), check_exit=False).returncode == 0, 30
    )
    run("createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "concerto")


def start_web() -> subprocess.Popen[bytes]:
    web = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv/bin/gunicorn"), "concerto.wsgi:application", "--bind", f"127.0.0.1:{WEB_PORT}", "-w", "2"],
        env=ENV,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: http("GET", "/healthz?check=web")[0] == 200, 30)
    return web


def start_worker() -> subprocess.Popen[bytes]:
    log = (ROOT / "var" / "faults-worker.log").open("ab")
    return subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],
        env=ENV,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )


def http(
    method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict, str]:
    request = urllib.request.Request(WEB + path, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own local server
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


# --- The world, written through the services as the pages would ---------------------------------


def setup_world() -> dict[str, Any]:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from concerto.accounts.api_tokens import token_create
    from concerto.accounts.models import User
    from concerto.detainees.tests.factories import haren_units, languages
    from concerto.testing.factories import PrisonFactory

    prison = PrisonFactory()
    haren_units(prison)
    languages()
    admin = User.objects.create_superuser("faults-admin", password="faults-pass-word-1", language="en")  # noqa: S106
    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
    session.create()
    return {
        "prison": prison,
        "admin": admin,
        "page": {"Cookie": f"sessionid={session.session_key}", "Accept-Language": "en"},
        "api": {"Authorization": f"Token {token_create(admin, name='faults', days=1)[1]}", "Accept-Language": "en"},
    }


def import_start(world: dict[str, Any], content: bytes) -> int:
    """Upload a list and confirm the suggested columns: the check is queued for the worker."""
    from django.db import close_old_connections

    from concerto.accounts.permissions import actor_for
    from concerto.detainees import services

    close_old_connections()
    actor = actor_for(world["admin"])
    detainee_import = services.import_upload(actor=actor, prison=world["prison"], file_name="list.csv", content=content)
    services.import_set_mapping(actor=actor, detainee_import=detainee_import, mapping=detainee_import.mapping)
    return detainee_import.pk


def import_state(pk: int) -> tuple[str, int, int, list]:
    from django.db import connection

    from concerto.detainees.models import DetaineeImport

    connection.close()  # always a fresh read (and a fresh connection after an outage)
    found = DetaineeImport.objects.get(pk=pk)
    return found.status, found.rows_done, found.rows_total, found.errors


def detainee_count() -> int:
    from concerto.detainees.models import Detainee

    return Detainee.objects.count()


def big_list(first: int) -> bytes:
    from concerto.detainees.tests.factories import csv_bytes, person_row

    return csv_bytes([person_row(first + n) for n in range(ROWS)])


def write_transaction_open() -> bool:
    """The import's write has begun: it holds the row lock on its prison (SELECT … FOR UPDATE)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'prisons_prison' AND l.mode = 'RowShareLock' AND l.granted"
        )
        return cursor.fetchone()[0] > 0


# --- The faults --------------------------------------------------------------------------------


def fault_database_outage(world: dict[str, Any], worker: subprocess.Popen[bytes]) -> None:
    say("Fault 1: PostgreSQL stopped for ten seconds")
    cluster("stop")
    stopped_at = time.monotonic()
    status, headers, body = http("GET", "/en/catalogue/", headers=world["page"])
    check("a page answers 503 with Retry-After", status == 503 and headers.get("Retry-After") == "30", str(status))
    check("the page says to try again, without a trace", "try again in a minute" in body and "Traceback" not in body)
    status, headers, body = http("GET", "/api/v1/activities/", headers=world["api"])
    problem = json.loads(body) if headers.get("Content-Type") == "application/problem+json" else {}
    check(
        "the API answers a JSON 503 problem", status == 503 and problem.get("code") == "database_unavailable", body[:80]
    )
    time.sleep(max(0.0, 10 - (time.monotonic() - stopped_at)))
    check("the worker is still running after ten seconds", worker.poll() is None)
    cluster("start")
    back = wait_for(lambda: http("GET", "/en/catalogue/", headers=world["page"])[0] == 200, 30)
    check("pages answer 200 again, the session intact", bool(back))
    from concerto.detainees.tests.factories import csv_bytes, person_row

    pk = import_start(world, csv_bytes([person_row(n) for n in range(1, 11)]))  # a short list
    done = wait_for(lambda: import_state(pk)[0] == "preview", 60)
    check("an import started after the outage gets checked by the same worker", bool(done))


def fault_worker_killed(
    world: dict[str, Any], worker: subprocess.Popen[bytes], *, in_write: bool
) -> subprocess.Popen[bytes]:
    from django.db import close_old_connections

    from concerto.accounts.permissions import actor_for
    from concerto.detainees import services
    from concerto.detainees.models import DetaineeImport

    moment = "inside the import's write" if in_write else "while the import checks its rows"
    say(f"Fault {3 if in_write else 2}: the worker killed {moment}")
    pk = import_start(world, big_list(first=100_000 if in_write else 200_000))
    if in_write:
        check("the list of 20,000 rows gets checked", bool(wait_for(lambda: import_state(pk)[0] == "preview", 120)))
        close_old_connections()
        services.import_request_apply(
            actor=actor_for(world["admin"]), detainee_import=DetaineeImport.objects.get(pk=pk)
        )
        reached = wait_for(write_transaction_open, 120, step=0.05)
    else:
        reached = wait_for(lambda: import_state(pk)[0] == "validating" and import_state(pk)[1] > 0, 60, step=0.05)
    before = detainee_count()
    check(f"the worker reached the moment ({moment})", bool(reached))
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    killed_at = time.monotonic()
    status, _, page = http("GET", f"/en/detainees/imports/{pk}/", headers=world["page"])
    check("just after, the page still follows a running import", status == 200 and import_state(pk)[0] != "done")
    new_worker = start_worker()
    failed = wait_for(lambda: import_state(pk)[0] == "failed", 120, step=0.5)
    seconds = time.monotonic() - killed_at
    check("the import ends failed within two minutes", bool(failed) and seconds < 120, f"{seconds:.0f} s")
    errors = import_state(pk)[3]
    check("its message says nothing was written", bool(errors) and "nothing was written" in errors[0]["message"])
    status, _, page = http("GET", f"/en/detainees/imports/{pk}/", headers=world["page"])
    check("the page tells the same", "nothing was written" in page)
    check("nothing is half-written", detainee_count() == before, f"{detainee_count()} people, {before} before")
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status="RUNNING").count()
    check("no task row stays running", running == 0, f"{running} running")
    return new_worker


def fault_hostile_bodies(world: dict[str, Any], worker: subprocess.Popen[bytes]) -> None:
    say("Fault 4: hostile bodies")
    api = {**world["api"], "Content-Type": "application/json"}
    status, _, body = http("POST", "/api/v1/activities/", b"[" * 10_000 + b"]" * 10_000, api)
    check("a body nested 10,000 deep is a 400", status == 400 and '"body_too_deep"' in body, str(status))
    status, _, body = http("POST", "/api/v1/activities/", b'{"x": "' + b"y" * 3_000_000 + b'"}', api)
    check("a 3 MB body is a 400 naming the limit", status == 400 and '"body_too_large"' in body, str(status))
    from concerto.detainees.tests.factories import csv_bytes, person_row

    pk = import_start(world, csv_bytes([person_row(1), person_row(2, last="x" * 1_000_000)]))
    refused = wait_for(lambda: import_state(pk)[0] == "invalid", 60)  # "errors to fix", shown on its page
    errors = import_state(pk)[3]
    message = errors[0]["message"] if errors else ""
    check("a 1 MB CSV cell is refused naming its row", bool(refused) and "Row 3 holds a cell longer" in message)
    check("the worker survived all of it", worker.poll() is None)


def main() -> int:
    (ROOT / "var").mkdir(exist_ok=True)
    say(f"PostgreSQL {PG_VERSION}: creating cluster {CLUSTER} on port {PG_PORT}")
    cluster_create()
    processes: list[subprocess.Popen[bytes]] = []
    try:
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0")
        world = setup_world()
        processes.append(start_web())
        worker = start_worker()
        processes.append(worker)
        fault_database_outage(world, worker)
        worker = fault_worker_killed(world, worker, in_write=False)
        processes.append(worker)
        worker = fault_worker_killed(world, worker, in_write=True)
        processes.append(worker)
        fault_hostile_bodies(world, worker)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        from django.db import connections

        connections.close_all()
        run("pg_dropcluster", "--stop", PG_VERSION, CLUSTER, check_exit=False)
    say(f"{len(failures)} check(s) failed" if failures else "All fault checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
