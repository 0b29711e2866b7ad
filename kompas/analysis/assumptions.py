"""The assumptions of the theory of change, tested wave by wave.

Every arrow (source → target) gets a status per wave of the target's indicators: 'ondersteund' (supported),
'tegengesproken' (contradicted) or 'onbekend' (not yet known). The rule: between two waves of a target
indicator, did the target move as the source did ``lag_years`` earlier? Each move is the one verdict of
``kompas.analysis.verdict`` for the gemeente's total between the two waves (through ``compare.judged``, so the same
figure gets the same word everywhere): 'beter' is +1, 'slechter' −1; a figure without a margin of error
(a count) moves by its sign read with its direction. Same direction: supported; opposite: contradicted;
no real move on either end, or no figures: not yet known. Several indicators at one end: the end moved
when some did and none moved the other way. The werkgroep may overrule a wave's status, with a reason
and stories as evidence; the derived status stays beside it.
"""

from __future__ import annotations

import pandas as pd

from kompas.domain import roles as access_mod
from kompas.store import audit, toc
from kompas.analysis import compare
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.store.connection import StoreView

STATUS = {"ondersteund": "Ondersteund", "tegengesproken": "Tegengesproken", "onbekend": "Nog niet bekend"}


def set_lag(store: StoreView, edge_id: int, lag_years: int) -> None:
    """How many years the target lags behind the source on this arrow (0–10)."""
    _edge(store, edge_id)
    if not 0 <= int(lag_years) <= 10:
        raise ValidationError({"lag_years": "Kies een vertraging van 0 tot 10 jaar."})
    with store.transaction() as cur:
        cur.execute("INSERT INTO edge_lags VALUES (?, ?) ON CONFLICT (edge_id) DO UPDATE SET lag_years = excluded.lag_years",
                    [edge_id, int(lag_years)])
        audit.record(cur, access_mod.of(store), "gewijzigd", "veronderstelling", edge_id, f"vertraging {lag_years} jaar")


def overrule(store: StoreView, edge_id: int, wave_id: str, status: str, reason: str, note_ids: tuple[int, ...] = ()) -> None:
    """The werkgroep's own status for one arrow at one wave. Raises ``ValidationError`` without a reason,
    for an unknown status or story; ``NotAllowedError`` for roles that may not edit."""
    access_mod.of(store).require_edit()  # a reading role hears 'not allowed' before any check
    _edge(store, edge_id)
    errors = {}
    if status not in STATUS:
        errors["status"] = "Kies ondersteund, tegengesproken of nog niet bekend."
    if not reason.strip():
        errors["reason"] = "Schrijf op waarom de werkgroep dit vindt."
    if not store.scalar("SELECT count(*) FROM waves WHERE id = ?", [wave_id]):
        errors["wave_id"] = f"Meting '{wave_id}' bestaat niet."
    ids = sorted(set(int(i) for i in note_ids))
    if ids and store.scalar("SELECT count(*) FROM notes WHERE list_contains(?, id)", [ids]) != len(ids):
        errors["note_ids"] = "Kies bestaande verhalen als bewijs."
    ValidationError.raise_if(errors)
    access = access_mod.of(store)
    with store.transaction() as cur:
        cur.execute("INSERT INTO edge_overrules (edge_id, wave_id, status, reason, note_ids, author) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (edge_id, wave_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, "
                    "note_ids = excluded.note_ids, author = excluded.author, updated_at = now()",
                    [edge_id, wave_id, status, reason.strip(), ids, access.user])
        audit.record(cur, access, "gewijzigd", "veronderstelling", f"{edge_id}/{wave_id}", f"{STATUS[status]}: {reason}")


