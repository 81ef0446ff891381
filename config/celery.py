"""The Celery app. Tasks receive ids and call actions; the beat schedule lives in settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hisaab")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
