"""WCAG 2.1 AA in a real browser: axe-core on every page (and with a story form open), no serious or
critical violation; a screenshot of each page goes to test-artifacts/ for a person to look at."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import open_page, screenshot

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "monitoring",
    "resultaat",
    "activiteiten",
    "input",
    "outcome",
    "verbetercyclus",
    "bespreking",
    "acties",
    "verhalen",
    "vergelijken",
    "voor-wie",
    "raadsinformatie",
    "inlezen",
    "bewerken",
    "logboek",
]


def serious_violations(page) -> list[str]:
    page.wait_for_timeout(800)  # let charts and late widgets settle
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_serious_accessibility_problems(page, app_url, path):
    open_page(page, f"{app_url}/{path}")
    screenshot(page, f"a11y_{path or 'start'}")
    assert serious_violations(page) == []


def test_story_form_open_has_no_serious_accessibility_problems(page, app_url):
    open_page(page, f"{app_url}/outcome")
    page.get_by_text("Verhaal toevoegen bij dit cijfer").first.click()
    page.get_by_role("button", name="Verhaal opslaan").wait_for(timeout=10000)
    screenshot(page, "a11y_story_form")
    assert serious_violations(page) == []


def test_review_open_has_no_serious_accessibility_problems(page, app_url):
    open_page(page, f"{app_url}/bespreking")
    page.get_by_role("button", name="Bespreking openen").click()
    page.get_by_text("Sinds de vorige bespreking", exact=True).wait_for(timeout=30000)
    # the open form fades out while the page reruns: check what stays, not the fading form
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30000)
    page.get_by_role("button", name="Bespreking openen").wait_for(state="detached", timeout=30000)
    screenshot(page, "a11y_review_open")
    problems = serious_violations(page)
    open_page(page, f"{app_url}/outcome")
    page.get_by_text("Vastleggen tijdens de bespreking").first.click()
    screenshot(page, "a11y_review_step")
    problems += serious_violations(page)
    open_page(page, f"{app_url}/bespreking")  # leave the shared app as it was: close the review again
    page.get_by_text("De bespreking is klaar; sluit haar af.").click()
    page.get_by_role("button", name="Bespreking sluiten").click()
    page.get_by_text("Er is nu geen bespreking open.").wait_for(timeout=30000)
    assert problems == []


def test_the_walk_is_reachable_by_keyboard(page, app_url):
    open_page(page, app_url)
    for _ in range(40):  # tab to the menu item of step 5, then press Enter
        page.keyboard.press("Tab")
        if (page.evaluate("document.activeElement.innerText") or "").strip() == "5 Outcome":  # the link itself
            break
    else:
        pytest.fail("het menu-item '5 Outcome' is niet met Tab te bereiken")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Stap 5 · Outcome").wait_for(timeout=20000)