def status_per_arrow(store: StoreView, programme_id: str | None = None) -> list[dict]:
    """Per arrow with indicators at both ends: edge_id, source_id, target_id, source_title, target_title,
    assumption, lag_years, status (the latest wave's that is known, else 'onbekend') and timeline: per target wave in time order, wave_id,
    wave_label, status, derived (what the figures say), overruled (bool), reason, note_ids and figures (per
    indicator: indicator_id, end 'bron'/'doel', wave_from, wave_to, verdict, value_from, value_to)."""
    edges = toc.edges(store, programme_id)
    inds = store.df("SELECT i.id, i.node_id FROM indicators i WHERE i.id NOT IN "
                    "(SELECT indicator_id FROM population_indicators)")
    by_node = inds.groupby("node_id")["id"].apply(list).to_dict()
    gemeente = store.scalar("SELECT code FROM areas WHERE level = 'gemeente' ORDER BY code LIMIT 1")
    waves = _waves_with_totals(store, gemeente)
    lags = dict(store.df("SELECT edge_id, lag_years FROM edge_lags").itertuples(index=False, name=None))
    overrules = {(r["edge_id"], r["wave_id"]): r for r in store.rows("SELECT * FROM edge_overrules")}
    moves = _Moves(store, gemeente)
    out = []
    for e in edges.to_dict("records"):
        sources, targets = by_node.get(e["source_id"], []), by_node.get(e["target_id"], [])
        if not sources or not targets:
            continue
        lag = int(lags.get(e["id"], 0))
        timeline = []
        for wave_id in _target_waves(waves, targets):
            figures, target_moves, source_moves = [], [], []
            for t in targets:
                pair = _pair_ending(waves, t, wave_id)
                if pair:
                    target_moves.append(moves.move(t, *pair, figures, "doel"))
            if not target_moves:
                continue
            year = waves.loc[waves["wave_id"] == wave_id, "year"].iloc[0]
            start_year = _start_year(waves, targets, wave_id)
            for s in sources:
                pair = _pair_by_years(waves, s, start_year - lag if start_year else None, year - lag)
                if pair:
                    source_moves.append(moves.move(s, *pair, figures, "bron"))
            derived = _status(_combined(source_moves), _combined(target_moves))
            own = overrules.get((e["id"], wave_id))
            timeline.append({"wave_id": wave_id, "wave_label": waves.loc[waves["wave_id"] == wave_id, "label"].iloc[0],
                             "status": own["status"] if own else derived, "derived": derived,
                             "overruled": own is not None, "reason": own["reason"] if own else "",
                             "note_ids": list(own["note_ids"]) if own else [], "figures": figures})
        out.append({"edge_id": int(e["id"]), "source_id": e["source_id"], "target_id": e["target_id"],
                    "source_title": e["source_title"], "target_title": e["target_title"],
                    "assumption": e["assumption"], "lag_years": lag,
                    "status": _latest_known(timeline), "timeline": timeline})
    return out


def since(store: StoreView, wave_ids: set[str], after, until=None) -> list[str]:
    """Dutch lines for the review's "since last time": the status of each arrow at a wave that got new or
    revised figures (``wave_ids``) when it is supported or contradicted, and each status the werkgroep set between ``after`` and ``until``
    (timestamps; ``until`` None: now). Empty, without testing anything, when neither happened."""
    overruled = {(r["edge_id"], r["wave_id"]) for r in store.rows(
        "SELECT edge_id, wave_id FROM edge_overrules WHERE updated_at > ? AND (?::TIMESTAMP IS NULL OR updated_at <= ?)",
        [after, until, until])}
    if not wave_ids and not overruled:
        return []
    lines = []
    for arrow in status_per_arrow(store):
        for step in arrow["timeline"]:
            anew = step["wave_id"] in wave_ids and step["status"] != "onbekend"  # "not yet known" is no news
            if anew or (arrow["edge_id"], step["wave_id"]) in overruled:
                who = " (vastgesteld door de werkgroep)" if step["overruled"] else ""
                lines.append(f"Veronderstelling '{arrow['source_title']} → {arrow['target_title']}' bij "
                             f"{step['wave_label']}: {STATUS[step['status']].lower()}{who}.")
    return lines


