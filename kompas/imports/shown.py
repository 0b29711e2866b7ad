"""The older StatLine export "table as shown": a title row, a blank row, two or three header rows whose
levels are joined by '|' (``Bevolking|Totale bevolking``), a unit row, data rows whose labels may end in
non-breaking spaces and name regions instead of coding them, then a footer (``Bron: CBS``)."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from kompas.imports.periods import parse_period
from kompas.imports.regions import PERIOD_HEADERS, letters, region_level
from kompas.imports.sheet import ImportFileError, Problem, Role, Sheet, quoting_error
from kompas.imports.source import MeasureInfo

BLANKS = " \t\r\n\xa0\u202f"
UNIT = re.compile(r"(.*\S)\s*\(([^()]+)\)")
_UNIT_WORD = re.compile(
    r"(%|‰|€|\d|x\s|per\s|aantal|euro|mln|mld|km|ha\b|m2|m²|m3|jaar|jaren|maanden|dagen|"
    r"uren|minuten|index|procent|promille|cijfer|score|kg|ton|liter|\()",
    re.IGNORECASE,
)
_CORNER_WORDS = {"onderwerpen", "onderwerp", "topics"}
_NUMBER = re.compile(r"[+-]?(\d[\d .]*(,\d+)?|\d*[.,]\d+)")
_MARKERS = {".", "x", "X", "-", "\u2013", "\u2014", ""}


def measure_info(header: str) -> MeasureInfo:
    """Title and unit of a header such as 'Bevolkingsdichtheid (aantal per km²)'."""
    match = UNIT.fullmatch(header)
    return MeasureInfo(match[1], match[2].strip()) if match else MeasureInfo(header, "")


def is_period(text: str) -> bool:
    try:
        parse_period(text)
        return True
    except ValueError:
        return False


def _figure(cell: str) -> bool:
    return bool(cell) and (cell in _MARKERS or bool(_NUMBER.fullmatch(cell)))


def _kind(name: str) -> str:
    if region_level(name)[0]:
        return "region"
    return "period" if letters(name) in PERIOD_HEADERS else ""


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip(BLANKS))


def read_shown(text: str, file: str) -> Sheet:
    """Read the 'table as shown' layout. Raises ``ImportFileError`` when its columns cannot be told apart."""
    reader = csv.reader(io.StringIO(text), delimiter=";", strict=True)
    rows, lines = [], []
    try:
        for row in reader:
            rows.append([cell.strip(BLANKS) for cell in row])
            lines.append(reader.line_num)
    except csv.Error:
        raise quoting_error(file, reader.line_num) from None
    start = next((i for i in range(1, len(rows)) if _filled(rows[i])), len(rows) - 1)
    first = next((i for i in range(start + 1, len(rows)) if any(_figure(c) for c in rows[i][1:] if c)), None)
    if first is None:
        raise ImportFileError(
            Problem(
                file,
                None,
                None,
                "Er staan geen rijen met cijfers in deze tabel. Download de tabel opnieuw uit StatLine.",
            )
        )
    end = first
    while (
        end < len(rows)
        and _filled(rows[end])
        and not (_filled(rows[end]) == 1 and rows[end][0].casefold().startswith(("bron", "source", "©")))
    ):
        end += 1  # the footer starts at a blank line or at "Bron: CBS"
    width = max(len(r) for r in rows[start:end])
    header, data = ([r + [""] * (width - len(r)) for r in rows[a:b]] for a, b in ((start, first), (first, end)))

    def is_dim(j: int) -> bool:
        names = [h[j] for h in header if h[j]]
        if all(_kind(n) or n.casefold() in _CORNER_WORDS for n in names):
            return True
        cells = [r[j] for r in data]
        return 2 * sum(1 for c in cells if c and not _figure(c)) > sum(1 for c in cells if c not in _MARKERS)

    k = next((j for j in range(width) if not is_dim(j)), width)
    if k in (0, width):
        raise ImportFileError(
            Problem(
                file,
                lines[start],
                None,
                "De kolommen van deze tabel zijn niet te "
                "herkennen (welke zijn regio's en perioden, welke cijfers?). Download "
                "de tabel opnieuw, bij voorkeur als CSV met één kolom per onderwerp.",
            )
        )
    for j in range(k - 1):  # outer row labels are often given only on the first row of their group
        for r in range(1, len(data)):
            data[r][j] = data[r][j] or data[r - 1][j]
    units = None
    if len(header) >= 3 or (len(header) == 2 and all(_UNIT_WORD.match(c) for c in header[-1][k:] if c)):
        units, header = header[-1], header[:-1]
    for level in header[:-1]:  # upper header levels span the columns to their right
        for j in range(k + 1, width):
            level[j] = level[j] or level[j - 1]
    frame = pd.DataFrame(data, columns=[f"c{j}" for j in range(width)], dtype=object)
    roles, measures = _columns(frame, header, units, k)
    frame = frame[[c for c in frame.columns if c in roles]]
    frame.columns = [roles[c].name if roles[c].kind == "measure" else c for c in frame.columns]
    roles = {(r.name if r.kind == "measure" else c): r for c, r in roles.items()}
    sheet = Sheet(file, frame, pd.Series(lines[first:end], dtype="int64"), True, roles, measures)
    sheet.title = next(c for c in rows[0] if c)
    return sheet


def _columns(frame: pd.DataFrame, header: list[list[str]], units: list[str] | None, k: int):
    """Roles of the row-label columns (the first k) and measure info of the others."""
    roles: dict[str, Role] = {}
    measures: dict[str, MeasureInfo] = {}
    for j, column in enumerate(frame.columns):
        cells = frame[column]
        if j < k:
            names = [
                h[j] for h in header + [units or []] if j < len(h) and h[j] and h[j].casefold() not in _CORNER_WORDS
            ]
            if names:
                kind = _kind(names[-1])
                level = region_level(names[-1])[1] if kind == "region" else None
                roles[column] = Role(kind or "dim", names[-1], level)
            elif cells[cells != ""].map(is_period).all():
                roles[column] = Role("period", "Perioden")
            elif "region" not in (r.kind for r in roles.values()):
                roles[column] = Role("region", "Regio's", "gemeente")
            else:
                roles[column] = Role("dim", f"Kolom {j + 1}")
            continue
        label = "|".join(level[j] for level in header if level[j])
        if not label and (cells == "").all():
            continue  # an empty column from a trailing ';'
        info = MeasureInfo(label, units[j]) if units else measure_info(label)
        key = label or f"Kolom {j + 1}"
        key = f"{key} (kolom {j + 1})" if key in measures else key
        roles[column], measures[key] = Role("measure", key), MeasureInfo(info.title or key, info.unit)
    return roles, measures
