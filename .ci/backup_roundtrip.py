#!/usr/bin/env python3
"""Backup and restore on PostgreSQL, with the commands of docs/operations.md, proved row by row.

Run by .ci/run: ``.venv/bin/python .ci/backup_roundtrip.py``. The server and the role are those
of ``$DATABASE_URL`` when it names a PostgreSQL server (.ci/run's: trust authentication for
``postgres``, or its password role ``concerto`` with ``PGPASSWORD``), else postgres@127.0.0.1:5432.

1. a fresh database ``concerto_backup_src``: migrated, the demo loaded (``load_demo``), then the
   activity the demo does not make (sign-ins and a failed one, API tokens, second factors,
   groups and permissions, admin log, notes, an import with its file, a queued task...);
2. the "Backup" block of docs/operations.md, run as written (only ``$DATABASE_URL`` set);
3. the "Restore" block, run as written with this script's host, database and file names
   substituted (``concerto_backup_dst``): the doc cannot drift from what is proved here;
4. every table of the public schema compared between the two databases (row count and the MD5
   of its rows' text, in order), every sequence's position, every index and constraint.

Prints one line per table with a difference (all tables with ``--verbose``), a summary, and
exits 1 on any difference. Both databases are dropped at the end. Takes about a minute.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
_SERVER = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
if _SERVER.scheme not in ("postgres", "postgresql"):
    _SERVER = urllib.parse.urlsplit("postgres://postgres@127.0.0.1:5432/postgres")
HOST, PORT, USER = _SERVER.hostname or "127.0.0.1", _SERVER.port or 5432, _SERVER.username or "postgres"
SOURCE, RESTORED = "concerto_backup_src", "concerto_backup_dst"
DOC = ROOT / "docs" / "operations.md"
started = time.monotonic()


def url(database: str) -> str:
    return f"postgres://{USER}@{HOST}:{PORT}/{database}"


def say(text: str) -> None:
    print(f"[backup {time.monotonic() - started:5.1f}s] {text}", flush=True)  # noqa: T201 - a CI script's report


def run(*command: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> str:
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=env, cwd=cwd)  # noqa: S603
    if done.returncode:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)[:300]}")
    return done.stdout


def psql(database: str, query: str) -> list[list[str]]:
    out = run(
        "psql", "-X", "-w", "-h", HOST, "-p", str(PORT), "-U", USER, "-d", database, "-qtA", "-F", "\t", "-c", query
    )
    return [line.split("\t") for line in out.splitlines() if line]


def drop(database: str) -> None:
    run("dropdb", "-w", "-h", HOST, "-p", str(PORT), "-U", USER, "--if-exists", database)


def doc_block(heading: str) -> str:
    """The first ``sh`` block under ``## <heading>`` in docs/operations.md."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    if not found:
        raise SystemExit(f"docs/operations.md: no sh block under '## {heading}'")
    return found.group(1)


def substitute(block: str, replacements: dict[str, str]) -> str:
    for placeholder, value in replacements.items():
        if placeholder not in block:
            raise SystemExit(
                f"docs/operations.md changed: '{placeholder}' is no longer in its restore commands; "
                "update .ci/backup_roundtrip.py to match"
            )
        block = block.replace(placeholder, value)
    return block


# --- Activity the demo does not make ------------------------------------------------------------


def first(rows: Any) -> Any:
    """The first row of a queryset or manager; the demo makes them all, so none is a broken demo."""
    row = rows.order_by("pk").first()
    if row is None:
        raise SystemExit(f"the demo made no {rows.model.__name__}")
    return row


