"""Backup and restore: a whole store in one zip file, and back into an identical store.

A backup is a zip with ``manifest.json`` and one Parquet file per table. The manifest holds the
schema version, when the backup was made, per table its columns, row count and a content hash,
and the next value of every id sequence (so ids given after a restore never collide with old ones).

Restore never runs SQL from the backup file: it builds the schema from this library's own
migrations up to the backup's version, loads the rows, sets the sequences, checks counts and
hashes, and then brings the store up to the current schema. It writes a temporary file beside
the target and moves it into place only when everything checks out: a broken backup leaves
nothing behind. With ``overwrite`` the old store is never deleted: it stays beside the new one
under a dated name (``kompas.store.files``), audit log included, and both stores log the restore.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> Store(folder / "a.duckdb", create=True).close()
>>> made = backup(folder / "a.duckdb", folder / "a.zip")
>>> restore(folder / "a.zip", folder / "b.duckdb").schema_version == made.schema_version
True
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from kompas.domain import input_limits
from kompas.domain import roles as access
from kompas.domain.errors import (
    BackupCorruptError,
    BackupNotFoundError,
    KompasError,
    RestoreTargetExistsError,
    SchemaTooNewError,
    StoreCorruptError,
)
from kompas.domain.roles import OWNER, Access
from kompas.store import audit, permissions
from kompas.store import files as store_files
from kompas.store.connection import DUCKDB_CONFIG, Store, StoreView, latest_version, migrations

FORMAT = "kwaliteitskompas-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Parquet inside the zip is compressed already, so a real backup unpacks to about its own size; the ratio
# rule catches a bomb, the sizes leave room for a national-scale store
BACKUP_LIMITS = input_limits.Limits(max_file_bytes=64 << 30, max_uncompressed_bytes=64 << 30)
# the table Store.migrate keeps; restore creates it the same way, then fills it from the backup
_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
)


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds: its file, the schema version it was written with, rows per table."""

    path: Path
    schema_version: int
    rows: dict[str, int]
    replaced: Path | None = None  # restore with overwrite: where the store it replaced is kept

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def backup(store_path: str | Path, out_file: str | Path) -> BackupSummary:
    """Write the whole store to ``out_file`` (a zip), from one consistent snapshot. The caller decides who may
    (the CLI: the werkgroep only); the file is read as the system."""
    with Store(store_path).as_system("reservekopie maken") as store:
        return backup_store(store, out_file)


def backup_store(store: StoreView, out_file: str | Path) -> BackupSummary:
    """As ``backup``, for a store that is already open (the app's own, for instance). A backup holds everything
    (intern stories, hidden figures): ``NotAllowedError`` for a role that may not edit."""
    access.of(store).require_edit()
    out = Path(out_file)
    with tempfile.TemporaryDirectory(prefix="kompas-backup-") as tmp:
        with store.cursor() as cur:
            cur.begin()  # one snapshot for every table, even while others write
            try:
                tables = {}
                for i, name in enumerate(_tables(cur)):
                    member = f"tables/{i:03d}.parquet"
                    cur.execute(
                        f"COPY (SELECT * FROM {_ident(name)}) TO {_literal(Path(tmp) / member.replace('/', '_'))} "
                        "(FORMAT parquet)"
                    )
                    tables[name] = {
                        "file": member,
                        "columns": _columns(cur, name),
                        "rows": _count(cur, name),
                        "hash": _hash(cur, name),
                    }
                sequences = _sequences(cur)
                version = cur.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
            finally:
                cur.rollback()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_version": version,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "tables": tables,
            "sequences": sequences,
        }
        partial = out.with_name(out.name + ".part")
        try:
            os.close(os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, permissions.file_mode()))
            os.chmod(partial, permissions.file_mode())  # a backup holds every story: only its owner reads it
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
                for entry in tables.values():
                    archive.write(Path(tmp) / entry["file"].replace("/", "_"), entry["file"])
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(out, version, {name: entry["rows"] for name, entry in tables.items()})


