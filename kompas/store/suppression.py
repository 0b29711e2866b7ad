"""The small-group rule, in one place: a figure based on too few people is never shown, and cannot be
worked out from the figures that are shown, now or in an earlier version of the same table.

Primary rule. Counts about people need at least ``count`` (default 10) people; survey percentages and
scores need at least ``survey`` respondents (default 50; our own rule, CBS uses 100 and can be chosen as a
stricter profile). The numbers live in the store (``kompas.store.thresholds``) with a floor the
environment cannot lower. An indicator may raise its own threshold (``min_n``), never below the count
threshold. A count is its own n: a count imported without n is hidden when the count itself is under the
threshold (``base_n``). A figure that is not a count and has no n is not about a group of people.

Secondary rule, in three steps, always over *all* stored figures of an indicator (``decisions``), never over
what one page happens to read, so every page, export and CLI command hides the same figures:

1. Equations (``equations``): a margin and the parts that make it up, for one indicator and wave: the total
   of an area and the groups of one factor; each row and column of a pair of factors and its single-factor
   margin; a gemeente and its wijken, a wijk and its buurten; a wave whose period holds two or more waves of
   its source (a year and its quarters). Counts add up exactly, percentages and scores weighted by n (which is
   why n is hidden too).
2. Per equation: where one holds exactly one hidden figure, hide the visible part with the smallest n as
   well (the margin only when it is the sole other figure), until every equation holds 0 or ≥ 2.
3. Rank test (``kompas.store.suppression_rank``): per connected group of hidden figures, prove with linear algebra
   that none follows from the published figures by combining equations (the "bridge" a per-equation check
   misses), and hide more until none does. Method and sources: see that module (Gaussian-elimination audit,
   Langsrud 2024; Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, ch. 5).

Stable across revisions: every figure the rule has hidden is remembered (``hidden_history``, migration 008)
and stays hidden in later versions of the table, so an old and a new version never hide different cells
that together give a value away.

Who reads what: ``stored_figures`` and ``apply_stored`` give a person's view (``Store.as_user``) no value, n
or interval of a hidden figure, and the council no provisional figure.
"""

from __future__ import annotations

import math
from collections import defaultdict

import duckdb
import pandas as pd

from kompas.domain import roles as access_mod
from kompas.domain import settings, vocab
from kompas.store import thresholds
from kompas.store.connection import StoreView, raw
from kompas.store.suppression_rank import protect

SUPPRESSED_TEXT = vocab.SUPPRESSED_TEXT  # the primary rule: too few people
GUARDED_TEXT = vocab.GUARDED_TEXT  # the secondary rule
KEY = ["indicator_id", "wave_id", "area_code", "group_factor", "group_value"]
MEASURES = ("value", "ci_low", "ci_high", "se", "n")


def threshold(unit: str, min_n: int | None = None, store: StoreView | None = None) -> int:
    """The smallest n that may be shown for an indicator of ``unit`` with its own ``min_n``, under the
    store's thresholds (``kompas.store.thresholds``; the floor without a store).

    >>> threshold("procent"), threshold("aantal"), threshold("aantal", 25), threshold("aantal", 1)
    (50, 10, 25, 10)
    """
    rule = settings.thresholds() if store is None else thresholds.in_force(store)
    return rule.for_unit(unit, None if min_n is None or pd.isna(min_n) else int(min_n))


def base_n(frame: pd.DataFrame, units) -> pd.Series:
    """The number of people each figure is about: its n, or for a count ('aantal') without n the count itself.
    ``units``: one unit for all rows, or a sequence with one per row."""
    n = (
        pd.to_numeric(frame["n"], errors="coerce").astype("float64")
        if "n" in frame
        else pd.Series(math.nan, index=frame.index, dtype="float64")
    )
    is_count = (
        pd.Series(list(units), index=frame.index) if not isinstance(units, str) else pd.Series(units, index=frame.index)
    ) == "aantal"
    value = pd.to_numeric(frame["value"], errors="coerce").astype("float64") if "value" in frame else n * math.nan
    return n.where(n.notna() | ~is_count, value.abs())


def apply(
    frame: pd.DataFrame,
    unit: str,
    min_n: int | None = None,
    *,
    parents: dict | None = None,
    wave_parts: dict | None = None,
) -> pd.DataFrame:
    """A copy with ``suppressed`` (hidden for any reason) and ``too_small`` (under the threshold) columns;
    hidden rows lose value, interval, se and n. The frame must hold *every* figure the equations need (see
    the module docstring); for figures read from a store use ``apply_stored``.
    ``parents``: area code -> parent code; ``wave_parts``: wave id -> ids of the waves it holds.

    >>> f = pd.DataFrame({"group_factor": ["totaal", "g", "g", "g"], "group_value": ["totaal", "a", "b", "c"],
    ...                   "n": [200, 20, 120, 60], "value": [1.0, 2.0, 3.0, 4.0]})
    >>> apply(f, "procent")["suppressed"].tolist()
    [False, True, False, True]
    """
    people = base_n(frame, unit)
    return mask(
        frame,
        small(frame.assign(n=people), threshold(unit, min_n)),
        parents=parents,
        wave_parts=wave_parts,
        order_n=people,
    )


