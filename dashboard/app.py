"""Kwaliteitskompas: the entry script. It routes between pages, asks who you are, draws the shared sidebar."""

from __future__ import annotations

import streamlit as st

from dashboard import cached
from dashboard.components import filters, language, menu, signin
from kompas.errors import KompasError, StoreNotFoundError

st.set_page_config(page_title="Kwaliteitskompas", page_icon="🧭", layout="wide")
language.set_dutch()  # <html lang="nl"> on every page, also the sign-in form

access = signin.effective()  # the menu of the role this run reads with (menu.py: who sees which page)
PAGES = [st.Page(script, title=title, url_path=url, default=url is None)
         for script, title, url in menu.scripts_for(access.role if access else None)]

# A flat list: with sections, Streamlit's sidebar menu puts <div>s inside its <ul>, which screen
# readers cannot read as a list (axe: list, listitem).
navigation = st.navigation(PAGES, expanded=True, position="sidebar" if access else "hidden")

try:
    cached.open_store()
except KompasError as exc:
    st.error(str(exc))
    if isinstance(exc, StoreNotFoundError):
        st.info("Start de app met 'make run': die maakt de demo-database als die er nog niet is.")
    st.stop()

signin.require()  # the sign-in form until someone is signed in; nothing below runs before that
signin.sidebar()
st.session_state["filters"] = filters.sidebar(cached.get_store())
navigation.run()
