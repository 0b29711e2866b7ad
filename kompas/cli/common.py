"""What several commands share when they run: the store as the person at the command line sees it,
files written with one Dutch line when that fails, and the ends of sentences about a replaced store."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kompas.domain.errors import KompasError
from kompas.store.connection import Store, StoreView


def person() -> str:
    """Who works at the command line, as the audit log names them."""
    return f"{getpass.getuser()} (opdrachtregel)"


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[StoreView]:
    """The store ``args.db`` as the person at the command line sees it in ``args.role``; closed afterwards.
    ``StoreNotFoundError`` (a ``KompasError``) when the file does not exist."""
    with Store(args.db).as_user(person(), args.role) as store:
        yield store


@contextmanager
def writing(out: str):
    """Turn a refused suffix or an unwritable path into one Dutch line (``KompasError``)."""
    try:
        yield
    except ValueError as exc:
        raise KompasError(str(exc)) from None
    except OSError as exc:
        raise KompasError(f"Het bestand '{out}' kan niet worden geschreven: {exc.strerror}.") from None


def write_bytes(out: str, content: bytes) -> None:
    """Write ``content`` to ``out``; ``KompasError`` with a Dutch sentence when the file cannot be written."""
    with writing(out):
        Path(out).write_bytes(content)


def kept_note(kept: Path | None) -> str:
    """The end of a sentence: where the replaced store is kept, if one was replaced."""
    if kept is None:
        return "."
    return (
        f". De vorige database is bewaard als {kept} (met het logboek); verwijder die zelf als u hem niet meer "
        "nodig hebt."
    )


def dots(number: int) -> str:
    """A whole number with Dutch thousands separators: 1234567 -> '1.234.567'."""
    return f"{number:,}".replace(",", ".")
