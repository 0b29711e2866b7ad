"""The small-group rule, in one place: a figure based on too few people is never shown, and cannot be
worked out from the figures that are shown.

Primary rule. Counts about people (meldingen, deelnemers) need at least ``min_n_count`` (default 10);
survey percentages and scores need at least ``min_n_survey`` respondents (default 50). An indicator
may set its own threshold (``min_n``). A figure without n (e.g. the number of meetings held) is not
about a group of people and is not hidden by this rule.

Secondary rule. A hidden figure must not be recomputable. Figures are tied together by *equations*:
a margin and the parts that make it up. For one indicator and wave:

- groups: the total of an area = the groups of one factor in that area;
- pairs of factors (``vocab.PAIR_SEP``): each row and each column of the cross table adds up to the
  single-factor figure of that row or column (its margin), and the whole table to the area's total;
- areas: a figure (total or group) of a gemeente = the same figure of its wijken; of a wijk = its buurten;
- time: a wave whose period holds two or more other waves of the same source (a year and its quarters)
  = those waves, for the same area and group.

Counts add up exactly; percentages and scores add up weighted by n, which is why n is hidden too.
Wherever an equation with at least two parts has exactly one hidden figure (a part or its margin), the
visible part with the smallest n is hidden as well (the margin only when it is the sole other figure), and
this is repeated until no equation has a single hidden figure. So every equation holds 0 or ≥ 2 hidden
figures. The rule always runs over *all* figures of an indicator (``apply_stored``), never over what one
page happens to read, so every page, export and CLI command hides the same figures.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pandas as pd

from kompas import settings, vocab
from kompas.store import Store

SUPPRESSED_TEXT = "te klein om te tonen"
GUARDED_TEXT = "verborgen zodat een kleine groep niet terug te rekenen is"  # hidden by the secondary rule
KEY = ["indicator_id", "wave_id", "area_code", "group_factor", "group_value"]
MEASURES = ("value", "ci_low", "ci_high", "se", "n")


def threshold(unit: str, min_n: int | None = None) -> int:
    """The smallest n that may be shown for an indicator.

    >>> threshold("procent"), threshold("aantal"), threshold("aantal", 25)
    (50, 10, 25)
    """
    if min_n is not None and not pd.isna(min_n):
        return int(min_n)
    return settings.get_int("min_n_count" if unit == "aantal" else "min_n_survey")


def apply(frame: pd.DataFrame, unit: str, min_n: int | None = None, *, parents: dict | None = None,
          wave_parts: dict | None = None) -> pd.DataFrame:
    """A copy with ``suppressed`` (hidden for any reason) and ``too_small`` (n under the threshold)
    columns; hidden rows lose value, interval, se and n (n too: with the total's n and the other
    groups' n it would help estimate the hidden value). The frame must hold *every* figure the
    equations need (see the module docstring); for figures read from a store use ``apply_stored``.
    ``parents``: area code -> parent code; ``wave_parts``: wave id -> ids of the waves it holds.

    >>> f = pd.DataFrame({"group_factor": ["totaal", "g", "g", "g"], "group_value": ["totaal", "a", "b", "c"],
    ...                   "n": [200, 20, 120, 60], "value": [1.0, 2.0, 3.0, 4.0]})
    >>> apply(f, "procent")["suppressed"].tolist()
    [False, True, False, True]
    """
    limit = threshold(unit, min_n)
    return mask(frame, small(frame, limit), parents=parents, wave_parts=wave_parts)


def small(frame: pd.DataFrame, limit) -> pd.Series:
    """The primary rule: rows with a known n under ``limit`` (a number, or a Series per row)."""
    n = pd.to_numeric(frame["n"], errors="coerce").astype("float64")
    return n.notna() & (n < limit)


def mask(frame: pd.DataFrame, too_small: pd.Series, *, parents: dict | None = None,
         wave_parts: dict | None = None) -> pd.DataFrame:
    """Apply the secondary rule to ``too_small`` and hide the measures of every hidden row (a copy)."""
    out = frame.copy()
    out["too_small"] = too_small.to_numpy(dtype=bool)
    out["suppressed"] = hidden(out, out["too_small"], parents=parents, wave_parts=wave_parts)
    for column in MEASURES:
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64").mask(out["suppressed"])
    return out


def hidden(frame: pd.DataFrame, primary: pd.Series, *, parents: dict | None = None,
           wave_parts: dict | None = None) -> pd.Series:
    """Which rows to hide: ``primary`` plus what the secondary rule adds (the module docstring)."""
    positions = equations(frame, parents=parents, wave_parts=wave_parts)
    hide = list(primary.to_numpy(dtype=bool))
    n = pd.to_numeric(frame["n"], errors="coerce").astype("float64").tolist() if "n" in frame else [math.nan] * len(frame)
    order = {pos: rank for rank, pos in enumerate(sorted(range(len(frame)), key=lambda p: (
        math.inf if math.isnan(n[p]) else n[p], p)))}
    changed = True
    while changed:
        changed = False
        for margin, parts in positions:
            cells = parts + ([margin] if margin is not None else [])
            if sum(hide[c] for c in cells) != 1:
                continue
            candidates = [p for p in parts if not hide[p]] or [c for c in cells if not hide[c]]
            hide[min(candidates, key=order.__getitem__)] = True
            changed = True
    return pd.Series(hide, index=frame.index, dtype=bool)


def equations(frame: pd.DataFrame, *, parents: dict | None = None,
              wave_parts: dict | None = None) -> list[tuple[int | None, list[int]]]:
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
def stored_figures(store: Store, indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """Every stored figure of these indicators (None: all) with the rule applied: the key columns,
    value, n, ci_low, ci_high, se, unit, min_n, too_small and suppressed, before any masking of the
    measures. One indicator's figures never affect another's."""
    frame = store.df(
        "SELECT o.indicator_id, o.wave_id, o.area_code, o.group_factor, o.group_value, o.value, o.n, "
        "o.ci_low, o.ci_high, o.se, i.unit, i.min_n FROM observations o JOIN indicators i ON i.id = o.indicator_id "
        "WHERE ?::VARCHAR[] IS NULL OR list_contains(?, o.indicator_id)", [indicator_ids, indicator_ids])
    limits = [threshold(u, m) for u, m in zip(frame["unit"], frame["min_n"])]
    frame["too_small"] = small(frame, pd.Series(limits, index=frame.index, dtype="float64"))
    frame["suppressed"] = hidden(frame, frame["too_small"], parents=area_parents(store),
                                 wave_parts=wave_parts(store))
    return frame


def apply_stored(store: Store, frame: pd.DataFrame, indicator_id: str | None = None) -> pd.DataFrame:
    """A copy of ``frame`` (rows of stored figures: wave_id, area_code, group_factor, group_value and
    ``indicator_id`` as a column or argument) with ``too_small`` and ``suppressed`` as the rule decides
    over all stored figures of those indicators, and the measures of hidden rows removed.
    Example: ``apply_stored(store, store.df("SELECT * FROM observations"))``."""
    out = frame.copy()
    if indicator_id is not None:
        out["indicator_id"] = indicator_id
    ids = sorted(set(out["indicator_id"].astype(str))) if len(out) else []
    flags = decisions(store, ids)
    keys = _keys(out)
    out["too_small"] = [flags.get(k, (False, False))[0] for k in keys]
    out["suppressed"] = [flags.get(k, (False, False))[1] for k in keys]
    for column in MEASURES:
        if column in out:
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64").mask(out["suppressed"])
    if indicator_id is not None:
        out = out.drop(columns="indicator_id") if "indicator_id" not in frame else out
    return out


def decisions(store: Store, indicator_ids: list[str]) -> dict[tuple, tuple[bool, bool]]:
    """Key -> (too_small, suppressed) for every stored figure of these indicators that is hidden.

    Deciding needs all figures of an indicator (nationally ~100,000), so each indicator's decision is
    kept on the store until its data changes (``data_version``): every page, session and export in
    the process then reads the same decision, and only the first read after a change pays for it.
    Only hidden figures are kept, so the memory stays small.
    """
    holder = getattr(store, "base", store)  # a person's view shares its store's memo
    memo = holder.__dict__.setdefault("_suppression_memo", {})
    version = (holder.data_version, settings.get("min_n_count"), settings.get("min_n_survey"))
    if memo.get("_version") != version:
        memo.clear()
        memo["_version"] = version
    missing = [i for i in indicator_ids if i not in memo]
    memo.update({i: {} for i in missing if i not in _with_small_figures(store, missing)})
    missing = [i for i in indicator_ids if i not in memo]
    if missing:
        decided = stored_figures(store, missing)
        hidden_rows = decided[decided["too_small"] | decided["suppressed"]]
        found = {i: {} for i in missing}
        for key, small_flag, hidden_flag in zip(_keys(hidden_rows), hidden_rows["too_small"],
                                                hidden_rows["suppressed"]):
            found[key[0]][key] = (bool(small_flag), bool(hidden_flag))
        memo.update(found)
    return {k: v for i in indicator_ids for k, v in memo[i].items()}


def _with_small_figures(store: Store, indicator_ids: list[str]) -> set[str]:
    """The indicators with at least one figure under their threshold: only these can have hidden figures,
    so the others skip the (nationally costly) secondary rule."""
    if not indicator_ids:
        return set()
    units = store.df("SELECT id, unit, min_n FROM indicators WHERE list_contains(?, id)", [indicator_ids])
    limits = [[i, float(threshold(u, m))] for i, u, m in zip(units["id"], units["unit"], units["min_n"])]
    if not limits:
        return set()
    found = store.df(
        "SELECT DISTINCT o.indicator_id FROM observations o JOIN (SELECT unnest(?::VARCHAR[]) AS id, "
        "unnest(?::DOUBLE[]) AS lim) t ON t.id = o.indicator_id WHERE o.n IS NOT NULL AND o.n < t.lim",
        [[i for i, _ in limits], [lim for _, lim in limits]])
    return set(found["indicator_id"])


def area_parents(store: Store) -> dict[str, str]:
    """Area code -> the code of the area it lies in."""
    rows = store.rows("SELECT code, parent_code FROM areas WHERE parent_code IS NOT NULL")
    return {r["code"]: r["parent_code"] for r in rows}


def wave_parts(store: Store) -> dict[str, list[str]]:
    """Wave id -> the other waves of its source whose period lies within it (when there are two or more)."""
    rows = store.rows(
        "SELECT w.id AS whole, p.id AS part FROM waves w JOIN waves p ON p.source = w.source AND p.id <> w.id "
        "AND p.period_start >= w.period_start AND p.period_end <= w.period_end ORDER BY 1, 2")
    found: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        found[r["whole"]].append(r["part"])
    return {k: v for k, v in found.items() if len(v) >= 2}


def reason(row) -> str:
    """Why a figure is not shown, in Dutch, for a row with ``too_small`` (and ``suppressed``)."""
    if row.get("too_small", True):
        return SUPPRESSED_TEXT
    return GUARDED_TEXT
