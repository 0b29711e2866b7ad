"""Compare two waves: which changes are real, for whom, and which stories from those periods explain them."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.components import page, signin
from dashboard.components.figure import figure_with_stories
from dashboard.components.story_list import render_stories
from kompas import change, compare, formatting, indicators, suppression

store, flt, key = page.start(
    "Metingen vergelijken",
    "Welke veranderingen tussen twee metingen zijn echt, en voor wie? Kies twee metingen; "
    "naast elke verandering staan de verhalen uit dezelfde periode.",
    term="foutmarge",
)

waves = indicators.waves(store)
labels = list(waves["label"])
if len(labels) < 2:
    st.info("Er zijn nog geen twee metingen om te vergelijken. Lees eerst cijfers in.")
    st.stop()
default_from, default_to = compare.default_pair(store) or (labels[-2], labels[-1])
left, right = st.columns(2)
from_label = left.selectbox("Vergelijken met", labels, index=labels.index(default_from), key="cmp_from")
to_label = right.selectbox("Nieuwe meting", labels, index=labels.index(default_to), key="cmp_to")
if from_label == to_label:
    st.warning("Kies twee verschillende metingen.")
    st.stop()

area_codes = None if flt.area_code.startswith("GM") else [flt.area_code]
table = compare.compare_waves(store, from_label, to_label, programme_id=flt.programme_id, area_codes=area_codes)
missing = compare.only_in_one(store, from_label, to_label, programme_id=flt.programme_id, area_codes=area_codes)
if table.empty:
    st.info("Deze twee metingen hebben geen cijfers gemeen voor dit programma en gebied.")
    st.stop()

counts = table["verdict"].value_counts()
cols = st.columns(4)
for col, verdict in zip(cols, ["beter", "slechter", "gelijk", "onbekend"]):
    col.metric(change.VERDICT_WORDS.get(verdict, "? onbekend"), int(counts.get(verdict, 0)))
st.caption(compare.FDR_NOTE)
if len(missing):
    with st.expander(f"Niet te vergelijken: {len(missing)} cijfers staan maar in één van de twee metingen"):
        st.dataframe(missing[["indicator_title", "area_name", "group_value", "present_in"]].rename(columns={
            "indicator_title": "Indicator", "area_name": "Gebied", "group_value": "Groep", "present_in": "Alleen in"}),
            hide_index=True, width="stretch")


story_counts = {indicator_id: len(compare.stories_for(store, indicator_id, from_label, to_label, flt.audience))
                for indicator_id in table["indicator_id"].unique()}


def _cell(value, unit):
    return formatting.value(value, unit) if pd.notna(value) else suppression.SUPPRESSED_TEXT


shown = pd.DataFrame({
    "Indicator": table["indicator_title"], "Gebied": table["area_name"],
    "Groep": table["group_value"].where(table["group_value"] != "totaal", "Totaal"),
    from_label: [_cell(v, u) for v, u in zip(table["value_from"], table["unit"])],
    to_label: [_cell(v, u) for v, u in zip(table["value_to"], table["unit"])],
    "Verschil (95%-marge)": [
        "" if pd.isna(d) else formatting.change(d, u) + ("" if pd.isna(lo) else
                                                         f" ({formatting.number(lo, 1)} tot {formatting.number(hi, 1)})")
        for d, u, lo, hi in zip(table["diff"], table["unit"], table["ci_low"], table["ci_high"])],
    "Oordeel": table["verdict"].map(lambda v: change.VERDICT_WORDS.get(v, "? onbekend")),
    "Tot het doel": [
        "" if pd.isna(gap) or pd.isna(year) else (
            "doel gehaald" if gap <= 0 else f"nog {formatting.change(gap, u).lstrip('+')} (doel {year})")
        for gap, year, u in zip(table["target_gap"], table["target_year"], table["unit"])],
    "Verhalen": table["indicator_id"].map(story_counts).fillna(0).astype(int),
    "Let op": table["warnings"].map(lambda w: " | ".join(w)),
})
st.subheader("Alle veranderingen")
st.dataframe(shown, hide_index=True, width="stretch")

folder = Path(st.session_state.setdefault("cmp_folder", tempfile.mkdtemp(prefix="kompas-vergelijking-")))
left, right = st.columns(2)
for column, suffix, mime in ((left, ".csv", "text/csv"),
                             (right, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
    path = compare.export(table, folder / f"vergelijking{suffix}")
    column.download_button(f"Download als {suffix[1:].upper()}", path.read_bytes(), file_name=path.name, mime=mime,
                           key=f"cmp_download_{suffix}", on_click=signin.log_export,
                           args=("vergelijking", f"{from_label} → {to_label}", path.name))

st.subheader("Voor wie veranderde het anders?")
whom = compare.for_whom(table)
if whom.empty:
    st.caption("Er zijn geen groepen om te vergelijken met het totaal.")
else:
    top = whom.groupby(["indicator_id", "area_code"], sort=False).head(2)
    st.dataframe(pd.DataFrame({
        "Indicator": top["indicator_title"], "Gebied": top["area_name"], "Groep": top["group_value"],
        "Verandering groep": [formatting.change(d, u) for d, u in zip(top["diff"], top["unit"])],
        "Verandering totaal": [formatting.change(d, u) for d, u in zip(top["total_diff"], top["unit"])],
        "Oordeel groep": top["verdict"].map(lambda v: change.VERDICT_WORDS.get(v, "? onbekend")),
    }), hide_index=True, width="stretch")

st.subheader("Eén verandering met de verhalen erbij")
titles = dict(zip(table["indicator_id"], table["indicator_title"]))
chosen = st.selectbox("Indicator", list(titles), format_func=titles.get, key="cmp_indicator")
figure_with_stories(store, chosen, flt, key="cmp_fig")
st.markdown(f"**Verhalen uit de periodes van {from_label} en {to_label}**")
render_stories(compare.stories_for(store, chosen, from_label, to_label, flt.audience),
               empty_text="Geen verhalen uit deze twee periodes bij dit cijfer.")
