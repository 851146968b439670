"""A 10,000-row list: checked and applied in a few seconds, and all or nothing."""

import time

import pytest

from concerto.detainees import services
from concerto.detainees.models import Detainee, DetaineeImport, ImportStatus
from concerto.detainees.tests.factories import csv_bytes, person_row
from conftest import make_actor

pytestmark = pytest.mark.django_db

ROWS = 10_000


def big_list(bad_row: int | None = None) -> bytes:
    rows = []
    for n in range(1, ROWS + 1):
        unit = "women-closed" if n % 7 == 0 else "remand-men"
        row = person_row(n, unit=unit, gender="F" if n % 7 == 0 else "H", release="31/12/2027" if n % 3 else "")
        if n == bad_row:
            row[5] = "no such unit"
        rows.append(row)
    return csv_bytes(rows)


def test_ten_thousand_rows_are_checked_and_applied_quickly(importer, prison, units, capsys):
    content = big_list()
    started = time.perf_counter()
    detainee_import = services.import_upload(actor=importer, prison=prison, file_name="big.csv", content=content)
    services.import_set_mapping(actor=importer, detainee_import=detainee_import, mapping=detainee_import.mapping)
    checked = services.import_validate(actor=importer, detainee_import=detainee_import)
    validated = time.perf_counter()
    assert checked.status == ImportStatus.PREVIEW
    assert len(checked.summary["create"]) == ROWS
    done = services.import_apply(actor=importer, detainee_import=checked)
    applied = time.perf_counter()
    assert done.status == ImportStatus.DONE
    assert done.rows_done == done.rows_total == ROWS
    assert Detainee.objects.filter(prison=prison).count() == ROWS
    with capsys.disabled():
        print(f"\n10k rows: upload+validate {validated - started:.2f} s, apply {applied - validated:.2f} s")  # noqa: T201 - the timing is reported on purpose
    # About 4 s alone on SQLite; the bound is loose because CI runs tests in parallel on shared CPUs.
    assert applied - started < 60

    again = services.import_upload(actor=importer, prison=prison, file_name="big.csv", content=content)
    services.import_set_mapping(actor=importer, detainee_import=again, mapping=again.mapping)
    rechecked = services.import_validate(actor=importer, detainee_import=again)
    assert rechecked.summary["nothing_to_change"] is True
    assert rechecked.summary["unchanged"] == ROWS


def test_one_bad_row_in_the_middle_of_ten_thousand_writes_nothing(importer, prison, units):
    detainee_import = services.import_upload(
        actor=importer, prison=prison, file_name="big.csv", content=big_list(bad_row=5_000)
    )
    services.import_set_mapping(actor=importer, detainee_import=detainee_import, mapping=detainee_import.mapping)
    checked = services.import_validate(actor=importer, detainee_import=detainee_import)
    assert checked.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in checked.errors] == [(5_001, "Unité")]
    assert checked.rows_done == ROWS
    with pytest.raises(services.ValidationError):
        services.import_apply(actor=make_actor(checked.uploaded_by), detainee_import=checked)
    assert Detainee.objects.count() == 0
    assert DetaineeImport.objects.get(pk=checked.pk).status == ImportStatus.INVALID
