"""CBS conventions shared by the StatLine CSV and OData JSON readers.

- period codes: ``2023JJ00`` (year), ``2023KW02`` (quarter), ``2023MM05`` (month), and the labels StatLine
  shows for them ("2023", "2023 2e kwartaal", "2023 mei"); a '*' or "voorlopig(e cijfers)" marks a
  provisional period;
- the symbols for cells without a number: '.' (missing, also an empty cell), 'x' (secret), '-' (nil);
- numbers as CBS writes them: space-padded, decimal comma or point;
- reading the bytes: UTF-8 with or without BOM, else Windows-1252;
- turning wide rows (a column per measure) into ``SourceTable.rows`` in long form (``melt``).

Columns are parsed whole (pandas string methods), so a file of a million rows stays fast; only the
cells that fail become Python ``Problem`` objects.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kompas.formatting import MONTHS
from kompas.importers.base import (
    ROW_COLUMNS,
    ImportFileError,
    MeasureInfo,
    Problem,
    SourceTable,
)

PERIOD_HINT = "verwacht bijvoorbeeld 2023JJ00, 2023KW02 of 2023MM05"
BLANKS = " \t\r\n\xa0\u202f"
# CBS symbols. An empty cell counts as missing. Markers keep their meaning; the value stays NaN.
MARKERS = {"": ".", ".": ".", "x": "x", "X": "x", "-": "-", "\u2013": "-", "\u2014": "-"}
# What the ValueAttribute column of CBS long (OData v4) data says about an empty cell, lower-cased.
VALUE_ATTRIBUTES = {"none": "", "missing": ".", "ontbreekt": ".", "impossible": ".", "confidential": "x",
                    "secret": "x", "geheim": "x", "nil": "-", "nihil": "-", **MARKERS}

_CODE = re.compile(r"(\d{4})(JJ00|KW0[1-4]|MM(?:0[1-9]|1[0-2]))")
_PROVISIONAL = re.compile(r"(\*+|\(?\s*(?:nader\s+)?voorlopig(?:e)?(?:\s+cijfers)?\s*\)?)$", re.IGNORECASE)
_QUARTER = re.compile(r"(\d{4})\s+([1-4])e\s+kwartaal", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})\s+([a-z]+)", re.IGNORECASE)


def parse_period(text: str) -> tuple[str, bool]:
    """A CBS period code or label, normalised, and whether it is marked provisional.

    Raises ``ValueError`` with a Dutch message when the text is no period.

    >>> parse_period("2024*"), parse_period("2023 2e kwartaal"), parse_period("2023MM05")
    (('2024JJ00', True), ('2023KW02', False), ('2023MM05', False))
    >>> parse_period("2023JJ0")
    Traceback (most recent call last):
    ValueError: '2023JJ0' is geen periodecode (verwacht bijvoorbeeld 2023JJ00, 2023KW02 of 2023MM05)
    """
    raw = text.strip(BLANKS)
    body = raw
    provisional = False
    while (match := _PROVISIONAL.search(body)) and match.group(0):
        body, provisional = body[: match.start()].strip(BLANKS), True
    if _CODE.fullmatch(body.upper()):
        return body.upper(), provisional
    if re.fullmatch(r"\d{4}", body):
        return f"{body}JJ00", provisional
    if match := _QUARTER.fullmatch(body):
        return f"{match[1]}KW0{match[2]}", provisional
    if (match := _MONTH.fullmatch(body)) and match[2].lower() in MONTHS:
        return f"{match[1]}MM{MONTHS.index(match[2].lower()) + 1:02d}", provisional
    if not raw:
        raise ValueError(f"geen periode ingevuld ({PERIOD_HINT})")
    raise ValueError(f"'{raw}' is geen periodecode ({PERIOD_HINT})")


def is_period(text: str) -> bool:
    try:
        return bool(parse_period(text)[0])
    except ValueError:
        return False


def clean_text(column: pd.Series) -> pd.Series:
    """Strip the padding CBS puts around codes and labels (spaces, non-breaking spaces)."""
    return column.fillna("").astype(str).str.strip(BLANKS)


def periods(file: str, raw: pd.Series, lines: pd.Series, column: str, problems: list[Problem]):
    """Normalise a column of periods: (codes, provisional, bad). Each bad cell adds a Problem."""
    text = clean_text(raw)
    parsed: dict[str, tuple[str, bool, str]] = {}
    for value in text.unique():  # a file has few distinct periods
        try:
            parsed[value] = (*parse_period(value), "")
        except ValueError as error:
            parsed[value] = ("", False, str(error))
    codes = text.map({k: v[0] for k, v in parsed.items()})
    provisional = text.map({k: v[1] for k, v in parsed.items()}).astype(bool)
    errors = text.map({k: v[2] for k, v in parsed.items()})
    bad = errors != ""
    for line, message in zip(lines[bad], errors[bad]):
        problems.append(Problem(file, int(line), column, message))
    return codes, provisional, bad


def regions(file: str, raw: pd.Series, lines: pd.Series, column: str, problems: list[Problem]):
    """Strip region codes or names: (regions, bad). An empty region adds a Problem."""
    text = clean_text(raw)
    bad = text == ""
    for line in lines[bad]:
        problems.append(Problem(file, int(line), column,
                                "geen regio ingevuld (verwacht een code zoals GM0363 of een naam)"))
    return text, bad


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse a column of CBS numbers: (values, markers, bad); bad cells are neither number nor marker.

    >>> values, markers, bad = parse_numbers(pd.Series(["    20.8", "3,5", "x", "", "12a"]))
    >>> values.tolist()[:2], markers.tolist(), bad.tolist()
    ([20.8, 3.5], ['', '', 'x', '.', ''], [False, False, False, False, True])
    """
    text = clean_text(raw)
    markers = text.map(MARKERS)
    is_marker = markers.notna()
    # Decimal comma or point: one vectorised pass covers nearly every cell; the rest is fixed below.
    plain = text.str.replace(",", ".", regex=False).where(~is_marker)
    values = pd.to_numeric(plain, errors="coerce").astype(float)
    todo = ~is_marker & values.isna()
    if todo.any():  # inner spaces and thousands separators ('1 234', '1.234,5', '1,234.5')
        fix = text[todo].str.replace(r"[\s\xa0\u202f]", "", regex=True)
        comma_last = fix.str.rfind(",") > fix.str.rfind(".")
        both = fix.str.contains(",", regex=False) & fix.str.contains(".", regex=False)
        fix = fix.mask(both & comma_last, fix.str.replace(".", "", regex=False))
        fix = fix.mask(both & ~comma_last, fix.str.replace(",", "", regex=False))
        values[todo] = pd.to_numeric(fix.str.replace(",", ".", regex=False), errors="coerce")
    values[~np.isfinite(values)] = np.nan  # 'inf' and 'nan' are words, not CBS figures
    return values, markers.fillna("").astype(object), ~is_marker & values.isna()


