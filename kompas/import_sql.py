"""The fast path of ``plan_import`` for a plain wide StatLine CSV: map, check and compare in SQL.

It follows ``kompas.imports`` step for step (leave out empty cells, map measures to indicators,
areas, groups, waves, then duplicates, checks and the comparison with the store) and refuses the
same rows with the same messages. What depends on a few distinct values (a region's area, a
period's wave, a group label) is decided by the same Python code as the old path, once per value;
the rows themselves stay in DuckDB. The plan's rows are kept as an Arrow table; ``plan.rows`` turns
them into a DataFrame only when someone asks.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kompas import formatting, vocab
from kompas.importers.base import Problem
from kompas.importers.statline_sql import WideRead
from kompas.imports import KEY, ImportPlan, _Context, _order, one_wave_notes
from kompas.mapping import Mapping
from kompas.store import Store

_COLUMNS = KEY + ["value", "n", "ci_low", "ci_high", "se", "provisional", "row", "status"]


class FastPlan(ImportPlan):
    """An ``ImportPlan`` whose rows are an Arrow table until read as a DataFrame."""

    arrow: pa.Table | None = None
    _frame: pd.DataFrame | None = None

    @property
    def rows(self) -> pd.DataFrame:
        if self._frame is None and self.arrow is not None:  # in file order, as the pandas path gives them
            ordered = self.arrow.take(pc.sort_indices(self.arrow["pos"])).drop_columns(["pos"])
            self._frame = ordered.to_pandas()
        return self._frame

    @rows.setter
    def rows(self, value) -> None:
        self._frame = value

    def write_changes(self, cur) -> None:
        """New rows with a plain INSERT, changed ones with an UPDATE of what the file gives (value and
        provisional; the rest is what the store had): faster than INSERT … ON CONFLICT for many rows."""
        if self.arrow is None or not (self.added or self.changed):
            return
        cur.register("incoming_rows", self.arrow)
        try:
            if self.added:
                cur.execute("INSERT INTO observations (indicator_id, wave_id, area_code, group_factor, group_value, "
                            "value, n, ci_low, ci_high, se, provisional) SELECT indicator_id, wave_id, area_code, "
                            "group_factor, group_value, value, n, ci_low, ci_high, se, provisional "
                            "FROM incoming_rows WHERE status = 'nieuw'")
            if self.changed:
                changed = cur.execute("SELECT list(DISTINCT indicator_id), list(DISTINCT wave_id) FROM incoming_rows "
                                      "WHERE status = 'gewijzigd'").fetchone()
                cur.execute(f"""UPDATE observations o SET value = i.value, provisional = i.provisional
                    FROM (SELECT * FROM incoming_rows WHERE status = 'gewijzigd') i
                    WHERE o.indicator_id IN ({_literals(changed[0])}) AND o.wave_id IN ({_literals(changed[1])})
                      AND o.indicator_id = i.indicator_id AND o.wave_id = i.wave_id AND o.area_code = i.area_code
                      AND o.group_factor = i.group_factor AND o.group_value = i.group_value""")
        finally:
            cur.unregister("incoming_rows")


def _literals(values: list[str]) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) or "NULL"


def _lookup(cur, name: str, frame: pd.DataFrame) -> None:
    """A small table of Python decisions, as a DuckDB temp table (so joins know it is the small side)."""
    cur.register("frame_in", frame.astype(object) if len(frame) else frame)
    try:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM frame_in")
    finally:
        cur.unregister("frame_in")


def plan_wide(store: Store, cur, read: WideRead, mapping: Mapping, wave_label: str | None, digest: str,
              progress: Callable[[float, str], None]) -> FastPlan:
    """The plan for the rows in temp table ``cells`` (see ``read_wide_sql``), as ``plan_import`` makes it."""
    file = read.file
    refused: list[Problem] = list(read.problems)
    notes: list[str] = []
    ctx = _Context(store, _Table(file), mapping, wave_label)
    progress(0.35, "koppelen")
    # drop_empty
    empty, = cur.execute("SELECT count(*) FROM cells WHERE NOT bad AND marker IN ('.', 'x')").fetchone()
    if empty:
        notes.append(f"{empty} lege of geheime cellen ('.' of 'x') overgeslagen.")
        gone = sorted(r for (r,) in cur.execute(
            "SELECT region FROM cells WHERE NOT bad GROUP BY region HAVING bool_and(marker IN ('.', 'x'))").fetchall())
        if gone:
            notes.append(f"Geen enkel cijfer voor {', '.join(gone[:20])}: bestaat dit gebied nog? Het "
                         "wordt niet vergeleken met eerdere metingen.")
    cur.execute("CREATE OR REPLACE TEMP VIEW live AS SELECT * FROM cells WHERE NOT bad AND marker NOT IN ('.', 'x')")
    # indicators: per measure, the indicator or why its cells are refused (stage 1: no mapping, 2: unknown)
    present = [m for (m,) in cur.execute("SELECT measure FROM live GROUP BY measure ORDER BY min(pos)").fetchall()]
    skipped = [m for m in present if m not in mapping.measures]
    measure_rows = []
    for m in present:
        indicator = mapping.measures.get(m)
        if indicator is None:
            if len(skipped) == len(present):
                why = f"De maat '{m}' is aan geen indicator gekoppeld. Geef een koppelbestand (--mapping) met measures."
                measure_rows.append((m, None, 1, why))
            continue
        if indicator not in ctx.indicator_source:
            why = f"Onbekende indicator '{indicator}'. Maak de indicator eerst aan, of verbeter de code."
            measure_rows.append((m, indicator, 2, why))
        else:
            measure_rows.append((m, indicator, 0, ""))
    if skipped and len(skipped) < len(present):
        ctx.notes.append(f"{len(skipped)} maat/maten zonder koppeling overgeslagen: {', '.join(skipped[:10])}.")
    first_ok = next((i for m, i, stage, _ in measure_rows if stage == 0), None)
    if not ctx.source and first_ok:
        ctx.source = ctx.indicator_source[first_ok]
    _lookup(cur, "measure_lu", pd.DataFrame(measure_rows, columns=["measure", "indicator_id", "mstage", "mwhy"]))
    # areas
    names = dict(cur.execute("SELECT lower(trim(name)), list(code) FROM areas GROUP BY 1").fetchall())
    regions = {k.lower(): v for k, v in mapping.regions.items()}
    distinct = [r for (r,) in cur.execute("SELECT DISTINCT region FROM live").fetchall()]
    found = {r: ctx._area(r.replace("\xa0", " ").strip(), names, regions) for r in distinct}
    _lookup(cur, "area_lu", pd.DataFrame([(r, code, why) for r, (code, why) in found.items()],
                                         columns=["region", "area_code", "awhy"]))
    # groups: one lookup per dimension; the SQL below applies them in column order
    group_sql = _groups(cur, ctx, read.dims)
    # waves
    progress(0.45, "controleren")
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE staged AS
        SELECT l.pos, l.line, l.measure, l.period, l.provisional, l.value, l.marker, m.indicator_id, m.mstage,
               m.mwhy, a.area_code, a.awhy, {group_sql}
        FROM live l JOIN measure_lu m USING (measure) JOIN area_lu a USING (region)
        {" ".join(f"JOIN dim_lu{i} g{i} ON g{i}.v = l.d{i}" for i in range(len(read.dims)))}""")
    pairs = cur.execute("SELECT period, indicator_id FROM staged WHERE mstage = 0 AND area_code IS NOT NULL "
                        "AND gstage = 0 GROUP BY ALL ORDER BY min(pos)").fetchall()
    labels = {(p, i): (wave_label if wave_label else ctx._label_for_period(p, i)) for p, i in pairs}
    by_label = dict(zip(ctx.wave_table["label"], ctx.wave_table["id"]))
    triples = dict.fromkeys((labels[(p, i)], i, p) for p, i in pairs)
    for label, indicator, period in triples:  # in file order, as the old path creates them
        if label is not None and label not in by_label:
            wave = ctx._new_wave(label, ctx.indicator_source[indicator], period)
            by_label[label] = wave.id if wave else None
    _lookup(cur, "wave_lu", pd.DataFrame(
        [(p, i, labels[(p, i)], None if labels[(p, i)] is None else by_label[labels[(p, i)]]) for p, i in pairs],
        columns=["period", "indicator_id", "wave_label", "wave_id"]))
    checked = """SELECT s.*, w.wave_label, w.wave_id,
               CASE WHEN s.mstage > 0 THEN s.mstage WHEN s.area_code IS NULL THEN 3 WHEN s.gstage > 0 THEN 4
                    WHEN w.wave_id IS NULL THEN 5 ELSE 0 END AS stage,
               CASE WHEN s.marker = '-' THEN 0.0 ELSE s.value END AS figure
        FROM staged s LEFT JOIN wave_lu w USING (period, indicator_id)"""
    for stage, line, measure, period, mwhy, awhy, gcol, gwhy, label in cur.execute(
            "SELECT stage, line, measure, period, mwhy, awhy, gcol, gwhy, wave_label "
            f"FROM ({checked}) WHERE stage > 0 ORDER BY pos").fetchall():
        if stage in (1, 2):
            refused.append(Problem(file, line, "maat" if stage == 1 else "indicator", mwhy))
        elif stage == 3:
            refused.append(Problem(file, line, "Regio", awhy))
        elif stage == 4:
            refused.append(Problem(file, line, gcol, gwhy))
        else:
            refused.append(Problem(file, line, "Perioden", (
                f"Geen meting gevonden voor periode '{period}'. Geef de meting op (--wave) of zet de periode "
                "onder periods in het koppelbestand.") if not label else (
                f"Van de meting '{label}' is het jaar niet te bepalen. Zet een jaartal in de naam.")))
    # duplicates, then figures that cannot be true
    keys = ", ".join(KEY)
    # A key over small integers finds duplicates without hashing five strings per row.
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE valid AS
        SELECT c.*, i.unit, hash(c.indicator_id, c.wave_id, c.area_code, c.group_factor, c.group_value) AS kid,
               false AS dup, NULL::INTEGER AS original
        FROM ({checked}) c JOIN indicators i ON i.id = c.indicator_id WHERE stage = 0""")
    twice, = cur.execute("SELECT count(*) - count(DISTINCT kid) FROM valid").fetchone()
    if twice:
        cur.execute(f"""UPDATE valid SET dup = d.nth > 1, original = d.original FROM (
            SELECT pos, row_number() OVER (PARTITION BY {keys} ORDER BY pos) AS nth,
                   first_value(line) OVER (PARTITION BY {keys} ORDER BY pos) AS original
            FROM valid WHERE kid IN (SELECT kid FROM valid GROUP BY kid HAVING count(*) > 1)) d
            WHERE valid.pos = d.pos""")
    for line, original, figure, dup in cur.execute(
            "SELECT line, original, figure, dup FROM valid WHERE dup OR (unit = 'procent' AND (figure < 0 "
            "OR figure > 100)) ORDER BY pos").fetchall():
        if dup:
            refused.append(Problem(file, line, None, f"Dit cijfer staat er twee keer in (ook in rij {original})."))
        else:
            refused.append(Problem(file, line, "value",
                                   f"{formatting.number(figure, 1)} is geen percentage (tussen 0 en 100)."))
    progress(0.6, "vergelijken")
    indicators = [i for (i,) in cur.execute("SELECT DISTINCT indicator_id FROM wave_lu").fetchall()]
    waves = [w for (w,) in cur.execute("SELECT DISTINCT wave_id FROM wave_lu WHERE wave_id IS NOT NULL").fetchall()]
    # Literal lists let DuckDB skip the row groups of other indicators and waves of a large store.
    # Joined on the hash of the five key columns (one integer instead of five strings); a row whose stored
    # match differs in a key column (a hash collision) is caught below and the exact join used instead.
    compare = """WITH o AS (SELECT *, hash(indicator_id, wave_id, area_code, group_factor, group_value) AS kid
                   FROM observations WHERE indicator_id IN ({indicators}) AND wave_id IN ({waves}))
        SELECT v.indicator_id, v.wave_id, v.area_code, v.group_factor, v.group_value,
               v.figure AS value, o.n::DOUBLE AS n, o.ci_low, o.ci_high, o.se, v.provisional, v.line AS "row",
               CASE WHEN o.indicator_id IS NULL THEN 'nieuw'
                    WHEN ((v.figure IS NULL AND o.value IS NULL) OR abs(v.figure - o.value) < 1e-9)
                         AND v.provisional = coalesce(o.provisional, false) THEN 'ongewijzigd'
                    ELSE 'gewijzigd' END AS status, v.pos {check}
        FROM valid v LEFT JOIN o ON {join}
        WHERE NOT v.dup AND NOT (v.unit = 'procent' AND (v.figure < 0 OR v.figure > 100))"""
    lists = {"indicators": _literals(indicators), "waves": _literals(waves)}

    def query(join: str, check: str) -> str:
        return (compare.replace("{indicators}", lists["indicators"]).replace("{waves}", lists["waves"])
                .replace("{join}", join).replace("{check}", check))

    arrow = cur.sql(query("v.kid = o.kid", ", o.kid IS NULL OR (" + " AND ".join(f"v.{k} = o.{k}" for k in KEY)
                          + ") AS _same")).to_arrow_table()
    expected, = cur.execute("SELECT count(*) FROM valid WHERE NOT dup AND NOT (unit = 'procent' "
                            "AND (figure < 0 OR figure > 100))").fetchall()[0]
    if arrow.num_rows != expected or pc.all(arrow["_same"]).as_py() is False:  # None: no rows at all
        arrow = cur.sql(query(" AND ".join(f"v.{k} = o.{k}" for k in KEY), "")).to_arrow_table()
    else:
        arrow = arrow.drop_columns(["_same"])
    cur.register("planned", arrow)
    counts = cur.execute("SELECT count(*) FILTER (status = 'nieuw'), count(*) FILTER (status = 'gewijzigd'), "
                         "count(*) FILTER (status = 'ongewijzigd') FROM planned").fetchone()
    plan = FastPlan(file, digest, ctx.source, mapping, None, refused=sorted(refused, key=_order),
                    new_waves=list(ctx.new_waves.values()), notes=notes + ctx.notes)
    plan.arrow = arrow
    plan.added, plan.changed, plan.unchanged = (int(c) for c in counts)
    now = {}
    for indicator_id, wave_id, areas in cur.execute(
            "SELECT indicator_id, wave_id, list(area_code) FROM planned WHERE group_factor = 'totaal' "
            "GROUP BY ALL ORDER BY ALL").fetchall():
        now[(indicator_id, wave_id)] = set(areas)
    cur.unregister("planned")
    plan.notes += one_wave_notes(store, now, plan.new_waves)
    return plan


def _groups(cur, ctx: _Context, dims: list[str]) -> str:
    """Register a lookup per dimension and return the SQL for group_factor, group_value, gstage, gcol, gwhy."""
    factor_sql, value_sql = f"'{vocab.TOTAL}'", f"'{vocab.TOTAL}'"
    stage_sql, col_sql, why_sql = "0", "NULL", "NULL"
    cases = []
    for i, dimension in enumerate(dims):
        values = [v for (v,) in cur.execute(f"SELECT DISTINCT d{i} FROM live").fetchall()]
        group = ctx.mapping.groups.get(dimension)
        if group is None and dimension in vocab.DIVERSITY_FACTORS:
            group = next((g for g in ctx.mapping.groups.values() if g.factor == dimension), None)
        factor = dimension if dimension in vocab.DIVERSITY_FACTORS else (group.factor if group else None)
        rows = []
        for v in values:
            is_total = v == "" or v.lower().startswith(("totaal", "total", "alle "))
            mapped = vocab.TOTAL if is_total else (group.values.get(v, v) if group else v)
            rows.append((v, is_total, mapped))
        _lookup(cur, f"dim_lu{i}", pd.DataFrame(rows, columns=["v", "is_total", "mapped"]))
        name = "'" + dimension.replace("'", "''") + "'"
        if factor is None:
            why = (f"De kolom '{dimension}' is aan geen diversiteitsfactor gekoppeld. Voeg hem toe onder groups in "
                   "het koppelbestand.").replace("'", "''")
            cases.append((f"NOT g{i}.is_total", name, f"'{why}'"))
            continue
        crossed = f"g{i}.mapped <> '{vocab.TOTAL}' AND ({factor_sql}) <> '{vocab.TOTAL}'"
        cases.append((crossed, name, "'Combinaties van twee groepen kan deze versie nog niet inlezen.'"))
        own = f"g{i}.mapped <> '{vocab.TOTAL}'"
        factor_sql = f"CASE WHEN {own} THEN '{factor}' ELSE {factor_sql} END"
        value_sql = f"CASE WHEN {own} THEN g{i}.mapped ELSE {value_sql} END"
    if cases:
        stage_sql = "CASE " + " ".join(f"WHEN {c} THEN 1" for c, _, _ in cases) + " ELSE 0 END"
        col_sql = "CASE " + " ".join(f"WHEN {c} THEN {n}" for c, n, _ in cases) + " END"
        why_sql = "CASE " + " ".join(f"WHEN {c} THEN {w}" for c, _, w in cases) + " END"
    return (f"{factor_sql} AS group_factor, {value_sql} AS group_value, {stage_sql} AS gstage, "
            f"{col_sql} AS gcol, {why_sql} AS gwhy")


class _Table:
    """The little of a SourceTable that ``_Context`` reads."""

    def __init__(self, file: str):
        self.file = file
