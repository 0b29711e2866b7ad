"""The plan of an import, in SQL over the staging table: map, parse numbers, check, compare with the store.

``make_plan`` writes nothing. It leaves the figures to write in temp tables of the cursor (``checked``:
every figure with its problem, ``matched``: those already stored, new, changed or unchanged), which
``pipeline.apply_plan`` writes, and every refused cell as a ``Problem`` naming file, row, the column as the file spells it
and what to do. Checks (issue #12): a figure's value, n, interval and standard error come from the file
together (what the file does not give is cleared, never kept from the old figure, unless the value itself
is unchanged: then its stored n and interval stay); an interval must
contain its value; a percentage lies between 0 and 100, and an indicator in 'procent' whose every value
lies between 0 and 1 is refused (a share written as a fraction); n is a whole number ≥ 0; a figure given
twice is refused.
"""

from __future__ import annotations

from collections.abc import Callable

from kompas.domain import formatting
from kompas.imports import lookups
from kompas.imports.number_rules import (
    AMBIGUOUS_HINT,
    NUMBER_HINT,
    ambiguous_sql,
    clean_sql,
    decimal_comma_sql,
    dot_decimals_sql,
    marker_sql,
    number_sql,
)
from kompas.imports.report import ImportPlan
from kompas.imports.source import Problem
from kompas.imports.staging import Stage, sql_text
from kompas.store.connection import StoreView
from kompas.store.mapping import Mapping

_PART_NAMES = {"low": "ondergrens", "high": "bovengrens", "se": "standaardfout", "margin": "marge", "n": "n"}