def small(frame: pd.DataFrame, limit) -> pd.Series:
    """The primary rule: rows with a known n under ``limit`` (a number, or a Series per row)."""
    n = pd.to_numeric(frame["n"], errors="coerce").astype("float64")
    return n.notna() & (n < limit)


def mask(
    frame: pd.DataFrame,
    too_small: pd.Series,
    *,
    parents: dict | None = None,
    wave_parts: dict | None = None,
    order_n: pd.Series | None = None,
) -> pd.DataFrame:
    """Apply the secondary rule to ``too_small`` and hide the measures of every hidden row (a copy)."""
    out = frame.copy()
    out["too_small"] = too_small.to_numpy(dtype=bool)
    out["suppressed"] = hidden(out, out["too_small"], parents=parents, wave_parts=wave_parts, order_n=order_n)
    return _blank(out)


def _blank(out: pd.DataFrame) -> pd.DataFrame:
    for column in MEASURES:
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64").mask(out["suppressed"])
    return out


def hidden(
    frame: pd.DataFrame,
    primary: pd.Series,
    *,
    parents: dict | None = None,
    wave_parts: dict | None = None,
    order_n: pd.Series | None = None,
) -> pd.Series:
    """Which rows to hide: ``primary`` plus what steps 2 and 3 of the secondary rule add (module docstring).
    ``order_n``: the n that decides which visible figure to hide first (default: the ``n`` column)."""
    positions = equations(frame, parents=parents, wave_parts=wave_parts)
    hide = list(primary.to_numpy(dtype=bool))
    if not any(hide):
        return pd.Series(hide, index=frame.index, dtype=bool)
    if order_n is None:
        order_n = pd.to_numeric(frame["n"], errors="coerce") if "n" in frame else pd.Series(math.nan, index=frame.index)
    n = order_n.astype("float64").tolist()
    order = sorted(range(len(frame)), key=lambda p: (math.inf if math.isnan(n[p]) else n[p], p))
    rank = {pos: r for r, pos in enumerate(order)}
    changed = True
    while changed:
        changed = False
        for margin, parts in positions:
            cells = parts + ([margin] if margin is not None else [])
            if sum(hide[c] for c in cells) != 1:
                continue
            candidates = [p for p in parts if not hide[p]] or [c for c in cells if not hide[c]]
            hide[min(candidates, key=rank.__getitem__)] = True
            changed = True
    return pd.Series(protect(positions, hide, order), index=frame.index, dtype=bool)


def equations(
    frame: pd.DataFrame, *, parents: dict | None = None, wave_parts: dict | None = None
) -> list[tuple[int | None, list[int]]]:
    """The equations between the rows of ``frame`` as (margin position or None, part positions), with
    positions counted from 0; only equations with at least two parts. The leak check uses these too."""
    keys = _keys(frame)
    where = {key: pos for pos, key in enumerate(keys)}
    found: dict[tuple, list[int]] = defaultdict(list)
    margins: dict[tuple, tuple] = {}
    for pos, (ind, wave, area, factor, value) in enumerate(keys):
        if factor != vocab.TOTAL:
            pair, groups = vocab.split_pair(factor), vocab.split_pair(value)
            if pair and groups:
                for side in (0, 1):
                    eq = ("pair", ind, wave, area, factor, side, groups[side])
                    found[eq].append(pos)
                    margins[eq] = (ind, wave, area, pair[side], groups[side])
            eq = ("groups", ind, wave, area, factor)
            found[eq].append(pos)
            margins[eq] = (ind, wave, area, vocab.TOTAL, vocab.TOTAL)
        parent = (parents or {}).get(area)
        if parent:
            eq = ("areas", ind, wave, parent, factor, value)
            found[eq].append(pos)
            margins[eq] = (ind, wave, parent, factor, value)
        for whole, parts in (wave_parts or {}).items():
            if wave in parts:
                eq = ("time", ind, whole, area, factor, value)
                found[eq].append(pos)
                margins[eq] = (ind, whole, area, factor, value)
    return [(where.get(margins[eq]), parts) for eq, parts in found.items() if len(parts) >= 2]


def _keys(frame: pd.DataFrame) -> list[tuple]:
    columns = [frame[c].astype(str).tolist() if c in frame else [""] * len(frame) for c in KEY]
    return list(zip(*columns))


