"""Gemeente instellen: choose the gemeente, read its wijken and buurten, pick the starter indicators."""

import tempfile
from pathlib import Path

import streamlit as st

from dashboard import cached
from dashboard.components import signin
from kompas.domain import register
from kompas.domain.errors import KompasError
from kompas.domain.safe_text import inline_markdown
from kompas.imports import area_import
from kompas.store import gemeente_setup, indicators, starter

st.title("Gemeente instellen")
st.markdown(
    "Van een lege database naar uw eigen gemeente: kies de gemeente, lees de wijken en buurten in, "
    "kies de indicatoren. Daarna leest u de eerste cijfers in."
)
if not signin.only_for_editors("De gemeente instellen"):
    st.stop()
store = cached.get_store()
state = gemeente_setup.status(store)


def _done(message: str) -> None:
    cached.clear_data()
    st.session_state["gi_melding"] = message
    st.rerun()


if message := st.session_state.pop("gi_melding", None):
    st.success(message)

st.header("1. Uw gemeente")
if state.gemeente_code:
    st.markdown(
        f"Deze database is van gemeente **{inline_markdown(state.gemeente_name or '')}** ({state.gemeente_code})."
    )
query = st.text_input("Zoek uw gemeente op naam", key="gi_zoek", placeholder="bijvoorbeeld Zwolle")
if query.strip():
    found = register.find_gemeente(query)
    if not found:
        st.warning(
            f"Geen gemeente gevonden met '{inline_markdown(query.strip())}'. Controleer de spelling of zoek "
            "op een deel van de naam."
        )
    else:
        names = {g.code: f"{g.name} ({g.code})" for g in found}
        code = st.selectbox("Gemeente", list(names), format_func=names.get, key="gi_gemeente")
        if st.button("Deze gemeente kiezen", key="gi_kies", disabled=code == state.gemeente_code):
            try:
                chosen = gemeente_setup.choose_gemeente(store, code)
            except KompasError as exc:
                st.error(str(exc))
            else:
                _done(f"Gemeente {chosen.name} ({chosen.code}) is gekozen.")

st.header("2. Wijken en buurten")
st.markdown(
    "Download bij het CBS (StatLine) de tabel **Kerncijfers wijken en buurten** van het laatste jaar als "
    "CSV, met de regiocodes. U ziet eerst wat er verandert; pas daarna slaat u het op."
)
if not state.gemeente_code:
    st.caption(
        "Kies eerst uw gemeente (stap 1): dan leest de app uit een landelijk bestand alleen uw eigen "
        "wijken en buurten in."
    )
upload = st.file_uploader(
    "Bestand met wijken en buurten (CSV of Excel van het CBS)", type=["csv", "xlsx"], key="gi_bestand"
)
if upload is not None:
    folder = Path(st.session_state.setdefault("gi_map", tempfile.mkdtemp(prefix="kompas-gebieden-")))
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    only = [state.gemeente_code] if state.gemeente_code else None
    try:
        plan = area_import.plan_areas(store, path, only)
    except KompasError as exc:
        st.error(str(exc))
    else:
        st.markdown("**Proefrun: dit verandert er als u opslaat**")
        st.text(plan.report())
        if plan.added or plan.renamed:
            if st.button("Gebieden opslaan", key="gi_opslaan", type="primary"):
                area_import.apply_areas(store, plan)
                _done(f"{len(plan.added)} gebieden toegevoegd en {len(plan.renamed)} namen bijgewerkt.")
        else:
            st.info("Alle gebieden uit dit bestand staan er al, met dezelfde naam.")
if state.gemeente_code:
    tree = gemeente_setup.area_tree(store, state.gemeente_code)
    st.markdown(
        f"**{len(tree)} wijken** in {inline_markdown(state.gemeente_name or state.gemeente_code)}"
        + ("" if tree else ": lees hierboven het CBS-bestand in.")
    )
    for wijk in tree:
        with st.expander(f"{wijk['name']} ({wijk['code']}) · {len(wijk['buurten'])} buurten"):
            st.markdown(
                "\n".join(f"- {inline_markdown(b['name'])} ({b['code']})" for b in wijk["buurten"]) or "Geen buurten."
            )

st.header("3. Indicatoren")
present = indicators.indicators(store, include_off=True)
waiting = [i for i in starter.starter_indicators() if i.indicator.id not in set(present["id"])]
if waiting:
    st.markdown(
        "De **startset** volgt de landelijke monitors (Veiligheidsmonitor, GGD Gezondheidsmonitor, CBS "
        "Kerncijfers wijken en buurten) en uw eigen registratie en inwonerspanel. Met de startset herkent de "
        "app de eerste download van een monitor zonder koppelbestand."
    )
    titles = {i.indicator.id: f"{i.indicator.title} ({i.indicator.source})" for i in waiting}
    picked = st.multiselect(
        "Kies indicatoren uit de startset",
        list(titles),
        default=list(titles),
        format_func=titles.get,
        key="gi_startset_keuze",
    )
    if st.button("Gekozen indicatoren toevoegen", key="gi_startset", disabled=not picked):
        added = starter.install_starter(store, picked)
        _done(f"{len(added)} indicatoren toegevoegd.")
if len(present):
    st.markdown(
        "Zet een indicator uit als u hem niet nodig heeft. De cijfers blijven bewaard; u kunt hem later weer aanzetten."
    )
    for row in present.to_dict("records"):
        on = st.toggle(f"{row['title']} ({row['source']})", value=bool(row["is_on"]), key=f"gi_aan_{row['id']}")
        if on != bool(row["is_on"]):
            indicators.switch_indicator(store, row["id"], on)
            _done(f"'{row['title']}' staat nu {'aan' if on else 'uit'}.")

st.header("4. Verder")
if state.needs_setup:
    missing = [
        text
        for text, lacking in (("de wijken en buurten", state.areas == 0), ("indicatoren", state.indicators == 0))
        if lacking
    ]
    st.info(f"Nog te doen: {' en '.join(missing)}. Daarna zijn de stappen gevuld.")
st.page_link("app_pages/importeren.py", label="Verder: cijfers inlezen")
