"""The words of the offline scripts (static/js/offline/*.js) in each page language.

- `PageCatalog` at /jsi18n/<language>/ is Django's JavaScriptCatalog (gettext, ngettext,
  pgettext, interpolate) for the language named in its address, not the request's: the service
  worker stores it like a static file, so one address must always hold the same language (a
  page in Hindi loads /jsi18n/hi/, and offline gets the Hindi catalogue back from the cache).
  Only our own catalogue (locale/<language>/LC_MESSAGES/djangojs.po, LOCALE_PATHS) is sent,
  not the admin's JavaScript words.
- `worker_words()`: the service worker loads no script beside itself, so the few words it
  shows (its "you are offline" page) are written into /sw.js (config/pwa.py) for every
  language, from the same catalogue.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)
# gettext("…") calls in the worker's source: the message ids it needs.
_GETTEXT = re.compile(r'\bgettext\(\s*"((?:[^"\\]|\\.)*)"\s*\)')


class PageCatalog(JavaScriptCatalog):
    # An app without JavaScript words of its own: with no package named, Django would merge
    # every installed app's djangojs catalogue (the admin's); LOCALE_PATHS are always read.
    packages = ["social"]

    def get(self, request: HttpRequest, *args, language: str = "", **kwargs) -> HttpResponse:
        if language not in LANGUAGES:
            raise Http404("No such language.")
        with translation.override(language):
            return super().get(request, *args, **kwargs)


@lru_cache(maxsize=4)  # the catalogues change with a deploy, which restarts the processes
def worker_words(source: str) -> str:
    """`self.hisaabWords = {language: {msgid: translation}};` for the gettext calls in `source`."""
    msgids = sorted({json.loads(f'"{m}"') for m in _GETTEXT.findall(source)})
    words = {}
    for language in sorted(LANGUAGES):
        catalog = DjangoTranslation(language, domain="djangojs")
        words[language] = {msgid: catalog.gettext(msgid) for msgid in msgids}
    return f"self.hisaabWords = {json.dumps(words, ensure_ascii=False, sort_keys=True)};\n"
