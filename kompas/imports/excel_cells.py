"""Read one Excel sheet (.xlsx/.xlsm) with each cell's value as the user sees it in Excel.

Why not ``pandas.read_excel``: it returns what the cell *holds*. A cell formatted as a percentage
holds 0.815 and shows 81,5%; people type and read 81,5, so the stored figure must be 81.5.
Rules (format codes as in ECMA-376 Part 1, §18.8.31 numFmt, and Excel's "Number format codes"):
- a number whose format has a ``%`` outside quotes, brackets and backslash escapes is shown ×100:
  we return the value ×100 (computed in decimal, so 0.815 gives exactly 81.5) and flag the cell;
- a number in a date format is returned as a ``datetime.date`` (or ``datetime`` when it has a time);
- other numbers are returned unrounded (int or float), text as text, formulas by their last
  calculated value (``data_only``), empty cells as None.
The workbook is opened in openpyxl's read-only mode: rows are streamed, so memory stays bounded by
what we keep, not by the workbook's styles and cell objects. Its stated dimensions are ignored
(some programs write them wrong, which would cut rows off silently).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from kompas.imports.source import ImportFileError, Problem

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# Parts of a format code in which a '%' is printed literally instead of scaling the number.
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


@dataclass(frozen=True)
class ExcelSheet:
    """One sheet: a header row and the rows under it, as Excel shows them.

    ``values`` and ``percent`` have one column per header cell (its text; an empty header cell is
    named by its column letter, a repeated name gets ' (2)', ' (3)') and are indexed by the row
    number Excel shows (header row + 1, + 2, …; empty rows inside the data are kept, empty rows at
    the end are not). ``values`` holds int, float, str, bool, date/datetime or None; ``percent`` is
    True where the cell was formatted as a percentage (its value is already ×100).
    """

    file: str
    sheet: str
    header_row: int
    values: pd.DataFrame
    percent: pd.DataFrame
    other_sheets: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return list(self.values.columns)

    def text(self) -> pd.DataFrame:
        """``values`` as text (str dtype, '' for empty): numbers with a point and without a
        trailing '.0', dates as ISO 8601. Numbers came from typed cells: they must not be
        parsed again with the thousands-separator rules for text files."""
        return self.values.map(cell_text).astype(str)

    def percent_note(self, columns: list[str] | None = None) -> str | None:
        """A Dutch note saying which cells (of ``columns``, default all) were percentage cells."""
        flagged = self.percent[[c for c in (columns if columns is not None else self.columns) if c in self.percent]]
        if not flagged.any(axis=None):
            return None
        named = [c for c in flagged.columns if flagged[c].any()]
        example = cell_text(self.values[named[0]][flagged[named[0]]].iloc[0]).replace(".", ",")
        return (
            f"{self.file}: {int(flagged.sum().sum())} cel(len) in kolom {', '.join(named)} zijn in Excel "
            f"opgemaakt als percentage; gelezen zoals Excel ze toont ({example}% als {example}, niet als "
            "een getal tussen 0 en 1)."
        )


def read_sheet(path: str | Path, *, sheet: str | None = None, max_rows: int | None = None) -> ExcelSheet:
    """Read ``sheet`` (default: the first) of an .xlsx/.xlsm file as the user sees it.

    The header is the first row with any filled cell; at most ``max_rows`` rows under it are read
    (None: all). Raises ``ImportFileError`` (Dutch message) when the file is not a readable
    workbook, the sheet does not exist, or the sheet is empty.

    >>> import openpyxl, tempfile
    >>> book = openpyxl.Workbook()
    >>> book.active.append(["gebied", "waarde"]); book.active.append(["GM9999", 0.815])
    >>> book.active["B2"].number_format = "0.0%"
    >>> target = Path(tempfile.mkdtemp()) / "cijfers.xlsx"; book.save(target)
    >>> table = read_sheet(target)
    >>> table.values.loc[2, "waarde"], bool(table.percent.loc[2, "waarde"])
    (81.5, True)
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(Problem(path.name, None, None, _unreadable(path, error))) from None
    try:
        names = book.sheetnames
        if sheet is not None and sheet not in names:
            raise ImportFileError(
                Problem(
                    path.name,
                    None,
                    None,
                    f"Werkblad '{sheet}' bestaat niet. Werkbladen in dit bestand: {', '.join(names)}.",
                )
            )
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        worksheet.reset_dimensions()
        header_row, header, rows = _rows(worksheet, max_rows)
    finally:
        book.close()  # read-only mode keeps the file open until closed
    if header_row is None:
        raise ImportFileError(Problem(path.name, None, None, f"Werkblad '{worksheet.title}' is leeg."))
    columns = _column_names(header)
    width = len(columns)
    index = range(header_row + 1, header_row + 1 + len(rows))
    values = pd.DataFrame(
        [[v for v, _ in row[:width]] + [None] * (width - len(row)) for row in rows],
        index=index,
        columns=columns,
        dtype=object,
    )
    percent = pd.DataFrame(
        [[p for _, p in row[:width]] + [False] * (width - len(row)) for row in rows],
        index=index,
        columns=columns,
        dtype=bool,
    )
    return ExcelSheet(
        path.name, worksheet.title, header_row, values, percent, [n for n in names if n != worksheet.title]
    )


