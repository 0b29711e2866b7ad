"""Veranderverhaal bewerken: add or change nodes, arrows (with their assumption) and indicators.

Every form field has a stable key ``beheer_<part>_<field>``. Its value is loaded from the store
when the user picks an item (or "Nieuw"), stays as typed when a save is refused, and is loaded
afresh after a save. Only the library writes; each save is one transaction.
"""

from __future__ import annotations

import streamlit as st

from dashboard import cached
from dashboard.components import signin
from dashboard.components.filters import current
from dashboard.components.thresholds_form import thresholds_tab
from kompas.domain import vocab
from kompas.domain.errors import NotFoundError, ValidationError
from kompas.domain.model import Edge, Indicator, Node
from kompas.domain.settings import FLOOR, OWN_RULE_NOTE
from kompas.store import indicators, toc
from kompas.store.suppression import threshold

FIELD_LABELS = {
    "id": "Code",
    "programme_id": "Programma",
    "kind": "Soort",
    "title": "Titel",
    "description": "Beschrijving",
    "levensdomein": "Levensdomein",
    "owner_kind": "Eigenaar (soort)",
    "owner_name": "Eigenaar (naam)",
    "status": "Status",
    "source_id": "Van",
    "target_id": "Naar",
    "assumption": "Veronderstelling",
    "evidence": "Onderbouwing",
    "node_id": "Onderdeel",
    "definition": "Definitie",
    "unit": "Eenheid",
    "direction": "Richting",
    "source": "Bron",
    "target_value": "Streefwaarde",
    "target_year": "Streefjaar",
    "caveat": "Kanttekening",
    "min_n": "Drempel kleine groepen",
}
MEASURED_KINDS = ("output", "outcome", "resultaat")  # indicators hang only on these


def _kind(kind: str) -> str:
    return vocab.NODE_KINDS_SHORT[kind]


def _optional(labels: dict[str, str]):
    return lambda key: "(geen)" if key is None else labels[key]


def _choice(prefix: str, labels: dict, new_label: str):
    """The 'Nieuw or edit which?' selectbox, after showing the flash of the last save."""
    flash = st.session_state.pop(f"{prefix}_flash", None)
    if flash:
        st.success(flash)
    key, options = f"{prefix}_choice", [None, *labels]
    if f"{prefix}_next" in st.session_state:  # set by the last save, before this widget exists
        st.session_state[key] = st.session_state.pop(f"{prefix}_next")
    if st.session_state.get(key) not in options:  # e.g. another programme in the sidebar
        st.session_state[key] = None
    return st.selectbox(
        "Nieuw maken of bestaande bewerken?",
        options,
        key=key,
        format_func=lambda o: new_label if o is None else labels[o],
    )


def _prefill(prefix: str, choice, values: dict) -> None:
    """Load the fields for ``choice`` unless they already hold it (then they hold the user's input)."""
    marker = f"{prefix}_loaded"
    if (
        marker in st.session_state
        and st.session_state[marker] == choice
        and all(f"{prefix}_{name}" in st.session_state for name in values)
    ):
        return
    for name, value in values.items():
        st.session_state[f"{prefix}_{name}"] = value
    st.session_state[marker] = choice


def _save(prefix: str, what: str, write, message: str, select) -> None:
    """Run the library write; on success flash, reload the fields and rerun, else say what to fix."""
    try:
        write()
    except ValidationError as exc:
        st.error(
            f"{what} is niet opgeslagen. Pas dit aan:\n\n"
            + "\n".join(f"- {FIELD_LABELS.get(field, field)}: {text}" for field, text in exc.errors.items())
        )
        return
    except NotFoundError as exc:
        st.error(f"{exc} Kies het opnieuw in de lijst.")
        return
    st.session_state[f"{prefix}_flash"] = message
    st.session_state[f"{prefix}_next"] = select
    st.session_state.pop(f"{prefix}_loaded", None)
    st.rerun()


