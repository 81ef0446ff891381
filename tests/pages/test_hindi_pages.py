"""Every page in Hindi (the profile's locale) and the page basics in both languages: no
English UI words left on a Hindi page, html[lang] set, no duplicate ids, every input
labelled (tests/pages/html_checks.py; the browser tests also run axe-core)."""

from __future__ import annotations

import pytest
from django.test import Client

from social.actions import update_account
from tests.e2e.world import SIGNED_OUT_PAGES, build_world
from tests.pages.html_checks import a11y_problems, english_words

pytestmark = pytest.mark.django_db

# Words that stay in Latin script in Hindi apps: brand and product names, tax and file-format
# abbreviations, and the demo world's data (people, shops, payees, items) built by world.py.
BRANDS = {"hisaab", "upi", "gstin", "cgst", "sgst", "igst", "hsn", "sac", "csv", "ofx", "qfx", "qif",
          "paypal", "venmo", "inr", "url", "english", "whatsapp", "sms", "pdf", "gst", "gstr", "json", "zip",
          "jpeg", "png", "webp", "heic",  # file formats, named the same in Hindi
          "data"}  # data.json, the name of a file inside an export
WORLD_DATA = {"alice", "bob", "carol", "goa", "trip", "villa", "lunch", "dev", "sharma", "kirana", "ramesh", "rice",
              "raju", "mohan", "hdfc", "food", "big", "bazaar", "salary", "electricity", "tata", "steel", "inv",
              "asia", "kolkata"}  # a time zone's name (Asia/Kolkata) is an identifier


def _data_words(user) -> set[str]:
    """The user's own data named in English (the finance book's default categories)."""
    from importlib.util import find_spec

    words: set[str] = set()
    if find_spec("ledger.finance.selectors"):
        from ledger.finance import selectors

        for name in selectors.categories_of(user).values_list("name", flat=True):
            words |= {w.lower() for w in name.replace("&", " ").split()}
    return words


@pytest.fixture
def world(alice, bob, carol):
    pages = build_world(alice, bob, carol)
    return pages


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_page_in_hindi_has_no_english_ui_words(alice, bob, carol):
    # Hindi first: notifications are written in the recipient's language when they happen.
    update_account(alice, changes={"locale": "hi_IN"})
    world = build_world(alice, bob, carol)
    client = _client(alice)
    allowed = BRANDS | WORLD_DATA | _data_words(alice)
    left = {}
    for name, path in world:
        response = client.get(path, follow=True)
        assert response.status_code == 200, (name, response.status_code)
        html = response.content.decode()
        assert '<html lang="hi">' in html, name
        words = english_words(html, allowed)
        if words:
            left[name] = sorted(set(words))
    assert not left, f"untranslated on Hindi pages: {left}"


def test_signed_out_pages_follow_the_browser_and_the_switch(db):
    client = Client(headers={"accept-language": "hi-IN,hi;q=0.9,en;q=0.5"})
    for _name, path in SIGNED_OUT_PAGES:
        html = client.get(path).content.decode()
        assert '<html lang="hi">' in html and "लॉग इन" in html
        assert not english_words(html, BRANDS), path
    # The header's switch: English chosen, kept in the language cookie.
    response = client.post("/language/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert '<html lang="en">' in client.get("/login/").content.decode()


def test_the_switch_keeps_the_choice_in_the_profile(alice):
    client = _client(alice)
    assert '<html lang="en">' in client.get("/profile/").content.decode()
    assert client.post("/language/", {"language": "hi", "next": "https://evil.example/"})["Location"] == "/"
    alice.profile.refresh_from_db()
    assert alice.profile.locale == "hi_IN"
    html = client.get("/profile/").content.decode()
    assert '<html lang="hi">' in html and "प्रोफ़ाइल और सेटिंग्स" in html
    assert client.post("/language/", {"language": "xx"}).status_code == 400


@pytest.mark.parametrize("locale", ["en_IN", "hi_IN"])
def test_every_page_passes_the_html_a11y_checks(alice, world, locale):
    update_account(alice, changes={"locale": locale})
    client = _client(alice)
    problems = {}
    for name, path in world + SIGNED_OUT_PAGES:
        html = (client if (name, path) not in SIGNED_OUT_PAGES else Client()).get(path, follow=True).content.decode()
        found = a11y_problems(html)
        if found:
            problems[name] = found
    assert not problems, problems


def test_the_html_checks_can_fail():
    page = ('<html lang="en"><main><h1>x</h1><input id="a" name="a"><label for="b">B</label>'
            '<select id="b"></select><p id="b">dup</p><button></button></main></html>')
    problems = a11y_problems(page)
    assert "unlabelled <input name='a' id='a'>" in problems
    assert "duplicate id 'b' (2×)" in problems
    assert any(p.startswith("button without a name") for p in problems)
    assert english_words('<html lang="hi"><p>बैलेंस Balance</p><template>Hidden</template></html>', set()) == ["Balance"]
