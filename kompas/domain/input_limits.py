"""Bounded input: refuse a file that is too big to read safely, before any parser sees it.

A parser (pandas, openpyxl, pyreadstat) needs memory and time in proportion to what it reads: a header
of a million columns took minutes and gigabytes, a 5 MB zip bomb dressed as .xlsx ran for ever.
``check_file`` looks only at bytes and at the zip's table of contents, never extracts or parses, and
raises ``InputTooLargeError`` (a ``KompasError`` with a Dutch sentence) when a limit is passed.

Default limits (``DEFAULT_LIMITS``), generous for any municipal or CBS file:

==========================  ===========  ===================================================
limit                       default      what it bounds
==========================  ===========  ===================================================
``max_file_bytes``          2 GiB        the file on disk
``max_columns``             2 000        columns in the first line of a CSV or text file
``max_line_bytes``          1 MiB        one line of a CSV or text file
``max_cell_chars``          32 767       one cell (Excel's own limit for a cell)
``max_uncompressed_bytes``  1 GiB        all members of an .xlsx or .zip together, unpacked
``max_ratio``               200          unpacked size / packed size of one member
``max_members``             10 000       files inside an .xlsx or .zip
==========================  ===========  ===================================================

The zip limits use the sizes in the zip's directory (``ZipFile.infolist``). They cannot be lied about
usefully: Python's zipfile (and openpyxl through it) stops reading a member at its declared size.
The ratio rule follows common zip-bomb guidance (OWASP "File Upload Cheat Sheet"; Apache POI's
``ZipSecureFile`` refuses ratios past 100:1 by default, real .xlsx files stay well under 100).

>>> import tempfile, pathlib
>>> good = pathlib.Path(tempfile.mkdtemp()) / "cijfers.csv"
>>> _ = good.write_text("indicator;wave;value\\nthuis;2025;71\\n")
>>> check_file(good) is None
True
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from kompas.domain.errors import KompasError

_SEPARATORS = (b",", b";", b"\t", b"|")
_ZIPPED = (".xlsx", ".xlsm", ".zip")
_TEXT = (".csv", ".txt", ".tsv")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """The bounds ``check_file`` applies; see the module docstring for the defaults and why."""

    max_file_bytes: int = 2 << 30
    max_columns: int = 2_000
    max_line_bytes: int = 1 << 20
    max_cell_chars: int = 32_767
    max_uncompressed_bytes: int = 1 << 30
    max_ratio: float = 200.0
    max_members: int = 10_000


DEFAULT_LIMITS = Limits()


class InputTooLargeError(KompasError):
    """A file passes a limit; nothing was read into the store. ``what`` names the limit."""

    def __init__(self, path: Path, what: str, found: str):
        super().__init__(
            f"{path.name}: {found}. Dat is meer dan Kwaliteitskompas veilig kan inlezen; er is niets "
            "ingelezen. Controleer of dit het goede bestand is, of splits het in kleinere bestanden."
        )
        self.path = path
        self.what = what


def check_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise ``InputTooLargeError`` when ``path`` passes a limit; read at most a few MiB to decide.

    CSV and text files (.csv, .txt, .tsv, or any file that is not a zip): columns of the first line,
    the length of each line and of each cell. .xlsx, .xlsm and .zip: members, unpacked size, ratio.
    A missing file is left to the reader that follows (it has its own message).
    """
    path = Path(path)
    if not path.is_file():
        return
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputTooLargeError(
            path, "max_file_bytes", f"het bestand is {_mib(size)} groot (de grens is {_mib(limits.max_file_bytes)})"
        )
    if path.suffix.lower() in _ZIPPED or zipfile.is_zipfile(path):
        _check_zip(path, size, limits)
    elif path.suffix.lower() in _TEXT:
        _check_text(path, limits)


def _check_zip(path: Path, size: int, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip after all: the reader says what is wrong with it
    if len(members) > limits.max_members:
        raise InputTooLargeError(
            path, "max_members", f"het bevat {len(members)} bestanden (de grens is {limits.max_members})"
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed_bytes:
        raise InputTooLargeError(
            path,
            "max_uncompressed_bytes",
            f"uitgepakt is het {_mib(total)} (de grens is {_mib(limits.max_uncompressed_bytes)})",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _CHUNK and ratio > limits.max_ratio:
            raise InputTooLargeError(
                path,
                "max_ratio",
                f"het onderdeel '{member.filename}' wordt bij uitpakken "
                f"{ratio:.0f} keer zo groot (de grens is {limits.max_ratio:.0f} keer); "
                "zo ziet een zip-bom eruit",
            )


def _check_text(path: Path, limits: Limits) -> None:
    with path.open("rb") as handle:
        first = True
        number = 0
        while True:
            line = handle.readline(limits.max_line_bytes + 1)
            if not line:
                return
            number += 1
            if first:
                columns = 1 + max(line.count(sep) for sep in _SEPARATORS)
                if columns > limits.max_columns:
                    more = "" if line.endswith(b"\n") else " of meer"
                    raise InputTooLargeError(
                        path,
                        "max_columns",
                        f"de eerste regel heeft {columns}{more} kolommen (de grens is {limits.max_columns})",
                    )
                separator = max(_SEPARATORS, key=line.count)
                first = False
            if len(line) > limits.max_line_bytes:
                raise InputTooLargeError(
                    path, "max_line_bytes", f"regel {number} is langer dan {_mib(limits.max_line_bytes)}"
                )
            if len(line) > limits.max_cell_chars:
                longest = max(len(cell.decode("utf-8", "replace")) for cell in line.rstrip(b"\r\n").split(separator))
                if longest > limits.max_cell_chars:
                    raise InputTooLargeError(
                        path,
                        "max_cell_chars",
                        f"regel {number} heeft een cel van {longest} tekens (de grens is {limits.max_cell_chars})",
                    )


def _mib(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MB".replace(",", "X").replace(".", ",").replace("X", ".")
