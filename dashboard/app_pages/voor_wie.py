"""For whom? One figure split by a factor or a pair of factors, and whose change differed from the total's."""

import streamlit as st

from dashboard import cached
from dashboard.components import breakdown_view as view
from dashboard.components import page
from dashboard.components.story_list import stories_block
from kompas.analysis import breakdowns
from kompas.domain import vocab
from kompas.reports.breakdown_chart import breakdown_chart
from kompas.store import stories

store, flt, key = page.start(
    "Voor wie?",
    "Voor wie gaat het beter, en voor wie niet? Kies een cijfer en splits het uit naar een groep, of naar "
    "twee factoren tegelijk (bijvoorbeeld leeftijd en financiële situatie). Naast het cijfer staan de verhalen.",
)

table = cached.indicator_table(store, key, flt.programme_id)
with_groups = set(breakdowns.indicators_with_groups(store, flt.area_code))
table = table[table["id"].isin(with_groups)]
if table.empty:
    st.info(
        f"Er zijn geen cijfers per groep voor {flt.area_name} in dit programma. Kies een ander gebied of "
        "programma, of lees cijfers per groep in."
    )
    st.stop()
titles = dict(zip(table["id"], table["title"]))
chosen = st.selectbox("Cijfer", list(titles), format_func=titles.get, key="vw_indicator")
indicator = cached.indicator(store, key, chosen)
waves = breakdowns.waves_with_figures(store, chosen, flt.area_code)
waves = waves[waves["year"].between(*flt.years)]
if waves.empty:
    st.info("Dit cijfer heeft geen metingen in de gekozen periode.")
    st.stop()
labels = dict(zip(waves["id"], waves["label"]))
ids = list(labels)
left, middle, right = st.columns(3)
wave_id = left.selectbox("Meting", ids, index=len(ids) - 1, format_func=labels.get, key="vw_wave")
earlier = [None] + [w for w in ids if ids.index(w) < ids.index(wave_id)]
from_wave = middle.selectbox(
    "Vergelijken met (eerdere meting)",
    earlier,
    index=len(earlier) - 1,
    format_func=lambda w: "Niet vergelijken" if w is None else labels[w],
    key="vw_from",
)
factors = breakdowns.factors(store, chosen, flt.area_code, wave_id)
if not factors:
    st.info(f"In {labels[wave_id]} is dit cijfer niet uitgesplitst naar groepen in {flt.area_name}.")
    st.stop()
factor = right.selectbox(
    "Uitsplitsen naar",
    factors,
    format_func=vocab.factor_label,
    key="vw_factor",
    help="Eén factor, of twee factoren tegelijk (met ×) waar de cijfers dat toelaten.",
)

st.caption(breakdowns.threshold_text(indicator, store))
figure_col, story_col = st.columns([3, 2], gap="medium")
with figure_col:
    shown = view.breakdown(store, key, chosen, wave_id, flt.area_code, factor)
    words = breakdowns.sentence(indicator, shown, flt.area_name, labels[wave_id])
    st.markdown(f"**{words}**")
    title = f"{indicator.title} naar {vocab.factor_label(factor).lower()} ({labels[wave_id]})"
    st.plotly_chart(
        breakdown_chart(indicator, shown, title), key="vw_chart", width="stretch", config={"displaylogo": False}
    )
    st.caption(f"Bron: {indicator.source}. De strepen op de balken zijn de foutmarge (95%). In woorden: {words}")
    st.dataframe(
        view.figure_table(indicator, shown),
        hide_index=True,
        width="stretch",
        column_config={"Marge (95%)": st.column_config.TextColumn(help=vocab.GLOSSARY["foutmarge"])},
    )
    if indicator.caveat:
        st.warning(f"Let op: {indicator.caveat}")
with story_col:
    where = stories.NoteFilter(indicator_id=chosen, area_code=flt.area_code, years=flt.years)
    count = len(cached.notes(store, key, flt.audience, where))
    st.markdown(f"**Verhalen bij dit cijfer ({count})**")
    stories_block(store, flt, where, indicator_id=chosen)

st.subheader("Voor wie veranderde het anders dan voor iedereen?")
if from_wave is None:
    st.info("Kies een eerdere meting om te zien voor welke groepen het cijfer anders veranderde.")
else:
    ranked = view.ranking(store, key, chosen, from_wave, wave_id, flt.area_code, factor)
    if ranked.empty:
        st.info(f"{labels[from_wave]} heeft geen cijfers voor deze groepen.")
    else:
        st.markdown(view.ranking_sentence(indicator, ranked, labels[from_wave], labels[wave_id]))
        st.dataframe(view.ranking_table(indicator, ranked), hide_index=True, width="stretch")
        st.caption(
            "Een groep hoort zelf bij het totaal. Daarom is 'anders dan het totaal' een beschrijving; "
            "'duidelijk anders' zeggen we alleen als het verschil groter is dan een ruime foutmarge."
        )
