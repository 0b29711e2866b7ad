"""The menu per role: the council's menu holds only its pages, and a page left out cannot be reached,
not even by its address (AppTest's registered pages are the menu the browser receives)."""

from pathlib import Path

import pytest

from dashboard.session import PREVIEW

COUNCIL = [
    "start",
    "step_1_monitoring",
    "step_2_resultaat",
    "step_3_activiteiten",
    "step_4_input",
    "step_5_outcome",
    "step_6_verbetercyclus",
    "verhalen",
    "vergelijken",
    "voor_wie",
    "raadsinformatie",
]
WERKGROEP_ONLY = ["importeren", "beheer", "logboek"]
NOT_FOR_COUNCIL = ["bespreking", "acties", *WERKGROEP_ONLY]


def _menu(at) -> list[str]:
    return [Path(str(p["script_path"])).stem for p in at._registered_pages.values()]


def _page_hashes(at) -> dict[str, str]:
    return {Path(str(p["script_path"])).stem: h for h, p in at._registered_pages.items()}


def test_council_menu_holds_only_its_pages(app_as):
    at = app_as("raad")
    assert _menu(at) == COUNCIL


@pytest.mark.parametrize("role,left_out", [("raad", NOT_FOR_COUNCIL), ("lezer", WERKGROEP_ONLY)])
def test_a_left_out_page_cannot_be_reached_by_its_address(app, app_as, role, left_out):
    hashes = _page_hashes(app)
    assert set(left_out) <= set(hashes)  # the werkgroep has them all
    at = app_as(role)
    assert not set(left_out) & set(_menu(at))
    for stem in left_out:
        with pytest.raises(ValueError):
            at.switch_page(f"app_pages/{stem}.py")
        at._page_hash = hashes[stem]  # as a browser asks for a page by its address
        at.run()
        assert not at.exception
        assert at._finished_page_script_hash != hashes[stem], stem
        assert at.title[0].value.startswith("Kwaliteitskompas"), stem  # sent to the start page


def test_werkgroep_previewing_the_public_view_gets_the_council_menu(app):
    assert set(NOT_FOR_COUNCIL) <= set(_menu(app))
    app.radio(key=PREVIEW).set_value("openbaar").run()
    app.run()  # the menu is built at the top of a run, from the view chosen in the run before
    assert _menu(app) == COUNCIL


@pytest.mark.parametrize(
    "page", ["app_pages/bespreking.py", "app_pages/acties.py", "app_pages/raadsinformatie.py", "app_pages/verhalen.py"]
)
def test_lists_to_choose_from_speak_dutch(app, page):
    """Streamlit's 'Select all' cannot be translated: it is switched off; the empty box says what to do in Dutch."""
    app.switch_page(page).run()
    boxes = list(app.multiselect)
    assert boxes, page
    for box in boxes:
        assert box.proto.select_all == 0, box.label
        assert box.placeholder and not box.placeholder.lower().startswith(("choose", "select")), box.label
    for day in app.date_input:
        assert day.proto.format == "DD-MM-YYYY", day.label