def read_manifest(backup_file: str | Path) -> dict:
    """The manifest of a backup, checked: right kind of file, and a schema this library can read."""
    source = Path(backup_file)
    if not source.is_file():
        raise BackupNotFoundError(str(source))
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (zipfile.BadZipFile, OSError):
        raise BackupCorruptError(str(source), "geen zip-bestand, of beschadigd") from None
    except KeyError:
        raise BackupCorruptError(str(source), "de inhoudsopgave manifest.json ontbreekt") from None
    except (ValueError, UnicodeDecodeError):
        raise BackupCorruptError(str(source), "de inhoudsopgave manifest.json is onleesbaar") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupCorruptError(str(source), "geen reservekopie van Kwaliteitskompas")
    version = manifest.get("schema_version")
    if (
        not isinstance(version, int)
        or not isinstance(manifest.get("tables"), dict)
        or not isinstance(manifest.get("sequences"), dict)
    ):
        raise BackupCorruptError(str(source), "de inhoudsopgave is onvolledig")
    if version > latest_version() or manifest.get("format_version", 0) > FORMAT_VERSION:
        raise SchemaTooNewError(str(source), version, latest_version())
    return manifest


def restore(
    backup_file: str | Path,
    db_path: str | Path,
    overwrite: bool = False,
    by: Access = OWNER,
    clock: Callable[[], datetime] = datetime.now,
) -> BackupSummary:
    """Make the store ``db_path`` from a backup; refuses an existing file unless ``overwrite``.

    Logged in both stores (as ``by``): the restored store gets a 'teruggezet' line; a store it replaces
    gets one too and is kept beside it under a dated name (``BackupSummary.replaced``), with all its
    audit lines. Raises ``StoreLockedError`` while another process holds ``db_path``.
    """
    source, target = Path(backup_file), Path(db_path)
    input_limits.check_file(source, BACKUP_LIMITS)  # a zip bomb is refused before anything is unpacked
    manifest = read_manifest(source)
    if not target.parent.is_dir():
        raise KompasError(f"De map '{target.parent}' bestaat niet. Maak die eerst, of kies een andere plek.")
    kept = None
    if target.exists():
        if not overwrite:
            raise RestoreTargetExistsError(str(target))
        store_files.refuse_if_in_use(target)
        kept = store_files.dated_name(target, clock())
    building = target.with_name(f".{target.name}.terugzetten")
    _remove(building)
    made = manifest.get("created_at", "?")
    try:
        with tempfile.TemporaryDirectory(prefix="kompas-restore-") as tmp:
            files = _unpack(source, manifest, Path(tmp))
            _build(building, manifest, files, str(source))
        permissions.make_private(building)
        after = f"; de vorige database is bewaard als {kept.name}" if kept else ""
        _log(building, by, target.name, f"Reservekopie {source.name} (gemaakt {made}) teruggezet{after}.")
        if kept:
            _log(
                target,
                by,
                target.name,
                f"Deze database is vervangen door reservekopie {source.name} "
                f"(gemaakt {made}) en bewaard als {kept.name}.",
            )
        store_files.replace_keeping_old(building, target, kept=kept)
    finally:
        _remove(building)
    rows = {name: int(entry["rows"]) for name, entry in manifest["tables"].items()}
    return BackupSummary(target, manifest["schema_version"], rows, kept)


def _log(path: Path, by: Access, name: str, summary: str) -> None:
    """One 'teruggezet' line in the store at ``path`` (brought up to date first); a file that is not a
    readable store (the broken file a restore replaces) gets none."""
    try:
        with Store(path) as store, store.log_transaction() as cur:
            audit.record(cur, by, "teruggezet", "reservekopie", name, summary)
    except (StoreCorruptError, SchemaTooNewError):
        pass


# --- building the new store ---------------------------------------------------------------
def _unpack(source: Path, manifest: dict, folder: Path) -> dict[str, Path]:
    """Each table's Parquet file, extracted under a name we choose (never a path from the zip)."""
    files = {}
    try:
        with zipfile.ZipFile(source) as archive:
            for i, (name, entry) in enumerate(manifest["tables"].items()):
                target = folder / f"{i:03d}.parquet"
                target.write_bytes(archive.read(str(entry.get("file"))))
                files[name] = target
    except KeyError:
        raise BackupCorruptError(str(source), "een tabel ontbreekt in het bestand") from None
    except (zipfile.BadZipFile, OSError, AttributeError):
        raise BackupCorruptError(str(source), "het bestand is beschadigd") from None
    return files


