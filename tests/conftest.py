import shutil
from pathlib import Path

import pytest

from kompas.demo import build_demo_file
from kompas.store import Store


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
