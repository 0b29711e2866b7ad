"""Plain Dutch sentences that state what a series of figures shows, with its uncertainty."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kompas import change, formatting
from kompas.model import Indicator
from kompas.suppression import SUPPRESSED_TEXT


def latest_change(total: pd.DataFrame) -> tuple[dict | None, dict | None, change.Change | None]:
    """The last and the one-but-last shown (not suppressed) rows of a total series, and their change."""
    # Plain numpy, not a filtered and sorted copy: pages call this once or twice per figure.
    shown = np.flatnonzero(~total["suppressed"].to_numpy(dtype=bool) & total["value"].notna().to_numpy(dtype=bool))
    if not len(shown):
        return None, None, None
    shown = shown[np.argsort(total["period_end"].to_numpy()[shown], kind="stable")]
    last = total.iloc[shown[-1]].to_dict()
    if len(shown) < 2:
        return last, None, None
    before = total.iloc[shown[-2]].to_dict()
    return last, before, change.between(before, last)


def headline(indicator: Indicator, total: pd.DataFrame, area_name: str) -> str:
    """One sentence (or two) on the latest figure, its change and whether that change is real.

    ``total`` is the series of the whole population (group 'totaal') in one area.
    """
    if total.empty:
        return f"Er zijn geen cijfers over {area_name} in deze periode."
    last, before, delta = latest_change(total)
    if last is None:
        return f"{area_name}: de groep is {SUPPRESSED_TEXT}, dus hier staat geen cijfer."
    now = formatting.value(last["value"], indicator.unit)
    text = f"{area_name}, {last['year']}: {now}"
    text += _interval(last, indicator.unit)
    if before is None:
        return text + ". Er is nog geen eerdere meting om mee te vergelijken."
    text += f". In {before['year']} was dat {formatting.value(before['value'], indicator.unit)}. "
    return text + verdict_sentence(delta, indicator.direction)


def verdict_sentence(delta: change.Change, direction: str) -> str:
    if delta.significant is False:
        return "Het verschil valt binnen de foutmarge: het kan toeval zijn."
    if delta.diff == 0:
        return "Dat is gelijk gebleven."
    more = "hoger" if delta.diff > 0 else "lager"
    verdict = delta.verdict(direction)
    judged = {"beter": f"Dat is {more} en dus beter.", "slechter": f"Dat is {more} en dus slechter.",
              "anders": f"Dat is {more}. Of dat beter of slechter is, lees je in de verhalen."}[verdict]
    if delta.significant is None:
        return judged + " Er is geen foutmarge bekend."
    return judged + " Dat is waarschijnlijk geen toeval."


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


def verdicts(totals: pd.DataFrame, directions: dict[str, str]) -> dict[str, str]:
    """Per indicator, from ``observations.latest_totals``: 'beter', 'slechter', 'gelijk', 'anders'
    or 'onbekend' (fewer than two figures to compare)."""
    per_indicator: dict[str, list[dict]] = {}
    for row in totals.to_dict("records"):  # plain rows: a pandas group per indicator costs more than the rule
        per_indicator.setdefault(row["indicator_id"], []).append(row)
    out = {}
    for indicator_id in sorted(per_indicator):
        shown = sorted((r for r in per_indicator[indicator_id] if not r["suppressed"] and pd.notna(r["value"])),
                       key=lambda r: -r["recency"])  # the same rows latest_change takes, oldest first
        delta = change.between(shown[-2], shown[-1]) if len(shown) >= 2 else None
        out[indicator_id] = "onbekend" if delta is None else delta.verdict(directions[indicator_id])
    return out
