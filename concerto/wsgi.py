"""WSGI entry point (gunicorn concerto.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from concerto.core.serving import tune_garbage_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concerto.settings")
application = get_wsgi_application()
tune_garbage_collector(os.environ.get("CONCERTO_GC", "tuned"))
