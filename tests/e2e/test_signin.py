"""End to end in headless Chromium: the sign-in form, a wrong password, each role, signing out."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import open_page, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_form_first_and_wrong_password_refused(page, app_url):
    page.goto(f"{app_url}/verhalen")
    password = page.get_by_label("Wachtwoord", exact=True)
    password.wait_for(timeout=30000)
    assert page.get_by_role("heading", name="Verhalen").count() == 0  # no page before signing in
    page.wait_for_timeout(500)
    violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    screenshot(page, "signin_form")
    page.get_by_label("Naam", exact=True).fill("werkgroep")
    password.fill("fout-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("de naam of het wachtwoord klopt niet").wait_for(timeout=20000)
    sign_in(page, "werkgroep")
    page.get_by_role("heading", name="Verhalen").wait_for(timeout=30000)  # straight to the page asked for
    assert violations == []


def test_raad_sees_no_werkgroep_stories_and_cannot_edit(page, app_url):
    open_page(page, f"{app_url}/verhalen", role="raad")
    page.get_by_text("Ingelogd als").wait_for(timeout=20000)
    assert page.get_by_text("rol: raad").is_visible()
    assert page.get_by_text("alleen werkgroep").count() == 0
    assert page.get_by_text("Nieuw verhaal toevoegen").count() == 0
    open_page(page, f"{app_url}/logboek", role="raad")  # not in the council's menu: the start page instead
    page.get_by_text("rol: raad").wait_for(timeout=20000)
    assert page.get_by_role("heading", name="Logboek").count() == 0
    screenshot(page, "signin_raad_logboek")


def test_sign_out_returns_to_the_form(page, app_url):
    open_page(page, app_url, role="lezer")
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_label("Wachtwoord", exact=True).wait_for(timeout=20000)
    assert page.get_by_role("button", name="Inloggen").is_visible()
