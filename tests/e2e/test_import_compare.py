"""End to end in headless Chromium: read in a new wave (dry run first), save it, then compare."""

import pytest

from tests.e2e.conftest import open_page, screenshot

pytestmark = pytest.mark.browser


def test_import_a_file_then_see_it_in_the_comparison(page, app_url, tmp_path):
    sample = tmp_path / "veiligheidsmonitor_2027.csv"
    sample.write_text(
        "indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\n"
        "thuis_buurt,Veiligheidsmonitor 2027,GM9999,,,88,2600,86.7,89.3\n"
        "thuis_buurt,Veiligheidsmonitor 2027,WK999906,,,61,500,56.0,66.0\n",
        encoding="utf-8",
    )
    open_page(page, f"{app_url}/inlezen")
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(sample))
    page.get_by_text("Wat er zou veranderen").wait_for(timeout=30000)
    page.get_by_text("Nieuwe meting: Veiligheidsmonitor 2027").wait_for(timeout=10000)
    screenshot(page, "import_preview")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Opgeslagen: 2 nieuwe en 0 gewijzigde cijfers.").wait_for(timeout=30000)
    assert page.get_by_text("Opgeslagen: 2 nieuwe en 0 gewijzigde cijfers.").is_visible()

    open_page(page, f"{app_url}/vergelijken")
    page.get_by_text("Alle veranderingen", exact=True).wait_for(timeout=30000)
    # the new wave is now the latest survey wave: compared with 2025 by default
    chosen = page.get_by_text("Verhalen uit de periodes van Veiligheidsmonitor 2025 en Veiligheidsmonitor 2027")
    chosen.wait_for(timeout=30000)
    assert chosen.is_visible()
    screenshot(page, "compare")
