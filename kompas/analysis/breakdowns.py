"""For whom? One indicator in one wave and area, split by one factor or a pair of factors, and which
groups changed differently from the total between two waves.

Every figure goes through ``kompas.store.suppression`` (decided over all stored figures), so a hidden group
has no value, n or interval here either. The gap to the total is descriptive. Whether a group's change
differs from the total's is tested in ``kompas.analysis.verdict`` (a difference of differences, conservative
because a group is part of its total).
"""

from __future__ import annotations

import math

import pandas as pd

from kompas.analysis import verdict, wave_pair
from kompas.domain import formatting, settings, vocab
from kompas.domain.model import Indicator
from kompas.store import suppression
from kompas.store.connection import StoreView

_COLUMNS = [
    "group_factor",
    "group_value",
    "first",
    "second",
    "value",
    "n",
    "ci_low",
    "ci_high",
    "se",
    "too_small",
    "suppressed",
    "reason",
    "gap",
]


def indicators_with_groups(store: StoreView, area_code: str) -> list[str]:
    """Ids of the indicators that have a breakdown by any factor in this area (population counts left out)."""
    frame = store.df(
        "SELECT DISTINCT indicator_id FROM observations WHERE area_code = ? AND group_factor <> ? "
        "AND indicator_id NOT IN (SELECT indicator_id FROM population_indicators) "
        "ORDER BY 1",
        [area_code, vocab.TOTAL],
    )
    return list(frame["indicator_id"])


def factors(store: StoreView, indicator_id: str, area_code: str, wave_id: str | None = None) -> list[str]:
    """Single factors, then pairs of factors, this indicator is split by in this area (and wave)."""
    frame = store.df(
        "SELECT DISTINCT group_factor FROM observations WHERE indicator_id = ? AND area_code = ? "
        "AND group_factor <> ? AND (?::VARCHAR IS NULL OR wave_id = ?)",
        [indicator_id, area_code, vocab.TOTAL, wave_id, wave_id],
    )
    found = sorted(frame["group_factor"], key=lambda f: (vocab.split_pair(f) is not None, vocab.factor_label(f)))
    return found


def waves_with_figures(store: StoreView, indicator_id: str, area_code: str) -> pd.DataFrame:
    """The waves with figures for this indicator in this area, in time order: id, label, year."""
    return store.df(
        "SELECT DISTINCT w.id, w.label, year(w.period_end) AS year, w.period_end FROM waves w "
        "JOIN observations o ON o.wave_id = w.id WHERE o.indicator_id = ? AND o.area_code = ? "
        "ORDER BY w.period_end, w.label",
        [indicator_id, area_code],
    )


def breakdown(store: StoreView, indicator_id: str, wave_id: str, area_code: str, factor: str) -> pd.DataFrame:
    """The total (first row) and each group of ``factor`` (a factor or a pair) in one wave and area.

    Columns: group_factor, group_value, first, second (the two groups of a pair; first = the group for a
    single factor), value, n, ci_low, ci_high, se, too_small, suppressed, reason (Dutch, '' when shown),
    gap (value − the total's value; NaN when either is hidden).
    Example: ``breakdown(store, "thuis_buurt", "vm2025", "GM9999", "leeftijd × financien")``.
    """
    frame = store.df(
        "SELECT wave_id, area_code, group_factor, group_value, value, n, ci_low, ci_high, se FROM observations "
        "WHERE indicator_id = ? AND wave_id = ? AND area_code = ? AND group_factor IN (?, ?) "
        "ORDER BY group_factor <> ?, group_value",
        [indicator_id, wave_id, area_code, vocab.TOTAL, factor, vocab.TOTAL],
    )
    frame = suppression.apply_stored(store, frame, indicator_id)
    parts = [vocab.split_pair(v) or (v, "") for v in frame["group_value"]]
    frame["first"] = [p[0] for p in parts]
    frame["second"] = [p[1] for p in parts]
    frame["reason"] = [suppression.reason(r) if r["suppressed"] else "" for r in frame.to_dict("records")]
    total = frame.loc[frame["group_factor"] == vocab.TOTAL, "value"]
    frame["gap"] = frame["value"] - (total.iloc[0] if len(total) else math.nan)
    frame.loc[frame["group_factor"] == vocab.TOTAL, "gap"] = math.nan
    return frame[_COLUMNS].reset_index(drop=True)