class _Moves:
    """Verdicts of the gemeente's totals per wave pair, one ``compare.judged`` call per pair."""

    def __init__(self, store: StoreView, gemeente: str):
        self.store, self.gemeente, self.pairs = store, gemeente, {}

    def move(self, indicator_id: str, wave_from: dict, wave_to: dict, figures: list, end: str) -> int | None:
        key = (wave_from["label"], wave_to["label"])
        if key not in self.pairs:
            self.pairs[key] = compare.judged(self.store, *key, area_codes=[self.gemeente], totals_only=True) \
                .set_index("indicator_id")
        frame = self.pairs[key]
        if indicator_id not in frame.index:
            return None
        row = frame.loc[indicator_id]
        row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
        step = _step(row)
        figures.append({"indicator_id": indicator_id, "end": end, "wave_from": wave_from["id"],
                        "wave_to": wave_to["id"], "verdict": row["verdict"],
                        "value_from": _plain(row["value_from"]), "value_to": _plain(row["value_to"])})
        return step


def _latest_known(timeline: list[dict]) -> str:
    known = [t["status"] for t in timeline if t["status"] != "onbekend"]
    return known[-1] if known else "onbekend"


def _step(row) -> int | None:
    if row["verdict"] == "beter":
        return 1
    if row["verdict"] == "slechter":
        return -1
    if row["verdict"] == "zonder_marge" and pd.notna(row["diff"]) and row["diff"] != 0:
        sign = 1 if row["diff"] > 0 else -1
        return {"hoger": sign, "lager": -sign}.get(row["direction"])
    return None


def _combined(steps: list[int | None]) -> int | None:
    moved = {s for s in steps if s}
    return moved.pop() if len(moved) == 1 else None


def _status(source: int | None, target: int | None) -> str:
    if source is None or target is None:
        return "onbekend"
    return "ondersteund" if source == target else "tegengesproken"


def _waves_with_totals(store: StoreView, gemeente: str) -> pd.DataFrame:
    return store.df(
        "SELECT DISTINCT o.indicator_id, w.id AS wave_id, w.label, w.period_end, year(w.period_end) AS year "
        "FROM observations o JOIN waves w ON w.id = o.wave_id WHERE o.area_code = ? AND o.group_factor = 'totaal' "
        "AND o.value IS NOT NULL ORDER BY w.period_end", [gemeente])


def _target_waves(waves: pd.DataFrame, targets: list[str]) -> list[str]:
    part = waves[waves["indicator_id"].isin(targets)].drop_duplicates("wave_id").sort_values("period_end")
    return list(part["wave_id"])[1:] if part["wave_id"].nunique() > 1 else []


def _pair_ending(waves: pd.DataFrame, indicator_id: str, wave_id: str):
    own = waves[waves["indicator_id"] == indicator_id].reset_index(drop=True)
    at = own.index[own["wave_id"] == wave_id]
    if len(at) == 0 or at[0] == 0:
        return None
    return _as_wave(own.iloc[at[0] - 1]), _as_wave(own.iloc[at[0]])


def _start_year(waves: pd.DataFrame, targets: list[str], wave_id: str) -> int | None:
    for t in targets:
        pair = _pair_ending(waves, t, wave_id)
        if pair:
            return int(pair[0]["year"])
    return None


def _pair_by_years(waves: pd.DataFrame, indicator_id: str, year_from: int | None, year_to: int):
    """The source's latest wave in or before each year (the lag already taken off); None when they coincide."""
    if year_from is None:
        return None
    own = waves[waves["indicator_id"] == indicator_id]
    before, until = own[own["year"] <= year_from], own[own["year"] <= year_to]
    if before.empty or until.empty or before.iloc[-1]["wave_id"] == until.iloc[-1]["wave_id"]:
        return None
    return _as_wave(before.iloc[-1]), _as_wave(until.iloc[-1])


def _as_wave(row) -> dict:
    return {"id": row["wave_id"], "label": row["label"], "year": int(row["year"])}


def _edge(store: StoreView, edge_id: int) -> None:
    if not store.scalar("SELECT count(*) FROM edges WHERE id = ?", [int(edge_id)]):
        raise NotFoundError("Pijl", edge_id)


def _plain(value):
    return None if pd.isna(value) else float(value)
