"""Read a CBS StatLine CSV download, exactly as downloaded, into a ``SourceTable``.

Three layouts are recognised from the first lines:

- **wide**: a header row, then one column per measure. Headers are codes (``AantalInwoners_5``) or labels
  with the unit in parentheses (``Bevolking/Totale bevolking (aantal)``). ``ID`` is ignored;
  ``WijkenEnBuurten``/``RegioS``/``Regio's``/``Wijken en buurten`` hold the region, ``Perioden`` the
  period; other text columns (and, in the code layout, code-named columns without ``_<n>``, such as
  ``Geslacht``) are dimensions (``dim:<header>``); the numeric columns are measures.
- **long**: ``ID;Measure;…;Value;ValueAttribute`` plus dimension columns; ``ValueAttribute`` may say
  ``None``/``Missing``/``Confidential`` or hold a CBS symbol. The measure title is the code unless a
  ``MeasureTitle``/``Title`` column gives one.
- **table as shown** (older StatLine): a title row, a blank row, two or three header rows whose levels are
  joined by '|' (``Bevolking|Totale bevolking``), a unit row, data rows whose labels may end in
  non-breaking spaces and may name regions instead of coding them, then a footer (``Bron: CBS``).

Quirks handled everywhere: ';' separator, quoted and space-padded fields (``"GM0363  "``,
``"    20.8"``), decimal comma or point, CBS symbols '.' (missing), 'x' (secret), '-' (nil) kept as
markers beside a NaN value, UTF-8 with or without BOM or Windows-1252, CRLF or LF, period codes and
labels with '*'/"voorlopig" for provisional figures. Rows with a region and a period but no figures
(a municipality that no longer exists) are kept, with NaN and marker '.'. This module only parses:
matching measures, regions and periods to the store happens elsewhere.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from kompas.importers.base import ImportFileError, MeasureInfo, Problem, SourceTable
from kompas.importers.cbs_codes import (
    BLANKS,
    VALUE_ATTRIBUTES,
    clean_text,
    decode,
    is_figure,
    is_period,
    melt,
    parse_numbers,
)

CHUNK_ROWS = 100_000
_TOPIC_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]*_\d+")
_BARE_KEY = re.compile(r"[A-Z][A-Za-z0-9]*")
_UNIT = re.compile(r"(.*\S)\s*\(([^()]+)\)")
_UNIT_WORD = re.compile(r"(%|‰|€|\d|x\s|per\s|aantal|euro|mln|mld|km|ha\b|m2|m²|m3|jaar|jaren|maanden|dagen|"
                        r"uren|minuten|index|procent|promille|cijfer|score|kg|ton|liter|\()", re.IGNORECASE)
_CORNER_WORDS = {"onderwerpen", "onderwerp", "topics"}


def read_statline_csv(path: str | Path, progress: Callable[[float], None] | None = None) -> SourceTable:
    """Read a StatLine CSV download (wide, long or table-as-shown layout) into long rows.

    ``progress``, if given, is called with a fraction from 0 to 1 while reading.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "bevolking.csv"
    >>> _ = path.write_bytes(b'"ID";"WijkenEnBuurten";"Perioden";"AantalInwoners_5"\\r\\n'
    ...                      b'"0";"GM0363  ";"2023JJ00";"  882633"\\r\\n"1";"GM0599  ";"2024*";"x"\\r\\n')
    >>> table = read_statline_csv(path)
    >>> table.rows[["region", "period", "value", "marker", "provisional"]].values.tolist()
    [['GM0363', '2023JJ00', 882633.0, '', False], ['GM0599', '2024JJ00', nan, 'x', True]]
    """
    path = Path(path)
    file = path.name
    report = progress or (lambda fraction: None)
    report(0.0)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(Problem(file, None, None, f"Het bestand kan niet worden geopend ({error}).")) from None
    text = decode(data, file)
    report(0.05)
    head = _peek(text, file)
    shown = len(head) > 1 and _filled(head[0]) == 1 and _filled(head[1]) == 0
    header = next((i for i, row in enumerate(head) if _filled(row) and (i > 1 or not shown)), 0)
    _check_separator(file, head, text, header)
    if shown:
        table = _read_shown(text, file)
    else:
        frame, lines = _read_frame(text, file, head, header, report)
        if {"measure", "value"} <= {h.casefold() for h in frame.columns}:
            table = _read_long(file, frame, lines)
        else:
            table = _read_wide(file, frame, lines)
    report(1.0)
    return table


def _filled(row: list[str]) -> int:
    return sum(1 for cell in row if cell.strip(BLANKS))


def _kind(header: str) -> str:
    name = re.sub(r"[\s'’_]", "", header).casefold()
    if name in {"wijkenenbuurten", "regios", "regio", "gemeenten", "gemeente"}:
        return "region"
    if name in {"perioden", "periode"}:
        return "period"
    return "ignore" if name in {"id", "stringvalue"} else ""


def _quoting_error(file: str, line: int | None) -> ImportFileError:
    return ImportFileError(Problem(
        file, line, None, "Het bestand is geen geldige CSV: rond deze regel klopt een aanhalingsteken (\") niet, "
        "zodat velden in elkaar overlopen. Controleer deze regel of download het bestand opnieuw."))


def _peek(text: str, file: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text[:200_000]), delimiter=";")
    try:
        return [row for _, row in zip(range(12), reader)]
    except csv.Error:
        raise _quoting_error(file, reader.line_num) from None


def _check_separator(file: str, head: list[list[str]], text: str, index: int) -> None:
    """A header row that ';' does not split: say which separator the file seems to use instead."""
    if index < len(head) and len(head[index]) > 1:
        return
    raw = (text[:200_000].splitlines() or [""])[min(index, len(head) - 1) if head else 0]
    for sep, name in ((",", "komma (',')"), ("\t", "tab"), ("|", "verticale streep ('|')")):
        if len(next(csv.reader([raw], delimiter=sep))) > 1:
            raise ImportFileError(Problem(
                file, index + 1, None, f"Het bestand lijkt een ander scheidingsteken te gebruiken: een {name} in "
                "plaats van de puntkomma (';') van StatLine. Download de tabel opnieuw als CSV uit StatLine, "
                "of sla hem in Excel op als 'CSV (gescheiden door lijstscheidingsteken)' met ';'."))
    raise ImportFileError(Problem(file, index + 1, None, "Het bestand heeft maar één kolom; een StatLine-CSV heeft "
                                  "kolommen gescheiden door ';'. Download de tabel opnieuw als CSV."))


def _read_frame(text: str, file: str, head: list[list[str]], skip: int, report) -> tuple[pd.DataFrame, pd.Series]:
    """Check the whole file's structure with the csv module, then let pandas read the data rows."""
    header = head[skip]
    total = max(text.count("\n"), 1)
    reader = csv.reader(io.StringIO(text), delimiter=";", strict=True)
    records = last_full = short = bad_line = 0
    try:
        for row in reader:
            records += 1
            if records <= skip + 1:
                continue
            if len(row) == len(header):
                bad_line = short  # a short row is allowed only in the footer, after the last data row
                last_full = records
            elif _filled(row) <= 1:
                short = short or (reader.line_num if _filled(row) else 0)
            else:
                bad_line = reader.line_num
            if bad_line:
                break
            if records % CHUNK_ROWS == 0:
                report(0.05 + 0.35 * min(reader.line_num / total, 1.0))
    except csv.Error:
        raise _quoting_error(file, reader.line_num) from None
    if bad_line:
        raise ImportFileError(Problem(
            file, bad_line, None, f"Deze regel heeft een ander aantal velden dan de kopregel ({len(header)}). "
            "Meestal klopt er een aanhalingsteken (\") niet of staat er een ';' te veel of te weinig; "
            "controleer de regel of download het bestand opnieuw."))
    nrows = max(last_full - skip - 1, 0)
    chunks = []
    if nrows:
        for chunk in pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False,
                                 skip_blank_lines=False, skiprows=skip, nrows=nrows, index_col=False,
                                 chunksize=CHUNK_ROWS):
            chunks.append(chunk)
            report(0.4 + 0.4 * min(CHUNK_ROWS * len(chunks) / nrows, 1.0))
    names = [h.strip(BLANKS) or f"Kolom {j + 1}" for j, h in enumerate(header)]
    if twice := next((n for n in names if names.count(n) > 1), None):
        raise ImportFileError(Problem(file, skip + 1, twice, "deze kolom staat twee keer in de kopregel. Geef "
                                      "elke kolom een eigen naam, of download het bestand opnieuw."))
    frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame(columns=names, dtype=str)
    frame.columns = names
    unnamed = [n for n, h in zip(names, header) if not h.strip(BLANKS) and frame[n].eq("").all()]
    frame = frame.drop(columns=unnamed)  # from a ';' at the end of every line
    lines = pd.Series(np.arange(len(frame)) + skip + 2, index=frame.index)
    filled = (frame != "").any(axis=1)  # blank lines are not data
    return frame[filled], lines[filled]


