"""All actions by owner and status, overdue first; closing one asks what it achieved."""

import pandas as pd
import streamlit as st

from dashboard.components import page, signin
from kompas.domain import formatting, vocab
from kompas.domain.errors import ValidationError
from kompas.store import reviews

store, flt, key = page.start(
    "Acties",
    "Wie doet wat, en is het gelukt? Acties die te laat zijn staan bovenaan.",
)
table = reviews.actions(store)
if table.empty:
    st.info("Er zijn nog geen acties. Leg ze vast tijdens een werkgroepbespreking.")
    st.stop()

status = st.multiselect(
    "Status",
    list(vocab.ACTION_STATUS),
    default=["open", "bezig"],
    key="acties_status",
    format_func=vocab.ACTION_STATUS.get,
    placeholder="Alle",
    select_all=False,
)
shown = table[table["status"].isin(status)] if status else table
st.dataframe(
    pd.DataFrame(
        {
            "Actie": shown["title"],
            "Wie": shown["owner_label"].fillna("nog niemand"),
            "Klaar op": [formatting.long_date(d) if pd.notna(d) else "" for d in shown["due_date"]],
            "Status": [
                vocab.ACTION_STATUS[s] + (" — te laat" if late else "")
                for s, late in zip(shown["status"], shown["overdue"])
            ],
            "Wat het opleverde": shown["result_note"].fillna(""),
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader("Een actie bijwerken")
if not signin.only_for_editors("Acties bijwerken"):
    st.stop()
open_ones = table[table["status"].isin(["open", "bezig"])]
if open_ones.empty:
    st.caption("Alle acties zijn afgerond.")
    st.stop()
titles = dict(zip(open_ones["id"], open_ones["title"]))
flash = st.session_state.pop("acties_saved", None)
if flash:
    st.success(flash)
with st.form("acties_update"):
    chosen = st.selectbox("Actie", list(titles), format_func=titles.get, key="acties_id")
    new_status = st.radio(
        "Nieuwe status",
        list(vocab.ACTION_STATUS),
        format_func=vocab.ACTION_STATUS.get,
        horizontal=True,
        key="acties_new_status",
    )
    result = st.text_area(
        "Wat heeft de actie opgeleverd? (nodig bij 'Gedaan')",
        key="acties_result",
        help="Schrijf op wat er voor inwoners veranderde, niet alleen wat er gedaan is: "
        "zo blijven output en outcome uit elkaar.",
    )
    if st.form_submit_button("Opslaan", type="primary", key="acties_submit"):
        try:
            reviews.set_action_status(store, chosen, new_status, result)
        except ValidationError as exc:
            st.error(" ".join(exc.errors.values()))
        else:
            st.session_state["acties_saved"] = f"Actie '{titles[chosen]}' is bijgewerkt."
            st.rerun()
