"""The form to add or edit a story with its links. Nothing is saved unless everything is valid;
on an error the user's input stays in the form, with the message beside the field.

A story that seems to hold personal data (``kompas.domain.pii``) is not saved at once: the form says
what kinds it found (never the values) and offers to replace them by placeholders, or to save
the story as it is. Visibility and consent start without a choice, so nobody saves a default
without seeing it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from dashboard import cached
from kompas.domain import pii, safe_text, vocab
from kompas.domain.errors import ValidationError
from kompas.domain.model import FigureLink, Note
from kompas.store import stories
from kompas.store.connection import StoreView

FIELD_LABELS = {
    "title": "Titel",
    "body": "Verhaal",
    "note_date": "Datum",
    "source_kind": "Soort bron",
    "visibility": "Wie mag het zien",
    "consent": "Toestemming",
    "area_code": "Gebied",
    "levensdomein": "Levensdomein",
    "factors": "Diversiteitsfactoren",
    "node_ids": "Onderdelen",
    "indicator_ids": "Indicatoren",
    "wave_ids": "Metingen",
    "figures": "Cijfer",
}


def story_form(
    store: StoreView,
    key: str,
    note: Note | None = None,
    figure_options: dict[str, FigureLink] | None = None,
    submit_label: str = "Verhaal opslaan",
) -> None:
    """Draw the form. ``note`` prefills it (with an id: edit that story). ``figure_options`` maps
    a readable label to an exact figure the story may speak to."""
    note = note or Note("", "", date.today(), "wijkgesprek", "", None)
    round_ = st.session_state.setdefault(f"{key}_round", 0)
    form_key = f"{key}_{round_}"
    flash = st.session_state.pop(f"{key}_saved", None)
    if flash:
        st.toast(flash)  # the form may sit in a closed expander; a toast is seen anyway

    key_now = cached.version(store)  # read through the cache: a page may hold a form per figure
    area_frame = cached.area_table(store, key_now)
    area_names = dict(zip(area_frame["code"], area_frame["name"]))
    node_frame = cached.node_table(store, key_now, None)
    node_titles = dict(zip(node_frame["id"], node_frame["title"]))
    ind_frame = cached.indicator_table(store, key_now, None)
    ind_titles = dict(zip(ind_frame["id"], ind_frame["title"]))
    wave_frame = cached.wave_table(store, key_now)
    wave_labels = dict(zip(wave_frame["id"], wave_frame["label"]))

    with st.form(form_key, border=True):
        slots = {}
        title = st.text_input("Titel", value=note.title, max_chars=200, key=f"{form_key}_title")
        slots["title"] = st.empty()
        body = st.text_area(
            "Verhaal",
            value=note.body,
            height=140,
            help="Schrijf op wat er gezegd of gezien is. Noem geen namen of adressen.",
            key=f"{form_key}_body",
        )
        slots["body"] = st.empty()
        left, right = st.columns(2)
        note_date = left.date_input(
            "Datum", value=note.note_date, max_value=date.today(), format="DD-MM-YYYY", key=f"{form_key}_date"
        )
        slots["note_date"] = left.empty()
        source_kind = right.selectbox(
            "Soort bron",
            list(vocab.SOURCE_KINDS),
            index=list(vocab.SOURCE_KINDS).index(note.source_kind),
            format_func=vocab.SOURCE_KINDS.get,
            key=f"{form_key}_source",
        )
        area_options = [None] + list(area_names)
        area_code = left.selectbox(
            "Gebied",
            area_options,
            index=area_options.index(note.area_code),
            format_func=lambda c: "Hele gemeente" if c is None else area_names[c],
            key=f"{form_key}_area",
        )
        domain_options = [None] + list(vocab.LEVENSDOMEINEN)
        levensdomein = right.selectbox(
            "Levensdomein",
            domain_options,
            index=domain_options.index(note.levensdomein),
            format_func=lambda d: "(geen)" if d is None else vocab.LEVENSDOMEINEN[d],
            key=f"{form_key}_domain",
        )
        factors = st.multiselect(
            "Over wie gaat het? (diversiteitsfactoren)",
            list(vocab.DIVERSITY_FACTORS),
            placeholder="Kies …",
            default=list(note.factors),
            format_func=vocab.DIVERSITY_FACTORS.get,
            key=f"{form_key}_factors",
            select_all=False,
        )
        visibility_options = list(vocab.VISIBILITY)
        visibility = st.radio(
            "Wie mag dit verhaal zien?",
            visibility_options,
            format_func=vocab.VISIBILITY.get,
            index=visibility_options.index(note.visibility) if note.visibility else None,
            key=f"{form_key}_visibility",
        )
        slots["visibility"] = st.empty()
        consent_options = [True, False]
        consent = st.radio(
            "Is er toestemming om dit verhaal te gebruiken?",
            consent_options,
            horizontal=True,
            format_func=lambda c: "Ja" if c else "Nee",
            index=None if note.consent is None else consent_options.index(note.consent),
            key=f"{form_key}_consent",
        )
        slots["consent"] = st.empty()
        st.markdown("**Koppelen aan**")
        indicator_ids = st.multiselect(
            "Indicatoren",
            list(ind_titles),
            placeholder="Kies …",
            default=list(note.indicator_ids),
            format_func=ind_titles.get,
            key=f"{form_key}_indicators",
            select_all=False,
        )
        node_ids = st.multiselect(
            "Onderdelen van het veranderverhaal",
            list(node_titles),
            placeholder="Kies …",
            default=list(note.node_ids),
            format_func=node_titles.get,
            key=f"{form_key}_nodes",
            select_all=False,
        )
        wave_ids = st.multiselect(
            "Metingen (periode)",
            list(wave_labels),
            placeholder="Kies …",
            default=list(note.wave_ids),
            format_func=wave_labels.get,
            key=f"{form_key}_waves",
            select_all=False,
        )
        kept = note.figures
        if note.figures:
            linked = {_figure_label(f, ind_titles, wave_labels, area_names): f for f in note.figures}
            chosen = st.multiselect(
                "Gekoppelde cijfers (haal weg wat niet klopt)",
                list(linked),
                default=list(linked),
                key=f"{form_key}_linked",
                placeholder="Kies …",
                select_all=False,
            )
            kept = tuple(linked[label] for label in chosen)
        figure = stance = None
        if figure_options:
            figure = st.selectbox(
                "Gaat het over één cijfer precies?",
                [None] + list(figure_options),
                format_func=lambda f: "Nee, over het onderwerp in het algemeen" if f is None else f,
                key=f"{form_key}_figure",
            )
            stance = st.radio(
                "Dit verhaal …",
                list(vocab.STANCES),
                format_func=vocab.STANCES.get,
                horizontal=True,
                key=f"{form_key}_stance",
            )
        submitted = st.form_submit_button(submit_label, type="primary", key=f"{form_key}_submit")

    pending_key = f"{form_key}_pending"
    if submitted:
        st.session_state.pop(pending_key, None)  # a new submit replaces an earlier question
        figures = kept
        if figure:
            figures = figures + (replace(figure_options[figure], stance=stance),)
        candidate = Note(
            title=title.strip(),
            body=body.strip(),
            note_date=note_date,
            source_kind=source_kind,
            visibility=visibility,
            consent=consent,
            area_code=area_code,
            levensdomein=levensdomein,
            factors=tuple(factors),
            author=note.author,
            node_ids=tuple(node_ids),
            indicator_ids=tuple(indicator_ids),
            wave_ids=tuple(wave_ids),
            figures=figures,
            id=note.id,
        )
        problems = candidate.problems()
        if problems:
            _show_problems(problems, slots)
            return
        if pii.findings(candidate.title) or pii.findings(candidate.body):
            st.session_state[pending_key] = candidate
        else:
            _save(store, key, round_, candidate, slots)
            return
    pending = st.session_state.get(pending_key)
    if pending is not None:
        _ask_about_personal_data(store, key, round_, pending, pending_key, slots)


def _ask_about_personal_data(
    store: StoreView, key: str, round_: int, candidate: Note, pending_key: str, slots: dict
) -> None:
    found = pii.findings(candidate.title) + pii.findings(candidate.body)
    placeholders = ", ".join(dict.fromkeys(pii.PLACEHOLDERS[f.kind] for f in found))
    shown = placeholders.replace("[", "\\[").replace("]", "\\]")  # Markdown would read [x] as a link label
    st.warning(
        f"Dit verhaal lijkt persoonsgegevens te bevatten: {pii.kinds_sentence(found)}. Het is nog niet "
        "opgeslagen. Een verhaal mag niet naar een persoon te herleiden zijn. Vervang de gegevens door "
        f"een aanduiding ({shown}), "
        "of bewaar het verhaal toch zoals het is als u zeker weet dat dit mag."
    )
    cleaned = replace(candidate, title=pii.pseudonymise(candidate.title), body=pii.pseudonymise(candidate.body))
    with st.expander("Zo wordt het verhaal na vervangen"):
        st.text(safe_text.plain(cleaned.title))
        st.text(safe_text.preview(cleaned.body).shown)
    left, right = st.columns(2)
    if left.button(f"Vervang door {shown} en bewaar", type="primary", key=f"{pending_key}_replace"):
        st.session_state.pop(pending_key, None)
        _save(store, key, round_, cleaned, slots)
    elif right.button("Toch bewaren zoals het is", key=f"{pending_key}_keep"):
        st.session_state.pop(pending_key, None)
        _save(store, key, round_, candidate, slots)


def _save(store: StoreView, key: str, round_: int, candidate: Note, slots: dict) -> None:
    try:
        stories.save_note(store, candidate)
    except ValidationError as exc:
        _show_problems(exc.errors, slots)
        return
    st.session_state[f"{key}_round"] = round_ + 1  # fresh, empty widgets next run
    st.session_state[f"{key}_saved"] = f"Verhaal {safe_text.inline_markdown(candidate.title, limit=80)} is opgeslagen."
    st.rerun()


def _show_problems(problems: dict[str, str], slots: dict) -> None:
    """Each message beside its field, and all of them together below the form."""
    for field, message in problems.items():
        if field in slots:
            slots[field].error(message)
    st.error(
        "Het verhaal is niet opgeslagen. Pas dit aan:\n\n"
        + "\n".join(f"- {FIELD_LABELS.get(field, field)}: {message}" for field, message in problems.items())
    )


def _figure_label(link: FigureLink, indicators: dict, waves: dict, areas: dict) -> str:
    group = "" if link.group_value == "totaal" else f" · {link.group_value}"
    return (
        f"{indicators.get(link.indicator_id, link.indicator_id)} · {waves.get(link.wave_id, link.wave_id)} · "
        f"{areas.get(link.area_code, link.area_code)}{group} ({vocab.STANCES[link.stance]})"
    )