def change_ranking(
    store: StoreView, indicator_id: str, from_wave: str, to_wave: str, area_code: str, factor: str
) -> pd.DataFrame:
    """For whom did it improve, for whom not: each group's change between two waves against the total's.

    Verdicts come from ``kompas.analysis.verdict`` within the family of the pair of waves (the comparison's word
    for the same change); "clearly different" is the test on the difference of the two changes, after
    correction within the pair. Columns: group_value, value_from, value_to, diff, margin (95% half-width
    of the group's change), verdict (a key of ``verdict.WORDS``), total_diff, diff_vs_total,
    margin_vs_total, clearly_different (NA without a test), suppressed, reason.
    Ranked by how far the group's change lies from the total's, largest first; hidden groups last,
    without any figure.
    """
    pair = wave_pair.pair(store, from_wave, to_wave)
    judged = wave_pair.rows(store, pair, indicator_ids=[indicator_id], area_codes=[area_code])
    total = judged[judged["group_factor"] == vocab.TOTAL]
    groups = judged[judged["group_factor"] == factor].copy()
    whom = wave_pair.whom_rows(store, pair, indicator_ids=[indicator_id], area_codes=[area_code])
    whom = whom[(whom["group_factor"] == factor) & (whom["of_area"] == area_code)]
    groups = groups.merge(whom[["group_value", "se_vs_ref", "different"]], on="group_value", how="left")
    total_diff = total["diff"].iloc[0] if len(total) else math.nan
    groups["margin"] = verdict.Z95 * groups["se"]
    groups["total_diff"] = total_diff
    groups["diff_vs_total"] = (groups["diff"] - total_diff).round(10)
    groups["margin_vs_total"] = verdict.Z95 * groups["se_vs_ref"].astype("float64")
    groups["clearly_different"] = groups["different"].astype("boolean")
    groups["suppressed"] = groups["hidden"]
    groups["reason"] = [
        (
            ""
            if not r["hidden"]
            else suppression.SUPPRESSED_TEXT
            if (r["too_small_from"] or r["too_small_to"])
            else suppression.GUARDED_TEXT
        )
        for r in groups.to_dict("records")
    ]
    out = groups[
        [
            "group_value",
            "value_from",
            "value_to",
            "diff",
            "margin",
            "verdict",
            "total_diff",
            "diff_vs_total",
            "margin_vs_total",
            "clearly_different",
            "suppressed",
            "reason",
        ]
    ]
    out = out.assign(_size=out["diff_vs_total"].abs().fillna(-1))
    out = out.sort_values(["suppressed", "_size", "group_value"], ascending=[True, False, True], kind="stable")
    return out.drop(columns="_size").reset_index(drop=True)


def sentence(indicator: Indicator, table: pd.DataFrame, area_name: str, wave_label: str) -> str:
    """The chart in words (its text alternative): highest and lowest group, the total, how many hidden."""
    total = table[table["group_factor"] == vocab.TOTAL]
    shown = table[(table["group_factor"] != vocab.TOTAL) & ~table["suppressed"] & table["value"].notna()]
    hidden = int((table["group_factor"] != vocab.TOTAL).sum() - len(shown))
    unit = indicator.unit
    parts = [f"{indicator.title}, {area_name}, {wave_label}"]
    if len(total) and not total["suppressed"].iloc[0] and pd.notna(total["value"].iloc[0]):
        parts.append(f"totaal {formatting.value(total['value'].iloc[0], unit)}")
    if len(shown):
        high, low = shown.loc[shown["value"].idxmax()], shown.loc[shown["value"].idxmin()]
        parts.append(f"hoogste: {high['group_value']} ({formatting.value(high['value'], unit)})")
        if len(shown) > 1:
            parts.append(f"laagste: {low['group_value']} ({formatting.value(low['value'], unit)})")
    if hidden:
        parts.append(
            f"{hidden} {'groep is' if hidden == 1 else 'groepen zijn'} {suppression.SUPPRESSED_TEXT} "
            f"of {suppression.GUARDED_TEXT}"
        )
    return "; ".join(parts) + "."


def threshold_text(indicator: Indicator, store: StoreView | None = None) -> str:
    """'Groepen kleiner dan 50 tonen we niet.' with the threshold in effect for this indicator (under the
    store's thresholds), saying that 50 respondents is our own rule where it applies."""
    limit = suppression.threshold(indicator.unit, indicator.min_n, store)
    who = "mensen" if indicator.unit == "aantal" else "ondervraagden"
    own = f" {settings.OWN_RULE_NOTE}" if indicator.unit != "aantal" and indicator.min_n is None else ""
    return (
        f"Groepen kleiner dan {limit} {who} tonen we niet. Soms verbergen we ook een grotere groep, zodat een "
        f"kleine groep niet terug te rekenen is uit het totaal en de andere groepen.{own}"
    )
