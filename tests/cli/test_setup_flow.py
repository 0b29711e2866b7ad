"""From nothing to a municipality's own first figure with its first story beside it, on step 5.

`init --gemeente … --areas … --starter`, then the first CBS download imported with neither a mapping file
nor a wave (the starter set's kept mapping knows its measures and years), then a story about one figure:
checked through the library and through the app (AppTest).
"""

from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.session import SIGNED_IN
from kompas.cli.main import main
from kompas.domain.model import FigureLink, Note
from kompas.domain.roles import Access
from kompas.domain.settings import REPO_ROOT
from kompas.store import gemeente_setup, stories
from kompas.store.connection import Store
from tests.setup_files import GEMEENTE, write

STORY = "Nieuwe huurders in de Polder"


@pytest.fixture(scope="module")
def municipality(tmp_path_factory):
    """A store set up as a new municipality would, through the CLI in-process: (path, init output)."""
    folder = tmp_path_factory.mktemp("zonnedal")
    kwb, figures = write(folder)
    db = folder / "kompas.duckdb"
    assert main(["init", "--db", str(db), "--gemeente", GEMEENTE, "--areas", str(kwb), "--starter"]) == 0
    assert main(["import", str(figures), "--db", str(db)]) == 0  # no --mapping, no --wave
    with Store(db).as_system("tests") as store:
        wave = store.scalar("SELECT id FROM waves WHERE label = 'Kerncijfers wijken en buurten 2025'")
        stories.save_note(
            store,
            Note(
                STORY,
                "Bij de buurtavond vertelden bewoners dat de corporatie twintig woningen heeft verkocht.",
                date(2025, 6, 1),
                "wijkgesprek",
                "werkgroep",
                True,
                area_code="WK999001",
                indicator_ids=("kwb_corporatie",),
                figures=(FigureLink("kwb_corporatie", wave, "WK999001", stance="verklaart"),),
            ),
        )
    return db


def test_the_cli_sets_up_the_gemeente_with_areas_and_starter_set(municipality):
    with Store(municipality).as_system("tests") as store:
        state = gemeente_setup.status(store)
        assert (state.gemeente_code, state.gemeente_name, state.areas) == (GEMEENTE, "Zonnedal", 5)
        assert state.indicators >= 20 and not state.needs_setup
        assert {r["kind"] for r in store.rows("SELECT kind FROM indicators")} == {"output", "outcome"}
        tree = gemeente_setup.area_tree(store, GEMEENTE)
        assert [(w["name"], [b["name"] for b in w["buurten"]]) for w in tree] == [
            ("Dorp", ["Kerkbuurt", "Molenveld"]),
            ("Polder", ["Buitengebied"]),
        ]


def test_the_first_download_imports_without_mapping_or_wave(municipality):
    with Store(municipality).as_system("tests") as store:
        figures = store.rows(
            "SELECT o.indicator_id, w.label, o.area_code, o.value FROM observations o "
            "JOIN waves w ON w.id = o.wave_id ORDER BY 1, 3"
        )
    assert {(f["indicator_id"], f["area_code"]): f["value"] for f in figures} == {
        ("kwb_corporatie", "GM9990"): 31,
        ("kwb_corporatie", "WK999000"): 38,
        ("kwb_corporatie", "WK999001"): 18,
        ("kwb_inwoners", "GM9990"): 12400,
        ("kwb_inwoners", "WK999000"): 8100,
        ("kwb_inwoners", "WK999001"): 4300,
    }
    assert {f["label"] for f in figures} == {"Kerncijfers wijken en buurten 2025"}


@pytest.fixture
def app(municipality, monkeypatch):
    monkeypatch.setenv("KOMPAS_DB", str(municipality))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=30)
    at.session_state[SIGNED_IN] = Access("werkgroep", "Test werkgroep")
    yield at.run()
    from dashboard import cached

    cached.open_store().close()
    st.cache_resource.clear()
    st.cache_data.clear()


def test_step_5_shows_the_figure_with_its_story_beside_it(app):
    assert not app.exception, [e.value for e in app.exception]
    app.selectbox(key="flt_area").set_value("WK999001").run()
    app.switch_page("app_pages/step_5_outcome.py").run()
    app.selectbox(key="s5_indicator").set_value("kwb_corporatie").run()
    assert not app.exception, [e.value for e in app.exception]
    text = "\n".join(m.value for m in app.markdown)
    assert "Huurwoningen van een corporatie" in text and "Verhalen bij dit cijfer (1)" in text
    assert STORY in text
    assert len(app.get("plotly_chart")) == 1