def add_activity() -> None:
    """Run in a child process (``--activity``) on the source database: rows in the demo's empty tables."""
    import datetime as dt
    import hashlib

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.test import Client
    from django.utils import timezone
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from concerto.accounts.api_tokens import token_create
    from concerto.accounts.models import User
    from concerto.attendance.models import AbsenceReason
    from concerto.core.models import WorkerHeartbeat
    from concerto.detainees.importing import normalise
    from concerto.detainees.models import Detainee, DetaineeImport, DetaineeNote, UnitAlias
    from concerto.feeds.services import private_feed_renew
    from concerto.organisations.models import Organisation
    from concerto.prisons.models import Unit
    from concerto.privacy.models import DisclosurePolicy, SubjectRequest, SubjectRequestKind
    from concerto.reference.models import Language, TargetGroup
    from concerto.registrations.models import Application, EditionScreening, PrisonRequest, RefusalReason
    from concerto.registrations.tasks import expire_offers
    from concerto.reports.models import ReportText

    worker = User.objects.get(username="worker")
    coordinator = User.objects.get(username="coordinator")
    # Sign-ins: a refused password (the lockout's counters; another user than the one signing in
    # next, whose success would reset them), then a session.
    Client(HTTP_HOST="localhost").post(
        "/en/login/", {"username": "coordinator", "password": "not-the-password"}, REMOTE_ADDR="192.0.2.10"
    )
    Client().force_login(worker)
    token_create(worker, name="backup round trip", days=1)
    private_feed_renew(user=worker)
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    static = StaticDevice.objects.create(user=coordinator, name="recovery codes", confirmed=True)
    static.token_set.create(token="a1b2c3d4")  # noqa: S106 - a made-up recovery code
    group = Group.objects.create(name="Backup check")
    group.permissions.add(Permission.objects.get(codename="view_prison"))
    coordinator.groups.add(group)
    coordinator.user_permissions.add(Permission.objects.get(codename="view_unit"))
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(worker.pk),
        object_repr="worker",
        action_flag=CHANGE,
        change_message="[]",
    )
    # Reference data edited (their history tables), a screening's criteria, a prison request.
    for reason in (first(AbsenceReason.objects), first(RefusalReason.objects)):
        reason.name_en = f"{reason.name_en} (edited)"
        reason.save()
    screening = first(EditionScreening.objects)
    screening.languages.add(*Language.objects.all()[:2])
    screening.target_groups.add(*TargetGroup.objects.all()[:1])
    screening.save()
    application = first(Application.objects)
    request = PrisonRequest.objects.create(
        application=application, kind=PrisonRequest.Kind.MOVEMENT_PERMISSION, requested_on=timezone.localdate()
    )
    request.status = PrisonRequest.Status.GRANTED
    request.save()
    report = ReportText.objects.create(year=timezone.localdate().year, section="summary", text="Une année de travail.")
    report.text += " Revue."
    report.save()
    # Personal data: a note, an alias, an import with its file (bytes), privacy records.
    detainee = first(Detainee.objects)
    service = first(Organisation.objects.filter(kind=Organisation.Kind.JUSTICE_AID_SERVICE))
    DetaineeNote.objects.create(detainee=detainee, organisation=service, author=worker, text="Suivi: « ça va » 🙂")
    unit = first(Unit.objects)
    UnitAlias.objects.create(
        prison=unit.prison, name="Centre ouvert – Femmes", key=normalise("Centre ouvert – Femmes"), unit=unit
    )
    content = b"numero;nom\n312999;Exemple\n" + bytes(range(256))  # every byte value, NULs included
    DetaineeImport.objects.create(
        prison=unit.prison,
        uploaded_by=worker,
        file_name="liste.csv",
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    DisclosurePolicy.objects.create(organisation=service)
    SubjectRequest.objects.create(
        kind=SubjectRequestKind.ACCESS, subject_id=detainee.pk, reason="art. 15", handled_by=coordinator
    )
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="backup-check", hostname="ci", pid=1, started_at=now - dt.timedelta(minutes=1), seen_at=now
    )
    expire_offers.enqueue()  # queued, never run here: a task row as the worker would find it


# --- Comparison -----------------------------------------------------------------------------------

# Tables nothing writes in this deployment: a table left empty that is not here fails the run, so a
# new table gets its row in add_activity and is proved to survive the round trip.
EMPTY_BY_DESIGN = {
    "axes_accessattemptexpiration": "AXES_USE_ATTEMPT_EXPIRATION is off",
    "axes_accessfailurelog": "AXES_ENABLE_ACCESS_FAILURE_LOG is off (axes_accessattempt counts failures)",
    "bench_generateddata": "written only by the benchmark generator (manage.py generate_data)",
    "knox_authtoken": "accounts.ApiToken replaces knox's own token table",
}
TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
SEQUENCES = (
    "SELECT sequencename, coalesce(last_value::text, 'never used') FROM pg_sequences "
    "WHERE schemaname = 'public' ORDER BY 1"
)
INDEXES = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
CONSTRAINTS = (
    "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint "
    "WHERE connamespace = 'public'::regnamespace ORDER BY 1"
)


