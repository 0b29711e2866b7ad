"""Every reader's table, in one long staging table in DuckDB: the input of the plan.

Temp table ``staging`` (one row per cell that gives a number or part of one):

======== =============================================================================================
line     the row as the user sees it (CSV line, Excel row; header = 1)
region   area code or name as written (padding is stripped in the lookups, once per distinct value)
level    the level a name is at, from the column (gemeente, wijk, buurt; NULL: a code or mixed column)
period   period code or label as written ('' when the file has no period)
measure  the file's key for the measure (column header, measure code, question; or an indicator id)
part     value, low, high, se, margin or n: which part of a figure the cell gives
raw      the cell's text, as written (numbers are parsed by the plan, the same for every reader)
wave     the wave label the row names (our template), else NULL
gfactor  / gvalue: the group the row names (template, survey), else NULL
d0 …     one column per dimension (the values as written)
======== =============================================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kompas.imports.sheet import Problem, Role, Sheet
from kompas.imports.source import MeasureInfo

BLANKS = " \t\r\n\xa0\u202f"
# CBS 'Marges' dimension codes: MW00000 the value, MOG0095 the lower and MBG0095 the upper bound (95%).
MARGES = {"MW": "value", "MOG": "low", "MBG": "high"}
# What the ValueAttribute column of CBS long (OData v4) data says about an empty cell, lower-cased.
VALUE_ATTRIBUTES = {
    "none": "",
    "missing": ".",
    "ontbreekt": ".",
    "impossible": ".",
    "confidential": "x",
    "secret": "x",
    "geheim": "x",
    "nil": "-",
    "nihil": "-",
    ".": ".",
    "x": "x",
    "-": "-",
    "\u2013": "-",
    "\u2014": "-",
}


@dataclass
class Stage:
    """What the plan needs to know about the staging table besides its rows."""

    file: str
    dims: list[str] = field(default_factory=list)  # dimension names; their values in d0, d1, …
    measures: list[str] = field(default_factory=list)  # the file's measure keys, in column order
    info: dict[str, MeasureInfo] = field(default_factory=dict)
    dutch: bool = False
    direct: bool = False  # measures are indicator ids (our template)
    region_column: str = "Regio"
    period_column: str = "Perioden"
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    provisional_periods: set[str] = field(default_factory=set)
    title: str = ""


def sql_text(value) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def _trim(column: str) -> str:
    """The cell as written: padding is stripped per distinct value in the plan's lookups, not per cell."""
    return f"coalesce({column}, '')"


def create(cur, select: str, view: bool = False) -> None:
    """Temp table ``staging`` (or a view: a wide file's cells are only unpivoted, never copied)."""
    for (kind,) in cur.execute(
        "SELECT 'VIEW' FROM duckdb_views() WHERE view_name = 'staging' AND temporary UNION ALL "
        "SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = 'staging' AND temporary"
    ).fetchall():
        cur.execute(f"DROP {kind} staging")
    cur.execute(f"CREATE TEMP {'VIEW' if view else 'TABLE'} staging AS {select}")


def materialize(cur, sheet: Sheet) -> dict[str, str]:
    """Temp table ``sheet`` (c0, c1, … as text, ``line``) holding the sheet's cells; header -> SQL column."""
    col = {name: f"c{j}" for j, name in enumerate(sheet.frame.columns)}
    if sheet.in_duckdb:
        return col
    data = sheet.frame.copy()
    data.columns = [col[c] for c in sheet.frame.columns]
    data = data.astype(object).where(data.notna(), "")
    data["line"] = sheet.lines.to_numpy()
    cur.register("sheet_in", data)
    try:
        cur.execute("CREATE OR REPLACE TEMP TABLE sheet AS SELECT * FROM sheet_in")
    finally:
        cur.unregister("sheet_in")
    return col


def stage_wide(cur, sheet: Sheet, roles: dict[str, Role]) -> Stage:
    """A wide sheet (a column per measure) to ``staging``: one row per measure cell and part."""
    return stage_columns(cur, "sheet", materialize(cur, sheet), sheet, roles)


