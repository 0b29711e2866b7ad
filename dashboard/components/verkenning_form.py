"""Step 1's verkenning: the questions of bijlage 1 as a form per round (year), the comparison with the
round before, and the round as a Word document."""

from __future__ import annotations

import functools
from datetime import date

import streamlit as st

from dashboard import cached
from dashboard.components import signin
from kompas.domain import roles as access
from kompas.domain import safe_text
from kompas.domain.errors import KompasError
from kompas.domain.verkenning_questions import BY_KEY, PARTS
from kompas.reports import document
from kompas.reports.verkenning import document as verkenning_document
from kompas.store import verkenning

_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def verkenning_block(store) -> None:
    """The verkenning for the werkgroep and readers; the council's role does not see it."""
    if access.of(store).role == "raad":
        return
    st.subheader("Verkenning: waar staan we met inclusief beleid?")
    st.markdown(
        "De vragen uit de handreiking (bijlage 1). Beantwoord ze elk jaar opnieuw; dan ziet u wat er "
        "veranderd is sinds de vorige ronde."
    )
    key = cached.version(store)
    years = sorted(set(_rounds(store, key)) | {date.today().year}, reverse=True)
    year = st.selectbox("Ronde (jaar)", years, key="vk_year")
    rows = _compared(store, key, year)
    previous = rows[0]["previous_year"]
    counts = {c: sum(r["change"] == c for r in rows) for c in verkenning.CHANGES}
    st.caption(
        f"Ronde {year}: {counts['gewijzigd']} antwoorden anders dan in {previous}, {counts['gelijk']} gelijk, "
        f"{counts['nieuw']} nieuw, {counts['leeg']} nog open."
        if previous
        else f"Ronde {year}: de eerste ronde; {counts['leeg']} van {len(rows)} vragen nog open."
    )
    for part, title in PARTS.items():
        with st.expander(title):
            for row in (r for r in rows if r["part"] == part):
                st.markdown(
                    f"**Vraag {row['key']}: {safe_text.inline_markdown(row['question'])}**  \n"
                    f"{safe_text.inline_markdown(row['answer']) or '*Nog niet beantwoord.*'}"
                )
                if row["change"] == "gewijzigd":
                    st.caption(f"In {previous}: {row['previous']}")
                elif row["change"] in ("gelijk", "nieuw") and previous:
                    st.caption(verkenning.CHANGES[row["change"]] + ".")
    st.download_button(
        "Verkenning als Word",
        functools.partial(_docx, store, year),
        file_name=f"verkenning-{year}.docx",
        mime=_WORD,
        key="vk_docx",
        on_click=signin.log_export,
        args=("verkenning", year, f"verkenning-{year}.docx"),
    )
    if signin.may_edit():
        _form(store, year, {r["key"]: r["answer"] for r in rows})


@st.cache_data(ttl=600, max_entries=20, show_spinner=False)
def _rounds(_store, key: tuple) -> list[int]:
    return verkenning.rounds(_store)


@st.cache_data(ttl=600, max_entries=50, show_spinner=False)
def _compared(_store, key: tuple, year: int) -> list[dict]:
    return verkenning.compared(_store, year)


def _docx(store, year: int) -> bytes:
    """The round as Word, made when the reader asks for it (a deferred download), not on every run."""
    return document.to_docx(verkenning_document(store, year))


def _form(store, year: int, answers: dict[str, str]) -> None:
    with st.expander(f"Verkenning {year} invullen of aanpassen"):
        with st.form(f"vk_form_{year}"):
            typed = {
                key: st.text_area(
                    f"Vraag {key}: {BY_KEY[key].text}",
                    answers.get(key, ""),
                    help=BY_KEY[key].hint or None,
                    key=f"vk_{year}_{key}",
                    max_chars=4000,
                )
                for key in BY_KEY
            }
            if st.form_submit_button("Verkenning opslaan", key=f"vk_save_{year}"):
                try:
                    changed = verkenning.save_answers(store, year, typed)
                except KompasError as exc:
                    st.error(str(exc))
                else:
                    st.success(f"Opgeslagen: {changed} antwoorden veranderd.")
                    st.rerun()
