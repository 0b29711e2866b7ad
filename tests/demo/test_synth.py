"""Synthetic stores (kompas.demo.synth): valid for the app, deterministic, and the reads tuned for scale."""

import hashlib

import pandas as pd
import pytest

from kompas.cli.main import main
from kompas.demo.synth import build_store
from kompas.demo.synth.scales import Scale
from kompas.demo.synth.statline_file import write_statline_csv
from kompas.domain.model import Area
from kompas.domain.settings import REPO_ROOT
from kompas.imports import import_file
from kompas.store import areas, indicators, observations, toc
from kompas.store.connection import Store

APP = REPO_ROOT / "dashboard" / "app.py"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "tiny.duckdb"
    build_store(path, "tiny", seed=1)
    return path


def rows_hash(path) -> str:
    with Store(path).as_system("tests") as store:
        digest = hashlib.sha256()
        for table in ("areas", "programmes", "nodes", "indicators", "waves", "observations", "notes"):
            volatile = {"nodes": " EXCLUDE (updated_at)", "notes": " EXCLUDE (created_at, updated_at)"}
            frame = store.df(f"SELECT *{volatile.get(table, '')} FROM {table} ORDER BY ALL")
            digest.update(frame.to_csv(index=False).encode())
        return digest.hexdigest()


def test_tiny_store_is_a_valid_store(tiny):
    with Store(tiny).as_system("tests") as store:
        assert toc.check_graph(toc.graph(store)) == []
        table = indicators.indicators(store)
        assert len(table) == 8
        measured = set(store.df("SELECT DISTINCT indicator_id FROM observations")["indicator_id"])
        assert set(table["id"]) == measured
        orphans = store.scalar(
            "SELECT count(*) FROM areas a WHERE parent_code IS NOT NULL AND parent_code NOT IN (SELECT code FROM areas)"
        )
        assert orphans == 0
        assert store.scalar("SELECT count(*) FROM notes WHERE visibility = 'openbaar'") > 0
        assert store.scalar("SELECT count(*) FROM observations WHERE group_factor <> 'totaal'") > 0


def test_generation_is_deterministic(tiny, tmp_path):
    build_store(tmp_path / "again.duckdb", "tiny", seed=1)
    build_store(tmp_path / "other.duckdb", "tiny", seed=2)
    assert rows_hash(tiny) == rows_hash(tmp_path / "again.duckdb")
    assert rows_hash(tiny) != rows_hash(tmp_path / "other.duckdb")


def test_start_page_renders_on_a_synthetic_store(tiny, tmp_path, monkeypatch):
    import shutil

    from tests.conftest import _close_app, _signed_in_app

    copy = tmp_path / "copy.duckdb"
    shutil.copy(tiny, copy)
    at = _signed_in_app(copy, monkeypatch, "werkgroep")
    try:
        assert not at.exception, [e.value for e in at.exception]
        assert "Kwaliteitskompas" in at.title[0].value
        assert any("verzonnen database" in e.value for e in at.info)
        at.switch_page("app_pages/step_5_outcome.py").run()
        assert not at.exception, [e.value for e in at.exception]
    finally:
        _close_app()


@pytest.mark.parametrize("which", ["tiny", "demo"])
def test_totals_of_an_area_read_at_once_equal_each_series(which, tiny, store):
    source = Store(tiny).as_system("tests") if which == "tiny" else store
    try:
        for area in source.df("SELECT code FROM areas WHERE level <> 'buurt'")["code"]:
            totals = observations.totals_for_area(source, area, (2000, 2100))
            frame, rows = observations.totals_by_indicator(totals)
            for indicator_id in indicators.indicators(source)["id"]:
                expected = observations.series(source, indicator_id, area, None, (2000, 2100))
                pd.testing.assert_frame_equal(
                    observations.one_indicator(totals, indicator_id), expected, check_dtype=False
                )
                pd.testing.assert_frame_equal(
                    frame.take(rows.get(indicator_id, [])).reset_index(drop=True), expected, check_dtype=False
                )
    finally:
        if which == "tiny":
            source.close()


def test_a_large_store_starts_on_one_programme(tmp_path, tiny):
    with Store(tiny).as_system("tests") as store:
        assert toc.default_programme(store) is None
    many = Scale(
        "many",
        gemeenten=1,
        wijken=2,
        buurten=2,
        indicators=toc.ALL_PROGRAMMES_MAX_INDICATORS + 1,
        waves=2,
        programmes=3,
        factors=1,
    )
    build_store(tmp_path / "many.duckdb", many)
    with Store(tmp_path / "many.duckdb").as_system("tests") as store:
        assert toc.default_programme(store) == toc.programmes(store)["id"].iloc[0]


def test_area_scope_follows_a_new_wijk(tiny, tmp_path):
    import shutil

    shutil.copy(tiny, tmp_path / "s.duckdb")
    with Store(tmp_path / "s.duckdb").as_system("tests") as store:
        gemeente = areas.municipality(store)["code"]
        before = areas.scope(store, gemeente)
        areas.save_areas(store, [Area("WK999999", "Nieuwe wijk", "wijk", gemeente)])
        assert "WK999999" not in before
        assert "WK999999" in areas.scope(store, gemeente)


def test_its_statline_file_imports_without_refusals(tiny, tmp_path):
    import shutil

    shutil.copy(tiny, tmp_path / "s.duckdb")
    with Store(tmp_path / "s.duckdb").as_system("tests") as store:
        made = write_statline_csv(store, tmp_path / "statline.csv")
        waves_before = len(indicators.waves(store))
        plan = import_file(store, tmp_path / "statline.csv", mapping_path=made["mapping"])
        assert plan.refused == []
        assert plan.added > 0
        assert len(indicators.waves(store)) == waves_before + 1  # the file holds one year more


def test_cli_builds_and_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "cli.duckdb"
    assert main(["synth", "--scale", "tiny", "--db", str(target)]) == 0
    assert "klaar" in capsys.readouterr().out
    assert main(["synth", "--scale", "tiny", "--db", str(target)]) == 1
    assert "--overwrite" in capsys.readouterr().err
