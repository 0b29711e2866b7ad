"""A figure with its stories: the one way the app shows a number (tellen én vertellen).

Full form: the finding in a sentence, the chart, source, definition, n and caveats, the data
table, and beside it the stories the viewer may see, with a form to add one. Summary form:
the finding in a sentence with its stories one click away.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cached
from dashboard.components import deep_link, signin
from dashboard.components.coverage_view import who_is_counted
from dashboard.components.filters import Filters
from dashboard.components.review_mode import new_since_last_review
from dashboard.components.story_form import story_form
from dashboard.components.story_list import figure_stories_block
from kompas.analysis import findings
from kompas.domain import formatting, safe_text, vocab
from kompas.domain.model import FigureLink, Indicator, Note
from kompas.reports import charts
from kompas.store.connection import StoreView
from kompas.store.suppression import GUARDED_TEXT, SUPPRESSED_TEXT, reason, threshold


def figure_with_stories(
    store: StoreView, indicator_id: str, flt: Filters, *, key: str, group_factor: str | None = None
) -> None:
    key_now = cached.version(store)
    indicator = cached.indicator(store, key_now, indicator_id)
    frame = cached.series(store, key_now, indicator_id, flt.area_code, group_factor, flt.years)
    total = frame[frame["group_value"] == "totaal"]
    found = cached.figure_stories(store, key_now, flt.audience, indicator_id, flt.area_code, flt.years)

    with st.container(border=True):
        st.markdown(f"#### {safe_text.inline_markdown(indicator.title)}{_new_mark(store, indicator_id)}")
        st.caption(
            f"{'Outcome' if indicator.kind == 'outcome' else 'Output'} · {vocab.DIRECTIONS[indicator.direction]}"
        )
        figure_col, story_col = st.columns([3, 2], gap="medium")
        with figure_col:
            judgement = cached.judged(store, key_now, flt.area_code, flt.years).get(indicator_id)
            sentence = findings.headline(indicator, total, flt.area_name, judgement)
            st.markdown(f"**{sentence}**")
            if not frame.empty and not frame["suppressed"].all():
                chart = cached.chart(
                    key_now,
                    ("series", indicator_id, flt.area_code, group_factor, flt.years),
                    lambda: charts.series_chart(indicator, frame, indicator.title),
                )
                st.plotly_chart(chart, key=f"{key}_chart", width="stretch", config={"displaylogo": False})
            _source_and_caveats(store, indicator, frame)
            who_is_counted(store, indicator_id, frame)
            if not frame.empty:
                with st.expander("Tabel met de cijfers"):
                    st.dataframe(
                        _table(indicator, frame),
                        hide_index=True,
                        width="stretch",
                        column_config={"Marge (95%)": st.column_config.TextColumn(help=vocab.GLOSSARY["foutmarge"])},
                    )
        with story_col:
            st.markdown(f"**Verhalen bij dit cijfer ({len(found.notes)})**")
            figure_stories_block(store, flt, found)
            if not signin.may_edit():
                return
            with st.expander("Verhaal toevoegen bij dit cijfer"):
                story_form(
                    store,
                    key=f"{key}_{indicator_id}_form",
                    note=Note(
                        "",
                        "",
                        date.today(),
                        "wijkgesprek",
                        "",
                        None,
                        area_code=flt.area_code if flt.area_code.startswith("WK") else None,
                        indicator_ids=(indicator_id,),
                    ),
                    figure_options=_figure_options(indicator_id, flt, frame),
                )


def figure_picker(store: StoreView, table: pd.DataFrame, flt: Filters, *, key: str, label: str) -> None:
    """Choose one indicator of ``table`` and show it in full with its stories."""
    titles = dict(zip(table["id"], table["title"]))
    deep_link.choose(f"{key}_indicator", list(titles))  # from a "Bekijk" link, else this session's last choice
    chosen = st.selectbox(label, list(titles), format_func=titles.get, key=f"{key}_indicator")
    deep_link.keep({f"{key}_indicator": (deep_link.INDICATOR, chosen)}, flt.area_code)
    deep_link.wave_note(store, cached.version(store))
    figure_with_stories(store, chosen, flt, key=f"{key}_fig")


def figure_summary(store: StoreView, indicator_id: str, flt: Filters, *, key: str) -> None:
    """One line with the finding, and the stories behind an expander."""
    key_now = cached.version(store)
    indicator = cached.indicator(store, key_now, indicator_id)
    found = cached.figure_stories(store, key_now, flt.audience, indicator_id, flt.area_code, flt.years)
    headline = cached.headline(store, key_now, indicator_id, flt.area_code, flt.area_name, flt.years)
    st.markdown(f"**{safe_text.inline_markdown(indicator.title)}**{_new_mark(store, indicator_id)} — {headline}")
    st.caption(f"Bron: {indicator.source}")
    with st.expander(f"Verhalen bij dit cijfer ({len(found.notes)})"):
        figure_stories_block(
            store,
            flt,
            found,
            empty_text="Er zijn nog geen verhalen bij dit cijfer. Voeg er een toe op de pagina "
            "'Verhalen', of kies het cijfer hieronder om het daar te doen.",
        )


def _new_mark(store: StoreView, indicator_id: str) -> str:
    """'Nieuw' beside a figure that changed since the last review, while a review is open."""
    return " · Nieuw sinds de vorige bespreking" if indicator_id in new_since_last_review(store)["indicators"] else ""


def _source_and_caveats(store: StoreView, indicator: Indicator, frame: pd.DataFrame) -> None:
    last = frame[(frame["group_value"] == "totaal") & frame["n"].notna()].tail(1)
    n_text = f" · n = {formatting.number(last['n'].iloc[0])} ({last['wave_label'].iloc[0]})" if len(last) else ""
    st.caption(f"Bron: {indicator.source}{n_text}  \nWat we meten: {indicator.definition}")
    if indicator.caveat:
        st.warning(f"Let op: {indicator.caveat}")
    waves = frame.drop_duplicates("wave_id")
    if not waves.empty:
        with st.expander("Hoe is er gemeten?"):
            for wave in waves.to_dict("records"):
                st.markdown(f"- **{wave['wave_label']}**: {wave['method_note']} *Wie: {wave['population_note']}*")
    suppressed = int(frame["suppressed"].sum())
    if suppressed:
        small = int(frame["too_small"].sum()) if "too_small" in frame else suppressed
        guarded = f"; {suppressed - small} {GUARDED_TEXT}" if suppressed > small else ""
        st.caption(
            f"{suppressed} cijfer(s) niet getoond: {small} {SUPPRESSED_TEXT} "
            f"(minder dan {threshold(indicator.unit, indicator.min_n, store)} mensen){guarded}."
        )


def _table(indicator: Indicator, frame: pd.DataFrame) -> pd.DataFrame:
    def show(value):
        return formatting.value(value, indicator.unit)

    return pd.DataFrame(
        {
            "Meting": frame["wave_label"],
            "Groep": frame["group_value"].where(frame["group_value"] != "totaal", "Totaal"),
            "Waarde": [reason(r) if r["suppressed"] else show(r["value"]) for r in frame.to_dict("records")],
            "Marge (95%)": [
                "" if s or pd.isna(lo) else f"{show(lo)} – {show(hi)}"
                for s, lo, hi in zip(frame["suppressed"], frame["ci_low"], frame["ci_high"])
            ],
            "n": [formatting.number(n) if pd.notna(n) else "" for n in frame["n"]],
        }
    )


def _figure_options(indicator_id: str, flt: Filters, frame: pd.DataFrame) -> dict[str, FigureLink]:
    options = {}
    for row in frame.to_dict("records"):
        group = "totaal" if row["group_value"] == "totaal" else row["group_value"]
        options[f"{row['wave_label']} · {flt.area_name} · {group}"] = FigureLink(
            indicator_id, row["wave_id"], flt.area_code, row["group_factor"], row["group_value"]
        )
    return options
