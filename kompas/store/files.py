"""The store's files on disk: who may read them, and replacing a store without losing the old one.

Who may read them: ``kompas.store.permissions``.

Replacing: ``synth``, ``demo`` and ``restore`` with ``--overwrite`` never delete the store they replace.
``replace_keeping_old`` first refuses while another process holds the file (DuckDB's lock, the running
app), then keeps the old file (and its write-ahead log) beside it under a dated name, and only then
moves the new file into place.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from kompas.domain.errors import StoreCorruptError
from kompas.store.connection import connect


def refuse_if_in_use(path: str | Path) -> None:
    """Raise ``StoreLockedError`` (Dutch) while another process holds the store at ``path``.

    Tries to open the file, which DuckDB refuses while another process has it open. A file that
    is not a store at all is not "in use": replacing it is what the caller asked for.
    """
    if not Path(path).exists():
        return
    try:
        connect(str(path)).close()
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


def replace_keeping_old(
    new: str | Path, target: str | Path, clock: Callable[[], datetime] = datetime.now, kept: Path | None = None
) -> Path | None:
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
