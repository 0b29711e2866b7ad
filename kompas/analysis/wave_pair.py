"""Every figure compared between two waves, in DuckDB: the family ``kompas.analysis.verdict`` judges.

The family of a pair of waves is fixed by the pair: all indicators, areas and groups in both waves, with
a margin of error on both sides, about enough people in both (the primary small-group rule of
``kompas.store.suppression``, in SQL) and comparable (``kompas.store.comparability``). A figure hidden only so that a
small group cannot be recomputed (the secondary rule) is a sound estimate: it is tested with the others,
and shown nowhere. The family does not depend on who reads (provisional figures count, whether or not
this reader may see them) nor on any filter of a page. Its p-values are computed once per pair and data
version and kept on the store, so each page, export and document pays for them once; the secondary rule,
which needs every figure of an indicator, is decided only for the indicators a caller asks rows of.

Only the numbers the adjustment needs leave DuckDB for the whole family (four floats per figure); the
rows a caller asks for (``rows``) are joined with their indicator and area there too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kompas.analysis import verdict
from kompas.domain import settings, vocab
from kompas.domain.errors import NotFoundError
from kompas.store import comparability, suppression, visibility
from kompas.store.connection import StoreView

_SE = "coalesce({s}.se, ({s}.ci_high - {s}.ci_low) / (2 * {z}))"
_KEY = ("indicator_id", "area_code", "group_factor", "group_value")


@dataclass(frozen=True)
class Pair:
    """Two waves, what stops or colours their comparison, and the families of their tests."""

    wave_from: dict
    wave_to: dict
    breaks: tuple[dict, ...]  # method breaks crossed (kompas.store.comparability)
    reworded: dict  # indicator id -> why not comparable
    notes: tuple[str, ...]  # what differs between the waves, told once
    family: verdict.Family  # every change of the pair
    whom_family: verdict.Family  # every group (and area) change against its total's (parent's) change


def wave(store: StoreView, label: str | None = None, wave_id: str | None = None) -> dict:
    """A wave as a dict of its columns, by label or id; NotFoundError if there is none."""
    rows = store.rows("SELECT * FROM waves WHERE label = ? OR id = ?", [label, wave_id])
    if not rows:
        raise NotFoundError("Meting", label or wave_id)
    return rows[0]


def pair(
    store: StoreView, from_id: str | None = None, to_id: str | None = None, *, labels: tuple[str, str] | None = None
) -> Pair:
    """The pair of waves with these ids (or ``labels``), its families computed once per data version.
    NotFoundError for an unknown wave."""
    holder = getattr(store, "base", store)
    memo = holder.__dict__.setdefault("_wave_pair_memo", {})
    version = (holder.data_version, settings.get("min_n_count"), settings.get("min_n_survey"))
    if memo.get("_version") != version:
        memo.clear()
        memo["_version"] = version
    if labels is not None:
        key = ("by label", *labels)  # a page asks by label many times: no lookup of the two waves each time
        if key not in memo:
            wf, wt = (wave(store, label=label) for label in labels)
            memo[key] = pair(store, wf["id"], wt["id"])
        return memo[key]
    if (from_id, to_id) not in memo:
        memo[(from_id, to_id)] = _make(store, wave(store, wave_id=from_id), wave(store, wave_id=to_id))
    return memo[(from_id, to_id)]


def rows(
    store: StoreView,
    p: Pair,
    *,
    programme_id: str | None = None,
    indicator_ids: list[str] | None = None,
    area_codes: list[str] | None = None,
    totals_only: bool = False,
) -> pd.DataFrame:
    """The figures of the pair that pass the filters, judged against the pair's family.

    Columns: the key (indicator_id, area_code, group_factor, group_value), indicator_title, unit, direction,
    min_n, caveat, target_value, target_year, area_name, area_level, value_from, value_to, n_from, n_to,
    se_from, se_to, provisional_from, provisional_to, too_small_from, too_small_to, hidden_from, hidden_to,
    hidden, comparable, and what ``verdict.judge`` adds. A role that may not see provisional figures (the
    council) gets no figure that is provisional in either wave; the caller cannot widen that.
    """
    return rows_of_pairs(
        store,
        [p],
        programme_id=programme_id,
        indicator_ids=indicator_ids,
        area_codes=area_codes,
        totals_only=totals_only,
    ).drop(columns=["pair_from", "pair_to"])


def rows_of_pairs(
    store: StoreView,
    pairs: list[Pair],
    *,
    programme_id: str | None = None,
    indicator_ids: list[str] | None = None,
    area_codes: list[str] | None = None,
    totals_only: bool = False,
) -> pd.DataFrame:
    """``rows`` for several pairs in one query, each row judged against its own pair's family: the columns
    of ``rows`` and pair_from, pair_to (the pair's wave ids). The rows of a pair are exactly what ``rows``
    gives for it (a page with figures of several monitors asks once, not once per pair)."""
    pairs = list({_ids(p): p for p in pairs}.values())
    publishable = visibility.shows_provisional(store)
    ids = _indicators(store, programme_id, indicator_ids)
    cte, params = _pair_sql(
        store,
        pairs,
        _hidden(store, pairs, ids, area_codes),
        indicator_ids=ids,
        area_codes=area_codes,
        totals_only=totals_only,
    )
    frame = store.df(
        f"{cte} SELECT pr.*, i.title AS indicator_title, i.unit, i.direction, i.min_n, i.caveat, i.target_value, "
        "i.target_year, ar.name AS area_name, ar.level AS area_level FROM pr "
        "JOIN indicators i ON i.id = pr.indicator_id LEFT JOIN nodes n ON n.id = i.node_id "
        "JOIN areas ar ON ar.code = pr.area_code "
        "WHERE (?::VARCHAR IS NULL OR n.programme_id = ?) "
        "AND (? OR NOT (pr.provisional_from OR pr.provisional_to))",
        [*params, programme_id, programme_id, publishable],
    )
    hidden = frame["hidden_from"].to_numpy(dtype=bool) | frame["hidden_to"].to_numpy(dtype=bool)
    firsts, seconds = frame.pop("pair_from").to_numpy(dtype=object), frame.pop("pair_to").to_numpy(dtype=object)
    frame = frame.assign(
        hidden=hidden,
        **{  # one assign, not ten
            f"{m}_{side}": np.where(hidden, np.nan, frame[f"{m}_{side}"].to_numpy(dtype="float64", na_value=np.nan))
            for side in ("from", "to")
            for m in ("value", "se", "n", "ci_low", "ci_high")
        },
    )
    at = {_ids(p): i for i, p in enumerate(pairs)}
    of = np.fromiter((at[k] for k in zip(firsts, seconds)), dtype=np.int64, count=len(frame))
    out = verdict.judge(frame, [p.family for p in pairs], of)
    out["pair_from"], out["pair_to"] = firsts, seconds
    return out


def only_in_one(store: StoreView, p: Pair, *, programme_id=None, indicator_ids=None, area_codes=None) -> pd.DataFrame:
    """Figures in one wave of the pair and not the other: the key, indicator_title, area_name, area_level
    and present_in (the wave label). Provisional figures only for a role that may see them."""
    publishable = visibility.shows_provisional(store)
    labels = {p.wave_from["id"]: p.wave_from["label"], p.wave_to["id"]: p.wave_to["label"]}
    return store.df(
        "SELECT o.indicator_id, i.title AS indicator_title, o.area_code, ar.name AS area_name, "
        "ar.level AS area_level, o.group_factor, o.group_value, "
        "CASE WHEN o.wave_id = ? THEN ? ELSE ? END AS present_in FROM observations o "
        "JOIN indicators i ON i.id = o.indicator_id LEFT JOIN nodes n ON n.id = i.node_id "
        "JOIN areas ar ON ar.code = o.area_code "
        "WHERE o.wave_id IN (?, ?) AND (? OR NOT coalesce(o.provisional, false)) "
        "AND (?::VARCHAR IS NULL OR n.programme_id = ?) "
        "AND (?::VARCHAR[] IS NULL OR list_contains(?, o.indicator_id)) "
        "AND (?::VARCHAR[] IS NULL OR list_contains(?, o.area_code)) "
        "QUALIFY count(*) OVER (PARTITION BY o.indicator_id, o.area_code, o.group_factor, o.group_value) = 1",
        [
            p.wave_from["id"],
            *labels.values(),
            *labels,
            publishable,
            programme_id,
            programme_id,
            indicator_ids,
            indicator_ids,
            area_codes,
            area_codes,
        ],
    )


def whom_rows(store: StoreView, p: Pair, *, programme_id=None, indicator_ids=None, area_codes=None) -> pd.DataFrame:
    """Each shown group's change against its area's total change, and each area's total change against the
    total change of the area it lies in, tested as a difference of differences (``verdict``).

    Columns: indicator_id, area_code, group_factor, group_value, of_area (the area of the reference total),
    diff, se, ref_diff, ref_se, diff_vs_ref, se_vs_ref, p_value, q_value (within ``p.whom_family``),
    different (q < 5%).
    """
    ids = _indicators(store, programme_id, indicator_ids)
    cte, params = _pair_sql(store, [p], _hidden(store, [p], ids, None), indicator_ids=ids)
    frame = store.df(
        f"{cte}, {_WHOM} SELECT w.* FROM whom w JOIN indicators i ON i.id = w.indicator_id "
        "LEFT JOIN nodes n ON n.id = i.node_id WHERE (?::VARCHAR IS NULL OR n.programme_id = ?) "
        "AND NOT w.hidden AND list_contains(?, w.indicator_id) "
        "AND (?::VARCHAR[] IS NULL OR list_contains(?, w.area_code) OR list_contains(?, w.of_area))",
        [*params, programme_id, programme_id, ids, area_codes, area_codes, area_codes],
    )
    z, diff, se, ref_diff, ref_se = _whom_z(frame)
    frame["diff"], frame["se"], frame["ref_diff"], frame["ref_se"] = diff, se, ref_diff, ref_se
    frame["diff_vs_ref"] = (diff - ref_diff).round(10)
    frame["se_vs_ref"] = np.hypot(se, ref_se)
    frame["p_value"] = verdict.p_values(z)
    frame["q_value"] = p.whom_family.q_values(frame["p_value"].to_numpy())
    frame["different"] = frame["q_value"] < verdict.ALPHA
    return frame.drop(columns=[c for c in frame if c.endswith(("_from", "_to"))])


def _indicators(store: StoreView, programme_id: str | None, indicator_ids: list[str] | None) -> list[str]:
    if indicator_ids is not None:
        return list(indicator_ids)
    return [
        r["id"]
        for r in store.rows(
            "SELECT i.id FROM indicators i LEFT JOIN nodes n ON n.id = i.node_id "
            "WHERE ?::VARCHAR IS NULL OR n.programme_id = ?",
            [programme_id, programme_id],
        )
    ]


# --- building ------------------------------------------------------------------------------------------
def _make(store: StoreView, wf: dict, wt: dict) -> Pair:
    breaks = tuple(comparability.breaks_between(store, wf, wt))
    p = Pair(
        wf,
        wt,
        breaks,
        comparability.reworded(store, wf, wt),
        tuple(comparability.pair_notes(store, wf, wt)),
        verdict.family(np.array([])),
        verdict.family(np.array([])),
    )
    cte, params = _pair_sql(store, [p])
    with store.cursor() as cur:
        tested = cur.execute(
            f"{cte} SELECT value_from, value_to, se_from, se_to FROM pr WHERE tested", params
        ).fetchnumpy()
        whom = cur.execute(f"{cte}, {_WHOM} SELECT * FROM whom", params).fetchnumpy()
    family = verdict.family(verdict.z_values(*(tested[c] for c in ("value_from", "value_to", "se_from", "se_to")))[2])
    whom_family = verdict.family(_whom_z(whom)[0])
    return Pair(wf, wt, breaks, p.reworded, p.notes, family, whom_family)


def _ids(p: Pair) -> tuple[str, str]:
    return p.wave_from["id"], p.wave_to["id"]


def _hidden(
    store: StoreView, pairs: list[Pair], indicator_ids: list[str], area_codes: list[str] | None
) -> pd.DataFrame:
    """The hidden figures of these indicators (and areas; None: all) in the waves of the pairs: the key,
    wave_id and too_small."""
    flags = suppression.decisions(store, sorted(set(indicator_ids)))
    waves = {w for p in pairs for w in _ids(p)}
    areas = None if area_codes is None else set(area_codes)
    picked = [
        (k[0], k[2], k[3], k[4], k[1], small)
        for k, (small, hidden) in flags.items()
        if k[1] in waves and (small or hidden) and (areas is None or k[2] in areas)
    ]
    return pd.DataFrame(picked, columns=[*_KEY, "wave_id", "too_small"])


def _pair_sql(
    store: StoreView,
    pairs: list[Pair],
    hidden: pd.DataFrame | None = None,
    *,
    indicator_ids: list[str] | None = None,
    area_codes: list[str] | None = None,
    totals_only: bool = False,
) -> tuple[str, list]:
    """A CTE ``pr`` of every figure in both waves of each pair (with pair_from and pair_to, the pair's wave
    ids), and its parameters. ``hidden``: from ``_hidden`` (the figures to mark hidden); without it nothing
    is marked, and ``tested`` needs only the primary rule. ``indicator_ids``, ``area_codes`` (None: all)
    and ``totals_only`` keep only those figures, read before grouping: a page about one area reads its
    figures, not both waves whole. Each row depends only on its own figure and its pair, so the filters
    change no row."""
    if not pairs:
        raise ValueError("Geen paar van metingen gekozen.")
    if hidden is None:
        hidden = pd.DataFrame({c: pd.Series(dtype=object) for c in [*_KEY, "wave_id", "too_small"]})
    lists = [list(map(str, hidden[c])) for c in (*_KEY, "wave_id")] + [list(map(bool, hidden["too_small"]))]
    unnest = (
        "(SELECT unnest(?::VARCHAR[]) AS indicator_id, unnest(?::VARCHAR[]) AS area_code, "
        "unnest(?::VARCHAR[]) AS group_factor, unnest(?::VARCHAR[]) AS group_value, "
        "unnest(?::VARCHAR[]) AS wave_id, unnest(?::BOOLEAN[]) AS too_small)"
    )
    on = " AND ".join(f"{{h}}.{c} = a.{c}" for c in _KEY)
    se = _SE.format(s="o", z=verdict.Z95)
    sides = ", ".join(
        f"max({expr}) FILTER (WHERE {cond}) AS {name}_{side}"
        for side, cond in (("from", "o.wave_id = pp.pair_from"), ("to", "o.wave_id = pp.pair_to"))
        for name, expr in (
            ("value", "o.value"),
            ("n", "o.n"),
            ("ci_low", "o.ci_low"),
            ("ci_high", "o.ci_high"),
            ("se", se),
            ("provisional", "coalesce(o.provisional, false)::INTEGER"),
        )
    )
    waves = sorted({w for p in pairs for w in _ids(p)})
    areas = "" if area_codes is None else f"AND area_code IN ({', '.join('?' * len(area_codes)) or 'NULL'}) "
    # one pass over the waves, grouped per pair and figure (a join of the two waves held twice as much in memory)
    cte = (
        "WITH pp AS (SELECT unnest(?::VARCHAR[]) AS pair_from, unnest(?::VARCHAR[]) AS pair_to, "
        "unnest(?::BOOLEAN[]) AS crosses_break, unnest(?::VARCHAR[][]) AS reworded), "
        "pw AS (SELECT pair_from, pair_to, pair_from AS wave_id FROM pp UNION ALL "
        "SELECT pair_from, pair_to, pair_to FROM pp), "
        f"pv AS (SELECT pp.pair_from, pp.pair_to, o.indicator_id, o.area_code, o.group_factor, o.group_value, {sides} "
        f"FROM (SELECT * FROM observations WHERE wave_id IN ({', '.join('?' * len(waves))}) {areas}"
        "AND (?::VARCHAR[] IS NULL OR list_contains(?, indicator_id)) "
        f"AND (NOT ? OR group_factor = '{vocab.TOTAL}')) o JOIN pw pp ON pp.wave_id = o.wave_id "
        "GROUP BY pp.pair_from, pp.pair_to, o.indicator_id, o.area_code, o.group_factor, o.group_value "
        "HAVING count(*) = 2), "
        "pr0 AS (SELECT a.indicator_id, a.area_code, a.group_factor, a.group_value, a.value_from, a.value_to, "
        "a.n_from, a.n_to, a.ci_low_from, a.ci_high_from, a.ci_low_to, a.ci_high_to, a.se_from, a.se_to, "
        "a.provisional_from = 1 AS provisional_from, a.provisional_to = 1 AS provisional_to, "
        "hf.too_small IS NOT NULL AS hidden_from, coalesce(hf.too_small, false) AS too_small_from, "
        "ht.too_small IS NOT NULL AS hidden_to, coalesce(ht.too_small, false) AS too_small_to, "
        "NOT (pp.crosses_break OR list_contains(pp.reworded, a.indicator_id)) AS comparable, "
        "coalesce(a.n_from < lim.n, false) AS small_from, coalesce(a.n_to < lim.n, false) AS small_to, "
        "a.pair_from, a.pair_to "
        "FROM pv a JOIN pp ON pp.pair_from = a.pair_from AND pp.pair_to = a.pair_to "
        "JOIN (SELECT id, CASE WHEN min_n IS NOT NULL THEN min_n WHEN unit = 'aantal' THEN ? ELSE ? END "
        "AS n FROM indicators) lim ON lim.id = a.indicator_id"
        f" LEFT JOIN {unnest} hf ON {on.format(h='hf')} AND hf.wave_id = a.pair_from"
        f" LEFT JOIN {unnest} ht ON {on.format(h='ht')} AND ht.wave_id = a.pair_to), "
        "pr AS (SELECT *, NOT small_from AND NOT small_to AND comparable AND value_from IS NOT NULL AND "
        "value_to IS NOT NULL AND se_from IS NOT NULL AND se_to IS NOT NULL AS tested FROM pr0)"
    )
    limits = [settings.get_int("min_n_count"), settings.get_int("min_n_survey")]
    pair_lists = [
        [p.wave_from["id"] for p in pairs],
        [p.wave_to["id"] for p in pairs],
        [bool(p.breaks) for p in pairs],
        [list(map(str, p.reworded)) for p in pairs],
    ]
    params = [
        *pair_lists,
        *waves,
        *(area_codes or []),
        indicator_ids,
        indicator_ids,
        totals_only,
        *limits,
        *lists,
        *lists,
    ]
    return cte, params


# Each tested group against its area's tested total; each tested area total against its parent's.
_WHOM = (
    "whom AS (SELECT g.indicator_id, g.area_code, g.group_factor, g.group_value, g.area_code AS of_area, "
    "g.value_from, g.value_to, g.se_from, g.se_to, t.value_from AS ref_value_from, t.value_to AS ref_value_to, "
    "t.se_from AS ref_se_from, t.se_to AS ref_se_to, "
    "g.hidden_from OR g.hidden_to OR t.hidden_from OR t.hidden_to AS hidden "
    "FROM pr g JOIN pr t ON t.pair_from = g.pair_from AND t.pair_to = g.pair_to AND t.indicator_id = g.indicator_id "
    f"AND t.area_code = g.area_code AND t.group_factor = '{vocab.TOTAL}' AND t.tested "
    f"WHERE g.tested AND g.group_factor <> '{vocab.TOTAL}' UNION ALL "
    "SELECT g.indicator_id, g.area_code, g.group_factor, g.group_value, ar.parent_code AS of_area, "
    "g.value_from, g.value_to, g.se_from, g.se_to, t.value_from, t.value_to, t.se_from, t.se_to, "
    "g.hidden_from OR g.hidden_to OR t.hidden_from OR t.hidden_to "
    "FROM pr g JOIN areas ar ON ar.code = g.area_code JOIN pr t ON t.pair_from = g.pair_from "
    "AND t.pair_to = g.pair_to AND t.indicator_id = g.indicator_id "
    f"AND t.area_code = ar.parent_code AND t.group_factor = '{vocab.TOTAL}' AND t.tested "
    f"WHERE g.tested AND g.group_factor = '{vocab.TOTAL}')"
)


def _whom_z(frame) -> tuple[np.ndarray, ...]:
    diff, se, _ = verdict.z_values(*(frame[c] for c in ("value_from", "value_to", "se_from", "se_to")))
    ref_diff, ref_se, _ = verdict.z_values(*(frame[f"ref_{c}"] for c in ("value_from", "value_to", "se_from", "se_to")))
    _, _, z = verdict.z_values(ref_diff, diff, ref_se, se)  # the difference of the two differences
    return z, diff, se, ref_diff, ref_se
