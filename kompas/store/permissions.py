"""Who may read the store's files on disk.

The CLI has no password, so the file mode is the only thing between intern stories and the other users
of a server. Store files, backups and the accounts file are created with mode ``file_mode()`` (0600 by
default: only the owner); ``apply_umask`` gives the same to every other file the process writes
(DuckDB's write-ahead log, exports). On a shared server where the werkgroep works as one Unix group, set
``KOMPAS_UMASK=007`` (mode 0660) and give the data folder to that group.
"""

from __future__ import annotations

import os
from pathlib import Path

from kompas.domain import settings
from kompas.domain.errors import KompasError


def umask() -> int:
    """The umask from ``KOMPAS_UMASK`` (octal text, default 077); a Dutch error for anything else."""
    text = settings.get("umask")
    try:
        value = int(text, 8)
    except ValueError:
        value = -1
    if not 0 <= value <= 0o777:
        raise KompasError(
            f"KOMPAS_UMASK='{text}' is geen geldige umask. Gebruik drie cijfers van 0 tot 7, "
            "bijvoorbeeld 077 (alleen de eigenaar) of 007 (ook de groep)."
        )
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
