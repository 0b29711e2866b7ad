"""Notes on areas that are in the imported wave but not in the wave before it (or the other way round):
such figures cannot be compared over time, and the user should know before saving."""

from __future__ import annotations

import pandas as pd

from kompas.domain.model import Wave
from kompas.store.connection import StoreView


def one_wave_notes(store: StoreView, cur, new_waves: list[Wave]) -> list[str]:
    """Per indicator and imported wave: areas in it but not in the wave before it (same source), and the
    other way round. Reads the temp table ``now_totals`` (indicator_id, wave_id, area_code: the areas of
    the import's totals; area_code NULL for other rows) on ``cur``; the comparison is one query, in
    (indicator, wave) order with the areas sorted."""
    fresh = {w.id: (w.source, w.period_end) for w in new_waves}
    wave_table = store.df("SELECT id, label, source, period_end FROM waves")
    known = {r["id"]: (r["source"], r["period_end"]) for r in wave_table.to_dict("records")}
    by_source: dict[str, list[tuple]] = {}  # per source: its stored waves (end, id, label), in time order
    for row in wave_table.sort_values("period_end", kind="stable").to_dict("records"):
        by_source.setdefault(row["source"], []).append((pd.Timestamp(row["period_end"]), row["id"], row["label"]))
    previous = []  # (imported wave, the wave before it, its label)
    for (wave_id,) in cur.execute("SELECT DISTINCT wave_id FROM now_totals WHERE area_code IS NOT NULL").fetchall():
        source, period_end = fresh.get(wave_id) or known[wave_id]
        earlier = [w for w in by_source.get(source, []) if w[0] < pd.Timestamp(period_end)]
        if earlier:
            previous.append((wave_id, earlier[-1][1], earlier[-1][2]))
    if not previous:
        return []
    cur.register("previous_waves", pd.DataFrame(previous, columns=["wave_id", "prev_id", "prev_label"]))
    try:
        # One scan for all pairs: on a national store a query per pair would read the whole table each time.
        # Sets are compared by counts first (each previous wave's areas once, not once per imported wave);
        # the areas themselves are listed only for the pairs that differ.
        rows = cur.execute("""
            WITH now AS (SELECT n.indicator_id, n.wave_id, p.prev_id, n.area_code FROM now_totals n
                         JOIN previous_waves p USING (wave_id) WHERE n.area_code IS NOT NULL),
                 before AS (SELECT o.indicator_id, o.wave_id AS prev_id, o.area_code FROM observations o
                            WHERE o.group_factor = 'totaal'
                              AND (o.indicator_id, o.wave_id) IN (SELECT DISTINCT indicator_id, prev_id FROM now)),
                 sizes AS (SELECT indicator_id, prev_id, count(*) AS n_before FROM before GROUP BY ALL),
                 differ AS (SELECT n.indicator_id, n.wave_id, n.prev_id FROM now n LEFT JOIN before b
                                ON b.indicator_id = n.indicator_id AND b.prev_id = n.prev_id AND b.area_code = n.area_code
                            GROUP BY ALL HAVING count(b.area_code) < count(*)
                                OR count(b.area_code) < any_value((SELECT s.n_before FROM sizes s WHERE
                                   s.indicator_id = n.indicator_id AND s.prev_id = n.prev_id)))
            SELECT d.indicator_id, any_value(p.prev_label),
                   (SELECT list(b.area_code ORDER BY b.area_code) FROM before b WHERE b.indicator_id = d.indicator_id
                        AND b.prev_id = d.prev_id AND b.area_code NOT IN (SELECT n.area_code FROM now n WHERE
                        n.indicator_id = d.indicator_id AND n.wave_id = d.wave_id)),
                   (SELECT list(n.area_code ORDER BY n.area_code) FROM now n WHERE n.indicator_id = d.indicator_id
                        AND n.wave_id = d.wave_id AND n.area_code NOT IN (SELECT b.area_code FROM before b WHERE
                        b.indicator_id = d.indicator_id AND b.prev_id = d.prev_id))
            FROM differ d JOIN previous_waves p USING (wave_id)
            JOIN sizes s ON s.indicator_id = d.indicator_id AND s.prev_id = d.prev_id
            WHERE s.n_before > 0
            GROUP BY d.indicator_id, d.wave_id, d.prev_id ORDER BY d.indicator_id, d.wave_id""").fetchall()
    finally:
        cur.unregister("previous_waves")
    notes = []
    for indicator_id, previous_label, gone, new in rows:
        text = f"{indicator_id}: niet te vergelijken met {previous_label} voor"
        if gone:
            text += f" {', '.join(gone)} (alleen in de vorige meting)"
        if new:
            text += (" en" if gone else "") + f" {', '.join(new)} (alleen in deze meting)"
        notes.append(text + ".")
    return notes
