"""Backup and restore: the same rows and sequences come back; broken or too-new backups change nothing."""

import json
import subprocess
import sys
import textwrap
import zipfile
from contextlib import contextmanager
from datetime import date, datetime

import duckdb
import pytest

from kompas.cli.main import main
from kompas.domain.errors import (
    BackupCorruptError,
    BackupNotFoundError,
    KompasError,
    RestoreTargetExistsError,
    SchemaTooNewError,
    StoreLockedError,
)
from kompas.domain.model import Note
from kompas.domain.roles import OWNER, Access
from kompas.store import audit, backup, stories
from kompas.store.connection import Store, latest_version, migrations


def contents(path) -> dict:
    """Every table's rows in a fixed order, and every sequence's next value."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        restore_lines = "WHERE action <> 'teruggezet' "  # the restore logs itself in the restored store
        rows = {
            t: con.execute(
                f'SELECT * FROM "{t}" ' + (restore_lines if t == "audit_log" else "") + "ORDER BY ALL"
            ).fetchall()
            for t in tables
        }
        rows["<sequences>"] = backup._sequences(con)
        rows["<sequences>"]["audit_ids"] -= con.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'teruggezet'"
        ).fetchone()[0]
        return rows
    finally:
        con.close()


@pytest.fixture
def made(demo_copy, tmp_path):
    with Store(demo_copy).as_system(
        "tests"
    ) as store:  # a story with the corpus's hardest characters, and a used sequence
        stories.save_note(
            store,
            Note(
                "Titel \u202e met 'quotes' en \"dubbel\"",
                "regel\nregel 🧭 \x00?",
                date.today(),
                "wijkgesprek",
                "intern",
                False,
            ),
        )
    out = tmp_path / "backup.zip"
    return backup.backup(demo_copy, out), demo_copy


def test_backup_then_restore_gives_the_same_rows_in_every_table(made, tmp_path):
    summary, original = made
    restored = tmp_path / "terug.duckdb"
    backup.restore(summary.path, restored)
    before, after = contents(original), contents(restored)
    assert before.keys() == after.keys() and len(before) > 10
    for table in before:
        assert before[table] == after[table], table
    assert summary.rows["notes"] == len(before["notes"]) > 0


def test_new_ids_after_restore_follow_the_old_ones(made, tmp_path):
    summary, _ = made
    restored = tmp_path / "terug.duckdb"
    backup.restore(summary.path, restored)
    with Store(restored).as_system("tests") as store:
        old_max = store.scalar("SELECT max(id) FROM notes")
        new_id = stories.save_note(store, Note("Nieuw", "na terugzetten", date.today(), "interview", "intern", True))
    assert new_id == old_max + 1


def test_manifest_says_what_the_backup_holds(made):
    summary, original = made
    with zipfile.ZipFile(summary.path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["schema_version"] == latest_version() == summary.schema_version
    assert {t: e["rows"] for t, e in manifest["tables"].items()} == {
        t: len(r) for t, r in contents(original).items() if t != "<sequences>"
    }
    assert all(len(e["hash"]) == 32 for e in manifest["tables"].values())
    assert manifest["created_at"][:4] == str(date.today().year)


def test_restore_refuses_an_existing_file_unless_overwrite_and_then_keeps_it(made, tmp_path):
    summary, original = made
    target = tmp_path / "bestaand.duckdb"
    with Store(target, create=True).as_system("tests") as store:  # the store being replaced, with a line in its log
        audit.record_export(store.as_user("Els", "werkgroep"), "vergelijking", "", "na de reservekopie")
    with pytest.raises(RestoreTargetExistsError, match="bestaat al"):
        backup.restore(summary.path, target)
    assert contents(target)["notes"] == []
    done = backup.restore(
        summary.path,
        target,
        overwrite=True,
        by=Access("werkgroep", "Piet"),
        clock=lambda: datetime(2026, 3, 4, 5, 6, 7),
    )
    assert contents(target)["notes"] == contents(original)["notes"]
    kept = tmp_path / "bestaand.vervangen-2026-03-04-050607.duckdb"
    assert done.replaced == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["backup.zip", "bestaand.duckdb", kept.name, "kompas.duckdb"]
    )
    with (
        Store(kept).as_system("tests") as old,
        Store(target).as_system("tests") as new,
    ):  # both logged; the old log is kept, line for line
        old_lines = old.rows("SELECT user_name, action, summary FROM audit_log ORDER BY id")
        assert old_lines[0]["summary"] == "na de reservekopie"
        assert old_lines[-1]["action"] == "teruggezet" and old_lines[-1]["user_name"] == "Piet"
        assert kept.name in old_lines[-1]["summary"] and "backup.zip" in old_lines[-1]["summary"]
        line = new.rows("SELECT user_name, action, summary FROM audit_log ORDER BY id DESC LIMIT 1")[0]
        assert line["action"] == "teruggezet" and kept.name in line["summary"] and line["user_name"] == "Piet"


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        manifest = json.loads(old.read("manifest.json"))
        files = {name: old.read(name) for name in old.namelist() if name != "manifest.json"}
        manifest, files = change(manifest, files)
        new.writestr("manifest.json", json.dumps(manifest))
        for name, data in files.items():
            new.writestr(name, data)


def _tampered_hash(manifest, files):
    manifest["tables"]["notes"]["hash"] = "0" * 32
    return manifest, files


def _swapped_rows(manifest, files):
    notes, nodes = manifest["tables"]["notes"]["file"], manifest["tables"]["nodes"]["file"]
    files[notes] = files[nodes]
    return manifest, files


def _missing_table(manifest, files):
    del files[manifest["tables"]["observations"]["file"]]
    return manifest, files


def _too_new(manifest, files):
    manifest["schema_version"] = latest_version() + 1
    return manifest, files


@pytest.mark.parametrize("change", [_tampered_hash, _swapped_rows, _missing_table])
def test_a_broken_backup_leaves_nothing_behind(made, tmp_path, change):
    summary, _ = made
    broken = tmp_path / "kapot.zip"
    _rewrite(summary.path, broken, change)
    with pytest.raises(BackupCorruptError, match="Er is niets teruggezet"):
        backup.restore(broken, tmp_path / "nieuw.duckdb")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.zip", "kapot.zip", "kompas.duckdb"]


def test_a_broken_backup_with_overwrite_keeps_the_old_store(made, tmp_path):
    summary, original = made
    broken = tmp_path / "kapot.zip"
    _rewrite(summary.path, broken, _tampered_hash)
    before = contents(original)
    with pytest.raises(BackupCorruptError):
        backup.restore(broken, original, overwrite=True)
    assert contents(original) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.zip", "kapot.zip", "kompas.duckdb"]


def test_truncated_or_foreign_files_are_refused_in_dutch(made, tmp_path):
    summary, original = made
    truncated = tmp_path / "half.zip"
    truncated.write_bytes(summary.path.read_bytes()[:5000])
    for bad in (truncated, original):
        with pytest.raises(BackupCorruptError, match="geen bruikbare reservekopie"):
            backup.restore(bad, tmp_path / "nieuw.duckdb")
    with pytest.raises(BackupNotFoundError, match="bestaat niet"):
        backup.restore(tmp_path / "nergens.zip", tmp_path / "nieuw.duckdb")
    assert not (tmp_path / "nieuw.duckdb").exists()


def test_restore_into_a_missing_folder_says_so(made, tmp_path, capsys):
    summary, _ = made
    assert main(["restore", str(summary.path), "--db", str(tmp_path / "nergens" / "k.duckdb")]) == 1
    assert "De map" in capsys.readouterr().err


def test_backup_from_a_newer_schema_is_refused(made, tmp_path):
    summary, _ = made
    newer = tmp_path / "nieuwer.zip"
    _rewrite(summary.path, newer, _too_new)
    with pytest.raises(SchemaTooNewError, match="nieuwere versie"):
        backup.restore(newer, tmp_path / "nieuw.duckdb")
    assert not (tmp_path / "nieuw.duckdb").exists()


def _hold(path):
    """Another process (like the app) that holds the store open."""
    code = textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r})
        print("open", flush=True)
        time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "open"
    return process


def test_restore_over_a_store_in_use_says_so_and_changes_nothing(made, tmp_path, capsys):
    summary, original = made
    holder = _hold(original)
    try:
        with pytest.raises(StoreLockedError):
            backup.restore(summary.path, original, overwrite=True)
        assert main(["restore", str(summary.path), "--db", str(original), "--overwrite"]) == 1
        assert main(["backup", "--db", str(original), "--out", str(tmp_path / "b.zip")]) == 1
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert err.count("in gebruik") == 2 and "Traceback" not in err
    assert not (tmp_path / "b.zip").exists()


def test_cli_backup_and_restore(demo_copy, tmp_path, capsys):
    out, target = tmp_path / "k.zip", tmp_path / "terug.duckdb"
    before = contents(demo_copy)
    assert main(["backup", "--db", str(demo_copy), "--out", str(out)]) == 0
    assert main(["restore", str(out), "--db", str(target)]) == 0
    printed = capsys.readouterr().out
    assert "Reservekopie gemaakt" in printed and "teruggezet" in printed
    assert contents(target) == before
    with Store(demo_copy).as_system("tests") as store:  # the backup itself is in the log (after the copy was made)
        assert store.scalar("SELECT count(*) FROM audit_log WHERE object_kind = 'reservekopie'") == 1
    assert main(["restore", str(out), "--db", str(target)]) == 1
    assert "--overwrite" in capsys.readouterr().err


def _make_newer(path):
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'uit_de_toekomst')", [latest_version() + 1])
    con.close()


def test_cli_refuses_a_store_from_a_newer_version_without_traceback(demo_copy, capsys):
    _make_newer(demo_copy)
    assert main(["info", "--db", str(demo_copy)]) == 1
    assert main(["backup", "--db", str(demo_copy), "--out", str(demo_copy.with_suffix(".zip"))]) == 1
    err = capsys.readouterr().err
    assert err.count("nieuwere versie van Kwaliteitskompas") == 2 and "Traceback" not in err


def test_app_refuses_a_store_from_a_newer_version_with_a_clear_message(demo_copy, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    _make_newer(demo_copy)
    monkeypatch.setenv("KOMPAS_DB", str(demo_copy))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    try:
        assert not at.exception
        assert any(
            "nieuwere versie van Kwaliteitskompas" in e.value and "Werk de software bij" in e.value for e in at.error
        )
        assert not at.get("plotly_chart") and not at.title  # the app stopped before any page
    finally:
        st.cache_resource.clear()


class _Unmigrated:
    """An open store at an older schema version, without Store's automatic migration, read as the system."""

    access = OWNER

    def __init__(self, con):
        self.con = con

    @contextmanager
    def cursor(self):
        cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()