def _measure_info(header: str) -> MeasureInfo:
    match = _UNIT.fullmatch(header)
    return MeasureInfo(match[1], match[2].strip()) if match else MeasureInfo(header, "")


def _read_wide(file: str, frame: pd.DataFrame, lines: pd.Series) -> SourceTable:
    roles, measures, parsed = wide_columns(file, frame)
    return melt(file, frame, lines, roles, measures, parsed)


def wide_columns(file: str, frame: pd.DataFrame, parse: bool = True):
    """The role of each column of a wide file (judged on its first 2,000 rows), the measures' info,
    and (with ``parse``) the measure columns run through ``parse_numbers``."""
    code_layout = any(_TOPIC_KEY.fullmatch(h) for h in frame.columns)
    roles, parsed, measures = {}, {}, {}
    for header in frame.columns:
        kind = _kind(header)
        if kind:
            roles[header] = (kind, header)
            continue
        _, markers, bad = parse_numbers(frame[header].head(2000))
        numeric, candidates = int((~bad & (markers == "")).sum()), int((markers == "").sum())
        is_measure = 2 * numeric >= candidates
        if _TOPIC_KEY.fullmatch(header) or _UNIT.fullmatch(header):
            is_measure = numeric > 0 or candidates == 0  # text topics (Gemeentenaam_1) have no numbers at all
        elif code_layout and _BARE_KEY.fullmatch(header):
            is_measure = False  # a CBS dimension key such as Geslacht, whose codes may look like numbers
        if is_measure:
            roles[header] = ("measure", header)
            measures[header] = _measure_info(header)
            if parse:
                parsed[header] = parse_numbers(frame[header])
        else:
            roles[header] = ("dim", header)
    if not measures:
        raise ImportFileError(Problem(file, 1, None, "Er staan geen kolommen met cijfers in dit bestand. "
                                      "Download de tabel opnieuw als CSV uit StatLine."))
    return roles, measures, parsed


