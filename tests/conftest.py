import shutil
from pathlib import Path

import pytest

from kompas.demo.build import build_demo_file
from kompas.domain.settings import REPO_ROOT
from kompas.store.connection import Store

APP = REPO_ROOT / "dashboard" / "app.py"
BROWSER_TESTS = "tests/e2e/"


def pytest_xdist_make_scheduler(config, log):
    """With ``-n N --dist loadgroup`` (``make test``): each browser module is one unit of work, so its tests
    run on one worker and the module starts its app process once; every other test is a unit of its own.
    Units go out largest first, so the browser modules start at once and single fast tests fill the end.
    (xdist's own ``xdist_group`` marks no longer reach its scheduler under pytest 9.2: pytest-xdist #1386.)"""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserModulesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid.split("::", 1)[0] if nodeid.startswith(BROWSER_TESTS) else nodeid

    return BrowserModulesTogether(config, log)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo store, built once per test run from data/demo. Never write to it: copy it."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo_file(path)
    return path


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> Path:
    """A private, writable copy of the demo store."""
    target = tmp_path / "kompas.duckdb"
    shutil.copy(demo_db, target)
    return target


@pytest.fixture
def store(demo_copy):
    """The demo store's copy as the system sees it (``Store.as_system``): full rights, raw SQL for checks."""
    with Store(demo_copy).as_system("tests") as s:
        yield s


@pytest.fixture
def empty_store():
    """A new, empty store in memory as the system sees it."""
    with Store(":memory:", create=True).as_system("tests") as s:
        yield s


def _signed_in_app(demo_copy, monkeypatch, role: str):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.session import SIGNED_IN
    from kompas.domain.roles import Access

    monkeypatch.setenv("KOMPAS_DB", str(demo_copy))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state[SIGNED_IN] = Access(role, f"Test {role}")  # as the sign-in form sets it
    return at.run()


def _close_app():
    import streamlit as st

    from dashboard import cached

    cached.open_store().close()
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def app(demo_copy, monkeypatch):
    """The app on a private copy of the demo store, signed in as a werkgroep member, at its start page."""
    yield _signed_in_app(demo_copy, monkeypatch, "werkgroep")
    _close_app()


@pytest.fixture
def app_as(demo_copy, monkeypatch):
    """``app_as("lezer")``: the app on a private copy of the demo store, signed in with that role."""
    started = []

    def start(role: str):
        started.append(_signed_in_app(demo_copy, monkeypatch, role))
        return started[-1]

    yield start
    if started:
        _close_app()
