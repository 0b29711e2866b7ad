"""The werkgroep's monthly review: open it, see what changed since last time, record, close, report."""

from datetime import date

import streamlit as st

from dashboard.components import deep_link, page, review_mode, signin
from kompas.analysis import review_changes
from kompas.domain import formatting, safe_text, vocab
from kompas.domain.errors import ValidationError
from kompas.reports import document, minutes
from kompas.store import reviews

store, flt, key = page.start(
    "Werkgroepbespreking",
    "Wat is er veranderd sinds de vorige keer, wat spreken we af, en wie doet wat? "
    "Open een bespreking, loop de zes stappen langs en sluit af met een verslag.",
)
members = reviews.members(store)
names = dict(zip(members["id"], members["name"] + " (" + members["role"] + ")"))
review = reviews.current_review(store)


def open_form() -> None:
    with st.form("bespreking_open"):
        st.markdown("**Nieuwe bespreking openen**")
        held_on = st.date_input("Datum", value=date.today(), format="DD-MM-YYYY", key="bespreking_date")
        title = st.text_input(
            "Titel", value=f"Werkgroep inclusie, {formatting.long_date(date.today())}", key="bespreking_title"
        )
        agenda = st.text_area("Agenda", key="bespreking_agenda", placeholder="Eén punt per regel")
        present = st.multiselect(
            "Aanwezig",
            list(names),
            format_func=names.get,
            key="bespreking_present",
            placeholder="Kies …",
            select_all=False,
        )
        if not st.form_submit_button("Bespreking openen", type="primary", key="bespreking_open_submit"):
            return
    try:
        reviews.open_review(store, held_on, title, agenda, present)
    except ValidationError as exc:
        st.error(" ".join(exc.errors.values()))
        return
    st.rerun()


def changes_block(review_id: int) -> None:
    previous = reviews.previous_review(store, review_id)
    st.subheader("Sinds de vorige bespreking")
    if previous is None:
        st.info("Dit is de eerste bespreking: er is nog niets om mee te vergelijken.")
        return
    st.caption(f"Vergeleken met de bespreking van {formatting.long_date(previous['held_on'])}.")
    changes = review_changes.changes_since(store, previous["id"], "werkgroep")
    for sentence in review_changes.summary(changes) or ["Er is niets veranderd."]:
        st.markdown(f"- {sentence}")
    sections = [
        ("Cijfers die meer veranderden dan de foutmarge", changes.beyond_margin),
        ("Nieuwe verhalen", changes.new_stories),
        ("Activiteiten met een andere status", changes.activity_changes),
        ("Acties die te laat zijn", changes.actions_overdue),
        ("Acties die binnenkort klaar moeten zijn", changes.actions_due_soon),
        ("Acties die klaar zijn", changes.actions_done),
    ]
    for label, frame in sections:
        if frame.empty:
            continue
        with st.expander(f"{label} ({len(frame)})"):
            for row in frame.to_dict("records"):
                text = row.get("sentence") or row.get("title") or row.get("indicator_title") or ""
                left, right = st.columns([4, 1])
                left.markdown(safe_text.inline_markdown(str(text)))
                right.page_link(row["page"], label="Bekijk", query_params=deep_link.query(row))


closed = st.session_state.pop("bespreking_closed", None)
if closed:
    st.success(
        f"De bespreking '{closed}' is gesloten. Het verslag is vastgesteld en staat hieronder klaar om te downloaden."
    )
if review is None:
    st.info("Er is nu geen bespreking open.")
    if signin.only_for_editors("Een bespreking openen"):
        open_form()
