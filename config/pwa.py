"""The service worker, served from the site root so its scope is every page.

A worker's default scope is the folder it is served from, and /static/ is not the site, so
/sw.js is a view. It sends the offline store (static/js/offline/db.js) and the worker
(static/js/offline/sw.js) as one script: the worker needs no importScripts, and the script
is same-origin JavaScript, so a strict Content-Security-Policy (script-src 'self') allows it.
The worker's own few words (its offline page) come first, in every page language
(config/js_catalog.py: it has no page to load the catalogue into).
Browsers re-check the worker on navigations, so it is never cached by HTTP (and the two
small files are read per request: an edit or a deploy is picked up at once).
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from config.js_catalog import worker_words

PARTS = ("js/offline/db.js", "js/offline/sw.js")


def _read(name: str) -> str:
    found = finders.find(name)
    if found:
        with open(found, encoding="utf-8") as fh:
            return fh.read()
    with staticfiles_storage.open(name) as fh:  # only collected files exist (e.g. a slim image)
        return fh.read().decode("utf-8")


def _script() -> str:
    parts = [_read(name) for name in PARTS]
    return worker_words(parts[-1]) + "\n".join(parts)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
