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

from kompas.analysis import compare
from kompas.domain import roles as access_mod
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.store import audit, toc
from kompas.store.connection import StoreView

STATUS = {"ondersteund": "Ondersteund", "tegengesproken": "Tegengesproken", "onbekend": "Nog niet bekend"}


def set_lag(store: StoreView, edge_id: int, lag_years: int) -> None:
    """How many years the target lags behind the source on this arrow (0–10)."""
    _edge(store, edge_id)
    if not 0 <= int(lag_years) <= 10:
        raise ValidationError({"lag_years": "Kies een vertraging van 0 tot 10 jaar."})
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO edge_lags VALUES (?, ?) ON CONFLICT (edge_id) DO UPDATE SET lag_years = excluded.lag_years",
            [edge_id, int(lag_years)],
        )
        audit.record(
            cur, access_mod.of(store), "gewijzigd", "veronderstelling", edge_id, f"vertraging {lag_years} jaar"
        )


def overrule(
    store: StoreView, edge_id: int, wave_id: str, status: str, reason: str, note_ids: tuple[int, ...] = ()
) -> None:
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
        cur.execute(
            "INSERT INTO edge_overrules (edge_id, wave_id, status, reason, note_ids, author) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (edge_id, wave_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, "
            "note_ids = excluded.note_ids, author = excluded.author, updated_at = now()",
            [edge_id, wave_id, status, reason.strip(), ids, access.user],
        )
        audit.record(
            cur, access, "gewijzigd", "veronderstelling", f"{edge_id}/{wave_id}", f"{STATUS[status]}: {reason}"
        )


def status_per_arrow(store: StoreView, programme_id: str | None = None) -> list[dict]:
    """Per arrow with indicators at both ends: edge_id, source_id, target_id, source_title, target_title,
    assumption, lag_years, status (the latest wave's that is known, else 'onbekend') and timeline: per target wave in time order, wave_id,
    wave_label, status, derived (what the figures say), overruled (bool), reason, note_ids and figures (per
    indicator: indicator_id, end 'bron'/'doel', wave_from, wave_to, verdict, value_from, value_to).
    Every wave pair the arrows need is judged in one read (``compare.judged_pairs``)."""
    edges = toc.edges(store, programme_id)
    inds = store.df(
        "SELECT i.id, i.node_id FROM indicators i WHERE i.id NOT IN (SELECT indicator_id FROM population_indicators)"
    )
    by_node = inds.groupby("node_id")["id"].apply(list).to_dict()
    gemeente = store.scalar("SELECT code FROM areas WHERE level = 'gemeente' ORDER BY code LIMIT 1")
    waves = _Waves(_waves_with_totals(store, gemeente))
    lags = dict(store.df("SELECT edge_id, lag_years FROM edge_lags").itertuples(index=False, name=None))
    overrules = {(r["edge_id"], r["wave_id"]): r for r in store.rows("SELECT * FROM edge_overrules")}
    plans = []  # per arrow: its lag and, per target wave, the (indicator, end, pair) moves to judge
    for e in edges.to_dict("records"):
        sources, targets = by_node.get(e["source_id"], []), by_node.get(e["target_id"], [])
        if not sources or not targets:
            continue
        lag = int(lags.get(e["id"], 0))
        steps = []
        for wave_id in waves.target_waves(targets):
            moves = [(t, "doel", pair) for t in targets if (pair := waves.pair_ending(t, wave_id))]
            if not moves:
                continue
            start_year = moves[0][2][0]["year"]
            year = waves.year[wave_id]
            moves += [
                (s, "bron", pair)
                for s in sources
                if (pair := waves.pair_by_years(s, start_year - lag if start_year else None, year - lag))
            ]
            steps.append((wave_id, moves))
        plans.append((e, lag, steps))
    judged = _judged(store, gemeente, [m for _, _, steps in plans for _, moves in steps for m in moves])
    out = []
    for e, lag, steps in plans:
        timeline = []
        for wave_id, moves in steps:
            figures, ends = [], {"doel": [], "bron": []}
            for indicator_id, end, (wave_from, wave_to) in moves:
                row = judged[(wave_from["label"], wave_to["label"])].get(indicator_id)
                if row is None:
                    ends[end].append(None)
                    continue
                ends[end].append(_step(row))
                figures.append(
                    {
                        "indicator_id": indicator_id,
                        "end": end,
                        "wave_from": wave_from["id"],
                        "wave_to": wave_to["id"],
                        "verdict": row["verdict"],
                        "value_from": _plain(row["value_from"]),
                        "value_to": _plain(row["value_to"]),
                    }
                )
            derived = _status(_combined(ends["bron"]), _combined(ends["doel"]))
            own = overrules.get((e["id"], wave_id))
            timeline.append(
                {
                    "wave_id": wave_id,
                    "wave_label": waves.label[wave_id],
                    "status": own["status"] if own else derived,
                    "derived": derived,
                    "overruled": own is not None,
                    "reason": own["reason"] if own else "",
                    "note_ids": list(own["note_ids"]) if own else [],
                    "figures": figures,
                }
            )
        out.append(
            {
                "edge_id": int(e["id"]),
                "source_id": e["source_id"],
                "target_id": e["target_id"],
                "source_title": e["source_title"],
                "target_title": e["target_title"],
                "assumption": e["assumption"],
                "lag_years": lag,
                "status": _latest_known(timeline),
                "timeline": timeline,
            }
        )
    return out


