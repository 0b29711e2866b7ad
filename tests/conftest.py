import shutil
from pathlib import Path

import pytest

from kompas.demo import build_demo_file
from kompas.settings import REPO_ROOT
from kompas.store import Store

APP = REPO_ROOT / "dashboard" / "app.py"


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
    with Store(demo_copy) as s:
        yield s


@pytest.fixture
def empty_store():
    with Store(":memory:", create=True) as s:
        yield s


@pytest.fixture
def app(demo_copy, monkeypatch):
    """The app on a private copy of the demo store, started at its start page."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KOMPAS_DB", str(demo_copy))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    yield at
    from dashboard import cached
    cached.get_store().close()
    st.cache_resource.clear()
    st.cache_data.clear()