def is_percent_format(number_format: str | None) -> bool:
    """True when Excel shows a number in this format ×100 (a '%' that is not literal text).

    >>> [is_percent_format(f) for f in ("0.0%", "0%;[Red]-0%", '0.0" %"', "0\\\\%", "General", None)]
    [True, True, False, False, False, False]
    """
    if not number_format:
        return False
    return "%" in _LITERALS.sub("", number_format.split(";")[0])


def cell_text(value) -> str:
    """A cell value as text: '' for empty, 81.5 → '81.5', 640.0 → '640', a date → '2026-03-01'."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"  # as Dutch Excel shows a logical value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()


def _rows(worksheet, max_rows):
    header_row, header, rows = None, [], []
    for number, cells in enumerate(worksheet.iter_rows(min_row=1), start=1):
        row = [_shown(cell) for cell in cells]
        if header_row is None:
            if any(v not in (None, "") for v, _ in row):
                header_row, header = number, [cell_text(v) for v, _ in row]
            continue
        if max_rows is not None and len(rows) >= max_rows:
            break
        rows.append(row)
    while rows and all(v in (None, "") for v, _ in rows[-1]):
        rows.pop()
    return header_row, header, rows


def _shown(cell) -> tuple[object, bool]:
    value = cell.value
    if isinstance(value, bool) or not isinstance(value, (int, float, dt.datetime)):
        return value, False
    if isinstance(value, dt.datetime):
        return (value.date() if value.time() == dt.time() else value), False
    if is_percent_format(cell.number_format):
        return float(Decimal(repr(value)) * 100), True
    return value, False


def _column_names(header: list[str]) -> list[str]:
    from openpyxl.utils import get_column_letter

    while header and header[-1] == "":
        header = header[:-1]
    names: list[str] = []
    seen: dict[str, int] = {}
    for position, text in enumerate(header, start=1):
        name = text or get_column_letter(position)
        seen[name] = seen.get(name, 0) + 1
        names.append(f"{name} ({seen[name]})" if seen[name] > 1 else name)
    return names


def _unreadable(path: Path, error: Exception) -> str:
    if path.suffix.lower() == ".xls":
        return (
            "Dit is een oud Excel-bestand (.xls). Open het in Excel en sla het op als .xlsx "
            "(Excel-werkmap); lees dat bestand in."
        )
    return (
        f"Het bestand is niet te lezen als Excel-werkmap ({type(error).__name__}). Controleer of het "
        "een .xlsx-bestand is en niet beschadigd of met een wachtwoord beveiligd."
    )