def node_tab(store, flt, version) -> None:
    frame = cached.node_table(store, version, flt.programme_id)
    labels = {r["id"]: f"{_kind(r['kind'])}: {r['title']}" for r in frame.to_dict("records")}
    programme_frame = toc.programmes(store)
    programmes = dict(zip(programme_frame["id"], programme_frame["title"]))
    choice = _choice("beheer_node", labels, "Nieuw onderdeel")
    editing = choice is not None
    node = (
        toc.get_node(store, choice)
        if editing
        else Node("", flt.programme_id or next(iter(programmes), ""), "activiteit", "", status="gepland")
    )
    _prefill(
        "beheer_node",
        choice,
        {
            "id": node.id,
            "programme": node.programme_id,
            "kind": node.kind,
            "title": node.title,
            "description": node.description,
            "levensdomein": node.levensdomein,
            "owner_kind": node.owner_kind,
            "owner_name": node.owner_name or "",
            "status": node.status,
        },
    )

    with st.form("beheer_node_form"):
        left, right = st.columns(2)
        new_id = left.text_input(
            "Code",
            key="beheer_node_id",
            disabled=editing,
            help="Een korte naam zonder spaties, bijvoorbeeld 'act_taalcafe'. De code verandert later niet.",
        )
        programme_id = right.selectbox(
            "Programma", list(programmes), key="beheer_node_programme", format_func=programmes.get, disabled=editing
        )
        kind = left.selectbox(
            "Soort", list(vocab.NODE_KINDS), key="beheer_node_kind", format_func=vocab.NODE_KINDS.get, disabled=editing
        )
        status = right.selectbox(
            "Status (alleen voor activiteiten)",
            [None, *vocab.ACTIVITY_STATUS],
            key="beheer_node_status",
            format_func=_optional(vocab.ACTIVITY_STATUS),
            help="Alleen een activiteit heeft een status. Bij andere soorten bewaren we die niet.",
        )
        if editing:
            st.caption(
                "Soort en programma van een bestaand onderdeel kunnen niet veranderen. "
                "Wilt u dat toch? Maak dan een nieuw onderdeel."
            )
        title = st.text_input("Titel", key="beheer_node_title", max_chars=200)
        description = st.text_area("Beschrijving", key="beheer_node_description", height=100)
        left, mid, right = st.columns(3)
        levensdomein = left.selectbox(
            "Levensdomein (mag leeg)",
            [None, *vocab.LEVENSDOMEINEN],
            key="beheer_node_levensdomein",
            format_func=_optional(vocab.LEVENSDOMEINEN),
        )
        owner_kind = mid.selectbox(
            "Eigenaar: soort (mag leeg)",
            [None, *vocab.OWNER_KINDS],
            key="beheer_node_owner_kind",
            format_func=_optional(vocab.OWNER_KINDS),
        )
        owner_name = right.text_input("Eigenaar: naam (mag leeg)", key="beheer_node_owner_name")
        submitted = st.form_submit_button("Onderdeel opslaan", type="primary", key="beheer_node_save")
    if not submitted:
        return
    if editing:  # the caption promises these stay as they are
        new_id, programme_id, kind = node.id, node.programme_id, node.kind
    candidate = Node(
        id=new_id.strip(),
        programme_id=programme_id,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        levensdomein=levensdomein,
        owner_kind=owner_kind,
        owner_name=owner_name.strip() or None,
        status=status if kind == "activiteit" else None,
    )
    _save(
        "beheer_node",
        "Het onderdeel",
        lambda: toc.save_node(store, candidate, new=not editing),
        f"Onderdeel '{candidate.title}' is opgeslagen.",
        select=choice,
    )


