"""End to end in headless Chromium: a council question becomes a Word file the advisor downloads."""

from io import BytesIO

import docx
import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_walk import open_page

pytestmark = pytest.mark.browser

QUESTION = "Neemt de eenzaamheid onder ouderen in wijk Noord af, en wat doet de gemeente eraan?"


def test_question_to_downloaded_word_file(page, app_url, tmp_path):
    open_page(page, f"{app_url}/raadsinformatie")
    page.get_by_label("Vraag van het raadslid").fill(QUESTION)
    page.get_by_label("Opgesteld door").fill("A. de Vries")
    page.get_by_role("button", name="Zoek cijfers die bij de vraag passen").click()
    page.get_by_text("2. Concept", exact=True).wait_for(timeout=30000)
    page.get_by_text("In 2024 was 'Ernstig eenzaam' in Noord").first.wait_for(timeout=30000)
    screenshot(page, "raad_draft")
    assert serious_violations(page) == []  # the whole draft: charts, stories, edit fields
    short = page.get_by_role("textbox", name="Kort antwoord (bovenaan het stuk)")
    short.fill("De eenzaamheid onder ouderen in Noord lijkt te dalen, maar niet voor iedereen.")
    short.press("Control+Enter")
    page.get_by_role("button", name="Maak het document").click()
    download_button = page.get_by_role("button", name="Download Word (.docx)")
    download_button.wait_for(timeout=60000)
    screenshot(page, "raad_ready")
    with page.expect_download(timeout=30000) as info:
        download_button.click()
    target = tmp_path / "stuk.docx"
    info.value.save_as(target)
    assert info.value.suggested_filename.startswith("raadsinformatie-") and target.suffix == ".docx"
    word = docx.Document(BytesIO(target.read_bytes()))
    text = [p.text for p in word.paragraphs]
    assert text[0] == f"Raadsinformatie: {QUESTION}"
    assert "De eenzaamheid onder ouderen in Noord lijkt te dalen, maar niet voor iedereen." in text
    assert "Opgesteld door: A. de Vries" in text
    assert len(word.inline_shapes) >= 1
