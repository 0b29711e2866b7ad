"""Kwaliteitskompas: the entry script. It routes between pages, asks who you are, draws the shared sidebar."""

from __future__ import annotations

import streamlit as st

from dashboard import cached
from dashboard.components import filters, signin
from kompas.errors import KompasError, StoreNotFoundError

st.set_page_config(page_title="Kwaliteitskompas", page_icon="🧭", layout="wide")

try:
    cached.open_store()
except KompasError as exc:
    st.error(str(exc))
    if isinstance(exc, StoreNotFoundError):
        st.info("Start de app met 'make run': die maakt de demo-database als die er nog niet is.")
    st.stop()

# The werkgroep gets "Gemeente instellen"; a store without areas or indicators opens on it, and this
# session keeps it as its home page until it signs out (so finishing the set-up does not jump away).
# Before sign-in too, so that "/" is that page once the werkgroep has signed in.
setting_up = signin.current() is None or signin.may_edit()
if setting_up and cached.setup_status(cached.open_store()).needs_setup:
    st.session_state["setup_home"] = True
setup_home = setting_up and bool(st.session_state.get("setup_home"))
SETUP = st.Page("app_pages/gemeente_instellen.py", title="Gemeente instellen", url_path="gemeente-instellen",
                default=setup_home)

PAGES = [
    st.Page("app_pages/start.py", title="Start", default=not setup_home),
    st.Page("app_pages/step_1_monitoring.py", title="1 Monitoring en ambities", url_path="monitoring"),
    st.Page("app_pages/step_2_resultaat.py", title="2 Maatschappelijk resultaat", url_path="resultaat"),
    st.Page("app_pages/step_3_activiteiten.py", title="3 Activiteiten", url_path="activiteiten"),
    st.Page("app_pages/step_4_input.py", title="4 Input en kwaliteit", url_path="input"),
    st.Page("app_pages/step_5_outcome.py", title="5 Outcome", url_path="outcome"),
    st.Page("app_pages/step_6_verbetercyclus.py", title="6 Verbetercyclus", url_path="verbetercyclus"),
    st.Page("app_pages/bespreking.py", title="Werkgroepbespreking", url_path="bespreking"),
    st.Page("app_pages/acties.py", title="Acties", url_path="acties"),
    st.Page("app_pages/verhalen.py", title="Verhalen", url_path="verhalen"),
    st.Page("app_pages/vergelijken.py", title="Metingen vergelijken", url_path="vergelijken"),
    st.Page("app_pages/voor_wie.py", title="Voor wie?", url_path="voor-wie"),
    st.Page("app_pages/raadsinformatie.py", title="Raadsinformatie", url_path="raadsinformatie"),
    st.Page("app_pages/importeren.py", title="Cijfers inlezen", url_path="inlezen"),
    st.Page("app_pages/beheer.py", title="Veranderverhaal bewerken", url_path="bewerken"),
    st.Page("app_pages/logboek.py", title="Logboek", url_path="logboek"),
]

# A flat list: with sections, Streamlit's sidebar menu puts <div>s inside its <ul>, which screen
# readers cannot read as a list (axe: list, listitem). The numbers in the titles keep the order clear.
navigation = st.navigation(PAGES + [SETUP] if setting_up else PAGES, expanded=True,
                           position="sidebar" if signin.current() else "hidden")

signin.require()  # the sign-in form until someone is signed in; nothing below runs before that
signin.sidebar()
if navigation is not SETUP:  # setting up needs no filter (and a store without areas has none)
    st.session_state["filters"] = filters.sidebar(cached.get_store())
navigation.run()
