"""Step 3: the assumptions tested wave by wave: the status per arrow for the graph, a timeline per arrow and
the werkgroep's form to set the lag or overrule a wave's status."""

from __future__ import annotations

import streamlit as st

from dashboard import cached
from dashboard.components import signin
from kompas.analysis import assumptions
from kompas.domain import safe_text
from kompas.domain.errors import KompasError
from kompas.store import stories


@st.cache_data(ttl=600, max_entries=20, show_spinner=False)
def _tested(_store, key: tuple, programme_id: str | None) -> list[dict]:
    return assumptions.status_per_arrow(_store, programme_id)


def tested(store, programme_id: str | None) -> list[dict]:
    return _tested(store, cached.version(store), programme_id)


def edge_status(arrows: list[dict]) -> dict[tuple[str, str], str]:
    return {(a["source_id"], a["target_id"]): a["status"] for a in arrows}


def legend_text(arrows: list[dict]) -> str:
    """The graph's legend as a sentence (the text alternative of the line styles)."""
    counts = {s: sum(a["status"] == s for a in arrows) for s in assumptions.STATUS}
    styles = {
        "ondersteund": "doorgetrokken blauwe lijn",
        "tegengesproken": "gestreepte oranje lijn",
        "onbekend": "gestippelde grijze lijn",
    }
    return (
        "Getoetste veronderstellingen (laatste meting met een uitkomst): "
        + "; ".join(f"{counts[s]} {assumptions.STATUS[s].lower()} ({styles[s]})" for s in assumptions.STATUS)
        + ". Pijlen zonder cijfers aan beide kanten zijn dunne grijze lijnen."
    )


def timelines(store, arrows: list[dict], node_id: str, audience: str) -> None:
    """Per arrow into or out of the node: its timeline, and for the werkgroep the form."""
    mine = [a for a in arrows if node_id in (a["source_id"], a["target_id"])]
    if not mine:
        return
    st.markdown("**Veronderstellingen getoetst met de cijfers, meting voor meting**")
    st.caption(
        "Ondersteund: het doel bewoog dezelfde kant op als de bron (met de vertraging die de werkgroep "
        "koos). Tegengesproken: de andere kant op. Nog niet bekend: een van beide veranderde niet zeker."
    )
    every = cached.notes(store, cached.version(store), audience, stories.NoteFilter())
    titles = dict(zip(every["id"], every["title"]))
    for arrow in mine:
        steps = " → ".join(
            f"{t['wave_label']}: **{assumptions.STATUS[t['status']].lower()}**"
            + (" (werkgroep)" if t["overruled"] else "")
            for t in arrow["timeline"]
        )
        st.markdown(
            f"- {safe_text.inline_markdown(arrow['source_title'])} → "
            f"{safe_text.inline_markdown(arrow['target_title'])} (vertraging {arrow['lag_years']} jaar)  \n"
            f"  {steps or 'nog geen metingen aan beide kanten'}"
        )
        for t in arrow["timeline"]:
            if t["overruled"]:
                told = [titles[i] for i in t["note_ids"] if i in titles]
                st.caption(
                    f"{t['wave_label']}, volgens de werkgroep: {t['reason']}"
                    + (f" Verhalen: {'; '.join(told)}." if told else "")
                )
    if signin.may_edit():
        _form(store, mine, titles)


def _form(store, arrows: list[dict], titles: dict) -> None:
    with st.expander("Een toets aanpassen (werkgroep)"):
        labels = {a["edge_id"]: f"{a['source_title']} → {a['target_title']}" for a in arrows}
        edge_id = st.selectbox("Pijl", list(labels), format_func=labels.get, key="as_edge")
        arrow = next(a for a in arrows if a["edge_id"] == edge_id)
        lag = st.number_input(
            "Vertraging in jaren (hoe lang duurt het voor het doel reageert?)",
            0,
            10,
            arrow["lag_years"],
            key=f"as_lag_{edge_id}",
        )
        if lag != arrow["lag_years"] and st.button("Vertraging opslaan", key=f"as_lag_save_{edge_id}"):
            assumptions.set_lag(store, edge_id, int(lag))
            st.rerun()
        waves = {t["wave_id"]: t["wave_label"] for t in arrow["timeline"]}
        if not waves:
            return
        with st.form(f"as_form_{edge_id}"):
            wave_id = st.selectbox("Meting", list(waves), format_func=waves.get, key=f"as_wave_{edge_id}")
            status = st.radio(
                "Wat vindt de werkgroep?",
                list(assumptions.STATUS),
                format_func=assumptions.STATUS.get,
                horizontal=True,
                key=f"as_status_{edge_id}",
            )
            reason = st.text_area("Waarom? (verplicht)", key=f"as_reason_{edge_id}", max_chars=2000)
            chosen = st.multiselect(
                "Verhalen als bewijs", list(titles), format_func=titles.get, key=f"as_notes_{edge_id}"
            )
            if st.form_submit_button("Toets opslaan", key=f"as_save_{edge_id}"):
                try:
                    assumptions.overrule(store, edge_id, wave_id, status, reason, tuple(int(i) for i in chosen))
                except KompasError as exc:
                    st.error(str(exc))
                else:
                    st.rerun()


def status_column(arrows: list[dict], frame) -> list[str]:
    """For the arrow list (the graph's text alternative): each arrow's status, or '' when not tested."""
    status = edge_status(arrows)
    return [
        assumptions.STATUS[status[k]] if k in status else "niet getoetst"
        for k in zip(frame["source_id"], frame["target_id"])
    ]