def make_plan(
    store: StoreView,
    cur,
    stage: Stage,
    mapping: Mapping,
    given: Mapping,
    wave_label: str | None,
    digest: str,
    progress: Callable[[float, str], None],
    successor=None,
    dry_run: bool = False,
) -> ImportPlan:
    """Plan the import of the staging table in ``cur``. Raises ``KompasError`` for a mapping key that
    matches nothing; everything else wrong is a refused row in the plan. A dry run's plan holds no
    figures to write (``figures`` is None)."""
    notes = list(stage.notes)
    refused: list[Problem] = list(stage.problems)
    indicators = {r["id"]: r for r in store.rows("SELECT id, source, unit FROM indicators")}
    progress(0.3, "koppelen")
    lookups.measures(cur, stage, mapping, given, indicators, notes)
    areas = lookups.Areas.of(store)
    lookups.regions(cur, areas, mapping, successor)
    resolver = lookups.Waves(store, mapping, wave_label)
    lookups.wave_lookup(cur, stage, resolver, mapping, indicators)
    joins, group_select = lookups.groups(cur, stage, mapping)
    has_wave = "wave" in {c for (c, *_r) in cur.execute("DESCRIBE staging").fetchall()}
    progress(0.45, "controleren")
    # Numbers are parsed once per distinct text of a column (a file has far fewer texts than cells).
    t = clean_sql("raw")
    comma = "false" if stage.dutch else decimal_comma_sql("t")
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE texts AS
        SELECT measure, raw, {t} AS t FROM (SELECT DISTINCT measure, raw FROM staging)""")
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE column_style AS
        SELECT measure, {dot_decimals_sql("t")} AS dots, {comma} AS comma FROM texts GROUP BY measure""")
    dutch = "true" if stage.dutch else "(SELECT coalesce(bool_or(comma), false) FROM column_style)"
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE number_lu AS
        SELECT x.measure, x.raw, x.t, {marker_sql("x.t")} AS marker, {number_sql("x.t", dutch, "c.dots")} AS num,
               {ambiguous_sql("x.t", dutch, "c.dots")} AS ambiguous
        FROM texts x JOIN column_style c USING (measure)""")
    # One pass over the cells: every lookup is a small table the join builds on. Only what the figures
    # need is kept (``cells``); the texts of a refusal are read from the view when a cell is refused.
    cur.execute(f"""CREATE OR REPLACE TEMP VIEW cells_all AS
        SELECT s.line, s.measure, s.part, s.region, x.t, x.marker, x.num, x.ambiguous, m.indicator_id,
               m.why AS mwhy, m.col AS mcol, r.area_code, r.why AS rwhy, w.wave_id,
               coalesce(w.provisional, false) AS provisional, w.why AS wwhy, {group_select}
        FROM staging s JOIN measure_lu m ON m.measure = s.measure
        JOIN number_lu x ON x.measure = s.measure AND x.raw IS NOT DISTINCT FROM s.raw
        LEFT JOIN region_lu r ON r.region IS NOT DISTINCT FROM s.region AND r.level IS NOT DISTINCT FROM s.level
        LEFT JOIN wave_lu w ON w.period IS NOT DISTINCT FROM s.period AND w.indicator_id = m.indicator_id
             AND w.wave IS NOT DISTINCT FROM {"s.wave" if has_wave else "NULL"}
        {joins}""")
    cur.execute("""CREATE OR REPLACE TEMP TABLE cells AS
        SELECT line, measure, part, marker, num, indicator_id, wave_id, area_code, group_factor, group_value,
               provisional, coalesce(mwhy, rwhy, wwhy, gwhy) IS NOT NULL AS bad FROM cells_all""")
    bad, unreadable = cur.execute(
        "SELECT count(*) FILTER (bad), count(*) FILTER (NOT bad AND marker IS NULL AND num IS NULL) FROM cells"
    ).fetchall()[0]
    if bad or unreadable:  # count first: the row-level messages only when a cell is refused
        _refusals(cur, stage, refused)
    if bad:
        notes += _empty_areas(cur)
    _figures(cur)
    # One scan: the empty or secret cells skipped, and per indicator whether every value is a fraction.
    cur.execute("""CREATE OR REPLACE TEMP TABLE fractions AS
        SELECT indicator_id, count(*) FILTER (NOT spoiled AND marker IN ('.', 'x')) AS skipped,
               max(value) FILTER (NOT spoiled) <= 1 AND bool_or(value > 0 AND value < 1) FILTER (NOT spoiled) AS fraction
        FROM figures GROUP BY indicator_id""")
    (skipped,) = cur.execute("SELECT coalesce(sum(skipped), 0) FROM fractions").fetchall()[0]
    if skipped:
        notes.append(f"{formatting.number(skipped)} lege of geheime cellen ('.' of 'x') overgeslagen.")
    cur.execute("""CREATE OR REPLACE TEMP VIEW checked AS
        SELECT f.*, i.unit,
               coalesce(f.low, f.value - f.margin) AS ci_low, coalesce(f.high, f.value + f.margin) AS ci_high,
               CASE WHEN f.nvalue = 0 THEN 'novalue'
                    WHEN f.nvalue > 1 THEN 'twice'
                    WHEN i.unit = 'procent' AND (f.value < 0 OR f.value > 100) THEN 'percent'
                    WHEN coalesce(f.low, f.value - f.margin) - f.value > 1e-6
                      OR f.value - coalesce(f.high, f.value + f.margin) > 1e-6
                      OR coalesce(f.low, f.value - f.margin) - coalesce(f.high, f.value + f.margin) > 1e-6
                         THEN 'interval'
                    WHEN f.n < 0 OR f.n <> round(f.n) THEN 'n'
                    WHEN i.unit = 'procent' AND fr.fraction THEN 'fraction'
                    END AS problem
        FROM figures f JOIN indicators i ON i.id = f.indicator_id
        LEFT JOIN fractions fr USING (indicator_id)
        WHERE NOT f.spoiled AND coalesce(f.marker, '') NOT IN ('.', 'x')""")
    # One scan of the checked figures: how many per indicator and wave (and which areas' totals), and how
    # many refused; the row-level messages only when a figure is refused.
    cur.execute("""CREATE OR REPLACE TEMP TABLE now_totals AS
        SELECT indicator_id, wave_id, CASE WHEN group_factor = 'totaal' AND problem IS NULL THEN area_code END
               AS area_code, count(*) FILTER (problem IS NULL) AS figures, count(*) FILTER (problem IS NOT NULL) AS bad
        FROM checked GROUP BY ALL""")
    if cur.execute("SELECT sum(bad) FROM now_totals").fetchall()[0][0]:
        _figure_refusals(cur, stage, refused)
    progress(0.6, "vergelijken")
    return _compare(store, cur, stage, mapping, refused, notes, resolver, areas, digest, dry_run)


_OK = "NOT bad"
_KEYS = "indicator_id, wave_id, area_code, group_factor, group_value"


def _figures(cur) -> None:
    """Temp table ``figures``: one row per figure with its value, interval, se and n side by side.

    A file with only values needs no grouping; interval columns are grouped per line and measure; a
    'Marges' dimension (parts on different lines) per figure key. A figure given twice keeps one row, with
    every line it was given on (``lines``)."""
    parts = {p for (p,) in cur.execute("SELECT DISTINCT part FROM cells").fetchall()}
    if parts <= {"value"}:  # a view: the cells are already one row per figure
        cur.execute(f"""CREATE OR REPLACE TEMP VIEW figures AS
            SELECT {_KEYS}, line, 1 AS nvalue, [line] AS lines, measure,
                   CASE WHEN marker = '-' THEN 0 ELSE num END AS value, marker, NULL::DOUBLE AS low,
                   NULL::DOUBLE AS high, NULL::DOUBLE AS margin, NULL::DOUBLE AS se, NULL::DOUBLE AS n, provisional,
                   marker IS NULL AND num IS NULL AS spoiled, line AS first_line
            FROM cells WHERE {_OK}""")
    else:
        by_line = (
            not any(p.startswith("onbekend:") for p in parts)
            and not cur.execute(
                f"SELECT count(*) FROM (SELECT DISTINCT line, measure, {_KEYS} FROM cells WHERE {_OK}) "
                f"GROUP BY line, measure HAVING count(*) > 1 LIMIT 1"
            ).fetchall()
            and not cur.execute(
                "SELECT 1 FROM cells GROUP BY line, measure HAVING count(*) FILTER (part = 'value') = 0 LIMIT 1"
            ).fetchall()
        )
        group = "line, measure" if by_line else _KEYS
        keys = ", ".join(f"any_value({k}) AS {k}" for k in _KEYS.split(", ")) if by_line else _KEYS
        cur.execute(f"""CREATE OR REPLACE TEMP TABLE figures AS
            SELECT {keys}, min(line) FILTER (part = 'value') AS line, count(*) FILTER (part = 'value') AS nvalue,
                   list(line ORDER BY line) FILTER (part = 'value') AS lines, any_value(measure) AS measure,
                   any_value(CASE WHEN marker = '-' THEN 0 ELSE num END) FILTER (part = 'value') AS value,
                   any_value(marker) FILTER (part = 'value') AS marker,
                   any_value(num) FILTER (part = 'low') AS low, any_value(num) FILTER (part = 'high') AS high,
                   any_value(num) FILTER (part = 'margin') AS margin, any_value(num) FILTER (part = 'se') AS se,
                   any_value(num) FILTER (part = 'n') AS n, bool_or(provisional) AS provisional,
                   bool_or(marker IS NULL AND num IS NULL) AS spoiled, min(line) AS first_line
            FROM cells WHERE {_OK} GROUP BY {group}""")
    (twice,) = cur.execute(f"SELECT count(*) - count(DISTINCT hash({_KEYS})) FROM figures").fetchall()[0]
    if twice:
        cur.execute(
            "ALTER VIEW figures RENAME TO figures_given"
            if parts <= {"value"}
            else "ALTER TABLE figures RENAME TO figures_given"
        )
        cur.execute(f"""CREATE OR REPLACE TEMP TABLE figures AS
            SELECT * REPLACE (count(*) OVER w AS nvalue, list(line) OVER w AS lines) FROM figures_given
            WINDOW w AS (PARTITION BY {_KEYS} ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            QUALIFY row_number() OVER (PARTITION BY {_KEYS} ORDER BY line) = 1""")


def _refusals(cur, stage: Stage, refused: list[Problem]) -> None:
    """One problem per refused cell (mapping, region, wave, group, number); a row's mapping problems once."""
    for line, column, message in cur.execute(f"""
            SELECT DISTINCT line, CASE WHEN mwhy IS NOT NULL THEN mcol WHEN rwhy IS NOT NULL THEN {sql_text(stage.region_column)}
                                        WHEN wwhy IS NOT NULL THEN {sql_text(stage.period_column)} ELSE gcol END,
                   coalesce(mwhy, rwhy, wwhy, gwhy)
            FROM cells_all WHERE coalesce(mwhy, rwhy, wwhy, gwhy) IS NOT NULL
                        AND NOT (mwhy IS NULL AND coalesce(marker, '') IN ('.', 'x'))
            ORDER BY 1, 2""").fetchall():
        refused.append(Problem(stage.file, line, column, message))
    for line, measure, part, text, ambiguous in cur.execute("""
            SELECT line, measure, part, t, ambiguous FROM cells_all
            WHERE coalesce(mwhy, rwhy, wwhy, gwhy) IS NULL AND marker IS NULL AND num IS NULL
            ORDER BY line, measure""").fetchall():
        if stage.direct:  # our template: the column as the file names it
            column = {"value": "value", "n": "n", "low": "ci_low", "high": "ci_high"}.get(part, part)
        else:
            column = measure if part == "value" else f"{measure} ({_PART_NAMES.get(part, part)})"
        hint = AMBIGUOUS_HINT if ambiguous else NUMBER_HINT
        if part.startswith("onbekend:"):
            refused.append(
                Problem(
                    stage.file,
                    line,
                    "Marges",
                    f"'{part[9:]}' is geen bekende marge (verwacht "
                    "MW00000 voor de waarde, MOG0095 en MBG0095 voor de grenzen).",
                )
            )
        else:
            refused.append(Problem(stage.file, line, column, f"'{text}' {hint}."))


def _empty_areas(cur) -> list[str]:
    """Regions the store does not know whose cells are all empty (a gemeente that no longer exists): named
    in a note, with the successor when the register knows it, instead of refused."""
    rows = cur.execute("""SELECT region, any_value(rwhy) FROM cells_all WHERE rwhy IS NOT NULL AND mwhy IS NULL
                          GROUP BY region HAVING bool_and(coalesce(marker, '') IN ('.', 'x')) ORDER BY 1""").fetchall()
    if not rows:
        return []
    said = [why for _, why in rows if "bestaat sinds" in (why or "")]
    return [
        f"Geen enkel cijfer voor {', '.join((r or '').strip() for r, _ in rows[:20])}: bestaat dit gebied nog? Het wordt niet "
        "ingelezen en niet vergeleken met eerdere metingen."
    ] + said[:20]


_FIGURE_MESSAGES = {
    "novalue": ("value", lambda r: "Bij deze grenzen (ondergrens/bovengrens) staat geen waarde in het bestand."),
    "twice": (None, lambda r: f"Dit cijfer staat er twee keer in (ook in rij {r['first']})."),
    "percent": ("value", lambda r: f"{formatting.number(r['value'], 1)} is geen percentage (tussen 0 en 100)."),
    "interval": (
        "ci_low",
        lambda r: (
            f"Het interval ({formatting.number(r['ci_low'], 1)} tot "
            f"{formatting.number(r['ci_high'], 1)}) bevat de waarde "
            f"{formatting.number(r['value'], 1)} niet. Controleer de grenzen."
        ),
    ),
    "n": ("n", lambda r: "n moet een heel getal van 0 of meer zijn."),
    "fraction": (
        "value",
        lambda r: (
            f"Alle waarden van '{r['indicator_id']}' (een percentage) liggen tussen 0 en "
            "1: het lijkt een fractie (0,815) in plaats van een percentage (81,5). Zet de "
            "cijfers om naar procenten (×100), of controleer de opmaak in Excel."
        ),
    ),
}


def _figure_refusals(cur, stage: Stage, refused: list[Problem]) -> None:
    rows = cur.execute(
        "SELECT problem, lines, coalesce(line, first_line), measure, value, ci_low, ci_high, "
        "indicator_id FROM checked WHERE problem IS NOT NULL ORDER BY 3"
    ).fetchall()
    for problem, lines, line, measure, value, low, high, indicator in rows:
        column, message = _FIGURE_MESSAGES[problem]
        record = {
            "value": value,
            "ci_low": low,
            "ci_high": high,
            "indicator_id": indicator,
            "first": (lines or [line])[0],
        }
        where = lines[1:] if problem == "twice" else [line]
        if stage.direct:  # our template: the column as the file names it
            shown = column
        else:
            shown = measure if column in ("value", "ci_low") else (f"{measure} (n)" if column == "n" else column)
        for at in where:
            refused.append(Problem(stage.file, at, shown, message(record)))


def _compare(store, cur, stage, mapping, refused, notes, resolver, areas, digest, dry_run) -> ImportPlan:
    """Each checked figure new, changed or unchanged; changed ones with their old values.

    Only figures already stored can change, so the join with ``observations`` (filtered to the file's
    indicators) is kept small in ``matched``; every other figure is new. A figure whose value did not
    change, from a file that gives no n, interval or se, keeps the stored ones: only a changed value
    replaces (and so clears) them."""
    ids = [
        i
        for (i,) in cur.execute(
            "SELECT DISTINCT indicator_id FROM measure_lu WHERE indicator_id IS NOT NULL"
        ).fetchall()
    ]
    bare = "c.n IS NULL AND c.ci_low IS NULL AND c.ci_high IS NULL AND c.se IS NULL AND " + _same("c.value", "o.value")
    kept = {c: f"CASE WHEN {bare} THEN o.{c} ELSE c.{c} END" for c in ("ci_low", "ci_high", "se")}
    same = " AND ".join(
        _same(a, b)
        for a, b in (
            ("m.value", "m.old_value"),
            ("m.n", "m.old_n"),
            ("m.ci_low", "m.old_ci_low"),
            ("m.ci_high", "m.old_ci_high"),
            ("m.se", "m.old_se"),
        )
    )
    # Literal ids let DuckDB skip the row groups of other indicators in a large store.
    literal = ", ".join(sql_text(i) for i in ids) or "NULL"
    # A new wave (or a wave without figures of these indicators) needs no comparison: its figures are new.
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE stored_waves AS
        SELECT DISTINCT wave_id FROM observations WHERE indicator_id IN ({literal})""")
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE matched AS
        SELECT m.*, CASE WHEN {same} AND m.provisional = m.old_provisional THEN 'ongewijzigd' ELSE 'gewijzigd' END
                    AS status
        FROM (SELECT c.indicator_id, c.wave_id, c.area_code, c.group_factor, c.group_value, c.value,
                     CASE WHEN {bare} THEN o.n ELSE round(c.n)::INTEGER END AS n, {kept["ci_low"]} AS ci_low,
                     {kept["ci_high"]} AS ci_high, {kept["se"]} AS se, c.provisional, c.line AS "row",
                     o.value AS old_value, o.n AS old_n, o.ci_low AS old_ci_low, o.ci_high AS old_ci_high,
                     o.se AS old_se, coalesce(o.provisional, false) AS old_provisional
              FROM (SELECT * FROM checked WHERE problem IS NULL AND wave_id IN (SELECT wave_id FROM stored_waves)) c
              JOIN (SELECT * FROM observations WHERE indicator_id IN ({literal})) o USING ({_KEYS})) m""")
    (total,) = cur.execute("SELECT coalesce(sum(figures), 0) FROM now_totals").fetchall()[0]
    changed, unchanged = cur.execute(
        "SELECT count(*) FILTER (status = 'gewijzigd'), count(*) FILTER (status = 'ongewijzigd') FROM matched"
    ).fetchall()[0]
    added = int(total) - changed - unchanged
    changes = cur.execute(
        "SELECT indicator_id, wave_id, area_code, group_factor, group_value, old_value, old_n, "
        "old_ci_low, old_ci_high, value, n, ci_low, ci_high FROM matched WHERE status = 'gewijzigd' "
        'ORDER BY "row" LIMIT 200'
    ).fetchall()
    refused.sort(key=lambda p: (p.row is None, p.row or 0, p.column or ""))
    plan = ImportPlan(
        stage.file,
        digest,
        mapping.source or _source(resolver),
        mapping,
        added,
        changed,
        unchanged,
        refused,
        list(resolver.new.values()),
        notes,
        title=stage.title,
    )
    plan.matched = sorted(set(areas.matched))
    plan.set_changes(store, changes)
    from kompas.imports.wave_notes import one_wave_notes

    plan.notes = list(dict.fromkeys(plan.notes + one_wave_notes(store, cur, plan.new_waves)))
    return plan


def _same(a: str, b: str) -> str:
    return f"(({a} IS NULL AND {b} IS NULL) OR abs({a} - {b}) < 1e-9)"


def _source(resolver) -> str:
    return next((w.source for w in resolver.new.values()), "")