def store_at_version(path, last: int) -> duckdb.DuckDBPyConnection:
    """An open DuckDB file with the migrations up to ``last`` only (a store made by an older version)."""
    con = duckdb.connect(str(path))
    for version, name, sql in migrations():
        if version <= last:
            con.execute(backup._MIGRATIONS_TABLE)
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    return con


def test_backup_from_an_older_schema_is_restored_and_brought_up_to_date(tmp_path):
    con = store_at_version(tmp_path / "oud.duckdb", 2)
    con.execute("INSERT INTO programmes (id, title) VALUES ('p1', 'Meedoen')")
    con.execute(
        "INSERT INTO notes (title, body, note_date, source_kind, visibility, consent) "
        "VALUES ('Oud verhaal', 'Van voor de besprekingen.', DATE '2024-03-01', 'wijkgesprek', 'intern', true)"
    )
    made = backup.backup_store(_Unmigrated(con), tmp_path / "oud.zip")
    con.close()
    assert made.schema_version == 2 < latest_version()
    target = tmp_path / "nieuw.duckdb"
    backup.restore(made.path, target)
    with Store(target).as_system("tests") as store:
        assert store.schema_version() == latest_version()
        assert store.scalar("SELECT title FROM notes") == "Oud verhaal"
        assert store.scalar("SELECT title FROM programmes") == "Meedoen"
        new_id = stories.save_note(store, Note("Nieuw", "tekst", date.today(), "interview", "intern", True))
        assert new_id == 2


def test_only_the_werkgroep_may_back_up_or_restore(demo_copy, tmp_path, capsys):
    for role in ("lezer", "raad"):
        assert main(["backup", "--db", str(demo_copy), "--out", str(tmp_path / "k.zip"), "--role", role]) == 1
        assert "Alleen de werkgroep" in capsys.readouterr().err
    assert not (tmp_path / "k.zip").exists()


def test_a_zip_bomb_as_backup_is_refused_before_unpacking(tmp_path):
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps({"format": backup.FORMAT}))
        with archive.open("tables/000.parquet", "w") as member:
            for _ in range(32):
                member.write(b"\0" * (1 << 20))
    with pytest.raises(KompasError, match="zip-bom"):
        backup.restore(bomb, tmp_path / "nieuw.duckdb")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bom.zip"]