def is_figure(cell: str) -> bool:
    """A non-empty cell holding a number or a CBS symbol."""
    return bool(cell) and (cell in MARKERS or not parse_numbers(pd.Series([cell]))[2].iloc[0])


def number_problems(file: str, raw: pd.Series, bad: pd.Series, lines: pd.Series, column: str,
                    problems: list[Problem]) -> None:
    """One Problem per cell that is no number."""
    for line, value in zip(lines[bad], clean_text(raw[bad])):
        problems.append(Problem(
            file, int(line), column,
            f"'{value}' is geen getal (verwacht een getal zoals 20,8 of 20.8, of een CBS-teken: "
            "'.' ontbreekt, 'x' geheim, '-' nihil)"))


def decode(data: bytes, file: str) -> str:
    """The text of a downloaded file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFileError(Problem(file, None, None, "Het bestand is leeg. Download het opnieuw."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ImportFileError(Problem(
            file, None, None, "Dit is geen tekstbestand (CSV of JSON) maar een binair bestand, "
            "bijvoorbeeld Excel of zip. Download de tabel als CSV of sla hem zo op."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(Problem(
            file, None, None, "De tekens in het bestand zijn niet te lezen: het is geen UTF-8 en geen "
            "Windows-1252. Sla het bestand opnieuw op als 'CSV UTF-8' en probeer het nog eens.")) from None


def melt(file: str, frame: pd.DataFrame, lines: pd.Series, roles: dict[str, tuple[str, str]],
         measures: dict[str, MeasureInfo], parsed: dict, problems: list[Problem] | None = None,
         measure_codes: pd.Series | None = None) -> SourceTable:
    """Wide data rows to a SourceTable in long form, with a Problem for each bad cell.

    ``roles`` maps each column to (role, name), role being region, period, dim or measure (others are
    ignored); ``parsed`` holds columns already run through ``parse_numbers``; ``measure_codes`` (long
    layout) names the measure per row instead of per column. A row with a bad period or region is left
    out whole; a bad figure leaves out only that cell.
    """
    problems = [] if problems is None else problems
    index = frame.index
    codes, places = pd.Series("", index=index), pd.Series("", index=index)
    provisional, row_bad = pd.Series(False, index=index), pd.Series(False, index=index)
    if measure_codes is not None:
        row_bad = measure_codes == ""
    dims, seen = {}, set()
    for column, (role, name) in roles.items():
        if role in ("period", "region") and role not in seen:
            seen.add(role)
            if role == "period":
                codes, provisional, bad = periods(file, frame[column], lines, name, problems)
            else:
                places, bad = regions(file, frame[column], lines, name, problems)
            row_bad = row_bad | bad
        elif role in ("dim", "period", "region"):  # a second period or region column is just a dimension
            dims[name] = clean_text(frame[column])
    names = [(column, name) for column, (role, name) in roles.items() if role == "measure"]
    cells = []
    for column, name in names:
        values, markers, bad = parsed[column] if column in parsed else parse_numbers(frame[column])
        number_problems(file, frame[column], bad, lines, name, problems)
        cells.append((values.to_numpy(float), markers.to_numpy(object), bad.to_numpy(bool)))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    # Long rows in file order: for each source row, its measures in column order.
    width = len(names)
    stack = [np.column_stack([cell[i] for cell in cells]).ravel() if cells else np.array([]) for i in range(3)]
    keep = ~(np.repeat(row_bad.to_numpy(bool), width) | stack[2].astype(bool))

    def spread(series: pd.Series) -> np.ndarray:
        return np.repeat(series.to_numpy(object), width)[keep]

    measure = (np.tile(np.array([n for _, n in names], dtype=object), len(frame)) if measure_codes is None
               else np.repeat(measure_codes.to_numpy(object), width))
    rows = pd.DataFrame({
        "row": np.repeat(lines.to_numpy(int), width)[keep], "measure": measure[keep],
        "period": spread(codes), "region": spread(places), "value": stack[0][keep].astype(float),
        "marker": stack[1][keep], "provisional": np.repeat(provisional.to_numpy(bool), width)[keep],
        **{f"dim:{d}": spread(v) for d, v in dims.items()}}, columns=ROW_COLUMNS + [f"dim:{d}" for d in dims])
    return SourceTable(file, rows, measures, problems)
