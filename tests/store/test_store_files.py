"""Files on disk: only their owner reads the store, backups and accounts; no command destroys a store."""

import stat
from datetime import datetime

import pytest

from kompas.access import accounts
from kompas.cli.main import main
from kompas.domain.errors import KompasError, StoreLockedError
from kompas.store import backup, permissions
from kompas.store import files as store_files
from kompas.store.connection import Store
from tests.store.test_backup import _hold


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_backup_and_accounts_are_created_for_their_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("KOMPAS_UMASK", raising=False)
    monkeypatch.delenv("KOMPAS_ACCOUNTS", raising=False)
    db = tmp_path / "kompas.duckdb"
    Store(db, create=True).close()
    backup.backup(db, tmp_path / "kopie.zip")
    accounts.add(tmp_path / "accounts.json", "Els", "werkgroep", "lang genoeg")
    assert [mode(tmp_path / name) for name in ("kompas.duckdb", "kopie.zip", "accounts.json")] == [0o600] * 3


def test_a_shared_server_may_choose_a_group_umask(tmp_path, monkeypatch):
    monkeypatch.setenv("KOMPAS_UMASK", "007")
    Store(tmp_path / "groep.duckdb", create=True).close()
    assert mode(tmp_path / "groep.duckdb") == 0o660
    monkeypatch.setenv("KOMPAS_UMASK", "rwx")
    with pytest.raises(KompasError, match="KOMPAS_UMASK='rwx' is geen geldige umask"):
        permissions.file_mode()


def test_cli_sets_the_umask_for_every_file_it_writes(tmp_path, monkeypatch):
    monkeypatch.delenv("KOMPAS_UMASK", raising=False)
    db = tmp_path / "kompas.duckdb"
    assert main(["synth", "--scale", "tiny", "--db", str(db)]) == 0
    assert (
        main(
            [
                "compare",
                "--db",
                str(db),
                "--from",
                "Monitor 2023",
                "--to",
                "Monitor 2025",
                "--out",
                str(tmp_path / "v.csv"),
            ]
        )
        == 0
    )
    assert (tmp_path / "v.csv").exists()
    assert all(mode(p) & 0o077 == 0 for p in tmp_path.iterdir())


def test_dated_names_never_collide():
    now = datetime(2026, 1, 2, 3, 4, 5)
    assert store_files.dated_name("/nergens/k.duckdb", now).name == "k.vervangen-2026-01-02-030405.duckdb"


def test_replacing_keeps_the_old_file_and_its_log(tmp_path):
    target, new = tmp_path / "k.duckdb", tmp_path / "nieuw.duckdb"
    target.write_bytes(b"oud")
    (tmp_path / "k.duckdb.wal").write_bytes(b"oud log")
    new.write_bytes(b"nieuw")
    clock = lambda: datetime(2026, 1, 2, 3, 4, 5)  # noqa: E731
    kept = store_files.replace_keeping_old(new, target, clock)
    assert target.read_bytes() == b"nieuw" and not new.exists()
    assert kept.read_bytes() == b"oud" and (tmp_path / f"{kept.name}.wal").read_bytes() == b"oud log"
    assert not (tmp_path / "k.duckdb.wal").exists()  # never replayed onto the new file
    new.write_bytes(b"nog nieuwer")
    second = store_files.replace_keeping_old(new, target, clock)  # same second: a second name
    assert second != kept and second.read_bytes() == b"nieuw" and kept.read_bytes() == b"oud"


def test_synth_overwrite_keeps_the_old_store_and_refuses_while_it_is_in_use(tmp_path, capsys):
    db = tmp_path / "kompas.duckdb"
    assert main(["synth", "--scale", "tiny", "--db", str(db)]) == 0
    with Store(db).as_system("tests") as store:
        store.set_info("merkteken", "het oude bestand")
    holder = _hold(db)
    try:
        assert main(["synth", "--scale", "tiny", "--db", str(db), "--overwrite"]) == 1
        assert main(["demo", "--db", str(db), "--overwrite"]) == 1
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert err.count("in gebruik") == 2 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kompas.duckdb"]  # nothing moved, nothing left
    assert main(["synth", "--scale", "tiny", "--db", str(db), "--overwrite", "--seed", "2"]) == 0
    assert "De vorige database is bewaard als" in capsys.readouterr().out
    kept = [p for p in tmp_path.iterdir() if ".vervangen-" in p.name]
    assert len(kept) == 1
    with Store(kept[0]).as_system("tests") as old, Store(db).as_system("tests") as new:
        assert old.info("merkteken") == "het oude bestand" and new.info("merkteken") == ""


def test_demo_overwrite_keeps_the_old_store(tmp_path, capsys):
    db = tmp_path / "kompas.duckdb"
    with Store(db, create=True).as_system("tests") as store:
        store.set_info("merkteken", "productie")
    assert main(["demo", "--db", str(db), "--overwrite"]) == 0
    assert "De vorige database is bewaard als" in capsys.readouterr().out
    kept = next(p for p in tmp_path.iterdir() if ".vervangen-" in p.name)
    with Store(kept).as_system("tests") as old, Store(db).as_system("tests") as new:
        assert old.info("merkteken") == "productie" and new.info("municipality") == "Voorbeeldstad"


def test_restore_refuses_while_in_use_with_a_dutch_sentence(tmp_path):
    db = tmp_path / "kompas.duckdb"
    Store(db, create=True).close()
    made = backup.backup(db, tmp_path / "kopie.zip")
    holder = _hold(db)
    try:
        with pytest.raises(StoreLockedError, match="in gebruik"):
            backup.restore(made.path, db, overwrite=True)
    finally:
        holder.kill()
        holder.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kompas.duckdb", "kopie.zip"]