def edge_tab(store, flt, version) -> None:
    st.markdown(
        "Een pijl zegt: het ene leidt tot het andere. De **veronderstelling** is de reden: "
        "waarom denken we dat het ene tot het andere leidt?"
    )
    arrows = {int(r["id"]): r for r in toc.edges(store, flt.programme_id).to_dict("records")}
    labels = {i: f"{r['source_title']} → {r['target_title']}" for i, r in arrows.items()}
    frame = cached.node_table(store, version, flt.programme_id)
    nodes = {r["id"]: f"{_kind(r['kind'])}: {r['title']}" for r in frame.to_dict("records")}
    choice = _choice("beheer_edge", labels, "Nieuwe pijl")
    editing = choice is not None
    arrow = arrows[choice] if editing else {"assumption": "", "evidence": "onbekend"}
    fields = {"assumption": arrow["assumption"], "evidence": arrow["evidence"]}
    _prefill("beheer_edge", choice, fields if editing else {"source": None, "target": None, **fields})

    with st.form("beheer_edge_form"):
        if editing:
            st.markdown(f"Van **{arrow['source_title']}** naar **{arrow['target_title']}**")
            st.caption("Begin en eind van een bestaande pijl kunnen niet veranderen.")
        else:
            left, right = st.columns(2)
            source = left.selectbox(
                "Van",
                list(nodes),
                key="beheer_edge_source",
                index=None,
                format_func=nodes.get,
                placeholder="Kies een onderdeel",
            )
            target = right.selectbox(
                "Naar",
                list(nodes),
                key="beheer_edge_target",
                index=None,
                format_func=nodes.get,
                placeholder="Kies een onderdeel",
            )
        assumption = st.text_area(
            "Veronderstelling",
            key="beheer_edge_assumption",
            height=100,
            help="Waarom denken we dat het ene tot het andere leidt?",
        )
        evidence = st.selectbox(
            "Onderbouwing",
            list(vocab.EVIDENCE),
            key="beheer_edge_evidence",
            format_func=vocab.EVIDENCE.get,
            help="Hoe goed weten we dat dit klopt? Uit onderzoek, ervaring, of nog niet?",
        )
        submitted = st.form_submit_button("Pijl opslaan", type="primary", key="beheer_edge_save")
    if not submitted:
        return
    if editing:
        _save(
            "beheer_edge",
            "De pijl",
            lambda: toc.update_edge(store, choice, assumption.strip(), evidence),
            f"De pijl {labels[choice]} is opgeslagen.",
            select=choice,
        )
    else:
        edge = Edge(source, target, assumption.strip(), evidence)
        _save(
            "beheer_edge",
            "De pijl",
            lambda: toc.add_edge(store, edge),
            f"De pijl {nodes.get(source)} → {nodes.get(target)} is opgeslagen.",
            select=None,
        )


