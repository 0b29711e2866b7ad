"""Beside a survey figure: who is in the count, and which groups are largely missing (tellen én vertellen)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cached
from kompas.analysis import coverage
from kompas.domain import formatting


@st.cache_data(ttl=600, max_entries=200, show_spinner=False)
def _coverage(_store, key: tuple, wave_id: str, indicator_id: str) -> pd.DataFrame:
    return coverage.coverage(_store, wave_id, indicator_id)


@st.cache_data(ttl=600, max_entries=20, show_spinner=False)
def _has_population(_store, key: tuple) -> bool:
    return bool(coverage.population_indicators(_store))


def who_is_counted(store, indicator_id: str, frame: pd.DataFrame) -> None:
    """For the latest wave of ``frame`` with respondents: a warning per missing group and the table."""
    counted = frame[(frame["group_value"] == "totaal") & frame["n"].notna()]
    if counted.empty or not _has_population(store, cached.version(store)):
        return
    wave_id, wave_label = counted.iloc[-1]["wave_id"], counted.iloc[-1]["wave_label"]
    table = _coverage(store, cached.version(store), wave_id, indicator_id)
    compared = table[table["population_share"].notna() | (table["status"] == "verborgen")]
    if compared.empty:
        return
    for row in compared[compared["status"] == "ontbreekt"].to_dict("records"):
        st.warning(
            f"Wie ontbreekt: {row['group_label']} is {_pct(row['population_share'])} van de inwoners, maar "
            f"{_pct(row['response_share'])} van wie antwoordde ({wave_label}). Wat deze groep vindt, "
            "weten we minder zeker."
        )
    with st.expander(f"Wie telt mee? Antwoorden en inwoners ({wave_label})"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Naar": compared["dimension_label"],
                    "Groep": compared["group_label"],
                    "Antwoorden": [
                        formatting.number(n) if pd.notna(n) else "te klein om te tonen" for n in compared["respondents"]
                    ],
                    "Deel van de antwoorden": [_pct(s) if pd.notna(s) else "–" for s in compared["response_share"]],
                    "Deel van de inwoners": [_pct(s) if pd.notna(s) else "–" for s in compared["population_share"]],
                    "Oordeel": compared["status"].map(coverage.STATUS),
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            "Een groep 'ontbreekt grotendeels' als haar deel van de antwoorden kleiner is dan de helft van "
            "haar deel van de inwoners. Inwoners: bevolkingscijfers van het CBS."
        )


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"
