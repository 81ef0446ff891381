"""The installable app's files: the service worker at the site root, the manifest, icons."""

from __future__ import annotations

import json

from django.contrib.staticfiles import finders


def test_service_worker_is_served_from_the_root_without_a_session(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "hisaabDB" in body and 'addEventListener("fetch"' in body
    assert client.post("/sw.js").status_code == 405


def test_manifest_names_the_app_and_existing_icons():
    with open(finders.find("manifest.webmanifest"), encoding="utf-8") as fh:
        manifest = json.load(fh)
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with open(path, "rb") as fh:
            assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


def test_pages_link_the_manifest_and_the_offline_scripts(client, alice):
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert 'rel="manifest"' in page
    assert "js/offline/page.js" in page
