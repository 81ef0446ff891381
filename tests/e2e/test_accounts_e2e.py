"""Sign up and log in in a real browser."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot, wait_online


def test_sign_up_then_log_out_and_log_in_again(new_page):
    page = new_page(390, 800)  # a phone-sized screen
    page.goto("/signup/")
    page.fill("#id_name", "Meera")
    page.fill("#id_email", "meera@example.com")
    page.fill("#id_password", "short")
    page.click("button[type=submit]")
    assert page.locator("#id_password_error").is_visible()
    shot(page, "signup-errors")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert "Hello, Meera" in page.inner_text("h1")
    wait_online(page)
    shot(page, "dashboard-phone")
    page.click("text=Log out")
    page.wait_for_url("**/login/")
    log_in(page, "meera@example.com", PASSWORD)
    assert "Hello, Meera" in page.inner_text("h1")


def test_wrong_password_is_refused(new_page, alice):
    page = new_page()
    page.goto("/login/")
    page.fill("#id_identifier", "alice@example.com")
    page.fill("#id_password", "wrong-password")
    page.keyboard.press("Enter")
    assert page.locator(".form-errors").inner_text().strip() == "Wrong email/phone or password."
    shot(page, "login-error")
