"""Notes on areas that are in the imported wave but not in the wave before it (or the other way round):
such figures cannot be compared over time, and the user should know before saving."""

from __future__ import annotations

import pandas as pd

from kompas.model import Wave
from kompas.store import Store


def one_wave_notes(store: Store, now_by_pair: dict[tuple[str, str], set[str]], new_waves: list[Wave]) -> list[str]:
    """Per indicator: areas in the imported wave but not the wave before it, and the other way round, given
    per (indicator, imported wave) the areas of its totals."""
    notes = []
    fresh = {w.id: (w.source, w.period_end) for w in new_waves}
    wave_table = store.df("SELECT id, label, source, period_end FROM waves")
    known = {r["id"]: (r["source"], r["period_end"]) for r in wave_table.to_dict("records")}
    pairs = []  # (indicator, imported wave, previous wave id, previous wave label, areas now)
    before: dict[str, tuple | None] = {}  # per imported wave: the wave before it (id, label), looked up once
    by_source: dict[str, list[tuple]] = {}  # per source: its stored waves (end, id, label), in time order
    for row in wave_table.sort_values("period_end", kind="stable").to_dict("records"):
        by_source.setdefault(row["source"], []).append((pd.Timestamp(row["period_end"]), row["id"], row["label"]))
    for (indicator_id, wave_id), now in sorted(now_by_pair.items()):
        if wave_id not in before:
            source, period_end = fresh.get(wave_id) or known[wave_id]
            earlier = [w for w in by_source.get(source, []) if w[0] < pd.Timestamp(period_end)]
            before[wave_id] = (earlier[-1][1], earlier[-1][2]) if earlier else None
        if before[wave_id] is None:
            continue
        pairs.append((indicator_id, *before[wave_id], now))
    if not pairs:
        return notes
    # One scan for all pairs: on a national store a query per pair would read the whole table each time.
    wanted = pd.DataFrame({"indicator_id": [p[0] for p in pairs], "wave_id": [p[1] for p in pairs]})
    with store.cursor() as cur:
        cur.register("wanted_pairs", wanted)
        try:
            found = cur.execute("SELECT o.indicator_id, o.wave_id, o.area_code FROM observations o "
                                "JOIN wanted_pairs w USING (indicator_id, wave_id) "
                                "WHERE o.group_factor = 'totaal'").df()
        finally:
            cur.unregister("wanted_pairs")
    before_by_pair = {key: set(part["area_code"].tolist())
                      for key, part in found.groupby(["indicator_id", "wave_id"])}
    for indicator_id, previous_id, previous_label, now in pairs:
        before = before_by_pair.get((indicator_id, previous_id), set())
        if before and before != now:
            gone, new = sorted(before - now), sorted(now - before)
            text = f"{indicator_id}: niet te vergelijken met {previous_label} voor"
            if gone:
                text += f" {', '.join(gone)} (alleen in de vorige meting)"
            if new:
                text += (" en" if gone else "") + f" {', '.join(new)} (alleen in deze meting)"
            notes.append(text + ".")
    return notes

