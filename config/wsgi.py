"""HTTP in production and under `make run`: gunicorn on this module (deploy/gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.heap import settle  # noqa: E402

settle()  # start-up objects out of the collector's way (config/heap.py)
