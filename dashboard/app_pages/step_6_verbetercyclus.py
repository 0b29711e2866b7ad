"""Step 6: the improvement cycle: are residents better off, what goes well, what can be better, what we do."""

import streamlit as st

from dashboard import cached
from dashboard.components import page, review_mode, signin
from dashboard.components.figure import figure_summary
from dashboard.components.story_list import stories_block
from kompas.analysis import verdict
from kompas.domain import formatting, safe_text, vocab
from kompas.domain.errors import ValidationError
from kompas.domain.model import Reflection
from kompas.store import reflections, stories


@st.cache_data(ttl=600, max_entries=20, show_spinner=False)
def _reflections(_store, key: tuple, programme_id: str | None):
    return reflections.reflections(_store, programme_id)


store, flt, key = page.start(
    "Stap 6 · Verbetercyclus",
    "Gaat het beter met onze inwoners? Wat gaat goed, wat kan beter, en wat gaan we doen? "
    "Wat u hier afspreekt, neemt u mee naar stap 1 van de volgende ronde.",
)
review_mode.banner(store, flt, "s6")

outcomes = cached.indicator_table(store, key, flt.programme_id, "outcome")
outputs = cached.indicator_table(store, key, flt.programme_id, "output")
judged = cached.judged(store, key, flt.area_code, flt.years)
groups = verdict.outcome_groups({i: judged[i]["verdict"] if i in judged else None for i in outcomes["id"]})
st.caption(
    "Per cijfer over inwoners: de laatste meting vergeleken met de vorige. Een verschil telt alleen als het "
    "buiten de foutmarge valt, ook na correctie voor alle vergelijkingen tussen die twee metingen. Cijfers "
    "zonder foutmarge krijgen geen oordeel over toeval."
)
for tab, (_label, members) in zip(st.tabs([f"{k} ({len(v)})" for k, v in groups.items()]), groups.items()):
    with tab:
        if not members:
            st.info("Geen cijfers in deze groep.")
        for indicator_id in members:
            figure_summary(store, indicator_id, flt, key=f"s6_{indicator_id}")

st.subheader("Wat we deden")
st.caption(
    "Dit zijn prestaties (outputs): wat wij en onze partners deden. Meer is niet vanzelf beter voor inwoners; "
    "daarom staan ze hier apart van de cijfers hierboven."
)
if outputs.empty:
    st.info("Dit programma heeft geen output-indicatoren.")
for indicator_id in outputs["id"]:
    figure_summary(store, indicator_id, flt, key=f"s6_out_{indicator_id}")

st.subheader("Verhalen die een cijfer tegenspreken")
st.caption("Bespreek deze eerst: hier zeggen cijfers en verhalen iets anders.")
where = stories.NoteFilter(
    stance="spreekt_tegen", programme_id=flt.programme_id, area_code=flt.area_code, years=flt.years
)
stories_block(store, flt, where, empty_text="Geen verhalen die een cijfer tegenspreken.")

st.subheader("Wat gaat goed, wat kan beter, wat spreken we af?")
recorded = _reflections(store, key, flt.programme_id)
for column, (kind, label) in zip(st.columns(3), vocab.REFLECTION_KINDS.items()):
    with column:
        st.markdown(f"**{label}**")
        part = recorded[recorded["kind"] == kind]
        if part.empty:
            st.caption("Nog niets vastgelegd.")
        for row in part.to_dict("records"):
            where_from = f" ({row['programme_title']})" if row["programme_title"] else ""
            st.markdown(
                f"- {safe_text.inline_markdown(row['text'])}{where_from} ({formatting.long_date(row['created_at'])})"
            )

flash = st.session_state.pop("s6_saved", None)
if flash:
    st.success(flash)
round_ = st.session_state.setdefault("s6_round", 0)
if not signin.only_for_editors("Iets vastleggen"):
    st.stop()
with st.form(f"s6_reflection_{round_}"):
    kind = st.radio(
        "Soort",
        list(vocab.REFLECTION_KINDS),
        format_func=vocab.REFLECTION_KINDS.get,
        horizontal=True,
        key=f"s6_kind_{round_}",
    )
    text = st.text_area("Wat spreken we af of wat zien we?", key=f"s6_text_{round_}")
    if st.form_submit_button("Vastleggen", type="primary", key=f"s6_submit_{round_}"):
        try:
            reflections.add_reflection(store, Reflection(kind, text, flt.programme_id))
        except ValidationError as exc:
            st.error("Niet vastgelegd. " + " ".join(exc.errors.values()))
        else:
            st.session_state["s6_saved"] = "Vastgelegd."
            st.session_state["s6_round"] = round_ + 1
            st.rerun()