def _build(path: Path, manifest: dict, files: dict[str, Path], source: str) -> None:
    try:
        con = duckdb.connect(str(path), config=DUCKDB_CONFIG)
    except duckdb.Error as exc:
        raise KompasError(f"Het bestand '{path}' kan niet worden gemaakt: {str(exc).splitlines()[0]}") from None
    try:
        for version, _name, sql in migrations():
            if version <= manifest["schema_version"]:
                con.execute(_MIGRATIONS_TABLE)
                con.execute(sql)
        con.begin()
        tables = _tables(con)
        if set(tables) != set(manifest["tables"]):
            raise BackupCorruptError(source, f"de tabellen passen niet bij schemaversie {manifest['schema_version']}")
        for name in _load_order(con, tables):
            entry = manifest["tables"][name]
            columns = _columns(con, name)
            if entry.get("columns") != columns:
                raise BackupCorruptError(source, f"de kolommen van tabel {name} kloppen niet")
            listed = ", ".join(_ident(c) for c in columns)
            con.execute(
                f"INSERT INTO {_ident(name)} ({listed}) SELECT {listed} FROM read_parquet({_literal(files[name])})"
            )
            if _count(con, name) != entry.get("rows") or _hash(con, name) != entry.get("hash"):
                raise BackupCorruptError(source, f"de inhoud van tabel {name} klopt niet met de inhoudsopgave")
        _set_sequences(con, manifest["sequences"], source)
        con.commit()
    except duckdb.Error as exc:
        raise BackupCorruptError(source, f"de gegevens zijn onleesbaar: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()


def _set_sequences(con, wanted: dict, source: str) -> None:
    present = _sequences(con)
    if set(present) != set(wanted):
        raise BackupCorruptError(source, "de nummerreeksen passen niet bij de tabellen")
    for name, next_value in wanted.items():
        steps = int(next_value) - present[name]
        if steps > 0:
            con.execute(f"SELECT max(nextval({_literal(name)})) FROM range({steps})")
    if _sequences(con) != {name: int(v) for name, v in wanted.items()}:
        raise BackupCorruptError(source, "de nummerreeksen kloppen niet")


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}.wal")):
        leftover.unlink(missing_ok=True)


# --- reading a store's facts ------------------------------------------------------------
def _tables(cur) -> list[str]:
    return [
        row[0]
        for row in cur.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT temporary ORDER BY table_name"
        ).fetchall()
    ]


def _columns(cur, table: str) -> list[str]:
    return [
        row[0]
        for row in cur.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
    ]


def _count(cur, table: str) -> int:
    return cur.execute(f"SELECT count(*) FROM {_ident(table)}").fetchone()[0]


def _hash(cur, table: str) -> str:
    """A hash of the table's content that does not depend on the order of its rows."""
    return cur.execute(
        f"SELECT md5(coalesce(string_agg(h, '' ORDER BY h), '')) FROM "
        f"(SELECT md5(__kompas_row::VARCHAR) AS h FROM {_ident(table)} AS __kompas_row)"
    ).fetchone()[0]


def _sequences(cur) -> dict[str, int]:
    """Each sequence's next value."""
    rows = cur.execute(
        "SELECT sequence_name, start_value, last_value, increment_by FROM duckdb_sequences() "
        "WHERE database_name = current_database() AND schema_name = 'main' ORDER BY 1"
    ).fetchall()
    return {name: start if last is None else last + step for name, start, last, step in rows}


def _load_order(cur, tables: list[str]) -> list[str]:
    """Tables ordered so that every table comes after the tables its foreign keys refer to."""
    refers = {t: set() for t in tables}
    for table, referenced in cur.execute(
        "SELECT table_name, referenced_table FROM duckdb_constraints() "
        "WHERE constraint_type = 'FOREIGN KEY' AND database_name = current_database()"
    ).fetchall():
        if table in refers and referenced != table:
            refers[table].add(referenced)
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and refers[t] <= set(ordered)]
        ordered += ready or [t for t in tables if t not in ordered]  # a cycle: load the rest as they come
    return ordered


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"
