"""The audit log: who added, changed, deleted, read in or exported what, and when. For the werkgroep."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.components import page
from kompas.store import audit, audit_log

store, flt, key = page.start(
    "Logboek",
    "Wie heeft wat toegevoegd, gewijzigd, verwijderd, ingelezen of geëxporteerd, en wanneer? "
    "Het nieuwste staat bovenaan.",
)
access = session.effective()
if not access.reads_log:
    st.info("Het logboek is alleen voor de werkgroep.")
    st.stop()

left, middle, right = st.columns(3)
who = left.selectbox(
    "Wie", [None, *audit_log.users(store)], key="logboek_user", format_func=lambda u: "Iedereen" if u is None else u
)
kind = middle.selectbox(
    "Wat", [None, *audit.KINDS], key="logboek_kind", format_func=lambda k: "Alles" if k is None else audit.KINDS[k]
)
action = right.selectbox(
    "Handeling",
    [None, *audit.ACTIONS],
    key="logboek_action",
    format_func=lambda a: "Alle handelingen" if a is None else audit.ACTIONS[a],
)
today = date.today()
period = st.date_input(
    "Periode", value=(today - timedelta(days=90), today), max_value=today, format="DD-MM-YYYY", key="logboek_period"
)
chosen = tuple(period) if isinstance(period, (tuple, list)) and len(period) == 2 else None

found = audit_log.entries(store, user=who, kind=kind, action=action, period=chosen)
if found.empty:
    st.info("Geen regels in het logboek voor deze keuze. Kies een langere periode of minder filters.")
    st.stop()
st.caption(f"{len(found)} regels" + (" (de nieuwste 1000)" if len(found) == 1000 else "") + ".")
st.dataframe(
    pd.DataFrame(
        {
            "Wanneer": [t.strftime("%d-%m-%Y %H:%M") for t in found["at"]],
            "Wie": found["user_name"],
            "Rol": found["role"],
            "Handeling": found["action"].map(audit.ACTIONS),
            "Wat": found["object_kind"].map(lambda k: audit.KINDS.get(k, k)),
            "Nummer of code": found["object_id"],
            "Omschrijving": found["summary"],
        }
    ),
    hide_index=True,
    width="stretch",
)
