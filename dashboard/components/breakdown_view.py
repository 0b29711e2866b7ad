"""The breakdown of one figure by group: cached reads, the table and the ranking of changes as people read them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kompas.analysis import breakdowns, verdict
from kompas.domain import formatting, vocab
from kompas.domain.model import Indicator
from kompas.store.connection import StoreView


@st.cache_data(ttl=600, max_entries=500, show_spinner=False)
def breakdown(_store: StoreView, key: tuple, indicator_id: str, wave_id: str, area_code: str, factor: str):
    return breakdowns.breakdown(_store, indicator_id, wave_id, area_code, factor)


@st.cache_data(ttl=600, max_entries=500, show_spinner=False)
def ranking(
    _store: StoreView, key: tuple, indicator_id: str, from_wave: str, to_wave: str, area_code: str, factor: str
):
    return breakdowns.change_ranking(_store, indicator_id, from_wave, to_wave, area_code, factor)


def _interval(lo, hi, unit: str) -> str:
    return "" if pd.isna(lo) or pd.isna(hi) else f"{formatting.value(lo, unit)} – {formatting.value(hi, unit)}"


def figure_table(indicator: Indicator, table: pd.DataFrame) -> pd.DataFrame:
    """Group, n, value, interval and gap to the total; a hidden group says why, with no number at all."""
    unit = indicator.unit
    return pd.DataFrame(
        {
            "Groep": table["group_value"].where(table["group_factor"] != vocab.TOTAL, "Totaal"),
            "n": ["" if s or pd.isna(n) else formatting.number(n) for s, n in zip(table["suppressed"], table["n"])],
            "Waarde": [
                r if s else formatting.value(v, unit)
                for s, r, v in zip(table["suppressed"], table["reason"], table["value"])
            ],
            "Marge (95%)": [
                "" if s else _interval(lo, hi, unit)
                for s, lo, hi in zip(table["suppressed"], table["ci_low"], table["ci_high"])
            ],
            "Verschil met totaal": ["" if pd.isna(g) else formatting.change(g, unit) for g in table["gap"]],
        }
    )


def ranking_table(indicator: Indicator, ranked: pd.DataFrame) -> pd.DataFrame:
    """Each group's change beside the total's, largest difference first; hidden groups without figures."""
    unit = indicator.unit

    def signed(value) -> str:
        return "" if pd.isna(value) else formatting.change(value, unit)

    def clear(row) -> str:
        if row["suppressed"]:
            return row["reason"]
        return {
            "ja": "ja, ook na correctie",
            "niet zeker": "buiten de foutmarge, maar na correctie niet zeker",
            "nee": "nee, binnen de foutmarge",
            "?": "niet te zeggen (geen foutmarge)",
        }[_different(row)]

    return pd.DataFrame(
        {
            "Groep": ranked["group_value"],
            "Verandering groep (95%-marge)": [
                ""
                if pd.isna(d)
                else signed(d) + ("" if pd.isna(m) else f" (± {formatting.change(m, unit).lstrip('+')})")
                for d, m in zip(ranked["diff"], ranked["margin"])
            ],
            "Oordeel groep": [
                verdict.label(v) if not s else "" for v, s in zip(ranked["verdict"], ranked["suppressed"])
            ],
            "Verandering totaal": [signed(d) for d in ranked["total_diff"]],
            "Anders dan het totaal": [signed(d) for d in ranked["diff_vs_total"]],
            "Duidelijk anders?": [clear(r) for r in ranked.to_dict("records")],
        }
    )


def ranking_sentence(indicator: Indicator, ranked: pd.DataFrame, from_label: str, to_label: str) -> str:
    """Which group's change differs most from the total's, in one sentence."""
    shown = ranked[~ranked["suppressed"] & ranked["diff_vs_total"].notna()]
    if shown.empty:
        return "Er zijn geen groepen met cijfers in beide metingen om met het totaal te vergelijken."
    top = shown.iloc[0]
    unit = indicator.unit
    firm = {
        "ja": "Dat is meer dan de foutmarge, ook na correctie.",
        "niet zeker": "Dat is buiten de foutmarge, maar na correctie voor alle vergelijkingen niet zeker.",
        "nee": "Dat verschil valt binnen de foutmarge: het kan toeval zijn.",
        "?": "Er is geen foutmarge, dus niet te zeggen of dat toeval is.",
    }[_different(top)]
    return (
        f"Van {from_label} tot {to_label} veranderde het cijfer voor '{top['group_value']}' het meest anders "
        f"dan voor iedereen: {formatting.change(top['diff'], unit)} tegen "
        f"{formatting.change(top['total_diff'], unit)} voor het totaal. {firm}"
    )


def _different(row) -> str:
    """'ja', 'niet zeker' (beyond the plain margin, not after correction), 'nee' or '?' (no test)."""
    if pd.isna(row["clearly_different"]):
        return "?"
    if row["clearly_different"]:
        return "ja"
    return "niet zeker" if abs(row["diff_vs_total"]) > row["margin_vs_total"] else "nee"