# --- figures read from a store ------------------------------------------------------------------
def decide(store: StoreView, frame: pd.DataFrame) -> pd.DataFrame:
    """``too_small`` and ``suppressed`` for a frame of figures (the key columns, value, n, unit, min_n) that
    holds every figure of its indicators, e.g. all stored figures or a review's snapshot: the primary rule,
    the figures hidden before (``hidden_history``) and the secondary rule, under the store's thresholds.
    Returns a copy with both columns; the measures are left as they are."""
    out = frame.copy()
    units = [u if isinstance(u, str) else "procent" for u in out["unit"]] if "unit" in out else ["procent"] * len(out)
    mins = out["min_n"] if "min_n" in out else [None] * len(out)
    rule = thresholds.in_force(store)
    limits = pd.Series(
        [rule.for_unit(u, None if m is None or pd.isna(m) else int(m)) for u, m in zip(units, mins)],
        index=out.index,
        dtype="float64",
    )
    people = base_n(out, units)
    out["too_small"] = people.notna() & (people < limits)
    before = _history(store, sorted(set(out["indicator_id"].astype(str)))) if len(out) else set()
    earlier = pd.Series([k in before for k in _keys(out)], index=out.index, dtype=bool)
    out["suppressed"] = hidden(
        out, out["too_small"] | earlier, parents=area_parents(store), wave_parts=wave_parts(store), order_n=people
    )
    return out


