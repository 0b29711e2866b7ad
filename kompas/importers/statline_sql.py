"""The fast path for the common StatLine CSV: a wide file read by DuckDB's ``read_csv`` into temp tables.

``read_wide_sql`` applies only to the plain wide layout (a header on line 1, one region and one period
column, ';'-separated UTF-8 with one record per line and no blank or footer lines); for anything else it
returns ``None`` and the caller uses ``kompas.importers.statline`` (which also words every error in a
file that cannot be read). Where it applies it gives the same values, markers and problems as
``read_statline_csv``: each distinct period, and each cell that is not a plain number or CBS symbol,
goes through the same Python functions; only the bulk of plain cells is parsed in SQL.

It leaves, in the caller's cursor, the temp table ``cells``: one row per measure cell of a row with a
valid region and period, columns ``pos`` (long-row order), ``line``, ``measure``, ``region``,
``period``, ``provisional``, ``d0``… (dimension values), ``value``, ``marker`` and ``bad``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from kompas.importers.base import ImportFileError, MeasureInfo, Problem
from kompas.importers.cbs_codes import BLANKS, parse_numbers, parse_period
from kompas.importers.statline import _kind, wide_columns

_NUMBER = r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?"
NUMBER_HINT = ("is geen getal (verwacht een getal zoals 20,8 of 20.8, of een CBS-teken: "
               "'.' ontbreekt, 'x' geheim, '-' nihil)")


@dataclass(frozen=True)
class WideRead:
    """What the fast reader found; the rows themselves are in the cursor's temp table ``cells``."""

    file: str
    measures: dict[str, MeasureInfo]   # measure column -> info, in column order
    dims: list[str]                     # dimension names; their values are in cells.d0, d1, …
    problems: list[Problem]


def _table(cur, name: str, frame: pd.DataFrame) -> None:
    cur.register("frame_in", frame)
    try:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM frame_in")
    finally:
        cur.unregister("frame_in")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _header(path: Path) -> list[str] | None:
    """The header row, if the file looks like the plain wide layout this path handles."""
    with open(path, "rb") as handle:
        head = handle.read(200_000)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4096]:
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            return None
        text = head[:error.start].decode("utf-8-sig")
    try:
        rows = [row for _, row in zip(range(3), csv.reader(io.StringIO(text), delimiter=";"))]
    except csv.Error:
        return None
    if len(rows) < 2 or len(rows[0]) < 3 or len(rows[1]) != len(rows[0]):
        return None
    names = [h.strip(BLANKS) for h in rows[0]]
    if "" in names or len(set(names)) != len(names) or {"measure", "value"} <= {n.casefold() for n in names}:
        return None
    kinds = [_kind(n) for n in names]
    if kinds.count("region") != 1 or kinds.count("period") != 1:
        return None
    return names


def _line_count(path: Path) -> int:
    count, last = 0, b""
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            count += block.count(b"\n")
            last = block
    return count + (0 if last.endswith(b"\n") else 1)