def since(store: StoreView, wave_ids: set[str], after, until=None) -> list[str]:
    """Dutch lines for the review's "since last time": the status of each arrow at a wave that got new or
    revised figures (``wave_ids``) when it is supported or contradicted, and each status the werkgroep set between ``after`` and ``until``
    (timestamps; ``until`` None: now). Empty, without testing anything, when neither happened."""
    overruled = {
        (r["edge_id"], r["wave_id"])
        for r in store.rows(
            "SELECT edge_id, wave_id FROM edge_overrules WHERE updated_at > ? AND (?::TIMESTAMP IS NULL OR updated_at <= ?)",
            [after, until, until],
        )
    }
    if not wave_ids and not overruled:
        return []
    lines = []
    for arrow in status_per_arrow(store):
        for step in arrow["timeline"]:
            anew = step["wave_id"] in wave_ids and step["status"] != "onbekend"  # "not yet known" is no news
            if anew or (arrow["edge_id"], step["wave_id"]) in overruled:
                who = " (vastgesteld door de werkgroep)" if step["overruled"] else ""
                lines.append(
                    f"Veronderstelling '{arrow['source_title']} → {arrow['target_title']}' bij "
                    f"{step['wave_label']}: {STATUS[step['status']].lower()}{who}."
                )
    return lines


def _judged(store: StoreView, gemeente: str, moves: list[tuple]) -> dict[tuple[str, str], dict[str, dict]]:
    """(from label, to label) -> indicator id -> its row of ``compare.judged`` for the gemeente's total."""
    wanted: dict[tuple[str, str], set[str]] = {}
    for indicator_id, _, (wave_from, wave_to) in moves:
        wanted.setdefault((wave_from["label"], wave_to["label"]), set()).add(indicator_id)
    found = compare.judged_pairs(
        store, {k: sorted(v) for k, v in wanted.items()}, area_codes=[gemeente], totals_only=True
    )
    out: dict[tuple[str, str], dict[str, dict]] = {key: {} for key in wanted}
    needed = ["wave_from", "wave_to", "indicator_id", "verdict", "diff", "direction", "value_from", "value_to"]
    for row in (found[needed] if len(found.columns) else found).to_dict("records"):  # what a move reads
        out[(row["wave_from"], row["wave_to"])].setdefault(row["indicator_id"], row)  # the first, as by index
    return out


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
        "AND o.value IS NOT NULL ORDER BY w.period_end",
        [gemeente],
    )


class _Waves:
    """The waves with a total of the gemeente, per indicator in time order (lists, not a DataFrame filtered per
    question: an arrow asks several questions per wave)."""

    def __init__(self, frame: pd.DataFrame):
        self.own: dict[str, list[dict]] = {}
        self.year: dict[str, int] = {}
        self.label: dict[str, str] = {}
        for r in frame.to_dict("records"):
            wave = {"id": r["wave_id"], "label": r["label"], "year": int(r["year"]), "period_end": r["period_end"]}
            self.own.setdefault(r["indicator_id"], []).append(wave)
            self.year.setdefault(r["wave_id"], wave["year"])
            self.label.setdefault(r["wave_id"], r["label"])

    def target_waves(self, targets: list[str]) -> list[str]:
        """The waves of the targets after their first, in time order."""
        seen: dict[str, object] = {}
        for t in targets:
            for w in self.own.get(t, []):
                seen.setdefault(w["id"], w["period_end"])
        ordered = sorted(seen, key=seen.get)  # stable: ties keep the read's order
        return ordered[1:] if len(ordered) > 1 else []

    def pair_ending(self, indicator_id: str, wave_id: str) -> tuple[dict, dict] | None:
        """The indicator's wave before ``wave_id`` and that wave; None when it has none before."""
        own = self.own.get(indicator_id, [])
        at = next((i for i, w in enumerate(own) if w["id"] == wave_id), None)
        if not at:
            return None
        return _as_wave(own[at - 1]), _as_wave(own[at])

    def pair_by_years(self, indicator_id: str, year_from: int | None, year_to: int) -> tuple[dict, dict] | None:
        """The source's latest wave in or before each year (the lag already taken off); None when they coincide."""
        if year_from is None:
            return None
        own = self.own.get(indicator_id, [])
        before = [w for w in own if w["year"] <= year_from]
        until = [w for w in own if w["year"] <= year_to]
        if not before or not until or before[-1]["id"] == until[-1]["id"]:
            return None
        return _as_wave(before[-1]), _as_wave(until[-1])


def _as_wave(wave: dict) -> dict:
    return {"id": wave["id"], "label": wave["label"], "year": wave["year"]}


def _edge(store: StoreView, edge_id: int) -> None:
    if not store.scalar("SELECT count(*) FROM edges WHERE id = ?", [int(edge_id)]):
        raise NotFoundError("Pijl", edge_id)


def _plain(value):
    return None if pd.isna(value) else float(value)
