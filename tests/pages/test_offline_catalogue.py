"""The offline scripts' catalogue: /jsi18n/<language>/ (config/js_catalog.py), loaded by every
page before the offline scripts, and the service worker's own words (/sw.js)."""

from __future__ import annotations

import json
import re

import pytest

from social.actions import update_account

pytestmark = pytest.mark.django_db


def _catalog(body: str) -> dict:
    found = re.search(r"const newcatalog = (\{.*?\});\n", body, re.S)
    return json.loads(found.group(1)) if found else {}  # English: no catalogue, the ids themselves


def test_the_address_names_the_language_not_the_cookie(client):
    client.cookies["django_language"] = "en"
    hindi = client.get("/jsi18n/hi/")
    assert hindi.status_code == 200 and hindi["Content-Type"].startswith("text/javascript")
    words = _catalog(hindi.content.decode())
    assert words["Settled %(amount)s"] == "%(amount)s चुकता"
    assert words["Offline — %(count)s change waiting"] == [
        "ऑफ़लाइन — %(count)s बदलाव प्रतीक्षा में है",
        "ऑफ़लाइन — %(count)s बदलाव प्रतीक्षा में हैं",
    ]
    assert "Available %s" not in words  # only our catalogue, not the admin's JavaScript words
    client.cookies["django_language"] = "hi"
    english = client.get("/jsi18n/en/")
    assert english.status_code == 200 and "gettext" in english.content.decode()
    assert "Settled %(amount)s" not in _catalog(english.content.decode())
    assert client.get("/jsi18n/xx/").status_code == 404


def test_a_page_loads_its_languages_catalogue_before_the_offline_scripts(client, alice):
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert (
        page.index('src="/jsi18n/en/"')
        < page.index("js/offline/words.js")
        < page.index("js/offline/db.js")
    )
    update_account(alice, changes={"locale": "hi_IN"})
    page = client.get("/").content.decode()
    assert 'src="/jsi18n/hi/"' in page and 'src="/jsi18n/en/"' not in page


def test_the_worker_carries_its_offline_page_in_every_language(client):
    body = client.get("/sw.js").content.decode()
    words = json.loads(re.match(r"self\.hisaabWords = (\{.*\});\n", body).group(1))
    assert words["hi"]["You are offline"] == "आप ऑफ़लाइन हैं"
    assert words["en"]["You are offline"] == "You are offline"
    assert set(words["hi"]) == {
        "Dashboard",
        "Offline · Hisaab",
        "You are offline",
        "This page was not opened on this device while online, so it is not available offline.",
    }
