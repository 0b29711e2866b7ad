"""The shared sidebar filter (programme, area, period), kept across pages, and the audience.

The audience follows from the signed-in role (werkgroep and lezer: 'werkgroep'; raad: 'openbaar').
A werkgroep member may switch the view to what the council sees; that view also reads as the council.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import cached, session
from dashboard.components import deep_link
from kompas.domain import roles as access
from kompas.store.connection import StoreView

AUDIENCE_LABELS = {"werkgroep": "Werkgroep", "openbaar": "Openbaar (wat de raad mag zien)"}


@dataclass(frozen=True)
class Filters:
    programme_id: str | None
    area_code: str
    area_name: str
    years: tuple[int, int]
    audience: str


def sidebar(store: StoreView) -> Filters:
    """Draw the filter in the sidebar. Widgets live in the entry script, so they keep their value
    when the user moves between pages.
    """
    programme_frame, start_programme, (first, last) = cached.filter_choices(store, cached.version(store))
    programme_options = [None] + list(programme_frame["id"])
    programme_titles = dict(zip(programme_frame["id"], programme_frame["title"]))
    area_frame = cached.area_table(store, cached.version(store))
    area_frame = area_frame[area_frame["level"] != "buurt"]
    area_names = dict(zip(area_frame["code"], area_frame["name"]))
    if not area_names:
        st.warning(
            "Deze database is nog leeg: er zijn geen gebieden. De werkgroep vult hem op de pagina "
            "'Gemeente instellen' (of met 'python -m kompas init --gemeente GMxxxx --areas BESTAND'). "
            "Om eerst rond te kijken: maak de demo met 'make demo'."
        )
        st.stop()

    with st.sidebar:
        st.markdown("### Kijk naar")
        programme = st.selectbox(
            "Programma",
            programme_options,
            key="flt_programme",
            index=programme_options.index(start_programme),
            format_func=lambda p: "Alle programma's" if p is None else programme_titles[p],
        )
        deep_link.apply_area(area_names)  # a shared link to a figure chooses its area
        area = st.selectbox(
            "Gebied",
            list(area_names),
            key="flt_area",
            format_func=lambda c: area_names[c] if c.startswith("WK") else f"Hele gemeente ({area_names[c]})",
        )
        if first < last:
            years = st.slider(
                "Periode",
                min_value=first,
                max_value=last,
                value=(first, last),
                key="flt_years",
                help="Alleen metingen en verhalen uit deze jaren.",
            )
        else:
            years = (first, last)
            st.caption(f"Periode: {first}")
        role = session.current().role
        if role == "werkgroep":
            audience = st.radio(
                "Weergave",
                list(AUDIENCE_LABELS),
                key=session.PREVIEW,
                format_func=AUDIENCE_LABELS.get,
                help="Openbaar laat zien wat de raad ziet: alleen openbare verhalen en definitieve cijfers. "
                "In die weergave kunt u niets bewerken. Uw eigen interne notities ziet u alleen zelf.",
            )
        else:
            audience = access.of(store).audience()
    return Filters(programme, area, area_names[area], tuple(years), audience)


def current() -> Filters:
    """The filters the entry script put in session state for this run."""
    return st.session_state["filters"]
