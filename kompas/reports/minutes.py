"""The werkgroep's minutes: one review as a document (Markdown or Word)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from kompas import formatting, review_changes, reviews, vocab
from kompas.reports.document import Document, Section, Table
from kompas.store import Store


def minutes(store: Store, review_id: int, today: date | None = None) -> Document:
    """The minutes of a review: who was there, what changed, what was decided, who does what."""
    review = reviews.get_review(store, review_id)
    held = _date(review["held_on"])
    previous = reviews.previous_review(store, review_id)
    attendees = tuple(f"{m['name']} — {m['role']}, {m['organisation']}" for m in review["attendees"])
    # compare the two reviews' snapshots (for a closed review), so later changes do not leak into old minutes
    until = review_id if review["status"] != "open" else None
    found = (review_changes.changes_since(store, previous["id"], "werkgroep", today=held, until=until)
             if previous else None)
    changes = review_changes.summary(found) if found else []
    moved = tuple(found.beyond_margin["sentence"]) if found is not None and len(found.beyond_margin) else ()
    decided = reviews.decisions(store, review_id)
    new_actions = reviews.actions(store, today=held)
    new_actions = new_actions[new_actions["review_id"] == review_id]
    carried = reviews.open_actions_carried_over(store, review_id)
    sections = (
        Section("Aanwezig", bullets=attendees, empty_text="Niemand vastgelegd."),
        Section("Agenda", paragraphs=_lines(review.get("agenda")), empty_text="Geen agenda vastgelegd."),
        Section("Wat is er veranderd sinds de vorige bespreking", bullets=tuple(changes),
                empty_text="Dit was de eerste bespreking." if previous is None else "Geen veranderingen."),
        Section("Cijfers die echt veranderden", bullets=moved,
                empty_text="Geen cijfer veranderde meer dan de foutmarge."),
        Section("Besluiten", bullets=_reflections(decided, "besluit")),
        Section("Wat gaat goed", bullets=_reflections(decided, "gaat_goed")),
        Section("Wat kan beter", bullets=_reflections(decided, "kan_beter")),
        Section("Nieuwe acties", table=_action_table(new_actions), empty_text="Geen nieuwe acties."),
        Section("Acties van eerder die nog openstaan", table=_action_table(carried),
                empty_text="Geen openstaande acties van eerder."),
        Section("Aantekeningen", paragraphs=_lines(review.get("notes")), empty_text="Geen aantekeningen."),
    )
    status = "open" if review["status"] == "open" else "gesloten"
    return Document(f"Verslag werkgroep inclusie, {formatting.long_date(held)}",
                    f"{review['title']} (bespreking {status})", sections)


def _reflections(frame: pd.DataFrame, kind: str) -> tuple[str, ...]:
    if frame.empty:
        return ()
    return tuple(frame[frame["kind"] == kind]["text"])


def _action_table(frame: pd.DataFrame) -> Table:
    rows = tuple(
        (row["title"], row["owner_label"] or "nog niemand",
         formatting.long_date(_date(row["due_date"])) if pd.notna(row["due_date"]) else "geen datum",
         vocab.label(vocab.ACTION_STATUS, row["status"]) + (" (te laat)" if row.get("overdue") else ""))
        for row in frame.to_dict("records"))
    return Table(("Actie", "Wie", "Wanneer klaar", "Status"), rows)


def _lines(text) -> tuple[str, ...]:
    return tuple(line for line in str(text or "").splitlines() if line.strip())


def _date(value) -> date:
    return value if isinstance(value, date) else pd.Timestamp(value).date()
