"""What every page starts with: the store, the shared filter, and a title with its question."""

from __future__ import annotations

import streamlit as st

from dashboard import cached
from dashboard.components.filters import Filters, current
from kompas.domain import vocab
from kompas.store.connection import StoreView


def start(title: str, question: str, term: str | None = None) -> tuple[StoreView, Filters, tuple]:
    """Draw the title and the one or two sentences saying which question the page answers; ``term``
    (a key of ``vocab.GLOSSARY``) puts its plain explanation in a tooltip on the title.

    Returns the store, the filter of this run and the cache key of the store's current data.
    """
    store = cached.get_store()
    st.title(title, help=vocab.GLOSSARY[term] if term else None)
    st.markdown(question)
    return store, current(), cached.version(store)