def _read_long(file: str, frame: pd.DataFrame, lines: pd.Series) -> SourceTable:
    lower = {h.casefold(): h for h in frame.columns}
    value_col, attr_col = lower["value"], lower.get("valueattribute")
    title_col = lower.get("measuretitle") or lower.get("title")
    unit_col = lower.get("measureunit") or lower.get("unit")
    used = {lower["measure"], value_col, attr_col, title_col, unit_col}
    roles = {h: (_kind(h) or "dim", h) for h in frame.columns if h not in used and _kind(h) != "ignore"}
    measure = clean_text(frame[lower["measure"]])
    values, markers, bad = parse_numbers(frame[value_col])
    if attr_col:
        said = clean_text(frame[attr_col]).str.casefold().map(VALUE_ATTRIBUTES)
        markers = markers.mask((markers != "") & said.notna() & (said != ""), said)  # only for empty cells
    titles = clean_text(frame[title_col]) if title_col else measure
    units = clean_text(frame[unit_col]) if unit_col else pd.Series("", index=frame.index)
    first = pd.DataFrame({"m": measure, "t": titles, "u": units}).drop_duplicates("m")
    measures = {m: MeasureInfo(t or m, u) for m, t, u in first.itertuples(index=False) if m}
    problems = [Problem(file, int(line), lower["measure"], "geen onderwerp (Measure) ingevuld")
                for line in lines[measure == ""]]
    return melt(file, frame, lines, {**roles, value_col: ("measure", value_col)}, measures,
                 {value_col: (values, markers, bad)}, problems, measure)


