"""Step 5: outcome, counted and told: the figures with their breakdowns and the stories beside them."""

import streamlit as st

from dashboard import cached
from dashboard.components import deep_link, page, review_mode
from dashboard.components.figure import figure_summary, figure_with_stories
from kompas.domain import vocab

store, flt, key = page.start(
    "Stap 5 · Outcome",
    "Bereiken we wat we willen voor inwoners? Hier leest u de cijfers en de verhalen samen: "
    "**tellen én vertellen**. Kies een cijfer en bekijk voor wie het beter of slechter gaat.",
    term="outcome",
)

outcomes = cached.indicator_table(store, key, flt.programme_id, "outcome")
if outcomes.empty:
    st.info("Dit programma heeft nog geen outcome-indicatoren.")
    st.stop()
titles = dict(zip(outcomes["id"], outcomes["title"]))
left, right = st.columns(2)
deep_link.choose("s5_indicator", list(titles))  # from a "Bekijk" link, else what this session chose before
chosen = left.selectbox("Cijfer", list(titles), format_func=titles.get, key="s5_indicator")
factors = cached.group_factors(store, key, chosen, flt.area_code)
deep_link.choose("s5_factor", [None] + factors, deep_link.GROUP)
factor = right.selectbox(
    "Uitsplitsen naar groep",
    [None] + factors,
    key="s5_factor",
    format_func=lambda f: "Niet uitsplitsen" if f is None else vocab.DIVERSITY_FACTORS[f],
    help="Alleen groepen met genoeg antwoorden worden getoond.",
)
deep_link.keep({"s5_indicator": (deep_link.INDICATOR, chosen), "s5_factor": (deep_link.GROUP, factor)}, flt.area_code)
deep_link.wave_note(store, key)
review_mode.banner(store, flt, "s5", indicator_id=chosen)
figure_with_stories(store, chosen, flt, key="s5_fig", group_factor=factor)

st.subheader("Alle outcomes in het kort")
for indicator_id in outcomes["id"]:
    if indicator_id != chosen:
        figure_summary(store, indicator_id, flt, key=f"s5_sum_{indicator_id}")
