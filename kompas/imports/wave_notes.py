"""Notes on areas that are in the imported wave but not in the wave before it (or the other way round):
such figures cannot be compared over time, and the user should know before saving."""

from __future__ import annotations

import pandas as pd

from kompas.model import Wave
from kompas.store import Store


def one_wave_notes(store: Store, cur, new_waves: list[Wave]) -> list[str]:
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
        rows = cur.execute("""
            WITH now AS (SELECT indicator_id, wave_id, area_code FROM now_totals
                         WHERE area_code IS NOT NULL AND wave_id IN (SELECT wave_id FROM previous_waves)),
                 pairs AS (SELECT DISTINCT indicator_id, wave_id FROM now),
                 before AS (SELECT o.indicator_id, p.wave_id, o.area_code
                            FROM observations o JOIN previous_waves p ON o.wave_id = p.prev_id
                            JOIN pairs q ON q.indicator_id = o.indicator_id AND q.wave_id = p.wave_id
                            WHERE o.group_factor = 'totaal'),
                 both_ AS (SELECT coalesce(b.indicator_id, n.indicator_id) AS indicator_id,
                                  coalesce(b.wave_id, n.wave_id) AS wave_id, b.area_code AS was, n.area_code AS now
                           FROM before b FULL JOIN now n ON b.indicator_id = n.indicator_id
                                AND b.wave_id = n.wave_id AND b.area_code = n.area_code)
            SELECT indicator_id, any_value(p.prev_label), list(was ORDER BY was) FILTER (now IS NULL),
                   list(now ORDER BY now) FILTER (was IS NULL)
            FROM both_ JOIN previous_waves p USING (wave_id)
            GROUP BY indicator_id, wave_id
            HAVING count(was) > 0 AND count(*) FILTER (was IS NULL OR now IS NULL) > 0
            ORDER BY indicator_id, wave_id""").fetchall()
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