else:
    st.success(f"Open: {review['title']} ({formatting.long_date(review['held_on'])}).")
    editor = signin.may_edit()
    with st.form("bespreking_edit") if editor else st.container():
        agenda = st.text_area("Agenda", value=review.get("agenda") or "", key="bespreking_edit_agenda")
        notes = st.text_area("Aantekeningen", value=review.get("notes") or "", key="bespreking_edit_notes")
        present = st.multiselect(
            "Aanwezig",
            list(names),
            format_func=names.get,
            placeholder="Kies …",
            default=[m["id"] for m in review["attendees"] if m["id"] in names],
            key="bespreking_edit_present",
            select_all=False,
        )
        left, right = st.columns(2)
        next_meeting = left.date_input(
            "Volgende bespreking", value=review.get("next_meeting"), format="DD-MM-YYYY", key="bespreking_edit_next"
        )
        visibility = right.radio(
            "Wie mag het verslag lezen?",
            list(reviews.MINUTES_VISIBILITY),
            format_func=reviews.MINUTES_VISIBILITY.get,
            key="bespreking_edit_visibility",
            index=list(reviews.MINUTES_VISIBILITY).index(review["minutes_visibility"]),
        )
        if editor and st.form_submit_button("Opslaan", key="bespreking_edit_submit"):
            reviews.update_review(
                store,
                review["id"],
                agenda=agenda,
                notes=notes,
                attendee_ids=present,
                next_meeting=next_meeting,
                minutes_visibility=visibility,
            )
            st.rerun()
    changes_block(review["id"])
    if editor:
        st.subheader("Vastleggen")
        review_mode.record_form(store, review, flt, "bespreking", None, None)
    decided = reviews.decisions(store, review["id"])
    for row in decided.to_dict("records"):
        st.markdown(f"- {vocab.REFLECTION_KINDS[row['kind']]}: {safe_text.inline_markdown(row['text'])}")
    agreed = reviews.actions(store)
    for row in agreed[agreed["review_id"] == review["id"]].to_dict("records"):
        due = formatting.long_date(row["due_date"]) if row["due_date"] is not None else "geen datum"
        st.markdown(f"- Actie: {safe_text.inline_markdown(row['title'])} ({row['owner_label']}, {due})")
    if editor:
        st.subheader("Bespreking sluiten")
    sure = editor and st.checkbox("De bespreking is klaar; sluit haar af.", key="bespreking_sure")
    if editor and st.button("Bespreking sluiten", disabled=not sure, type="primary", key="bespreking_close"):
        reviews.close_review(store, review["id"], review.get("notes") or "")
        st.session_state["bespreking_report_id"] = review["id"]  # show its minutes straight away
        st.session_state["bespreking_closed"] = review["title"]
        st.rerun()

st.subheader("Verslagen")
past = reviews.reviews(store)
if past.empty:
    st.caption("Nog geen besprekingen.")
else:
    labels = {
        int(r["id"]): f"{formatting.long_date(r['held_on'])} · {r['title']} ({r['status']})"
        for r in past.to_dict("records")
    }
    if st.session_state.get("bespreking_report_id") not in labels:
        st.session_state["bespreking_report_id"] = next(iter(labels))  # the newest
    chosen = st.selectbox("Bespreking", list(labels), format_func=labels.get, key="bespreking_report_id")
    doc = minutes.minutes(store, chosen)
    public = minutes.minutes(store, chosen, public=True)
    left, middle, right = st.columns(3)
    left.download_button(
        "Verslag als Word",
        document.to_docx(doc),
        file_name=f"verslag-{chosen}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="bespreking_docx",
        on_click=signin.log_export,
        args=("verslag", chosen, f"verslag-{chosen}.docx"),
    )
    right.download_button(
        "Verslag als Markdown",
        document.to_markdown(doc),
        file_name=f"verslag-{chosen}.md",
        mime="text/markdown",
        key="bespreking_md",
        on_click=signin.log_export,
        args=("verslag", chosen, f"verslag-{chosen}.md"),
    )
    middle.download_button(
        "Openbare versie als Word (zonder namen)",
        document.to_docx(public),
        file_name=f"verslag-{chosen}-openbaar.docx",
        key="bespreking_public_docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        on_click=signin.log_export,
        args=("verslag", chosen, f"verslag-{chosen}-openbaar.docx"),
    )
    with st.expander("Verslag bekijken"):
        st.markdown(document.to_markdown(doc))
