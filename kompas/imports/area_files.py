"""Read the area files people download from CBS: which gemeenten, wijken and buurten, with their names.

Layouts recognised by their columns (names as in ``kompas.domain.cbs_regions``), CSV with ';', ',' or tab, or
Excel (.xlsx):

- **StatLine CSV** of "Kerncijfers wijken en buurten": a names column (``Wijken en buurten``) beside a code
  column (``Regiocode (gemeente, wijk, buurt) (code)``), often a ``Perioden`` column;
- **OData layout** of the same table: codes in ``WijkenEnBuurten`` and ``Codering_3`` (padded with spaces),
  the level in ``SoortRegio_2``, and ``Gemeentenaam_1`` (the name of the gemeente, on every row): wijk and
  buurt names are not in this layout, so those rows carry no name;
- **CBS gemeente lists**: "Gemeenten alfabetisch" (``Gemeentecode`` as 0014 or ``GemeentecodeGM``,
  ``Gemeentenaam``) and "Gebieden in Nederland" (``RegioS``/``Code_1`` and ``Naam_2``).

Level and parent come from the code itself (``kompas.domain.cbs_regions``), never from the file. Rows about
other regions (Nederland, provincies) are skipped. Only parses; ``kompas.imports.area_import`` stores.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kompas.domain import cbs_regions as cr
from kompas.domain.errors import KompasError


class AreaFileError(KompasError):
    """The file cannot be read as an area file; the message names the file and says what to do."""


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str | None  # None: this layout does not name this area
    level: str
    parent_code: str | None
    row: int  # line in the file (the header is line 1)


@dataclass
class AreaFile:
    file: str
    rows: list[AreaRow]
    year: int | None = None  # latest year in a Perioden column, if any
    problems: list[str] = field(default_factory=list)  # Dutch sentences naming file, row and column
    skipped: int = 0  # rows about other regions (Nederland, provincies)


def read_area_file(path: str | Path) -> AreaFile:
    """Read an area file into one ``AreaRow`` per area code (the latest year's row when a code repeats).

    Raises ``AreaFileError`` when no column holds area codes.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "kwb.csv"
    >>> _ = path.write_text('"Wijken en buurten";"Regiocode (gemeente, wijk, buurt) (code)";"Perioden"\\n'
    ...                     '"Nieuwdorp";"GM9998    ";"2025"\\n"Centrum";"WK999800  ";"2025"\\n')
    >>> [(r.code, r.name, r.level, r.parent_code) for r in read_area_file(path).rows]
    [('GM9998', 'Nieuwdorp', 'gemeente', None), ('WK999800', 'Centrum', 'wijk', 'GM9998')]
    """
    path = Path(path)
    frame = _frame(path)
    code_column = _code_column(frame, path.name)
    level_hint = cr.column_level(code_column)
    kind_column = next((c for c in frame.columns if cr.column_role(c) == "kind"), None)
    year_column = next(
        (c for c in frame.columns if re.sub(r"[^a-z]", "", c.casefold()) in ("perioden", "periode", "jaar")), None
    )
    names = _name_columns(frame, code_column)
    result = AreaFile(path.name, [])
    found: dict[str, tuple[int, AreaRow]] = {}
    for index, record in enumerate(frame.to_dict("records")):
        line = index + 2
        code = cr.as_area_code(record[code_column], level_hint)
        if code is None:
            result.skipped += 1
            continue
        level = cr.code_level(code)
        if kind_column and (said := cr.kind_level(record[kind_column])) and said != level:
            result.problems.append(
                f"{path.name}, rij {line}, kolom '{kind_column}': daar staat '{cr.strip_code(record[kind_column])}', "
                f"maar {code} is een code voor een {level}. Controleer of dit het bestand van het CBS is."
            )
            continue
        name = next(
            (cr.strip_code(record[c]) for c, lvl in names if lvl in (None, level) and cr.strip_code(record[c])), None
        )
        year = _year(record[year_column]) if year_column else None
        if year is not None:
            result.year = max(result.year or year, year)
        previous = found.get(code)
        if previous is None or (year or 0) >= previous[0]:
            found[code] = (year or 0, AreaRow(code, name, level, cr.parent_code(code), line))
    result.rows = [row for _, row in found.values()]
    return result


def _frame(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise AreaFileError(f"Het bestand '{path}' bestaat niet. Controleer de naam en de map.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return pd.read_excel(path, dtype=str).fillna("")
        except Exception as exc:  # openpyxl raises many kinds for a broken workbook
            raise AreaFileError(
                f"{path.name}: dit Excel-bestand is niet te lezen ({exc}). Sla het opnieuw op of download het als CSV."
            ) from None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise AreaFileError(f"{path.name}: het bestand is leeg. Download het opnieuw bij het CBS.")
    first = text.splitlines()[0]
    sep = max((";", ",", "\t"), key=lambda s: len(next(csv.reader([first], delimiter=s))))
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=False)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise AreaFileError(f"{path.name}: het bestand is geen geldige CSV ({exc}). Download het opnieuw.") from None
    frame.columns = [str(c).strip(cr.BLANKS) for c in frame.columns]
    return frame


def _code_column(frame: pd.DataFrame, file: str) -> str:
    """The column whose cells are area codes: a code column first, then the region column."""
    candidates = sorted(frame.columns, key=lambda c: {"code": 0, "region": 1}.get(cr.column_role(c) or "", 2))
    for column in candidates:
        cells = frame[column].head(500)
        level = cr.column_level(column)
        codes = cells.map(lambda cell, level=level: cr.as_area_code(cell, level) is not None)
        if len(cells) and codes.mean() >= 0.5:
            return column
    raise AreaFileError(
        f"{file}: geen kolom met gebiedscodes gevonden (zoals GM0363, WK036300 of BU03630000). Kolommen in het "
        f"bestand: {', '.join(frame.columns[:12])}. Download bij het CBS de tabel 'Kerncijfers wijken en buurten' "
        "met de regiocodes, of een gemeentelijst met gemeentecodes."
    )


def _name_columns(frame: pd.DataFrame, code_column: str) -> list[tuple[str, str | None]]:
    """Columns that name areas, with the level they name (None: every level), best first."""
    found = []
    for column in frame.columns:
        if column == code_column:
            continue
        role = cr.column_role(column)
        holds_names = (
            frame[column].head(500).map(lambda cell: bool(cr.strip_code(cell)) and not cr.is_region_code(cell))
        )
        if role == "region" and holds_names.mean() >= 0.5:
            found.insert(0, (column, None))
        elif role == "name":
            found.append((column, cr.column_level(column)))
    return found


def _year(cell: object) -> int | None:
    match = re.match(r"\s*((?:19|20)\d{2})", str(cell))
    return int(match.group(1)) if match else None
