"""Stories: find, add, edit and delete them (deleting asks for confirmation)."""

import streamlit as st

from dashboard import cached
from dashboard.components import page, signin
from dashboard.components.story_form import story_form
from dashboard.components.story_list import stories_block
from kompas.domain import safe_text, vocab
from kompas.store import stories

store, flt, key = page.start(
    "Verhalen",
    "Wat inwoners en professionals vertellen: uit wijkgesprekken, interviews, focusgroepen en het "
    "inwonerspanel. Koppel een verhaal aan een cijfer of een onderdeel van het veranderverhaal. "
    "Dan staat het naast dat cijfer.",
)

if signin.may_edit():
    with st.expander("Nieuw verhaal toevoegen", expanded=False):
        story_form(store, key="verhalen_new")

left, right = st.columns([2, 1])
text = left.text_input("Zoeken in titel en tekst", key="verhalen_search")
kind = right.selectbox(
    "Soort bron",
    [None] + list(vocab.SOURCE_KINDS),
    key="verhalen_kind",
    format_func=lambda k: "Alle bronnen" if k is None else vocab.SOURCE_KINDS[k],
)
where = stories.NoteFilter(
    programme_id=flt.programme_id, area_code=flt.area_code, years=flt.years, source_kind=kind, text=text
)
found = cached.notes(store, key, flt.audience, where)
st.caption(f"{len(found)} verhalen gevonden in {flt.area_name}, {flt.years[0]}–{flt.years[1]}.")

if signin.may_edit() and not found.empty:
    titles = {i: safe_text.inline_text(t, limit=120) for i, t in zip(found["id"], found["title"])}
    with st.expander("Een verhaal aanpassen of verwijderen"):
        chosen = st.selectbox("Kies het verhaal", list(titles), format_func=titles.get, key="verhalen_edit_id")
        story_form(
            store,
            key=f"verhalen_edit_{chosen}",
            note=stories.get_note(store, chosen),
            submit_label="Wijzigingen opslaan",
        )
        sure = st.checkbox(
            "Ja, ik wil dit verhaal echt verwijderen. Dit kan niet ongedaan worden.", key=f"verhalen_sure_{chosen}"
        )
        if st.button("Verhaal verwijderen", disabled=not sure, key=f"verhalen_delete_{chosen}"):
            stories.delete_note(store, chosen)
            title = safe_text.inline_markdown(found.set_index("id").loc[chosen, "title"], limit=80)
            st.session_state["verhalen_deleted"] = f"Verhaal {title} is verwijderd."
            st.rerun()
deleted = st.session_state.pop("verhalen_deleted", None)
if deleted:
    st.success(deleted)

stories_block(store, flt, where, empty_text="Geen verhalen gevonden. Pas de zoekterm of de filters aan.")
