"""Start: what this is, for which municipality, and the way through the six steps."""

import streamlit as st

from dashboard import cached
from kompas.domain import vocab
from kompas.store import areas, catalog

store = cached.get_store()
municipality = areas.municipality(store)["name"]
summary = catalog.summary(store)

st.title(f"Kwaliteitskompas · gemeente {municipality}")
if store.info("fictional") == "ja":
    st.info(store.info("notice") or "Dit is een verzonnen gemeente om de app uit te proberen.")
st.markdown(
    "Met het Kwaliteitskompas kijkt de werkgroep inclusie of inwoners er echt op vooruitgaan. "
    "U loopt zes stappen door: van ambities tot een verbetercyclus. "
    "Bij elk cijfer staan de verhalen van inwoners. Zo lezen we cijfers nooit los: **tellen én vertellen**."
)

st.subheader("De zes stappen")
steps = [
    ("app_pages/step_1_monitoring.py", "1 Monitoring en ambities", "Hoe gaat het met onze inwoners, en wat willen we?"),
    ("app_pages/step_2_resultaat.py", "2 Maatschappelijk resultaat", "Wat willen we over drie jaar bereikt hebben?"),
    (
        "app_pages/step_3_activiteiten.py",
        "3 Activiteiten",
        "Wat doen we daarvoor, wie doet het, en waarom zou het werken?",
    ),
    (
        "app_pages/step_4_input.py",
        "4 Input en kwaliteit",
        "Met welke mensen, kennis en middelen? Hoe borgen we kwaliteit?",
    ),
    ("app_pages/step_5_outcome.py", "5 Outcome", "Bereiken we wat we willen? Cijfers en verhalen samen."),
    ("app_pages/step_6_verbetercyclus.py", "6 Verbetercyclus", "Wat gaat goed, wat kan beter, wat spreken we af?"),
]
for path, label, question in steps:
    left, right = st.columns([1, 2])
    left.page_link(path, label=label)
    right.markdown(question)

st.subheader("Wat staat er in de database?")
cols = st.columns(4)
cols[0].metric("Programma's", summary["programmes"])
cols[1].metric("Indicatoren", summary["indicators"])
cols[2].metric("Metingen", summary["waves"])
cols[3].metric("Verhalen", summary["notes"])

with st.expander("Woordenlijst"):
    st.markdown("\n".join("- **{}**:{}".format(*text.split(":", 1)) for text in vocab.GLOSSARY.values()))