def _read_shown(text: str, file: str) -> SourceTable:
    """The older 'table as shown' export: title, blank, header rows, unit row, data rows, footer."""
    reader = csv.reader(io.StringIO(text), delimiter=";", strict=True)
    rows, lines = [], []
    try:
        for row in reader:
            rows.append([cell.strip(BLANKS) for cell in row])
            lines.append(reader.line_num)
    except csv.Error:
        raise _quoting_error(file, reader.line_num) from None
    start = next((i for i in range(1, len(rows)) if _filled(rows[i])), len(rows) - 1)
    first = next((i for i in range(start + 1, len(rows)) if any(is_figure(c) for c in rows[i][1:])), None)
    if first is None:
        raise ImportFileError(Problem(file, None, None, "Er staan geen rijen met cijfers in deze tabel. "
                                      "Download de tabel opnieuw uit StatLine."))
    end = first
    while end < len(rows) and _filled(rows[end]) and not (
            _filled(rows[end]) == 1 and rows[end][0].casefold().startswith(("bron", "source", "©"))):
        end += 1  # the footer starts at a blank line or at "Bron: CBS"
    width = max(len(r) for r in rows[start:end])
    header, data = ([r + [""] * (width - len(r)) for r in rows[a:b]] for a, b in ((start, first), (first, end)))

    def is_dim(j: int) -> bool:
        names = [h[j] for h in header if h[j]]
        if all(_kind(n) or n.casefold() in _CORNER_WORDS for n in names):
            return True
        _, markers, bad = parse_numbers(pd.Series([r[j] for r in data]))
        return 2 * int(bad.sum()) > int((markers == "").sum())

    k = next((j for j in range(width) if not is_dim(j)), width)
    if k in (0, width):
        raise ImportFileError(Problem(file, lines[start], None, "De kolommen van deze tabel zijn niet te "
                                      "herkennen (welke zijn regio's en perioden, welke cijfers?). Download "
                                      "de tabel opnieuw, bij voorkeur als CSV met één kolom per onderwerp."))
    for j in range(k - 1):  # outer row labels are often given only on the first row of their group
        for r in range(1, len(data)):
            data[r][j] = data[r][j] or data[r - 1][j]
    units = None
    if len(header) >= 3 or (len(header) == 2 and all(_UNIT_WORD.match(c) for c in header[-1][k:] if c)):
        units, header = header[-1], header[:-1]
    for level in header[:-1]:  # upper header levels span the columns to their right
        for j in range(k + 1, width):
            level[j] = level[j] or level[j - 1]
    frame = pd.DataFrame(data, columns=[f"c{j}" for j in range(width)])
    roles, measures = _shown_columns(frame, header, units, k)
    table = melt(file, frame, pd.Series(lines[first:end]), roles, measures, {})
    table.title = next(c for c in rows[0] if c)
    return table


def _shown_columns(frame: pd.DataFrame, header: list[list[str]], units: list[str] | None, k: int):
    """Roles of the row-label columns (the first k) and measure info of the others."""
    roles: dict[str, tuple[str, str]] = {}
    measures: dict[str, MeasureInfo] = {}
    for j, column in enumerate(frame.columns):
        cells = frame[column]
        if j < k:
            names = [h[j] for h in header + [units or []] if j < len(h) and h[j]
                     and h[j].casefold() not in _CORNER_WORDS]
            if names:
                roles[column] = (_kind(names[-1]) or "dim", names[-1])
            elif cells[cells != ""].map(is_period).all():
                roles[column] = ("period", "Perioden")
            elif "region" not in (r[0] for r in roles.values()):
                roles[column] = ("region", "Regio's")
            else:
                roles[column] = ("dim", f"Kolom {j + 1}")
            continue
        label = "|".join(level[j] for level in header if level[j])
        if not label and (cells == "").all():
            continue  # an empty column from a trailing ';'
        info = MeasureInfo(label, units[j]) if units else _measure_info(label)
        key = label or f"Kolom {j + 1}"
        key = f"{key} (kolom {j + 1})" if key in measures else key
        roles[column], measures[key] = ("measure", key), MeasureInfo(info.title or key, info.unit)
    return roles, measures
