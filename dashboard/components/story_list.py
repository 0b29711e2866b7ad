"""Stories as people read them: title, where it comes from, how it relates to the figure, the text.

Story text goes through ``kompas.domain.safe_text``: the body is plain text (``st.text``, never parsed),
the title inert Markdown. A story can never inject a link, image or HTML into the page, nor reorder
the text around it; a long story shows its start and the rest under "Lees verder".
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard import cached
from kompas.domain import formatting, safe_text, vocab
from kompas.store import stories

TITLE_CHARS = 200
VISIBILITY_SHORT = {"openbaar": "openbaar", "werkgroep": "alleen werkgroep", "intern": "intern"}


def render_stories(
    notes: pd.DataFrame | Sequence[dict],
    links: pd.DataFrame | Sequence[dict] | None = None,
    hidden: int = 0,
    empty_text: str = "Er zijn nog geen verhalen bij dit cijfer.",
    new: set | None = None,
) -> None:
    """Each note in a bordered box; ``links`` (note_id, wave_label, group_value, stance) adds how
    a story relates to the exact figure it speaks to. Notes and links are frames or their rows."""
    notes = _records(notes)
    links_per_note: dict = {}
    for link in _records(links):
        links_per_note.setdefault(link["note_id"], []).append(link)
    if not notes:
        st.info(empty_text)
    for note in notes:
        with st.container(border=True):
            mark = " · Nieuw sinds de vorige bespreking" if new and note["id"] in new else ""
            st.markdown(f"**{safe_text.inline_markdown(note['title'], limit=TITLE_CHARS)}**{mark}")
            meta = [
                vocab.label(vocab.SOURCE_KINDS, note["source_kind"]),
                formatting.long_date(note["note_date"]),
                safe_text.inline_markdown(note["area_name"]) if pd.notna(note.get("area_name")) else "hele gemeente",
                VISIBILITY_SHORT.get(note["visibility"], note["visibility"]),
            ]
            st.caption(" · ".join(meta))
            for link in links_per_note.get(note["id"], ()):
                group = "" if link["group_value"] == "totaal" else f", {safe_text.inline_markdown(link['group_value'])}"
                st.markdown(
                    f"↳ *{vocab.STANCES[link['stance']]}*: {safe_text.inline_markdown(link['wave_label'])}{group}"
                )
            story_body(note["body"])
    if hidden:
        noun = "verhaal is" if hidden == 1 else "verhalen zijn"
        st.caption(f"{hidden} {noun} niet zichtbaar in deze weergave.")


def _records(rows: pd.DataFrame | Sequence[dict] | None) -> list[dict]:
    if rows is None:
        return []
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)


def story_body(text: str) -> None:
    """The story's text as plain text; a long one shows its start, the rest on request."""
    part = safe_text.preview(text)
    st.text(part.shown)
    if part.cut:
        with st.expander("Lees verder"):
            st.text(part.rest)


def stories_block(
    store, flt, where, *, indicator_id: str | None = None, empty_text: str = "Er zijn nog geen verhalen bij dit cijfer."
) -> int:
    """The stories matching ``where`` that this view may see, with how they relate to the indicator's
    figures in this area. Outside the public view it also says how many stories are hidden.
    Returns the number of stories shown."""
    key = cached.version(store)
    notes = cached.notes(store, key, flt.audience, where)
    links = None
    if indicator_id and len(notes):
        links = cached.figure_links(store, key, indicator_id, tuple(int(i) for i in notes["id"]), flt.area_code)
    hidden = cached.hidden_count(store, key, flt.audience, where) if flt.audience != "openbaar" else 0
    render_stories(notes, links, hidden, empty_text, new=cached.review_news(store, cached.version(store))["notes"])
    return len(notes)


def figure_stories_block(
    store, flt, found: stories.FigureStories, *, empty_text: str = "Er zijn nog geen verhalen bij dit cijfer."
) -> int:
    """``stories_block`` for one indicator's figure: ``found`` is ``cached.figure_stories`` for it in the
    filter's area and period (read with those of every other figure). Returns the number of stories shown."""
    hidden = found.hidden if flt.audience != "openbaar" else 0
    render_stories(
        found.notes, found.links, hidden, empty_text, new=cached.review_news(store, cached.version(store))["notes"]
    )
    return len(found.notes)
