"""A tour of the main pages with demo-like data: each renders in the browser without a
console error, and a screenshot of each is saved to test-artifacts/ for a reviewer, on a
desktop and on a phone."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online
from tests.e2e.world import build_world

SIZES = {"desktop": {"width": 1366, "height": 800}, "phone": {"width": 360, "height": 740}}


def test_tour_of_the_main_pages(new_page, alice, bob, carol):
    pages = build_world(alice, bob, carol)
    page = new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    log_in(page, "alice@example.com", PASSWORD)
    wait_online(page)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        for name, url in pages:
            response = page.goto(url)
            assert response is not None and response.status == 200, (url, response and response.status)
            shot(page, f"tour-{size}-{name}")
    assert errors == []