def stage_columns(cur, table: str, col: dict[str, str], sheet: Sheet, roles: dict[str, Role]) -> Stage:
    """``staging`` from a table in DuckDB whose columns ``col`` names (header -> SQL column) plus ``line``."""
    region = next(h for h, r in roles.items() if r.kind == "region")
    period = next((h for h, r in roles.items() if r.kind == "period"), None)
    marges = next((h for h, r in roles.items() if r.kind == "marges"), None)
    dims = [h for h, r in roles.items() if r.kind == "dim"]
    measures = [h for h, r in roles.items() if r.kind == "measure"]
    parts = [(h, r.kind, r.measure) for h, r in roles.items() if r.kind in ("low", "high", "se", "margin")]
    level = sql_text(roles[region].level)
    part_sql = "'value'"
    if marges:
        m = f"trim(coalesce({col[marges]}, ''))"
        part_sql = (
            "CASE "
            + " ".join(f"WHEN upper({m}) LIKE '{k}%' THEN '{v}'" for k, v in MARGES.items())
            + f" ELSE 'onbekend:' || {m} END"
        )
    common = (
        f"line, {_trim(col[region])} AS region, {level}::VARCHAR AS level, "
        f"{_trim(col[period]) if period else chr(39) * 2} AS period"
    )
    dim_sql = "".join(f", {_trim(col[d])} AS d{i}" for i, d in enumerate(dims))
    selects = [
        f"SELECT {common}, {sql_text(m)} AS measure, {part_sql} AS part, {col[m]} AS raw{dim_sql} FROM {table}"
        for m in measures
    ]
    selects += [
        f"SELECT {common}, {sql_text(of)} AS measure, '{kind}' AS part, {col[h]} AS raw{dim_sql} FROM {table}"
        for h, kind, of in parts
    ]
    create(
        cur,
        " UNION ALL ".join(selects)
        if selects
        else f"SELECT {common}, ''::VARCHAR AS measure, 'value' AS part, ''::VARCHAR AS raw{dim_sql} FROM {table} LIMIT 0",
        view=True,
    )
    stage = Stage(
        sheet.file,
        dims,
        measures,
        dict(sheet.measures),
        sheet.dutch,
        region_column=region,
        period_column=period or "Perioden",
        notes=list(sheet.notes),
        provisional_periods=set(sheet.provisional_periods),
        title=sheet.title,
    )
    labels = [h for h, r in roles.items() if r.kind == "label"]
    if labels:
        stage.notes.append(f"Kolommen die een gebied beschrijven (alleen ter informatie gelezen): {', '.join(labels)}.")
    return stage


def stage_long(cur, sheet: Sheet, roles: dict[str, Role]) -> Stage:
    """The long layout (``Measure``, ``Value``, ``ValueAttribute`` and dimensions: StatLine long CSV and the
    OData v4 ``Observations.csv``) to ``staging``. An empty value takes the CBS symbol its attribute says."""
    col = materialize(cur, sheet)
    long = sheet.long or {}
    value = col[long["value"]]
    if long.get("attribute"):
        said = (
            "CASE lower("
            + _trim(col[long["attribute"]])
            + ") "
            + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in VALUE_ATTRIBUTES.items() if v)
            + " ELSE NULL END"
        )
        value = f"CASE WHEN {_trim(value)} = '' THEN coalesce({said}, {value}) ELSE {value} END"
    rest = {h: r for h, r in roles.items() if h not in long.values()}
    region = next(h for h, r in rest.items() if r.kind == "region")
    period = next((h for h, r in rest.items() if r.kind == "period"), None)
    dims = [h for h, r in rest.items() if r.kind == "dim"]
    dim_sql = "".join(f", {_trim(col[d])} AS d{i}" for i, d in enumerate(dims))
    create(
        cur,
        f"SELECT line, {_trim(col[region])} AS region, {sql_text(rest[region].level)}::VARCHAR AS level, "
        f"{_trim(col[period]) if period else chr(39) * 2} AS period, {_trim(col[long['measure']])} AS measure, "
        f"'value' AS part, {value} AS raw{dim_sql} FROM sheet",
    )
    measures = [m for (m,) in cur.execute("SELECT DISTINCT measure FROM staging ORDER BY 1").fetchall()]
    return Stage(
        sheet.file,
        dims,
        measures,
        dict(sheet.measures),
        sheet.dutch,
        region_column=region,
        period_column=period or "Perioden",
        notes=list(sheet.notes),
        provisional_periods=set(sheet.provisional_periods),
        title=sheet.title,
    )