def stored_figures(store: StoreView, indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """Every stored figure of these indicators (None: all) with the rule applied: the key columns, value, n,
    ci_low, ci_high, se, unit, min_n, too_small and suppressed. The system (``Store.as_system``) gets the
    measures of hidden figures too (the leak check needs them); a person's view gets them blank, and the
    council no provisional figures. One indicator's figures never affect another's."""
    frame = raw(store).df(
        "SELECT o.indicator_id, o.wave_id, o.area_code, o.group_factor, o.group_value, o.value, o.n, "
        "o.ci_low, o.ci_high, o.se, i.unit, i.min_n, coalesce(o.provisional, false) AS provisional "
        "FROM observations o JOIN indicators i ON i.id = o.indicator_id "
        "WHERE ?::VARCHAR[] IS NULL OR list_contains(?, o.indicator_id)",
        [indicator_ids, indicator_ids],
    )
    decided = decide(store, frame)
    _remember(store, decided[decided["suppressed"]])
    access = access_mod.of(store)
    if access is access_mod.OWNER:
        return decided.drop(columns="provisional")
    if not access.sees_provisional:
        decided = decided[~decided["provisional"]].reset_index(drop=True)
    return _blank(decided).drop(columns="provisional")


def apply_stored(store: StoreView, frame: pd.DataFrame, indicator_id: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` (rows of stored figures: wave_id, area_code, group_factor, group_value and
    ``indicator_id`` as a column or argument) with ``too_small`` and ``suppressed`` as the rule decides
    over all stored figures of those indicators, and the measures of hidden rows removed (counts rounded
    under the CBS profile). Example: ``apply_stored(store, store.df("SELECT * FROM observations"))``."""
    out = frame.copy()
    if indicator_id is not None:
        out["indicator_id"] = indicator_id
    ids = sorted(set(out["indicator_id"].astype(str))) if len(out) else []
    flags = decisions(store, ids)
    keys = _keys(out)
    out["too_small"] = [flags.get(k, (False, False))[0] for k in keys]
    out["suppressed"] = [flags.get(k, (False, False))[1] for k in keys]
    if not access_mod.of(store).sees_provisional and len(out):  # the council: never a provisional figure
        provisional = set(_keys(raw(store).df(f"SELECT {', '.join(KEY)} FROM observations WHERE provisional")))
        out["suppressed"] = out["suppressed"] | pd.Series([k in provisional for k in keys], index=out.index)
    out = _round_counts(store, _blank(out), ids)
    if indicator_id is not None:
        out = out.drop(columns="indicator_id") if "indicator_id" not in frame else out
    return out


def _round_counts(store: StoreView, out: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Under the CBS profile, shown counts (value, n and interval of 'aantal' indicators) to a multiple of 5."""
    step = thresholds.in_force(store).round_counts_to
    if step == 1 or not ids:
        return out
    counts = set(raw(store).df("SELECT id FROM indicators WHERE unit = 'aantal' AND list_contains(?, id)", [ids])["id"])
    rows = out["indicator_id"].astype(str).isin(counts)
    for column in ("value", "n", "ci_low", "ci_high"):
        if column in out:
            out.loc[rows, column] = (out.loc[rows, column] / step).round() * step
    return out


def decisions(store: StoreView, indicator_ids: list[str]) -> dict[tuple, tuple[bool, bool]]:
    """Key -> (too_small, suppressed) for every stored figure of these indicators that is hidden.

    Deciding needs all figures of an indicator (nationally ~100,000), so each indicator's decision is
    kept on the store until its data or the thresholds change: every page, session and export in the
    process then reads the same decision, and only the first read after a change pays for it. Only hidden
    figures are kept, so the memory stays small.
    """
    holder = getattr(store, "base", store)  # a person's view shares its store's memo
    memo = holder.__dict__.setdefault("_suppression_memo", {})
    version = (holder.data_version, thresholds.in_force(store))
    if memo.get("_version") != version:
        memo.clear()
        memo["_version"] = version
    missing = [i for i in indicator_ids if i not in memo]
    memo.update({i: {} for i in missing if i not in _with_small_figures(store, missing)})
    missing = [i for i in indicator_ids if i not in memo]
    if missing:
        decided = stored_figures(raw(store), missing)  # the whole rule, before filtering for the reader
        hidden_rows = decided[decided["too_small"] | decided["suppressed"]]
        found = {i: {} for i in missing}
        for key, small_flag, hidden_flag in zip(
            _keys(hidden_rows), hidden_rows["too_small"], hidden_rows["suppressed"]
        ):
            found[key[0]][key] = (bool(small_flag), bool(hidden_flag))
        memo.update(found)
    return {k: v for i in indicator_ids for k, v in memo[i].items()}


def _with_small_figures(store: StoreView, indicator_ids: list[str]) -> set[str]:
    """The indicators with at least one figure under their threshold (a count without n by its value) or
    hidden before: only these can have hidden figures, so the others skip the (nationally costly) secondary rule."""
    if not indicator_ids:
        return set()
    units = raw(store).df("SELECT id, unit, min_n FROM indicators WHERE list_contains(?, id)", [indicator_ids])
    rule = thresholds.in_force(store)
    limits = [
        [i, float(rule.for_unit(u, None if pd.isna(m) else int(m))), u == "aantal"]
        for i, u, m in zip(units["id"], units["unit"], units["min_n"])
    ]
    if not limits:
        return set()
    found = raw(store).df(
        "SELECT DISTINCT o.indicator_id FROM observations o JOIN (SELECT unnest(?::VARCHAR[]) AS id, "
        "unnest(?::DOUBLE[]) AS lim, unnest(?::BOOLEAN[]) AS is_count) t ON t.id = o.indicator_id "
        "WHERE coalesce(o.n, CASE WHEN t.is_count THEN abs(o.value) END) < t.lim "
        "UNION SELECT DISTINCT indicator_id FROM hidden_history WHERE list_contains(?, indicator_id)",
        [[i for i, _, _ in limits], [lim for _, lim, _ in limits], [c for _, _, c in limits], indicator_ids],
    )
    return set(found["indicator_id"])


def _history(store: StoreView, indicator_ids: list[str]) -> set[tuple]:
    """The keys of the figures of these indicators the rule has hidden before."""
    rows = raw(store).df(
        f"SELECT {', '.join(KEY)} FROM hidden_history WHERE list_contains(?, indicator_id)", [indicator_ids]
    )
    return set(_keys(rows))


def _remember(store: StoreView, hidden_rows: pd.DataFrame) -> None:
    """Add newly hidden figures to ``hidden_history`` (only keys; not a change of the data, so cached reads
    stay valid). Works for every role: the rule, not the reader, decides what is hidden."""
    if hidden_rows.empty:
        return
    keys = pd.DataFrame(_keys(hidden_rows), columns=KEY)
    try:
        with getattr(store, "base", store).transaction(changes_data=False) as cur:
            cur.register("hidden_now", keys)
            cur.execute(
                f"INSERT INTO hidden_history ({', '.join(KEY)}) SELECT * FROM hidden_now ON CONFLICT DO NOTHING"
            )
            cur.unregister("hidden_now")
    except duckdb.TransactionException:
        pass  # another writer holds these rows now; the next read remembers them


def area_parents(store: StoreView) -> dict[str, str]:
    """Area code -> the code of the area it lies in."""
    rows = raw(store).rows("SELECT code, parent_code FROM areas WHERE parent_code IS NOT NULL")
    return {r["code"]: r["parent_code"] for r in rows}


def wave_parts(store: StoreView) -> dict[str, list[str]]:
    """Wave id -> the other waves of its source whose period lies within it (when there are two or more)."""
    rows = raw(store).rows(
        "SELECT w.id AS whole, p.id AS part FROM waves w JOIN waves p ON p.source = w.source AND p.id <> w.id "
        "AND p.period_start >= w.period_start AND p.period_end <= w.period_end ORDER BY 1, 2"
    )
    found: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        found[r["whole"]].append(r["part"])
    return {k: v for k, v in found.items() if len(v) >= 2}


def reason(row) -> str:
    """Why a figure is not shown, in Dutch, for a row with ``too_small`` (and ``suppressed``)."""
    if row.get("too_small", True):
        return SUPPRESSED_TEXT
    return GUARDED_TEXT