def indicator_tab(store, flt, version) -> None:
    frame = cached.indicator_table(store, version, flt.programme_id)
    labels = dict(zip(frame["id"], frame["title"]))
    node_frame = cached.node_table(store, version, flt.programme_id, MEASURED_KINDS)
    nodes = {r["id"]: f"{_kind(r['kind'])}: {r['title']}" for r in node_frame.to_dict("records")}
    choice = _choice("beheer_ind", labels, "Nieuwe indicator")
    editing = choice is not None
    ind = (
        indicators.get_indicator(store, choice)
        if editing
        else Indicator("", None, "outcome", "", "procent", "hoger", "")
    )
    _prefill(
        "beheer_ind",
        choice,
        {
            "id": ind.id,
            "node": ind.node_id,
            "kind": ind.kind,
            "title": ind.title,
            "definition": ind.definition,
            "unit": ind.unit,
            "direction": ind.direction,
            "source": ind.source,
            "target_value": ind.target_value,
            "target_year": ind.target_year,
            "caveat": ind.caveat,
            "min_n": ind.min_n,
        },
    )

    with st.form("beheer_ind_form"):
        left, right = st.columns(2)
        new_id = left.text_input(
            "Code",
            key="beheer_ind_id",
            disabled=editing,
            help="Een korte naam zonder spaties, bijvoorbeeld 'thuis_buurt'. De code verandert later niet.",
        )
        node_id = right.selectbox(
            "Onderdeel van het veranderverhaal",
            list(nodes),
            key="beheer_ind_node",
            index=None,
            format_func=nodes.get,
            placeholder="Kies een onderdeel",
            help="Een output, outcome of maatschappelijk resultaat.",
        )
        kind = left.selectbox("Soort", ["output", "outcome"], key="beheer_ind_kind", format_func=vocab.NODE_KINDS.get)
        title = right.text_input("Titel", key="beheer_ind_title", max_chars=200)
        definition = st.text_area(
            "Definitie",
            key="beheer_ind_definition",
            height=80,
            help="Wat telt u precies, en bij wie? Bijvoorbeeld: percentage inwoners van 15 jaar en ouder dat …",
        )
        left, mid, right = st.columns(3)
        unit = left.selectbox(
            "Eenheid",
            list(vocab.UNITS),
            key="beheer_ind_unit",
            format_func=lambda u: u if vocab.UNITS[u] == u else f"{u} ({vocab.UNITS[u]})",
        )
        direction = mid.selectbox(
            "Richting", list(vocab.DIRECTIONS), key="beheer_ind_direction", format_func=vocab.DIRECTIONS.get
        )
        source = right.text_input("Bron", key="beheer_ind_source", help="Bijvoorbeeld: Veiligheidsmonitor.")
        target_value = left.number_input(
            "Streefwaarde (mag leeg)",
            key="beheer_ind_target_value",
            value=None,
            step=1.0,
            help="Vul een streefwaarde altijd in samen met een streefjaar.",
        )
        target_year = mid.number_input("Streefjaar (mag leeg)", key="beheer_ind_target_year", value=None, step=1)
        min_n = right.number_input(
            "Drempel kleine groepen (mag leeg)",
            key="beheer_ind_min_n",
            value=None,
            step=1,
            help=f"Cijfers over minder mensen dan dit tonen we niet, nergens in de app of "
            f"in een export. Leeg: de standaard, {threshold('aantal', None, store)} voor "
            f"aantallen en {threshold('procent', None, store)} ondervraagden voor "
            f"percentages en scores. {OWN_RULE_NOTE} Nooit lager dan {FLOOR['min_n_count']}.",
        )
        caveat = st.text_area(
            "Kanttekening (mag leeg)",
            key="beheer_ind_caveat",
            height=80,
            help="Waar moet de lezer op letten? Bijvoorbeeld een andere vraag of een nieuw panel.",
        )
        submitted = st.form_submit_button("Indicator opslaan", type="primary", key="beheer_ind_save")
    if not submitted:
        return
    candidate = Indicator(
        id=ind.id if editing else new_id.strip(),
        node_id=node_id,
        kind=kind,
        title=title.strip(),
        unit=unit,
        direction=direction,
        source=source.strip(),
        definition=definition.strip(),
        target_value=target_value,
        target_year=None if target_year is None else int(target_year),
        caveat=caveat.strip(),
        min_n=None if min_n is None else int(min_n),
    )
    _save(
        "beheer_ind",
        "De indicator",
        lambda: indicators.save_indicator(store, candidate, new=not editing),
        f"Indicator '{candidate.title}' is opgeslagen.",
        select=choice,
    )


store = cached.get_store()
flt = current()

st.title("Veranderverhaal bewerken")
st.markdown(
    "Hier past u het veranderverhaal aan: onderdelen, pijlen met hun veronderstelling, en indicatoren. "
    "Kies eerst of u iets nieuws maakt of iets bestaands bewerkt. Pas dan de velden aan en sla op."
)
st.caption(
    "U ziet alleen wat bij het programma in de zijbalk hoort."
    if flt.programme_id
    else "U ziet alle programma's. Kies in de zijbalk een programma om minder te zien."
)
if not signin.only_for_editors("Het veranderverhaal bewerken"):
    st.stop()

node_part, edge_part, indicator_part, threshold_part = st.tabs(["Onderdeel", "Pijl", "Indicator", "Kleine groepen"])
with node_part:
    node_tab(store, flt, cached.version(store))
with edge_part:
    edge_tab(store, flt, cached.version(store))
with indicator_part:
    indicator_tab(store, flt, cached.version(store))
with threshold_part:
    thresholds_tab(store)
