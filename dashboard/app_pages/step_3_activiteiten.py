"""Step 3: the activities and the theory of change that says why they should work."""

import pandas as pd
import streamlit as st

from dashboard import cached
from dashboard.components import assumption_view, page, policy_form, review_mode
from dashboard.components.figure import figure_with_stories
from dashboard.components.story_list import stories_block
from kompas.domain import safe_text, vocab
from kompas.reports import charts, toc_dot
from kompas.store import stories, toc

store, flt, key = page.start(
    "Stap 3 · Activiteiten",
    "Wat doen we om het resultaat te bereiken, en wie doet het? Het veranderverhaal laat zien "
    "hoe activiteiten via output en outcome tot het resultaat moeten leiden, en wat we daarbij veronderstellen. "
    "Kies een onderdeel om de cijfers, verhalen en veronderstellingen te zien.",
    term="veronderstelling",
)

graph = cached.toc_graph(store, key, flt.programme_id)
node_titles = {n: d["title"] for n, d in graph.nodes(data=True)}
if not node_titles:
    st.info("Er is nog geen veranderverhaal. Maak het op 'Veranderverhaal bewerken'.")
    st.stop()
if flt.programme_id is None:
    st.caption("Tip: kies in de zijbalk één programma. Dan is het schema kleiner en beter te lezen.")
order = list(cached.node_table(store, key, flt.programme_id)["id"])
if st.session_state.get("s3_node") not in node_titles:
    st.session_state["s3_node"] = order[0]

arrows_tested = assumption_view.tested(store, flt.programme_id)
view = st.radio(
    "Weergave van het schema",
    ["Klikbaar schema", "Leesbaar schema (volledige namen, per programma)"],
    horizontal=True,
    key="s3_view",
)
if view == "Klikbaar schema":
    drawn = cached.chart(
        key,
        ("toc", flt.programme_id, st.session_state["s3_node"]),
        lambda: charts.toc_chart(
            graph, toc.layout(graph), st.session_state["s3_node"], assumption_view.edge_status(arrows_tested)
        ),
    )
    event = st.plotly_chart(
        drawn,
        key="s3_graph",
        on_select="rerun",
        selection_mode="points",
        width="stretch",
        config={"displaylogo": False},
    )
else:  # one programme: the selected node's, unless the sidebar chose one
    event = None
    shown = cached.toc_graph(store, key, flt.programme_id or graph.nodes[st.session_state["s3_node"]]["programme_id"])
    st.graphviz_chart(
        toc_dot.dot(shown, assumption_view.edge_status(arrows_tested), st.session_state["s3_node"]),
        width="stretch",
        alt=toc.describe(shown),
    )
st.caption(toc.describe(graph))
st.caption(assumption_view.legend_text(arrows_tested))
points = (event or {}).get("selection", {}).get("points", []) if event else []
clicked = next((p.get("customdata") for p in points if p.get("customdata") in node_titles), None)
if clicked and clicked != st.session_state.get("s3_last_click"):
    st.session_state["s3_node"] = clicked
st.session_state["s3_last_click"] = clicked

node_id = st.selectbox(
    "Onderdeel (ook te kiezen door erop te klikken in het schema)",
    order,
    format_func=lambda n: f"{vocab.NODE_KINDS_SHORT[graph.nodes[n]['kind']]}: {node_titles[n]}",
    key="s3_node",
)
node = graph.nodes[node_id]
review_mode.banner(store, flt, "s3", node_id=node_id)

with st.expander("Het veranderverhaal als lijst"):
    all_arrows = cached.edge_table(store, key, flt.programme_id)
    st.dataframe(
        pd.DataFrame(
            {
                "Van": all_arrows["source_title"],
                "Naar": all_arrows["target_title"],
                "Veronderstelling": all_arrows["assumption"],
                "Onderbouwing": all_arrows["evidence"].map(vocab.EVIDENCE),
                "Getoetst met cijfers": assumption_view.status_column(arrows_tested, all_arrows),
            }
        ),
        hide_index=True,
        width="stretch",
    )
policy_form.programme_summary(store, flt.programme_id)

st.subheader(node["title"])
facts = [vocab.NODE_KINDS[node["kind"]], node["programme_title"]]
if node.get("owner_name"):
    facts.append(f"Uitvoerder: {node['owner_name']} ({vocab.label(vocab.OWNER_KINDS, node['owner_kind'])})")
if node.get("status"):
    facts.append(f"Status: {vocab.ACTIVITY_STATUS[node['status']]}")
if node.get("levensdomein"):
    facts.append(f"Levensdomein: {vocab.LEVENSDOMEINEN[node['levensdomein']]}")
st.caption(" · ".join(facts))
if node.get("description"):
    st.markdown(safe_text.inline_markdown(node["description"]))

arrows = cached.edge_table(store, key, None, node_id)
left, right = st.columns(2)
for column, side, title in ((left, "target_id", "Wat leidt hiertoe"), (right, "source_id", "Waar dit toe leidt")):
    with column:
        st.markdown(f"**{title}**")
        part = arrows[arrows[side] == node_id]
        if part.empty:
            st.caption("Niets.")
        for arrow in part.to_dict("records"):
            other = arrow["source_title"] if side == "target_id" else arrow["target_title"]
            assumption = safe_text.inline_markdown(arrow["assumption"]) or "niet ingevuld"
            st.markdown(
                f"- **{safe_text.inline_markdown(other)}**  \n  Veronderstelling: {assumption} "
                f"({vocab.EVIDENCE[arrow['evidence']].lower()})"
            )

if node["kind"] == "activiteit":
    policy_form.checklist(store, node_id, flt.audience)

assumption_view.timelines(store, arrows_tested, node_id, flt.audience)

measured = cached.indicator_table(store, key, None)
for indicator_id in measured[measured["node_id"] == node_id]["id"]:
    figure_with_stories(store, indicator_id, flt, key=f"s3_{indicator_id}")

st.markdown("**Verhalen bij dit onderdeel**")
stories_block(
    store,
    flt,
    stories.NoteFilter(node_id=node_id, area_code=flt.area_code, years=flt.years),
    empty_text="Nog geen verhalen bij dit onderdeel. Voeg er een toe op de pagina 'Verhalen'.",
)