def read_wide_sql(cur: duckdb.DuckDBPyConnection, path: str | Path) -> WideRead | None:
    """Read a plain wide StatLine CSV into temp table ``cells``; ``None`` when the file needs the full reader."""
    path = Path(path)
    file = path.name
    names = _header(path)
    if names is None:
        return None
    columns = "{" + ", ".join(f"'c{j}': 'VARCHAR'" for j in range(len(names))) + "}"
    every = ", ".join(f"coalesce(c{j}, '') AS c{j}" for j in range(len(names)))
    try:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT {every} FROM read_csv({_sql_text(str(path))}, "
                    f"delim=';', quote='\"', escape='\"', header=true, auto_detect=false, columns={columns}, "
                    "strict_mode=true, null_padding=false)")
    except duckdb.Error:
        return None
    records = cur.execute("SELECT count(*) FROM raw").fetchone()[0]
    if records == 0 or records != _line_count(path) - 1:
        return None  # blank lines, a footer or fields over several lines: line numbers need the full reader
    head = cur.execute("SELECT * FROM raw WHERE rowid < 2000 ORDER BY rowid").df()
    head.columns = names
    try:
        roles, measures, _ = wide_columns(file, head, parse=False)
    except ImportFileError:
        return None
    col = {name: f"c{j}" for j, name in enumerate(names)}
    region = next(n for n, (role, _) in roles.items() if role == "region")
    period = next(n for n, (role, _) in roles.items() if role == "period")
    dims = [n for n, (role, _) in roles.items() if role == "dim"]
    measure_names = list(measures)
    # Padding is stripped per distinct value (a file has few regions, periods and groups), not per cell.
    periods: dict[str, tuple] = {}
    for (text,) in cur.execute(f"SELECT DISTINCT {col[period]} FROM raw").fetchall():
        try:
            periods[text] = (*parse_period(text.strip(BLANKS)), "")
        except ValueError as error:
            periods[text] = ("", False, str(error))
    _table(cur, "period_lu", pd.DataFrame({"raw": list(periods), "code": [v[0] for v in periods.values()],
                                           "prov": [v[1] for v in periods.values()],
                                           "err": [v[2] for v in periods.values()]}))
    for i, name in enumerate([region, *dims]):
        found = [t for (t,) in cur.execute(f"SELECT DISTINCT {col[name]} FROM raw").fetchall()]
        _table(cur, f"text_lu{i}", pd.DataFrame({"raw": pd.Series(found, dtype=object),
                                                 "v": pd.Series([t.strip(BLANKS) for t in found], dtype=object)}))
    cur.execute(f"""CREATE OR REPLACE TEMP VIEW base AS
        SELECT r.rowid AS rid, t0.v AS region, p.code AS period, p.prov AS provisional, p.err AS perr,
               {"".join(f"t{i + 1}.v AS d{i}, " for i in range(len(dims)))}
               {", ".join(f"r.{col[m]} AS m{k}" for k, m in enumerate(measure_names))}
        FROM raw r JOIN period_lu p ON p.raw = r.{col[period]} JOIN text_lu0 t0 ON t0.raw = r.{col[region]}
        {" ".join(f"JOIN text_lu{i + 1} t{i + 1} ON t{i + 1}.raw = r.{col[d]}" for i, d in enumerate(dims))}
        WHERE {" OR ".join(f"r.c{j} <> ''" for j in range(len(names)))}""")  # lines of only ';' are no data
    problems: list[Problem] = []
    for line, err, no_region in cur.execute(
            "SELECT rid + 2, perr, region = '' FROM base WHERE perr <> '' OR region = '' ORDER BY rid").fetchall():
        if err:
            problems.append(Problem(file, line, period, err))
        if no_region:
            problems.append(Problem(file, line, region, "geen regio ingevuld (verwacht een code zoals GM0363 "
                                                        "of een naam)"))
    carried = "rid, region, period, provisional, perr" + "".join(f", d{i}" for i in range(len(dims)))
    cells = " UNION ALL ".join(f"SELECT {carried}, {k} AS k, m{k} AS txt FROM base" for k in range(len(measure_names)))
    # A plain number (padded with spaces, decimal point or comma) is parsed here; every other cell (CBS
    # symbols, other blanks, words) goes once per distinct text through parse_numbers.
    plain = f"regexp_full_match(txt, '[ ]*{_NUMBER}[ ]*')"
    other = [t for (t,) in cur.execute(f"SELECT DISTINCT txt FROM ({cells}) WHERE NOT {plain}").fetchall()]
    values, markers, bad = parse_numbers(pd.Series(other, dtype=object))
    _table(cur, "other_lu", pd.DataFrame({"txt": pd.Series(other, dtype=object), "v": values.astype(float).values,
                                          "marker": markers.astype(object).values, "bad": bad.astype(bool).values}))
    names_case = "CASE c.k " + " ".join(f"WHEN {k} THEN {_sql_text(m)}" for k, m in enumerate(measure_names)) + " END"
    width = len(measure_names)
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE cells AS
        SELECT c.rid * {width} + c.k AS pos, (c.rid + 2)::INTEGER AS line, {names_case} AS measure,
               c.region, c.period, c.provisional, {"".join(f"c.d{i}, " for i in range(len(dims)))}
               CASE WHEN o.txt IS NULL THEN CAST(replace(c.txt, ',', '.') AS DOUBLE) ELSE o.v END AS value,
               coalesce(o.marker, '') AS marker, coalesce(o.bad, false) AS bad
        FROM ({cells}) c LEFT JOIN other_lu o ON o.txt = c.txt
        WHERE c.region <> '' AND c.perr = ''""")
    if bad.any():
        for line, measure, text in cur.execute(
                f"SELECT c.rid + 2, {names_case}, c.txt FROM ({cells}) c JOIN other_lu o ON o.txt = c.txt "
                "WHERE o.bad ORDER BY c.rid, c.k").fetchall():
            problems.append(Problem(file, line, measure, f"'{text.strip(BLANKS)}' {NUMBER_HINT}"))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return WideRead(file, measures, dims, problems)
