"""Step 4: input and quality: people, knowledge and means, and who carries out what."""

import pandas as pd
import streamlit as st

from dashboard import cached
from dashboard.components import page, review_mode
from dashboard.components.figure import figure_picker, figure_summary
from kompas.domain import safe_text, vocab

store, flt, key = page.start(
    "Stap 4 · Input en kwaliteit",
    "Met welke mensen, kennis en middelen werken we? Hoe zorgen de uitvoerders voor kwaliteit? "
    "En doen we wat we afspraken? Hier staan de inzet, de activiteiten en hun output.",
    term="output",
)
review_mode.banner(store, flt, "s4")

st.subheader("Inzet: mensen, kennis en middelen")
inputs = cached.node_table(store, key, flt.programme_id, ("input",))
for row in inputs.to_dict("records"):
    md = safe_text.inline_markdown
    owner = f" — {md(row['owner_name'])}" if isinstance(row.get("owner_name"), str) else ""
    st.markdown(f"- **{md(row['title'])}**{owner}  \n  {md(row['description']) or 'Nog geen beschrijving.'}")

st.subheader("Activiteiten: wie doet wat?")
activities = cached.node_table(store, key, flt.programme_id, ("activiteit",))
st.dataframe(
    pd.DataFrame(
        {
            "Activiteit": activities["title"],
            "Uitvoerder": activities["owner_name"].fillna(""),
            "Soort": activities["owner_kind"].map(lambda k: vocab.label(vocab.OWNER_KINDS, k)),
            "Status": activities["status"].map(lambda s: vocab.label(vocab.ACTIVITY_STATUS, s)),
            "Programma": activities["programme_title"],
            "Nieuw": activities["id"].map(
                lambda n: "status veranderd" if n in review_mode.new_since_last_review(store)["nodes"] else ""
            ),
        }
    ),
    hide_index=True,
    width="stretch",
)
by_status = activities["status"].value_counts()
st.caption(" · ".join(f"{vocab.ACTIVITY_STATUS[s]}: {n}" for s, n in by_status.items()))

st.subheader("Output: wat hebben we gedaan?")
outputs = cached.indicator_table(store, key, flt.programme_id, "output")
if outputs.empty:
    st.info("Nog geen output-indicatoren voor dit programma.")
else:
    for indicator_id in outputs["id"]:
        figure_summary(store, indicator_id, flt, key=f"s4_sum_{indicator_id}")
    figure_picker(store, outputs, flt, key="s4", label="Bekijk een output-cijfer met de verhalen erbij")