def fingerprints(database: str, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Per table: the row count and the MD5 of every row's text, rows in the order of their text."""
    # Table names come from pg_tables, not from outside.
    parts = [
        f"SELECT '{table}', count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) "  # noqa: S608
        f'FROM public."{table}" t'
        for table in tables
    ]
    rows = psql(database, " UNION ALL ".join(parts))
    return {name: (int(count), digest) for name, count, digest in rows}


def compare() -> int:
    differences: list[str] = []
    source_tables = [row[0] for row in psql(SOURCE, TABLES)]
    restored_tables = [row[0] for row in psql(RESTORED, TABLES)]
    if source_tables != restored_tables:
        differences.append(f"tables: only in source {sorted(set(source_tables) - set(restored_tables))}, "
                           f"only restored {sorted(set(restored_tables) - set(source_tables))}")  # fmt: skip
    tables = [table for table in source_tables if table in restored_tables]
    source, restored = fingerprints(SOURCE, tables), fingerprints(RESTORED, tables)
    verbose = "--verbose" in sys.argv
    for table in tables:
        same = source[table] == restored[table]
        if not same:
            differences.append(f"table {table}: source {source[table]}, restored {restored[table]}")
        if verbose or not same:
            say(f"  {'same' if same else 'DIFF'}  {table:<55} {source[table][0]:>6} rows  {source[table][1]}")
    for label, query in (("sequence", SEQUENCES), ("index", INDEXES), ("constraint", CONSTRAINTS)):
        before, after = dict(map(tuple, psql(SOURCE, query))), dict(map(tuple, psql(RESTORED, query)))
        for name in sorted(set(before) | set(after)):
            if before.get(name) != after.get(name):
                differences.append(f"{label} {name}: source {before.get(name)}, restored {after.get(name)}")
        changed = sum(before.get(name) != after.get(name) for name in set(before) | set(after))
        say(f"{len(before)} {label} entries compared, {changed} different")
    empty = [table for table in tables if source[table][0] == 0]
    say(f"{len(tables)} tables compared, {sum(count for count, _ in source.values())} rows, "
        f"{sum(source[t] != restored[t] for t in tables)} tables different")  # fmt: skip
    by_design = ", ".join(sorted(set(empty) & set(EMPTY_BY_DESIGN)))
    say(f"{len(tables) - len(empty)} tables with rows; empty by design: {by_design}")
    unexpected = sorted(set(empty) - set(EMPTY_BY_DESIGN))
    if unexpected:
        differences.append(f"tables left empty, so not proved: {', '.join(unexpected)} (add a row in add_activity)")
    for difference in differences:
        say(f"DIFFERENCE  {difference}")
    say("differences: 0, the restore is the source" if not differences else f"differences: {len(differences)}")
    return 1 if differences else 0


def main() -> int:
    if "--activity" in sys.argv:
        add_activity()
        return 0
    env = {**os.environ, "DATABASE_URL": url(SOURCE), "DJANGO_SETTINGS_MODULE": "concerto.settings"}
    for database in (SOURCE, RESTORED):
        drop(database)
    try:
        run("createdb", "-w", "-h", HOST, "-p", str(PORT), "-U", USER, SOURCE)
        say(f"{SOURCE}: migrate, load_demo, then the activity the demo lacks")
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
        run(PYTHON, "manage.py", "load_demo", env=env)
        run(PYTHON, str(Path(__file__).resolve()), "--activity", env=env)
        with tempfile.TemporaryDirectory(prefix="concerto-backup-") as directory:
            backup = doc_block("Backup")
            say(f"backup, as docs/operations.md writes it: {backup.strip()}")
            run("bash", "-euo", "pipefail", "-c", backup, env=env, cwd=Path(directory))
            dumps = list(Path(directory).glob("concerto-*.dump"))
            if len(dumps) != 1:
                raise SystemExit(f"the backup command left {len(dumps)} dump files, expected one")
            say(f"dump {dumps[0].name}: {dumps[0].stat().st_size // 1024} KiB")
            restore = substitute(
                doc_block("Restore"),
                {
                    "postgres://postgres@db-host:5432/": f"postgres://{USER}@{HOST}:{PORT}/",
                    "-h db-host -U postgres": f"-h {HOST} -p {PORT} -U {USER}",
                    "concerto_restore": RESTORED,
                    "concerto-2026-11-23.dump": dumps[0].name,
                    ".venv/bin/python manage.py": f"{PYTHON} {ROOT / 'manage.py'}",
                },
            )
            say("restore, as docs/operations.md writes it:\n    " + restore.strip().replace("\n", "\n    "))
            run("bash", "-euo", "pipefail", "-c", restore, env=dict(os.environ), cwd=Path(directory))
        return compare()
    finally:
        for database in (SOURCE, RESTORED):
            drop(database)
        say(f"dropped {SOURCE} and {RESTORED}")


if __name__ == "__main__":
    sys.exit(main())
