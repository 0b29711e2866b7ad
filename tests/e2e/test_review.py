"""End to end in headless Chromium: open a review, record a decision and an action, close it, download
the minutes."""

from datetime import date

import pytest

from kompas.domain import formatting
from tests.e2e.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_review_from_opening_to_minutes(page, app_url, tmp_path):
    open_page(page, f"{app_url}/bespreking")
    page.get_by_role("button", name="Bespreking openen").click()
    page.get_by_text("Sinds de vorige bespreking", exact=True).wait_for(timeout=30000)
    screenshot(page, "review_open")

    def record(kind: str, text: str) -> None:
        form = page.locator("[data-testid='stForm']").filter(has_text="Wat legt u vast?").first
        form.get_by_role("radiogroup", name="Wat legt u vast?").get_by_text(kind, exact=True).first.click()
        form.get_by_role("textbox", name="Tekst").fill(text)
        form.get_by_role("button", name="Vastleggen").click()
        page.locator("li").filter(has_text=text).first.wait_for(timeout=20000)  # listed once it is saved

    record("Besluit of afspraak", "Browsertest: we nodigen nieuwe bewoners persoonlijk uit")
    record("Actie: wie doet wat, en wanneer", "Browsertest: uitnodigingen rondbrengen")
    screenshot(page, "review_recorded")

    page.get_by_text("De bespreking is klaar; sluit haar af.").click()
    page.get_by_role("button", name="Bespreking sluiten").click()
    page.get_by_text("Er is nu geen bespreking open.").wait_for(timeout=30000)
    assert page.get_by_text("is gesloten. Het verslag is vastgesteld").count() == 1  # the chair sees it worked
    # the report chooser has moved to the review just closed (until then the old button may still show)
    chooser = page.get_by_role("combobox", name="Bespreking")
    today = formatting.long_date(date.today())
    page.wait_for_function(
        "([el, text]) => el && (el.value || el.innerText || '').includes(text)",
        arg=[chooser.element_handle(timeout=30000), today],
        timeout=30000,
    )
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30000)
    word_button = page.get_by_role("button", name="Verslag als Word")
    for _ in range(50):  # Streamlit may briefly show the old and the new button while it reruns
        if word_button.count() == 1:
            break
        page.wait_for_timeout(200)
    page.wait_for_load_state("networkidle")
    with page.expect_download() as info:
        word_button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    import docx

    word = docx.Document(str(target))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Browsertest: we nodigen nieuwe bewoners persoonlijk uit" in text
    assert "Afwezig" in text and "Status: vastgesteld" in text and "Niets." not in text
    assert word.core_properties.language == "nl-NL" and word.core_properties.author == "werkgroep"
    cells = [c.text for t in docx.Document(str(target)).tables for row in t.rows for c in row.cells]
    assert "Browsertest: uitnodigingen rondbrengen" in cells
    screenshot(page, "review_closed")


def test_a_shared_link_opens_the_exact_figure(page, app_url):
    open_page(page, f"{app_url}/outcome?cijfer=eenzaam&gebied=WK999904&groep=leeftijd")
    page.get_by_text("rol: werkgroep").wait_for(timeout=20000)
    for name, shown in (("Cijfer", "Ernstig eenzaam"), ("Uitsplitsen naar groep", "eeftijd"), ("Gebied", "Zuid")):
        box = page.get_by_role("combobox", name=name)
        box.wait_for(timeout=20000)
        assert shown.lower() in (box.input_value() or box.inner_text()).lower(), name
    assert "cijfer=eenzaam" in page.url and "groep=leeftijd" in page.url
