"""Raadsinformatie: from a council question to a sourced factsheet in Word, PDF or Markdown."""

import hashlib

import pandas as pd
import streamlit as st

from dashboard import cached
from dashboard.components import page
from dashboard.components.raad_draft import edit_form, show_draft
from kompas.domain import roles as access
from kompas.domain import vocab
from kompas.domain.errors import KompasError
from kompas.reports import raad
from kompas.reports.raad_request import RaadRequest, suggest
from kompas.store import indicators

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "md": "text/markdown",
}
FORMAT_LABELS = {"docx": "Word (.docx)", "pdf": "PDF", "md": "Markdown (tekst)"}

store, flt, key = page.start(
    "Raadsinformatie",
    "Een vraag van de raad beantwoorden met cijfers én verhalen. Typ de vraag, kies de cijfers, lees het concept, "
    "pas de tekst aan en download het stuk. Alleen openbare verhalen en cijfers over groepen die groot genoeg zijn "
    "komen erin.",
    term="foutmarge",
)

indicator_frame = cached.indicator_table(store, key, None)
titles = dict(zip(indicator_frame["id"], indicator_frame["title"]))
area_frame = cached.area_table(store, key)
area_names = {
    r["code"]: (r["name"] if r["level"] == "gemeente" else f"{r['name']} ({r['level']})")
    for r in area_frame.to_dict("records")
}
st.session_state.setdefault("raad_areas", [flt.area_code])
st.session_state.setdefault("raad_author", access.of(store).user)

st.subheader("1. De vraag")
question = st.text_area(
    "Vraag van het raadslid",
    key="raad_question",
    placeholder="Bijvoorbeeld: Neemt de eenzaamheid onder ouderen in wijk Noord af, en wat doet de gemeente eraan?",
)
author = st.text_input("Opgesteld door", key="raad_author")
if st.button("Zoek cijfers die bij de vraag passen", key="raad_suggest"):
    found = suggest(store, question)
    if found.indicator_ids:
        st.session_state["raad_indicators"] = list(found.indicator_ids)
    if found.area_codes:
        st.session_state["raad_areas"] = list(found.area_codes)
    if found.group_factor:
        st.session_state["raad_group"] = found.group_factor
    if not found.indicator_ids:
        st.info("Er zijn geen cijfers gevonden met woorden uit de vraag. Kies ze zelf hieronder.")

chosen = st.multiselect(
    "Cijfers (indicatoren)",
    list(titles),
    format_func=titles.get,
    key="raad_indicators",
    placeholder="Typ om te zoeken",
    select_all=False,
)
cols = st.columns(3)
chosen_areas = cols[0].multiselect(
    "Gebieden",
    list(area_names),
    format_func=area_names.get,
    key="raad_areas",
    placeholder="Hele gemeente",
    select_all=False,
)
group = cols[1].selectbox(
    "Uitsplitsen naar groep",
    [None] + list(vocab.DIVERSITY_FACTORS),
    key="raad_group",
    format_func=lambda f: "Geen uitsplitsing" if f is None else vocab.DIVERSITY_FACTORS[f],
)
first, last = indicators.year_span(store)
years = (
    cols[2].slider("Periode", min_value=first, max_value=last, value=flt.years, key="raad_years")
    if first < last
    else (first, last)
)

if not question.strip() or not chosen:
    st.info("Typ de vraag en kies minstens één cijfer; dan verschijnt hier het concept.")
    st.stop()

request = RaadRequest(question.strip(), tuple(chosen), tuple(chosen_areas), group, tuple(years), author.strip())
try:
    evidence = cached.raad_evidence(store, key, request)
except KompasError as exc:
    st.error(str(exc))
    st.stop()

st.markdown("**Waar deze cijfers bij horen**")
st.dataframe(
    pd.DataFrame(
        [
            {
                "Cijfer": i.indicator.title,
                "Soort": i.indicator.kind,
                "Stap in het veranderverhaal": i.node_title,
                "Programma": i.programme_title,
            }
            for i in evidence.items
        ]
    ),
    hide_index=True,
    width="stretch",
)

rk = hashlib.sha1(request.to_json().encode()).hexdigest()[:10]  # edits start fresh for a new request
st.subheader("2. Concept")
stories = show_draft(evidence, rk)

st.subheader("3. Tekst aanpassen")
edits = edit_form(evidence, rk, stories)

st.subheader("4. Maken en downloaden")
file_format = st.radio(
    "Bestand", list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, horizontal=True, key="raad_format"
)
if st.button("Maak het document", type="primary", key="raad_make"):
    with st.spinner("Het document wordt gemaakt. Grafieken tekenen kan enkele seconden duren…"):
        try:
            made = raad.export(store, request, edits, file_format)
        except KompasError as exc:
            st.error(str(exc))
            st.stop()
    st.session_state["raad_made"] = (
        raad.file_name(request, file_format),
        made.content,
        file_format,
        made.id,
        made.data_hash,
    )
if st.session_state.get("raad_made"):
    name, content, made_format, made_id, made_hash = st.session_state["raad_made"]
    st.success(
        f"Klaar: raadsinformatie nummer {made_id} is bewaard met de vraag, de keuzes en een kenmerk van de "
        f"gegevens ({made_hash[:16]}), zodat het later opnieuw te maken is."
    )
    st.download_button(
        f"Download {FORMAT_LABELS[made_format]}", content, file_name=name, mime=MIME[made_format], key="raad_download"
    )

st.subheader("Eerder gemaakte stukken")
earlier = raad.exports(store)
if earlier.empty:
    st.caption("Er zijn nog geen stukken gemaakt.")
else:
    st.dataframe(
        earlier.rename(
            columns={
                "id": "Nummer",
                "made_on": "Datum",
                "author": "Door",
                "question": "Vraag",
                "file_format": "Bestand",
                "data_hash": "Kenmerk gegevens",
            }
        ),
        hide_index=True,
        width="stretch",
    )
    again_id = st.selectbox(
        "Stuk opnieuw maken", list(earlier["id"]), key="raad_again_id", format_func=lambda i: f"Nummer {i}"
    )
    if st.button("Maak opnieuw", key="raad_again"):
        with st.spinner("Het stuk wordt opnieuw gemaakt…"):
            again = raad.regenerate(store, int(again_id))
        if again.same_data is None:
            st.info(f"Opnieuw gemaakt {raad.again_sentence(again)}.")
        elif again.same_data:
            st.success("Opnieuw gemaakt met precies dezelfde gegevens als toen.")
        else:
            st.warning(
                "Let op: de gegevens zijn veranderd sinds dit stuk werd gemaakt. De cijfers of verhalen in "
                "dit nieuwe bestand kunnen verschillen van het stuk dat de raad kreeg."
            )
        st.download_button(
            "Download het opnieuw gemaakte stuk",
            again.content,
            file_name=f"raadsinformatie-{again_id}-opnieuw.{again.file_format}",
            mime=MIME[again.file_format],
            key="raad_again_download",
        )
