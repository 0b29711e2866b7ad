"""Step 2: the societal result we want, and the indicators that show it."""

import streamlit as st

from dashboard import cached
from dashboard.components import page, review_mode
from dashboard.components.figure import figure_summary
from kompas.domain import safe_text

store, flt, key = page.start(
    "Stap 2 · Maatschappelijk resultaat",
    "Wat willen we over drie jaar bereikt hebben, voor en met inwoners? "
    "En aan welke cijfers zien we of dat lukt? Per programma ziet u het doel, de cijfers en hoe ver we nog zijn.",
    term="maatschappelijk resultaat",
)
review_mode.banner(store, flt, "s2")

programmes, _, _ = cached.filter_choices(store, key)
if flt.programme_id:
    programmes = programmes[programmes["id"] == flt.programme_id]
for programme in programmes.to_dict("records"):
    st.subheader(programme["title"])
    results = cached.node_table(store, key, programme["id"], ("resultaat",))
    for result in results.to_dict("records"):
        st.markdown(
            f"**Resultaat:** {safe_text.inline_markdown(result['title'])}  \n"
            f"{safe_text.inline_markdown(result['description'])}"
        )
    measured = cached.indicator_table(store, key, programme["id"])
    measured = measured[measured["node_kind"].isin(["resultaat", "outcome"])]
    if measured.empty:
        st.info("Nog geen indicatoren voor dit resultaat.")
    for row in measured.to_dict("records"):
        with st.container(border=True):
            figure_summary(store, row["id"], flt, key=f"s2_{row['id']}")
            target = cached.target_text(store, key, row["id"], flt.area_code, flt.years)
            st.caption(" · ".join(p for p in [f"Op weg naar: {row['node_title']}", target] if p))
