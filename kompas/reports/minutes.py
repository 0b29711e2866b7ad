"""The werkgroep's minutes: one review as a document (Markdown or Word) the chair can send as it is.

What is in them: who was there and who was not, the agenda, which figures really changed (figure,
old → new value, and the verdict word of ``kompas.analysis.verdict``), new stories by title, decisions and actions
each with the figure or part of the change story they were recorded on, open actions from before, the
notes and the next meeting. Sections with nothing in them are left out. While the review is open the
minutes are a 'concept'; closing the review makes them 'vastgesteld'.

The public version (``public=True``, and always for the council's role) leaves out names (attendees,
absentees, action owners) and the internal notes, and lists only public stories. The council may read
minutes only when the werkgroep set their visibility to 'openbaar' (``reviews.update_review``).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from kompas.analysis import review_changes, verdict
from kompas.domain import formatting, vocab
from kompas.domain import roles as access_mod
from kompas.domain.errors import NotAllowedError
from kompas.reports.document import Document, Section, Table
from kompas.store import reviews
from kompas.store.connection import StoreView


def minutes(store: StoreView, review_id: int, today: date | None = None, public: bool = False) -> Document:
    """The minutes of a review as a ``Document`` (title, subtitle with the status, sections).

    ``public``: the version without names and internal notes; the council's role always gets it, and only
    for minutes whose visibility is 'openbaar' (else ``NotAllowedError``). Raises ``NotFoundError`` for an
    unknown review. The author in the document's properties is the signed-in person (empty for the library).
    """
    review = reviews.get_review(store, review_id)
    access = access_mod.of(store)
    if access.role == "raad":
        if review.get("minutes_visibility") != "openbaar":
            raise NotAllowedError(access.role, "dit verslag niet lezen: het is alleen voor de werkgroep")
        public = True
    held = _date(review["held_on"])
    previous = reviews.previous_review(store, review_id)
    # compare the two reviews' snapshots (for a closed review), so later changes do not leak into old minutes
    until = review_id if review["status"] != "open" else None
    found = (
        review_changes.changes_since(
            store, previous["id"], "openbaar" if public else "werkgroep", today=held, until=until
        )
        if previous
        else None
    )
    decided = reviews.decisions(store, review_id)
    new_actions = reviews.actions(store, today=held)
    new_actions = new_actions[new_actions["review_id"] == review_id]
    carried = reviews.open_actions_carried_over(store, review_id)
    sections = (
        *_people(store, review, public),
        Section("Agenda", paragraphs=_lines(review.get("agenda"))),
        Section(
            "Wat is er veranderd sinds de vorige bespreking",
            bullets=tuple(review_changes.summary(found)) if found else (),
        ),
        Section("Cijfers die echt veranderden", bullets=_changed_figures(found)),
        Section("Nieuwe verhalen", bullets=_story_titles(found)),
        Section("Besluiten", bullets=_reflections(decided, "besluit")),
        Section("Wat gaat goed", bullets=_reflections(decided, "gaat_goed")),
        Section("Wat kan beter", bullets=_reflections(decided, "kan_beter")),
        Section("Nieuwe acties", table=_action_table(new_actions, public)),
        Section("Acties van eerder die nog openstaan", table=_action_table(carried, public)),
        Section("Aantekeningen", paragraphs=() if public else _lines(review.get("notes"))),
        Section("Volgende bespreking", paragraphs=_next(review.get("next_meeting"))),
    )
    status = "concept" if review["status"] == "open" else "vastgesteld"
    version = "openbare versie" if public else "voor de werkgroep"
    author = "" if access.role == "systeem" else access.user
    return Document(
        f"Verslag werkgroep inclusie, {formatting.long_date(held)}",
        f"{review['title']}. Status: {status} ({version}).",
        tuple(s for s in sections if not _empty(s)),
        author=author,
    )


def _people(store: StoreView, review: dict, public: bool) -> tuple[Section, ...]:
    present = review["attendees"]
    ids = {m["id"] for m in present}
    absent = [m for m in reviews.members(store).to_dict("records") if m["id"] not in ids]
    if public:
        return (
            Section(
                "Aanwezig", paragraphs=(_count(len(present), "lid", "leden") + " van de werkgroep.",) if present else ()
            ),
            Section(
                "Afwezig", paragraphs=(_count(len(absent), "lid", "leden") + " van de werkgroep.",) if absent else ()
            ),
        )
    return (
        Section("Aanwezig", bullets=tuple(_person(m) for m in present)),
        Section("Afwezig", bullets=tuple(_person(m) for m in absent)),
    )


def _person(m: dict) -> str:
    return " — ".join(part for part in (m["name"], ", ".join(p for p in (m["role"], m["organisation"]) if p)) if part)


def _changed_figures(found) -> tuple[str, ...]:
    """One line per real change: figure (where, for whom), old → new with both waves, and the verdict word."""
    if found is None or found.beyond_margin.empty:
        return ()
    lines = []
    for r in found.beyond_margin.to_dict("records"):
        where = r["area_name"] if r["group_factor"] == vocab.TOTAL else f"{r['area_name']}, {r['group_value']}"
        lines.append(
            f"{r['indicator_title']} ({where}): {formatting.value(r['value_before'], r['unit'])} "
            f"({r['previous_wave_label']}) → {formatting.value(r['value_after'], r['unit'])} "
            f"({r['wave_label']}): {verdict.WORDS[r['verdict']]}"
        )
    return tuple(lines)


def _story_titles(found) -> tuple[str, ...]:
    if found is None or found.new_stories.empty:
        return ()
    return tuple(str(t) for t in found.new_stories["title"] if str(t or "").strip())


def _reflections(frame: pd.DataFrame, kind: str) -> tuple[str, ...]:
    if frame.empty:
        return ()
    return tuple(row["text"] + _linked(row) for row in frame[frame["kind"] == kind].to_dict("records"))


def _linked(row: dict) -> str:
    """' (bij cijfer: …)' or ' (bij: …)' for what a decision or action was recorded on; '' for neither."""
    return f" (bij: {_on(row)})" if _on(row) else ""


def _on(row: dict) -> str:
    if _text(row.get("indicator_title")):
        return f"cijfer “{row['indicator_title']}”"
    if _text(row.get("node_title")):
        return f"“{row['node_title']}”"
    return ""


def _action_table(frame: pd.DataFrame, public: bool) -> Table:
    rows = []
    for row in frame.to_dict("records"):
        due = formatting.long_date(_date(row["due_date"])) if pd.notna(row["due_date"]) else "geen datum"
        status = vocab.label(vocab.ACTION_STATUS, row["status"]) + (" (te laat)" if row.get("overdue") else "")
        who = () if public else (row["owner_label"] or "nog niemand",)
        rows.append((row["title"], _on(row) or "—", *who, due, status))
    header = ("Actie", "Bij", *(() if public else ("Wie",)), "Wanneer klaar", "Status")
    return Table(header, tuple(rows))


def _next(value) -> tuple[str, ...]:
    if value is None or pd.isna(value):
        return ()
    return (f"De volgende bespreking is op {formatting.long_date(_date(value))}.",)


def _empty(section: Section) -> bool:
    return not (section.paragraphs or section.bullets or (section.table and section.table.rows))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _lines(text) -> tuple[str, ...]:
    return tuple(line for line in str(text or "").splitlines() if line.strip())


def _date(value) -> date:
    return value if isinstance(value, date) else pd.Timestamp(value).date()
