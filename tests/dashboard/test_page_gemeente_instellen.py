"""The page "Gemeente instellen" under AppTest: an empty store opens on it, and the werkgroep sets up there."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import cached
from dashboard.session import SIGNED_IN
from kompas.cli.main import main
from kompas.domain.roles import Access
from kompas.domain.settings import REPO_ROOT
from tests.setup_files import KWB

APP = str(REPO_ROOT / "dashboard" / "app.py")
PAGE = "app_pages/gemeente_instellen.py"


def _start(db, monkeypatch, role="werkgroep"):
    monkeypatch.setenv("KOMPAS_DB", str(db))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[SIGNED_IN] = Access(role, f"Test {role}")
    return at.run()


@pytest.fixture
def empty_db(tmp_path):
    db = tmp_path / "leeg.duckdb"
    assert main(["init", "--db", str(db)]) == 0
    yield db
    cached.open_store().close()
    st.cache_resource.clear()
    st.cache_data.clear()


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.info, *at.success, *at.text, *at.warning, *at.error])


def test_an_empty_store_opens_on_the_setup_page_and_is_set_up_there(empty_db, monkeypatch):
    at = _ok(_start(empty_db, monkeypatch))
    assert at.title[0].value == "Gemeente instellen"
    assert "Nog te doen: de wijken en buurten en indicatoren" in _texts(at)

    at.text_input(key="gi_zoek").set_value("zwol").run()
    assert at.selectbox(key="gi_gemeente").value == "GM0193"
    at.button(key="gi_kies").click().run()
    assert "Gemeente Zwolle (GM0193) is gekozen." in _texts(_ok(at))

    # A file for another gemeente: the dry run refuses it, naming the file; nothing is stored.
    at.file_uploader(key="gi_bestand").set_value(("kwb_zonnedal.csv", KWB.encode(), "text/csv")).run()
    assert "kwb_zonnedal.csv: gemeente GM0193 staat niet in dit bestand" in _texts(_ok(at))
    assert "gi_opslaan" not in [b.key for b in at.button]

    zwolle = KWB.replace("GM9990", "GM0193").replace("WK9990", "WK0193").replace("BU9990", "BU0193")
    at.file_uploader(key="gi_bestand").set_value(("kwb_zwolle.csv", zwolle.encode(), "text/csv")).run()
    assert "Proefrun" in _texts(_ok(at)) and "+ BU01930001 Molenveld (buurt in WK019300)" in _texts(at)
    assert cached.open_store().scalar("SELECT count(*) FROM areas") == 1  # the dry run wrote nothing
    at.button(key="gi_opslaan").click().run()
    assert "5 gebieden toegevoegd" in _texts(_ok(at))
    assert [e.label for e in at.expander][:2] == ["Dorp (WK019300) · 2 buurten", "Polder (WK019301) · 1 buurten"]

    at.button(key="gi_startset").click().run()
    assert "indicatoren toegevoegd" in _texts(_ok(at))
    at.toggle(key="gi_aan_kwb_jeugd").set_value(False).run()
    assert "'Inwoners jonger dan 15 jaar' staat nu uit." in _texts(_ok(at))
    assert "Nog te doen" not in _texts(at)
    assert [link.label for link in at.get("page_link")] == ["Verder: cijfers inlezen"]


def test_a_set_up_store_opens_on_start_and_readers_get_no_setup_page(demo_copy, monkeypatch):
    at = _ok(_start(demo_copy, monkeypatch))
    assert at.title[0].value != "Gemeente instellen"
    at.switch_page(PAGE).run()
    assert _ok(at).title[0].value == "Gemeente instellen"
    reader = _ok(_start(demo_copy, monkeypatch, role="lezer"))
    with pytest.raises(ValueError):  # st.navigation did not register the page for this role
        reader.switch_page(PAGE).run()
