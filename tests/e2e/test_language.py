"""End to end in headless Chromium: every page says it is Dutch (lang="nl"), also before signing in, and
the council's menu holds only its pages."""

import pytest

from dashboard.components import menu
from tests.e2e.conftest import open_page

pytestmark = pytest.mark.browser


def _lang(page) -> str:
    page.wait_for_function("document.documentElement.lang === 'nl'", timeout=15000)
    return page.evaluate("document.documentElement.lang")


def test_sign_in_form_and_every_council_page_say_dutch(page, app_url):
    page.goto(f"{app_url}/vergelijken")
    page.get_by_label("Wachtwoord", exact=True).wait_for(timeout=30000)
    assert _lang(page) == "nl"
    open_page(page, f"{app_url}/vergelijken", role="raad")
    nav = page.locator("[data-testid='stSidebarNav']")
    shown = [t.strip() for t in nav.locator("a").all_inner_texts()]
    assert shown == [title for _, title, _ in menu.scripts_for("raad")]
    for link in nav.locator("a").all()[:3]:  # moving within the app keeps the language
        link.click()
        page.get_by_role("heading", level=1).first.wait_for(timeout=30000)
        assert _lang(page) == "nl"


def test_a_werkgroep_address_sends_the_council_to_the_start_page(page, app_url):
    open_page(page, f"{app_url}/inlezen", role="raad")
    page.get_by_text("rol: raad").wait_for(timeout=20000)
    assert page.get_by_role("heading", name="Cijfers inlezen").count() == 0
    assert page.locator("[data-testid='stSidebarNav'] a", has_text="Cijfers inlezen").count() == 0
    assert _lang(page) == "nl"
