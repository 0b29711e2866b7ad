"""The method's forms in a real browser: the policy check of an activity and the verkenning form open without
serious accessibility problems (axe), and the graph's legend names the tested assumptions."""

import pytest

from tests.e2e.conftest import open_page, screenshot
from tests.e2e.test_accessibility import serious_violations

pytestmark = pytest.mark.browser


def test_policy_check_form_and_assumption_legend(page, app_url):
    open_page(page, f"{app_url}/activiteiten")
    chooser = page.get_by_label("Onderdeel (ook te kiezen door erop te klikken in het schema)")
    chooser.click()
    chooser.fill("Samen Oud")
    page.keyboard.press("Enter")
    page.get_by_text("Beleidstoets: is dit inclusief beleid?").wait_for(timeout=30000)
    page.get_by_text("Een punt van de beleidstoets beantwoorden").click()
    page.get_by_role("button", name="Antwoord opslaan").wait_for(timeout=10000)
    assert page.get_by_text("Getoetste veronderstellingen").count() == 1
    screenshot(page, "a11y_policy_check")
    assert serious_violations(page) == []


def test_verkenning_form(page, app_url):
    open_page(page, f"{app_url}/monitoring")
    page.get_by_text("invullen of aanpassen").first.click()
    page.get_by_role("button", name="Verkenning opslaan").wait_for(timeout=10000)
    screenshot(page, "a11y_verkenning")
    assert serious_violations(page) == []


def test_readable_graph_renders_offline_without_serious_problems(page, app_url):
    open_page(page, f"{app_url}/activiteiten")
    page.get_by_text("Leesbaar schema (volledige namen, per programma)").click()
    page.locator("[data-testid='stGraphVizChart'] svg").first.wait_for(timeout=30000)
    assert page.locator("[data-testid='stGraphVizChart'] svg g.node").count() >= 10
    screenshot(page, "a11y_readable_graph")
    assert serious_violations(page) == []
