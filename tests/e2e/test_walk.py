"""End to end in headless Chromium: walk the six steps, add a story at a figure, see it beside the figure."""

import pytest

from tests.e2e.conftest import open_page, screenshot

pytestmark = pytest.mark.browser

STEPS = [
    ("monitoring", "Stap 1"),
    ("resultaat", "Stap 2"),
    ("activiteiten", "Stap 3"),
    ("input", "Stap 4"),
    ("outcome", "Stap 5"),
    ("verbetercyclus", "Stap 6"),
]


def test_walk_all_six_steps(page, app_url):
    open_page(page, app_url)
    assert "Kwaliteitskompas" in page.get_by_role("heading", level=1).first.inner_text()
    for path, title in STEPS:
        open_page(page, f"{app_url}/{path}")
        heading = page.get_by_role("heading", level=1).first.inner_text()
        assert title in heading
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, f"step_{path}")
    # the outcome page shows a chart and its stories side by side
    open_page(page, f"{app_url}/outcome")
    page.locator(".js-plotly-plot").first.wait_for(timeout=20000)
    assert page.get_by_text("Verhalen bij dit cijfer", exact=False).first.is_visible()


def test_add_a_story_and_see_it_beside_its_figure(page, app_url):
    open_page(page, f"{app_url}/outcome")
    page.get_by_text("Verhaal toevoegen bij dit cijfer").first.click()
    form = page.locator("[data-testid='stForm']").first
    form.get_by_role("textbox", name="Titel", exact=True).fill("Browsertest: buren groeten vaker")
    form.get_by_role("textbox", name="Verhaal", exact=True).fill(
        "Bewoners van de Kadebuurt zeggen dat ze elkaar nu vaker groeten."
    )
    form.get_by_text("Werkgroep: alleen voor de werkgroep").click()
    form.get_by_text("Ja", exact=True).click()
    form.get_by_role("button", name="Verhaal opslaan").click()
    page.get_by_test_id("stToast").filter(has_text="is opgeslagen").wait_for(timeout=20000)
    story = page.get_by_text("Browsertest: buren groeten vaker", exact=True).first
    story.wait_for(timeout=20000)
    # beside the figure: in the same row of columns as the chart
    block = (
        page.locator("[data-testid='stHorizontalBlock']")
        .filter(has=page.locator(".js-plotly-plot"))
        .filter(has_text="Browsertest: buren groeten vaker")
    )
    assert block.count() >= 1
    screenshot(page, "story_added")
