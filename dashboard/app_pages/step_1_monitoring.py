"""Step 1: how are our residents doing, and what are our ambitions?"""

import streamlit as st

from dashboard import cached
from dashboard.components import page, review_mode
from dashboard.components.figure import figure_picker, figure_summary
from dashboard.components.story_list import render_stories
from dashboard.components.verkenning_form import verkenning_block
from kompas.domain import safe_text, vocab
from kompas.store import stories

store, flt, key = page.start(
    "Stap 1 · Monitoring en ambities",
    "Hoe gaat het met onze inwoners? En wat willen we als gemeente bereiken? "
    "Hier ziet u de belangrijkste cijfers over inwoners, met wat we in de wijk hoorden.",
    term="indicator",
)
review_mode.banner(store, flt, "s1")

st.subheader("Onze ambities")
for row in cached.node_table(store, key, flt.programme_id, ("resultaat",)).to_dict("records"):
    md = safe_text.inline_markdown
    st.markdown(f"- **{md(row['programme_title'])}**: {md(row['title'])}. {md(row['description'])}")

outcomes = cached.indicator_table(store, key, flt.programme_id, "outcome")
st.subheader(f"Hoe gaat het met inwoners in {flt.area_name}?")
if outcomes.empty:
    st.info("Dit programma heeft nog geen outcome-indicatoren. Voeg ze toe op 'Veranderverhaal bewerken'.")
else:
    domain = outcomes["levensdomein"].where(outcomes["levensdomein"].isin(list(vocab.LEVENSDOMEINEN)), "overig")
    domains = [d for d in [*vocab.LEVENSDOMEINEN, "overig"] if d in set(domain)]
    labels = {**vocab.LEVENSDOMEINEN, "overig": "Overig"}
    for tab, chosen_domain in zip(st.tabs([labels[d] for d in domains]), domains):
        with tab:
            for indicator_id in outcomes[domain == chosen_domain]["id"]:
                figure_summary(store, indicator_id, flt, key=f"s1_sum_{indicator_id}")

    st.subheader("Eén cijfer met de verhalen erbij")
    figure_picker(store, outcomes, flt, key="s1", label="Kies een cijfer")

st.subheader("Wat we hoorden in de wijk")
heard = cached.notes(
    store,
    key,
    flt.audience,
    stories.NoteFilter(
        area_code=flt.area_code, years=flt.years, source_kind="wijkgesprek", programme_id=flt.programme_id
    ),
)
render_stories(heard.head(5), empty_text="Geen wijkgesprekken in deze periode en dit gebied.")

verkenning_block(store)
