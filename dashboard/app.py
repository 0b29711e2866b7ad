"""Kwaliteitskompas: the entry script. It routes between pages, asks who you are, draws the shared sidebar."""

from __future__ import annotations

import streamlit as st

from dashboard import cached
from dashboard.components import filters, signin
from kompas.errors import KompasError, StoreNotFoundError

st.set_page_config(page_title="Kwaliteitskompas", page_icon="🧭", layout="wide")

PAGES = [
    ("app_pages/start.py", "Start", None),
    ("app_pages/step_1_monitoring.py", "1 Monitoring en ambities", "monitoring"),
    ("app_pages/step_2_resultaat.py", "2 Maatschappelijk resultaat", "resultaat"),
    ("app_pages/step_3_activiteiten.py", "3 Activiteiten", "activiteiten"),
    ("app_pages/step_4_input.py", "4 Input en kwaliteit", "input"),
    ("app_pages/step_5_outcome.py", "5 Outcome", "outcome"),
    ("app_pages/step_6_verbetercyclus.py", "6 Verbetercyclus", "verbetercyclus"),
    ("app_pages/bespreking.py", "Werkgroepbespreking", "bespreking"),
    ("app_pages/acties.py", "Acties", "acties"),
    ("app_pages/verhalen.py", "Verhalen", "verhalen"),
    ("app_pages/vergelijken.py", "Metingen vergelijken", "vergelijken"),
    ("app_pages/voor_wie.py", "Voor wie?", "voor-wie"),
    ("app_pages/raadsinformatie.py", "Raadsinformatie", "raadsinformatie"),
    ("app_pages/importeren.py", "Cijfers inlezen", "inlezen"),
    ("app_pages/beheer.py", "Veranderverhaal bewerken", "bewerken"),
    ("app_pages/logboek.py", "Logboek", "logboek"),
]
SETUP = ("app_pages/gemeente_instellen.py", "Gemeente instellen", "gemeente-instellen")  # werkgroep only

try:
    cached.open_store()
except KompasError as exc:
    st.error(str(exc))
    if isinstance(exc, StoreNotFoundError):
        st.info("Start de app met 'make run': die maakt de demo-database als die er nog niet is.")
    st.stop()

# The werkgroep gets "Gemeente instellen"; a store without areas or indicators opens on it, and this
# session stays there as its home page until it is signed out (so finishing the set-up does not jump away).
setting_up = signin.current() is None or signin.may_edit()  # before sign-in: so "/" is this page after it
if setting_up and cached.setup_status(cached.open_store()).needs_setup:
    st.session_state["setup_home"] = True
default = SETUP[0] if setting_up and st.session_state.get("setup_home") else PAGES[0][0]
chosen = PAGES + [SETUP] if setting_up else PAGES
pages = [st.Page(file, title=title, default=True) if file == default
         else st.Page(file, title=title, url_path=url or "start") for file, title, url in chosen]

# A flat list: with sections, Streamlit's sidebar menu puts <div>s inside its <ul>, which screen
# readers cannot read as a list (axe: list, listitem). The numbers in the titles keep the order clear.
navigation = st.navigation(pages, expanded=True, position="sidebar" if signin.current() else "hidden")

signin.require()  # the sign-in form until someone is signed in; nothing below runs before that
signin.sidebar()
if navigation.title != SETUP[1]:  # setting up needs no filter (and a store without areas has none)
    st.session_state["filters"] = filters.sidebar(cached.get_store())
navigation.run()
