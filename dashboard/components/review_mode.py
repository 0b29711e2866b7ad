"""Review mode: while the werkgroep has a review open, every step page says so, marks what is new
since the last review, and lets the group record a reflection, decision or action on the spot."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard import cached
from dashboard.components import signin
from kompas.domain import vocab
from kompas.domain.errors import ValidationError
from kompas.domain.model import Action, Reflection
from kompas.store import reflections, reviews

KINDS = {**vocab.REFLECTION_KINDS, "actie": "Actie: wie doet wat, en wanneer"}


def banner(store, flt, key: str, node_id: str | None = None, indicator_id: str | None = None) -> None:
    """The open review's bar with a form that links what is recorded to what is on screen."""
    review = cached.current_review(store, cached.version(store))
    if review is None:
        return
    with st.container(border=True):
        st.markdown(
            f"**Bespreking open:** {review['title']}. Wat nieuw is sinds de vorige bespreking, staat "
            "gemarkeerd met 'Nieuw'."
        )
        if not signin.may_edit():
            return
        with st.expander("Vastleggen tijdens de bespreking"):
            record_form(store, review, flt, key, node_id, indicator_id)


def record_form(store, review, flt, key: str, node_id: str | None, indicator_id: str | None) -> None:
    flash = st.session_state.pop(f"{key}_review_saved", None)
    if flash:
        st.toast(flash)  # the form may sit in a closed expander
    round_ = st.session_state.setdefault(f"{key}_review_round", 0)
    form = f"{key}_review_{round_}"
    members = reviews.members(store)
    owners = dict(zip(members["id"], members["name"]))
    with st.form(form):
        kind = st.radio("Wat legt u vast?", list(KINDS), format_func=KINDS.get, key=f"{form}_kind", horizontal=True)
        text = st.text_area("Tekst", key=f"{form}_text")
        left, right = st.columns(2)
        owner = left.selectbox(
            "Wie (alleen bij een actie)",
            [None, *owners],
            key=f"{form}_owner",
            format_func=lambda m: "nog niemand" if m is None else owners[m],
        )
        due = right.date_input(
            "Klaar op (alleen bij een actie)",
            value=date.today() + timedelta(days=28),
            format="DD-MM-YYYY",
            key=f"{form}_due",
        )
        if not st.form_submit_button("Vastleggen", type="primary", key=f"{form}_submit"):
            return
    try:
        if kind == "actie":
            reviews.add_action(
                store,
                Action(
                    title=text.strip(),
                    owner=owner,
                    due_date=due,
                    status="open",
                    node_id=node_id,
                    indicator_id=indicator_id,
                    review_id=review["id"],
                ),
            )
        else:
            reflections.add_reflection(
                store,
                Reflection(
                    kind, text, flt.programme_id, review_id=review["id"], node_id=node_id, indicator_id=indicator_id
                ),
            )
    except ValidationError as exc:
        st.error("Niet vastgelegd. " + " ".join(exc.errors.values()))
        return
    st.session_state[f"{key}_review_round"] = round_ + 1
    st.session_state[f"{key}_review_saved"] = f"Vastgelegd bij de bespreking: {KINDS[kind].split(':')[0].lower()}."
    st.rerun()


def new_since_last_review(store) -> dict[str, set]:
    """Ids of what is new since the review before the open one: indicators, nodes and notes."""
    return cached.review_news(store, cached.version(store))
