"""Our own long template (CSV or Excel): one row per figure, already in the store's terms.

Columns, exactly: indicator, wave, area_code, group_factor, group_value, value, n, ci_low, ci_high.
``group_factor`` empty or 'totaal' means the whole population; n, ci_low and ci_high may be
empty. Decimal comma or point. See kompas/demo/data/observations.csv for an example.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from kompas.imports.decoding import decode
from kompas.imports.excel_cells import EXCEL_SUFFIXES, read_sheet
from kompas.imports.source import ImportFileError, Problem, SourceTable

COLUMNS = ["indicator", "wave", "area_code", "group_factor", "group_value", "value", "n", "ci_low", "ci_high"]
NUMERIC = {"value": False, "n": True, "ci_low": False, "ci_high": False}  # column -> must be a whole number


def looks_like_template(path: str | Path) -> bool:
    """True when the first line of a CSV/Excel file is the template's header."""
    try:
        header = _read(Path(path), nrows=0)[0].columns
    except (ImportFileError, ValueError, OSError):
        return False
    return [str(c).strip().lower() for c in header] == COLUMNS


def read_template(path: str | Path) -> SourceTable:
    """Read a template file into a SourceTable (measure = indicator id, region = area code).

    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(f, "w").write("indicator,wave,area_code,group_factor,group_value,value,n,ci_low,ci_high\\n"
    ...                        "thuis_buurt,VM 2025,GM9999,,,\\"81,5\\",2400,,\\n")
    >>> read_template(f).rows[["measure", "value", "group_factor"]].values.tolist()
    [['thuis_buurt', 81.5, 'totaal']]
    """
    path = Path(path)
    frame, notes = _read(path)
    header = [str(c).strip().lower() for c in frame.columns]
    if header != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        extra = [c for c in header if c not in COLUMNS]
        detail = (f"ontbrekende kolommen: {', '.join(missing)}. " if missing else "") + (
            f"onbekende kolommen: {', '.join(extra)}. " if extra else ""
        )
        raise ImportFileError(
            Problem(
                path.name,
                1,
                None,
                "De kolommen kloppen niet met het sjabloon: "
                + (detail or "de volgorde is anders. ")
                + f"Gebruik precies: {', '.join(COLUMNS)}.",
            )
        )
    frame.columns = COLUMNS
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.strip())
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty:
        raise ImportFileError(Problem(path.name, None, None, "Het bestand bevat geen rijen met cijfers."))
    problems, numbers = [], {}
    first_row = 2  # line 1 is the header
    for column, whole in NUMERIC.items():
        parsed = pd.to_numeric(frame[column].str.replace(",", ".", regex=False), errors="coerce")
        bad = (frame[column] != "") & (parsed.isna() | (whole & (parsed % 1 != 0)))
        for index in frame.index[bad]:
            kind = "heel getal" if whole else "getal"
            problems.append(
                Problem(path.name, int(index) + first_row, column, f"'{frame.at[index, column]}' is geen {kind}.")
            )
        numbers[column] = parsed
    for column in ("indicator", "wave", "area_code", "value"):
        for index in frame.index[frame[column] == ""]:
            problems.append(Problem(path.name, int(index) + first_row, column, "Deze kolom mag niet leeg zijn."))
    with_factor = ~frame["group_factor"].str.lower().isin(["", "totaal"])
    for index in frame.index[with_factor & (frame["group_value"] == "")]:
        problems.append(
            Problem(
                path.name,
                int(index) + first_row,
                "group_value",
                "Bij een groep (group_factor) hoort ook een group_value, bijvoorbeeld '65–74 jaar'.",
            )
        )
    bad_rows = {p.row for p in problems}
    factor = frame["group_factor"].str.lower().replace("", "totaal")
    rows = pd.DataFrame(
        {
            "row": frame.index + first_row,
            "measure": frame["indicator"],
            "period": "",
            "region": frame["area_code"],
            "value": numbers["value"],
            "marker": "",
            "provisional": False,
            "wave": frame["wave"],
            "group_factor": factor,
            "group_value": frame["group_value"].where(factor != "totaal", "totaal"),
            "n": numbers["n"],
            "ci_low": numbers["ci_low"],
            "ci_high": numbers["ci_high"],
        }
    )
    rows.loc[rows["value"].isna(), "marker"] = "."
    rows = rows[~rows["row"].isin(bad_rows)].reset_index(drop=True)
    return SourceTable(path.name, rows, problems=problems, title="Kwaliteitskompas-sjabloon", notes=notes)


def _read(path: Path, nrows: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The file's cells as text, and notes on how they were read."""
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:  # cells as shown: a 81,5% cell is 81.5, not 0.815
            sheet = read_sheet(path, max_rows=nrows)
            frame = sheet.text()
            frame.index = frame.index - 2  # read_template adds 2 (a header on row 1) to get the row number
            return frame, [note for note in [sheet.percent_note()] if note]
        decoded = decode(path.read_bytes(), path.name)
        delimiter = ";" if decoded.split("\n", 1)[0].count(";") > decoded.split("\n", 1)[0].count(",") else ","
        return pd.read_csv(
            io.StringIO(decoded),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            nrows=nrows,
            quoting=csv.QUOTE_MINIMAL,
        ), []
    except ImportFileError:
        raise
    except Exception as exc:  # pandas and openpyxl raise many kinds; the user needs one sentence
        raise ImportFileError(
            Problem(path.name, None, None, f"Het bestand is niet te lezen als sjabloon ({exc}).")
        ) from None
