"""Links that land on the figure, and step pages that remember it.

A "Bekijk" link carries the figure in its address (``?cijfer=…&gebied=…&groep=…&meting=…``), so it can be
shared: the step page opens that indicator, in that area, split by that group. While you look, the address
follows your choice. A page remembers the figure you chose for the rest of the session, also after you
visited other pages (Streamlit forgets a widget's value once its page is left: ``_KEPT`` holds it).
"""

from __future__ import annotations

import streamlit as st

from dashboard import cached
from kompas.domain import vocab

INDICATOR, AREA, GROUP, WAVE = "cijfer", "gebied", "groep", "meting"
_APPLIED = "deep_link_applied"  # the last address whose figure was put on screen
_KEPT = "deep_link_kept"  # {widget key: the value chosen last}, kept when the page's widgets are forgotten


def _kept() -> dict:
    return st.session_state.setdefault(_KEPT, {})


def query(row: dict) -> dict[str, str]:
    """The address parameters of one figure (a row with indicator_id, area_code, group_factor, wave_id)."""
    params = {INDICATOR: row.get("indicator_id"), AREA: row.get("area_code"), WAVE: row.get("wave_id")}
    if row.get("group_factor") and row.get("group_factor") != vocab.TOTAL:
        params[GROUP] = row["group_factor"]
    return {k: str(v) for k, v in params.items() if isinstance(v, str) and v}


def _fresh() -> dict[str, str]:
    """The address's figure if it was not put on screen yet in this session, else {}."""
    asked = {k: st.query_params.get(k) for k in (INDICATOR, AREA, GROUP, WAVE) if st.query_params.get(k)}
    return asked if asked and asked != st.session_state.get(_APPLIED) else {}


def apply_area(area_codes) -> None:
    """Before the sidebar is drawn: a fresh link's area becomes the chosen area (when it is one to choose)."""
    area = _fresh().get(AREA)
    if area in set(area_codes):
        st.session_state["flt_area"] = area


def choose(key: str, options: list, param: str = INDICATOR) -> None:
    """Before drawing the selectbox ``key``: its value from a fresh link, else what this session chose before."""
    asked = _fresh()
    if param in asked or (param == GROUP and asked):
        value = asked.get(param)  # a link without a group asks for the total
        if value in options:
            st.session_state[key] = value
    elif key not in st.session_state and key in _kept() and _kept()[key] in options:
        st.session_state[key] = _kept()[key]


def keep(values: dict[str, tuple[str, str | None]], area_code: str) -> None:
    """After drawing: remember the choice (``{widget key: (param, value)}``) and put it in the address.
    The link's wave stays in the address while its indicator is on screen."""
    link = _fresh() or st.session_state.get(_APPLIED, {})
    params = {}
    for key, (param, value) in values.items():
        _kept()[key] = value
        if value:
            params[param] = value
    params[AREA] = area_code
    if link.get(WAVE) and link.get(INDICATOR) == params.get(INDICATOR):
        params[WAVE] = link[WAVE]
    st.session_state[_APPLIED] = params
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


def wave_note(store, key: tuple) -> None:
    """Under the chosen figure: which measurement the link pointed at, so the reader finds it in the chart."""
    wave_id = st.query_params.get(WAVE)
    if not wave_id:
        return
    waves = cached.wave_table(store, key)
    label = dict(zip(waves["id"], waves["label"])).get(wave_id)
    if label:
        st.caption(f"U opende dit cijfer via een link naar de meting **{label}**.")
