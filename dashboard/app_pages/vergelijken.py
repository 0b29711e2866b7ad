"""Compare two waves: which changes are real, for whom, and which stories from those periods explain them."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.components import page, signin
from dashboard.components.figure import figure_with_stories
from dashboard.components.story_list import render_stories
from kompas.analysis import compare, verdict
from kompas.domain import formatting
from kompas.reports import compare_export
from kompas.store import indicators, suppression

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

tests = table.attrs["tests"]
for note in table.attrs["notes"]:
    (st.warning if note.startswith("Methodebreuk") else st.info)(note)
counts = table["verdict"].value_counts()
cols = st.columns(5)
for col, (title, keys) in zip(
    cols,
    [
        ("✔ beter", ["beter"]),
        ("✖ slechter", ["slechter"]),
        ("= gelijk of niet zeker", ["gelijk", "niet_zeker"]),
        ("⚠ niet vergelijkbaar", ["niet_vergelijkbaar"]),
        ("zonder oordeel", ["veranderd", "zonder_marge", "verborgen", "onbekend"]),
    ],
):
    col.metric(title, int(sum(counts.get(k, 0) for k in keys)))
st.caption(
    f"{compare.FDR_NOTE} Het oordeel rust op alle {tests} vergelijkingen tussen deze twee metingen, "
    "ook als u hierboven een programma of gebied kiest."
)
if len(missing):
    with st.expander(f"Niet te vergelijken: {len(missing)} cijfers staan maar in één van de twee metingen"):
        st.dataframe(
            missing[["indicator_title", "area_name", "group_value", "present_in"]].rename(
                columns={
                    "indicator_title": "Indicator",
                    "area_name": "Gebied",
                    "group_value": "Groep",
                    "present_in": "Alleen in",
                }
            ),
            hide_index=True,
            width="stretch",
        )


story_counts = {
    indicator_id: len(compare.stories_for(store, indicator_id, from_label, to_label, flt.audience))
    for indicator_id in table["indicator_id"].unique()
}


def _cell(row, side):
    if row[f"value_{side}"] == row[f"value_{side}"]:  # not NaN
        return formatting.value(row[f"value_{side}"], row["unit"])
    if row[f"too_small_{side}"]:
        return suppression.SUPPRESSED_TEXT
    if row[f"hidden_{side}"]:
        return suppression.GUARDED_TEXT
    return "niet vergeleken: de andere meting is verborgen" if row["suppressed"] else "geen cijfer"


shown = pd.DataFrame(
    {
        "Indicator": table["indicator_title"],
        "Gebied": table["area_name"],
        "Groep": table["group_value"].where(table["group_value"] != "totaal", "Totaal"),
        from_label: [_cell(r, "from") for r in table.to_dict("records")],
        to_label: [_cell(r, "to") for r in table.to_dict("records")],
        "Verschil (95%-marge; gecorrigeerd)": [verdict.interval_text(r, r["unit"]) for r in table.to_dict("records")],
        "Oordeel": table["verdict"].map(lambda v: verdict.label(v, tests)),
        "Tot het doel": [
            ""
            if pd.isna(gap) or pd.isna(year)
            else ("doel gehaald" if gap <= 0 else f"nog {formatting.change(gap, u).lstrip('+')} (doel {year})")
            for gap, year, u in zip(table["target_gap"], table["target_year"], table["unit"])
        ],
        "Verhalen": table["indicator_id"].map(story_counts).fillna(0).astype(int),
        "Let op": table["warnings"].map(lambda w: " | ".join(w)),
    }
)
st.subheader("Alle veranderingen")
st.dataframe(shown, hide_index=True, width="stretch")

folder = Path(st.session_state.setdefault("cmp_folder", tempfile.mkdtemp(prefix="kompas-vergelijking-")))
left, right = st.columns(2)
for column, suffix, mime in (
    (left, ".csv", "text/csv"),
    (right, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
):
    path = compare_export.export(table, folder / f"vergelijking{suffix}")
    column.download_button(
        f"Download als {suffix[1:].upper()}",
        path.read_bytes(),
        file_name=path.name,
        mime=mime,
        key=f"cmp_download_{suffix}",
        on_click=signin.log_export,
        args=("vergelijking", f"{from_label} → {to_label}", path.name),
    )

st.subheader("Voor wie veranderde het anders?")
st.caption(
    "Groepen die anders veranderden dan het totaal, en wijken die anders veranderden dan de gemeente: "
    "het verschil tussen de twee veranderingen valt buiten de foutmarge."
)
whom = compare.for_whom(store, table)
if whom.empty:
    st.caption("Geen groep of wijk veranderde duidelijk anders dan het totaal.")
else:
    st.dataframe(
        pd.DataFrame(
            {
                "Indicator": whom["indicator_title"],
                "Gebied": whom["area_name"],
                "Groep": whom["group_value"].where(whom["group_value"] != "totaal", "Totaal"),
                "Verandering": [formatting.change(d, u) for d, u in zip(whom["diff"], whom["unit"])],
                "Vergeleken met": whom["of_area_name"].where(whom["group_factor"] == "totaal", "het totaal"),
                "Verandering daar": [formatting.change(d, u) for d, u in zip(whom["total_diff"], whom["unit"])],
                "Oordeel": whom["verdict_text"],
            }
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader("Eén verandering met de verhalen erbij")
titles = dict(zip(table["indicator_id"], table["indicator_title"]))
chosen = st.selectbox("Indicator", list(titles), format_func=titles.get, key="cmp_indicator")
figure_with_stories(store, chosen, flt, key="cmp_fig")
st.markdown(f"**Verhalen uit de periodes van {from_label} en {to_label}**")
render_stories(
    compare.stories_for(store, chosen, from_label, to_label, flt.audience),
    empty_text="Geen verhalen uit deze twee periodes bij dit cijfer.",
)
