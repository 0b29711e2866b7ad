"""A round of the verkenning as a document (Word or Markdown through ``kompas.reports.document``)."""

from __future__ import annotations

from kompas.domain.verkenning_questions import PARTS
from kompas.reports.document import Document, Section
from kompas.store.connection import StoreView
from kompas.store.verkenning import compared


def document(store: StoreView, round_year: int) -> Document:
    """The round as a document: per part a heading, per question its answer, and what it was the round
    before when it changed."""
    rows = compared(store, round_year)
    before_year = rows[0]["previous_year"]
    sections = []
    for part, title in PARTS.items():
        sections.append(Section(title, paragraphs=(), empty_text=""))
        for row in (r for r in rows if r["part"] == part):
            paragraphs = [row["answer"] or "Nog niet beantwoord."]
            if row["change"] == "gewijzigd":
                paragraphs.append(f"In {before_year} was het antwoord: {row['previous']}")
            elif row["change"] == "gelijk":
                paragraphs.append(f"Gelijk aan {before_year}.")
            sections.append(Section(f"Vraag {row['key']}: {row['question']}", paragraphs=tuple(paragraphs), level=2))
    subtitle = (
        f"Vergeleken met de verkenning van {before_year}."
        if before_year
        else "De eerste verkenning: er is nog geen vorige ronde om mee te vergelijken."
    )
    return Document(f"Verkenning inclusief beleid {round_year}", subtitle, tuple(sections))
