"""Plain Dutch sentences that state what a series of figures shows, with its uncertainty.

Whether the latest change is real and better is never decided here: ``judged`` asks the comparison of
the two waves (``kompas.analysis.compare``, over the family of that pair, ``kompas.analysis.verdict``), so a step page says
what the comparison, the review and the raad document say about the same change.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompas.analysis import compare
from kompas.domain import formatting
from kompas.domain.model import Indicator
from kompas.store.connection import StoreView
from kompas.store.suppression import SUPPRESSED_TEXT


def latest_rows(total: pd.DataFrame) -> tuple[dict | None, dict | None]:
    """The last and the one-but-last shown (not suppressed) rows of a total series (None when missing)."""
    shown = _shown(total)
    if not len(shown):
        return None, None
    last = total.iloc[shown[-1]].to_dict()
    return last, (total.iloc[shown[-2]].to_dict() if len(shown) >= 2 else None)


def _shown(total: pd.DataFrame) -> np.ndarray:
    """Positions of the shown rows, oldest first. Plain numpy, not a filtered and sorted copy: pages call
    this once or twice per figure."""
    shown = np.flatnonzero(~total["suppressed"].to_numpy(dtype=bool) & total["value"].notna().to_numpy(dtype=bool))
    return shown[np.argsort(total["period_end"].to_numpy()[shown], kind="stable")]


def judged(store: StoreView, area_code: str, totals: dict[str, pd.DataFrame]) -> dict[str, dict]:
    """Per indicator (id -> its total series in the area, as ``observations.series``): the row of
    ``compare.judged`` (what ``compare.compare_waves`` says of it) for its last two shown totals; indicators
    with fewer are left out."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for indicator_id, total in totals.items():
        shown = _shown(total)
        if len(shown) >= 2:
            labels = total["wave_label"].to_numpy()
            pairs.setdefault((labels[shown[-2]], labels[shown[-1]]), []).append(indicator_id)
    return _judged(store, area_code, pairs)


def judged_at(store: StoreView, area_code: str, frame: pd.DataFrame, rows: dict[str, np.ndarray]) -> dict[str, dict]:
    """``judged`` for the totals of every indicator in one frame and each one's row positions in it
    (``observations.totals_by_indicator``): the same answer, without a copy of the rows per indicator."""
    visible = ~frame["suppressed"].to_numpy(dtype=bool) & frame["value"].notna().to_numpy(dtype=bool)
    ends, labels = frame["period_end"].to_numpy(), frame["wave_label"].to_numpy()
    pairs: dict[tuple[str, str], list[str]] = {}
    for indicator_id, at in rows.items():
        at = np.asarray(at, dtype=np.int64)
        shown = at[visible[at]]
        shown = shown[np.argsort(ends[shown], kind="stable")]  # as ``_shown`` orders one indicator's rows
        if len(shown) >= 2:
            pairs.setdefault((labels[shown[-2]], labels[shown[-1]]), []).append(indicator_id)
    return _judged(store, area_code, pairs)


def _judged(store: StoreView, area_code: str, pairs: dict[tuple[str, str], list[str]]) -> dict[str, dict]:
    found = {}
    for r in compare.judged_pairs(store, pairs, area_codes=[area_code], totals_only=True).to_dict("records"):
        found[r["indicator_id"]] = r
    return found


def headline(indicator: Indicator, total: pd.DataFrame, area_name: str, judgement: dict | None = None) -> str:
    """One sentence (or two) on the latest figure, its change and whether that change is real.

    ``total`` is the series of the whole population (group 'totaal') in one area; ``judgement`` its row
    from ``judged`` (the verdict on the change of its last two shown figures).
    """
    if total.empty:
        return f"Er zijn geen cijfers over {area_name} in deze periode."
    last, before = latest_rows(total)
    if last is None:
        return f"{area_name}: de groep is {SUPPRESSED_TEXT}, dus hier staat geen cijfer."
    now = formatting.value(last["value"], indicator.unit)
    text = f"{area_name}, {last['year']}: {now}"
    text += _interval(last, indicator.unit)
    if before is None:
        return text + ". Er is nog geen eerdere meting om mee te vergelijken."
    text += f". In {before['year']} was dat {formatting.value(before['value'], indicator.unit)}."
    return text + (f" {judgement['verdict_text']}" if judgement else "")


def _interval(row: dict, unit: str) -> str:
    if pd.notna(row.get("ci_low")) and pd.notna(row.get("ci_high")):
        half = (row["ci_high"] - row["ci_low"]) / 2
        return f" (±{formatting.number(half, formatting.decimals_for(unit))})"
    return ""


def target_sentence(indicator: Indicator, last: dict | None) -> str:
    """How far the latest figure is from the target, in words ('' without a target)."""
    if indicator.target_value is None:
        return ""
    goal = f"het doel van {formatting.value(indicator.target_value, indicator.unit)} in {indicator.target_year}"
    if last is None:
        return f"Doel: {formatting.value(indicator.target_value, indicator.unit)} in {indicator.target_year}."
    gap = indicator.target_value - last["value"]
    reached = (gap <= 0) if indicator.direction == "hoger" else (gap >= 0) if indicator.direction == "lager" else False
    if reached:
        return f"Het cijfer haalt {goal}."
    return f"Nog {formatting.change(abs(gap), indicator.unit).lstrip('+')} tot {goal}."
