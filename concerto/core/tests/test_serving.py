"""The serving process's garbage-collector set-up (concerto/core/serving.py, called by concerto/wsgi.py)."""

from __future__ import annotations

import gc
import importlib

import pytest

from concerto.core.serving import SERVING_THRESHOLDS, tune_garbage_collector


@pytest.fixture
def restored_collector():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_the_wsgi_application_freezes_what_is_loaded_and_collects_young_objects_less_often(
    restored_collector, monkeypatch
):
    monkeypatch.delenv("CONCERTO_GC", raising=False)
    import concerto.wsgi

    importlib.reload(concerto.wsgi)
    assert gc.get_freeze_count() > 10_000  # Django and the apps, out of the collector's walks
    assert gc.get_threshold() == SERVING_THRESHOLDS


def test_off_leaves_pythons_defaults(restored_collector):
    before = gc.get_threshold()
    tune_garbage_collector("off")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
