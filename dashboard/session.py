"""Who this browser session reads as: the signed-in person's ``Access`` in the session state (set by
``dashboard.components.signin`` after the password or the organisation's login was checked)."""

from __future__ import annotations

import streamlit as st

from kompas.domain.roles import Access

SIGNED_IN = "signin_access"  # session-state key; no widget uses it, so a browser cannot set it
PREVIEW = "flt_audience"  # the sidebar's view switch: 'openbaar' previews what the council sees


def current() -> Access | None:
    return st.session_state.get(SIGNED_IN)


def effective() -> Access | None:
    """The access this run reads with: the council's while a werkgroep member previews the public view."""
    access = current()
    if access is not None and access.role == "werkgroep" and st.session_state.get(PREVIEW) == "openbaar":
        return Access("raad", access.user)
    return access
