import subprocess
import sys
import threading
import time
from datetime import date

import pytest

from kompas.domain.errors import (
    SchemaTooNewError,
    StoreCorruptError,
    StoreLockedError,
    StoreNotFoundError,
)
from kompas.domain.model import Note
from kompas.store import connection as store_mod
from kompas.store import stories
from kompas.store.connection import Store


def test_new_store_records_each_migration(tmp_path):
    with Store(tmp_path / "k.duckdb", create=True) as s:
        rows = s.rows("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == [v for v, _, _ in store_mod.migrations()]
    assert rows[0]["name"] == "init"


def test_older_file_is_upgraded_in_place(tmp_path, monkeypatch):
    path = tmp_path / "k.duckdb"
    with Store(path, create=True) as s:
        s.set_info("municipality", "Testdorp")
    shipped = store_mod.migrations()
    extra = (shipped[-1][0] + 1, "add_colour", "ALTER TABLE programmes ADD COLUMN colour VARCHAR;")
    monkeypatch.setattr(store_mod, "migrations", lambda: shipped + [extra])
    with Store(path) as s:
        assert s.schema_version() == extra[0]
        assert "colour" in s.df("SELECT * FROM programmes").columns
        assert s.info("municipality") == "Testdorp"  # data kept


def test_file_from_newer_version_is_refused_in_dutch(tmp_path):
    path = tmp_path / "k.duckdb"
    with Store(path, create=True) as s:
        with s.transaction() as cur:
            cur.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
    with pytest.raises(SchemaTooNewError, match="nieuwere versie"):
        Store(path)


def test_missing_file_is_not_created_silently(tmp_path):
    with pytest.raises(StoreNotFoundError, match="bestaat niet"):
        Store(tmp_path / "nope.duckdb")
    assert not (tmp_path / "nope.duckdb").exists()


@pytest.mark.parametrize("content", [b"this is not a database" * 50, b""])
def test_corrupt_file_gives_dutch_message(tmp_path, content):
    path = tmp_path / "bad.duckdb"
    path.write_bytes(content)
    with pytest.raises(StoreCorruptError, match="geen geldige"):
        Store(path)


def test_someone_elses_duckdb_file_is_not_taken_over(tmp_path):
    import duckdb

    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    with pytest.raises(StoreCorruptError):
        Store(path)


def test_failed_transaction_leaves_nothing_behind(empty_store):
    with pytest.raises(RuntimeError):
        with empty_store.transaction() as cur:
            cur.execute("INSERT INTO store_info VALUES ('a', 'b')")
            raise RuntimeError("boom")
    assert empty_store.scalar("SELECT count(*) FROM store_info") == 0


def test_commit_bumps_data_version(empty_store):
    before = empty_store.data_version
    empty_store.set_info("x", "y")
    assert empty_store.data_version == before + 1


def test_second_process_gets_dutch_lock_message(tmp_path):
    path = tmp_path / "k.duckdb"
    Store(path, create=True).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreLockedError) as caught:
            Store(path)
        assert f"proces {holder.pid}" in str(caught.value)
        assert "Sluit de app" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_many_sessions_write_and_read_at_once_without_losing_writes(store):
    """One process, many Streamlit-like threads sharing one Store through cursors."""
    before = store.scalar("SELECT count(*) FROM notes")
    errors = []

    def writer(n):
        try:
            for i in range(5):
                stories.save_note(
                    store,
                    Note(
                        f"Verhaal {n}-{i}",
                        "tekst",
                        date(2025, 1, 1),
                        "interview",
                        "werkgroep",
                        True,
                        indicator_ids=("thuis_buurt",),
                    ),
                )
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    def reader():
        try:
            for _ in range(10):
                stories.notes(store, "werkgroep", stories.NoteFilter(indicator_id="thuis_buurt"))
                time.sleep(0.001)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    threads += [threading.Thread(target=reader) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.scalar("SELECT count(*) FROM notes") == before + 20
    assert store.scalar("SELECT count(*) FROM note_indicators WHERE indicator_id = 'thuis_buurt'") >= 20
