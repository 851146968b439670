"""How a serving process (gunicorn worker) is set up for steady response times.

Python's cyclic garbage collector pauses the process while it walks the objects it tracks. A
loaded Concerto process holds about 150,000 of them (Django, the apps, WeasyPrint's fonts), and
a full collection walked them all: about 100 ms, every dozen requests or so, which showed as the
p95 of pages whose median is 40 ms (docs/performance.md). Two standard remedies:

- ``gc.freeze()`` once the application is loaded moves everything that exists then (modules,
  classes, settings, URL patterns) out of the collector's sight for good: it is never garbage;
- a higher first-generation threshold lets one request's short-lived objects be freed by
  reference counting before a collection starts, so the older generations fill more slowly.

Memory stays bounded: cycles are still collected, only less often (gunicorn's ``--max-requests``
recycles workers anyway, docs/operations.md).
"""

from __future__ import annotations

import gc

# Allocations before a young collection (Python's default is 700), then young collections
# before a middle one, then middle ones before a full one.
SERVING_THRESHOLDS = (20_000, 50, 100)


def tune_garbage_collector(mode: str = "tuned") -> None:
    """``tuned`` (default): freeze what is loaded, raise the thresholds; ``freeze`` only; ``off``: as Python does."""
    if mode == "off":
        return
    gc.collect()
    gc.freeze()
    if mode == "tuned":
        gc.set_threshold(*SERVING_THRESHOLDS)
