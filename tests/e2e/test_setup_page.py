"""The page "Gemeente instellen" in Chromium: an empty store opens on it, and axe finds no serious problem
while the werkgroep searches its gemeente and reads in its wijken and buurten (dry run shown)."""

import pytest

from kompas.cli.main import main
from tests.e2e.conftest import open_page, running_app, screenshot
from tests.e2e.test_accessibility import serious_violations
from tests.setup_files import KWB

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("instellen")
    db = folder / "kompas.duckdb"
    assert main(["init", "--db", str(db)]) == 0
    with running_app(db) as url:
        yield url, folder


def test_setup_page_has_no_serious_accessibility_problems(page, empty_app):
    url, folder = empty_app
    open_page(page, url)
    assert page.get_by_role("heading", level=1).first.inner_text() == "Gemeente instellen"
    problems = serious_violations(page)

    page.get_by_label("Zoek uw gemeente op naam").fill("zwol")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Deze gemeente kiezen").click()
    page.get_by_text("Gemeente Zwolle (GM0193) is gekozen.").wait_for(timeout=30000)
    problems += serious_violations(page)

    kwb = folder / "kwb_zwolle.csv"
    kwb.write_text(
        KWB.replace("GM9990", "GM0193").replace("WK9990", "WK0193").replace("BU9990", "BU0193"), encoding="utf-8"
    )
    page.locator("input[type='file']").set_input_files(str(kwb))
    page.get_by_role("button", name="Gebieden opslaan").wait_for(timeout=30000)
    screenshot(page, "a11y_gemeente_instellen")
    problems += serious_violations(page)
    assert problems == []
