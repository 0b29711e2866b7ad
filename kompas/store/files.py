"""The store's files on disk: who may read them, and replacing a store without losing the old one.

Permissions: the CLI has no password, so the file mode is the only thing between intern stories and
the other users of a server. Store files, backups and the accounts file are created with mode
``file_mode()`` (0600 by default: only the owner); ``apply_umask`` gives the same to every other file
the process writes (DuckDB's write-ahead log, exports). On a shared server where the werkgroep works
as one Unix group, set ``KOMPAS_UMASK=007`` (mode 0660) and give the data folder to that group.

Replacing: ``synth``, ``demo`` and ``restore`` with ``--overwrite`` never delete the store they replace.
``replace_keeping_old`` first refuses while another process holds the file (DuckDB's lock, the running
app), then keeps the old file (and its write-ahead log) beside it under a dated name, and only then
moves the new file into place.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Callable

from kompas.domain import settings
from kompas.domain.errors import KompasError, StoreCorruptError


def umask() -> int:
    """The umask from ``KOMPAS_UMASK`` (octal text, default 077); a Dutch error for anything else."""
    text = settings.get("umask")
    try:
        value = int(text, 8)
    except ValueError:
        value = -1
    if not 0 <= value <= 0o777:
        raise KompasError(f"KOMPAS_UMASK='{text}' is geen geldige umask. Gebruik drie cijfers van 0 tot 7, "
                          "bijvoorbeeld 077 (alleen de eigenaar) of 007 (ook de groep).")
    return value


def file_mode() -> int:
    """The mode for a new store, backup or accounts file: 0o600 with the default umask 077."""
    return 0o666 & ~umask()


def apply_umask() -> None:
    """Set this process's umask (the CLI and the app call it once at start)."""
    os.umask(umask())


def make_private(path: str | Path) -> None:
    """Give ``path`` (and its write-ahead log, if any) the mode ``file_mode()``."""
    for each in (Path(path), Path(f"{path}.wal")):
        if each.exists():
            os.chmod(each, file_mode())


def refuse_if_in_use(path: str | Path) -> None:
    """Raise ``StoreLockedError`` (Dutch) while another process holds the store at ``path``.

    Tries to open the file, which DuckDB refuses while another process has it open. A file that
    is not a store at all is not "in use": replacing it is what the caller asked for.
    """
    from kompas.store.connection import _connect

    if not Path(path).exists():
        return
    try:
        _connect(str(path)).close()
    except StoreCorruptError:
        pass


def dated_name(path: str | Path, now: datetime) -> Path:
    """Where the old file is kept: ``kompas.duckdb`` -> ``kompas.vervangen-2026-11-30-211500.duckdb``."""
    path = Path(path)
    stamp = now.strftime("%Y-%m-%d-%H%M%S")
    candidate, number = path.with_name(f"{path.stem}.vervangen-{stamp}{path.suffix}"), 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}.vervangen-{stamp}-{number}{path.suffix}")
    return candidate


def replace_keeping_old(new: str | Path, target: str | Path, clock: Callable[[], datetime] = datetime.now,
                        kept: Path | None = None) -> Path | None:
    """Move ``new`` to ``target``; an existing ``target`` stays as a dated copy, whose path is returned
    (``kept`` when given, else ``dated_name(target, clock())``).

    Raises ``StoreLockedError`` while another process holds ``target``; nothing moves then.
    The old file is kept by a hard link (instant, also for gigabytes; a copy where links fail), so
    ``target`` is never missing: the last step is one atomic ``os.replace``.
    """
    new, target = Path(new), Path(target)
    refuse_if_in_use(target)
    if not target.exists():
        kept = None
    else:
        kept = kept or dated_name(target, clock())
        _keep(target, kept)
        wal = Path(f"{target}.wal")
        if wal.exists():  # the old file's log: kept with it, never replayed onto the new file
            _keep(wal, Path(f"{kept}.wal"))
            wal.unlink()
    if Path(f"{new}.wal").exists():  # a new store closed without a checkpoint: its log goes with it
        os.replace(f"{new}.wal", f"{target}.wal")
    os.replace(new, target)
    return kept


def _keep(source: Path, kept: Path) -> None:
    try:
        os.link(source, kept)
    except OSError:
        shutil.copy2(source, kept)