TEMPLATE = ["indicator", "wave", "area_code", "group_factor", "group_value", "value", "n", "ci_low", "ci_high"]


def stage_template(cur, sheet: Sheet) -> Stage:
    """Our long template (one row per figure, already in the store's terms) to ``staging``, in SQL."""
    materialize(cur, sheet)
    c = {name: f"trim(coalesce(c{j}, ''))" for j, name in enumerate(TEMPLATE)}
    problems = []
    for column in ("indicator", "wave", "area_code", "value"):
        for (line,) in cur.execute(f"SELECT line FROM sheet WHERE {c[column]} = '' ORDER BY line").fetchall():
            problems.append(Problem(sheet.file, line, column, "Deze kolom mag niet leeg zijn."))
    factor = f"coalesce(nullif(lower({c['group_factor']}), ''), 'totaal')"
    for (line,) in cur.execute(
        f"SELECT line FROM sheet WHERE {factor} <> 'totaal' AND {c['group_value']} = '' ORDER BY line"
    ).fetchall():
        problems.append(
            Problem(
                sheet.file,
                line,
                "group_value",
                "Bij een groep (group_factor) hoort ook een group_value, bijvoorbeeld '65–74 jaar'.",
            )
        )
    lines = sorted({p.row for p in problems})
    cur.execute("CREATE OR REPLACE TEMP TABLE bad_lines AS SELECT unnest(?::INTEGER[]) AS line", [lines]).fetchall()
    bad = "line NOT IN (SELECT line FROM bad_lines)" if lines else "true"
    value = f"CASE WHEN {factor} = 'totaal' THEN 'totaal' ELSE {c['group_value']} END"
    selects = [
        f"SELECT line, {c['area_code']} AS region, NULL::VARCHAR AS level, '' AS period, "
        f"{c['indicator']} AS measure, '{part}' AS part, {c[column]} AS raw, {c['wave']} AS wave, "
        f"coalesce(c3, '') AS gfactor, {value} AS gvalue FROM sheet WHERE {bad}"
        + ("" if part == "value" else f" AND {c[column]} <> ''")
        for column, part in (("value", "value"), ("n", "n"), ("ci_low", "low"), ("ci_high", "high"))
    ]
    create(cur, " UNION ALL ".join(selects))
    measures = [m for (m,) in cur.execute("SELECT DISTINCT measure FROM staging ORDER BY 1").fetchall()]
    stage = Stage(sheet.file, [], measures, {}, sheet.dutch, True, "area_code", "wave", list(sheet.notes), problems)
    stage.title = "Kwaliteitskompas-sjabloon"
    return stage


def stage_rows(
    cur,
    file: str,
    rows: pd.DataFrame,
    dims: list[str],
    *,
    direct: bool,
    dutch: bool,
    region_column: str,
    notes: list[str] | None = None,
    problems: list[Problem] | None = None,
) -> Stage:
    """Rows already in long form (template, survey) to ``staging``. ``rows`` has the staging columns."""
    columns = ["line", "region", "level", "period", "measure", "part", "raw", "wave", "gfactor", "gvalue"]
    data = rows.reindex(columns=columns + [f"d{i}" for i in range(len(dims))]).astype(object)
    data = data.where(data.notna(), None)
    cur.register("rows_in", data)
    try:
        create(
            cur,
            "SELECT line::INTEGER AS line, region::VARCHAR AS region, level::VARCHAR AS level, "
            "coalesce(period::VARCHAR, '') AS period, measure::VARCHAR AS measure, part::VARCHAR AS part, "
            "raw::VARCHAR AS raw, wave::VARCHAR AS wave, gfactor::VARCHAR AS gfactor, "
            "gvalue::VARCHAR AS gvalue"
            + "".join(f", d{i}::VARCHAR AS d{i}" for i in range(len(dims)))
            + " FROM rows_in",
        )
    finally:
        cur.unregister("rows_in")
    measures = list(dict.fromkeys(rows["measure"].astype(str))) if len(rows) else []
    return Stage(
        file, dims, measures, {}, dutch, direct, region_column, "Perioden", list(notes or []), list(problems or [])
    )
