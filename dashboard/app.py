"""Kwaliteitskompas: the entry script. It routes between pages, asks who you are, draws the shared sidebar."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, session
from dashboard.components import filters, language, menu, signin
from kompas.domain.errors import KompasError, StoreNotFoundError

st.set_page_config(page_title="Kwaliteitskompas", page_icon="🧭", layout="wide")
language.set_dutch()  # <html lang="nl"> on every page, also the sign-in form

try:
    cached.setup_status()  # opens the store: a missing, locked or broken file stops here with a Dutch sentence
except KompasError as exc:
    st.error(str(exc))
    if isinstance(exc, StoreNotFoundError):
        st.info("Start de app met 'make run': die maakt de demo-database als die er nog niet is.")
    st.stop()

access = session.effective()  # the menu of the role this run reads with (menu.py: who sees which page)
role = access.role if access else None
# A store without areas or indicators opens on "Gemeente instellen" for the werkgroep (also before sign-in,
# so that "/" is that page once it has signed in); the session keeps it as its home page until it signs
# out, so finishing the set-up does not jump away.
may_set_up = role in (None, "werkgroep")
if may_set_up and cached.setup_status().needs_setup:
    st.session_state["setup_home"] = True
home = menu.SETUP_URL if may_set_up and st.session_state.get("setup_home") else None
PAGES = {
    url: st.Page(script, title=title, url_path=url, default=url == home)
    for script, title, url in menu.scripts_for(role)
}

# A flat list: with sections, Streamlit's sidebar menu puts <div>s inside its <ul>, which screen
# readers cannot read as a list (axe: list, listitem).
navigation = st.navigation(list(PAGES.values()), expanded=True, position="sidebar" if access else "hidden")

signin.require()  # the sign-in form until someone is signed in; nothing below runs before that
signin.sidebar()
if navigation is not PAGES.get(menu.SETUP_URL):  # setting up needs no filter (and a store without areas has none)
    st.session_state["filters"] = filters.sidebar(cached.get_store())
navigation.run()
