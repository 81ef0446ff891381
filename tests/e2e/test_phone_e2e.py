"""Phone first: every page at 360×740 is no wider than the screen, every area and the profile
are reachable from the menu, and each area's main action sits within thumb reach."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.e2e.world import SIGNED_OUT_PAGES, build_world

PHONE = {"width": 360, "height": 740}

# The elements whose right edge passes the viewport, deepest first: what a failure reports.
_OVERFLOW = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > w + 1 && !el.closest('.table-wrap, .nav, .tabs, .scroll-x')) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} right=${Math.round(r.right)}`);
    }
  }
  return {doc: document.documentElement.scrollWidth, view: w, culprits: out.slice(-6)};
}"""


def _too_wide(page) -> dict | None:
    m = page.evaluate(_OVERFLOW)
    return m if m["doc"] > m["view"] else None


def test_no_page_scrolls_sideways_at_360px(new_page, alice, bob, carol):
    pages = build_world(alice, bob, carol)
    visitor = new_page(**PHONE)
    wide = {}
    for name, url in SIGNED_OUT_PAGES:
        visitor.goto(url)
        if (m := _too_wide(visitor)) is not None:
            wide[name] = m
    page = new_page(**PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    for name, url in pages:
        response = page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        if (m := _too_wide(page)) is not None:
            wide[name] = m
    assert wide == {}, "\n".join(f"{k}: {v}" for k, v in wide.items())


def test_every_area_and_the_profile_are_reachable_on_a_phone(new_page, alice):
    page = new_page(**PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    page.get_by_role("button", name="Menu").click()
    menu = page.get_by_role("navigation", name="Main")
    for name in ("Dashboard", "Friends & groups", "Khata", "Finance", "Marketplace", "Profile"):
        link = menu.get_by_role("link", name=name, exact=True)
        assert link.is_visible(), name
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
    menu.get_by_role("link", name="Profile", exact=True).click()
    page.wait_for_url("**/profile/")


def test_each_areas_main_action_is_within_thumb_reach(new_page, alice, bob, carol):
    """On a phone the main action of each area's main page is on screen at load, in the bottom
    third (where a thumb reaches), and works."""
    pages = dict(build_world(alice, bob, carol))
    page = new_page(**PHONE)
    log_in(page, "alice@example.com", PASSWORD)
    checks = [(pages["friends"], "Invite a friend", "#invite"), (pages["groups"], "New group", "#new-group"),
              (pages["group-settle-up"], "Add expense", "/expenses/new/"),
              (pages["khata-parties"], "Add customer or supplier", "#add-party"),
              (pages["khata-party-ledger"], "You got", "#entry-form"),
              (pages["finance-accounts"], "Add transaction", "#add-transaction")]
    for url, name, lands in checks:
        page.goto(url)
        action = page.locator(".thumb").get_by_role("link", name=name, exact=True)
        box = action.bounding_box()
        assert box is not None and box["y"] >= PHONE["height"] * 2 / 3, (url, name, box)
        assert box["y"] + box["height"] <= PHONE["height"] and box["x"] + box["width"] <= PHONE["width"], (url, box)
        action.click()
        page.wait_for_url(f"**{lands}")
