"""The raadsinformatie draft on screen: per indicator its charts, sentences, caveats, activities and
the public stories the advisor can keep or leave out; then the texts the advisor can edit."""

from __future__ import annotations

import streamlit as st

from dashboard.components.story_list import render_stories
from kompas.domain import safe_text, vocab
from kompas.reports import charts, raad
from kompas.reports.raad_evidence import Evidence, IndicatorEvidence
from kompas.reports.raad_request import RaadEdits


def show_draft(evidence: Evidence, rk: str) -> dict[str, list[int]]:
    """Draw the draft; return the chosen stories per indicator (ids)."""
    chosen: dict[str, list[int]] = {}
    for number, item in enumerate(evidence.items, 1):
        st.markdown(f"#### {number}. {safe_text.inline_markdown(item.indicator.title)}")
        st.caption(
            f"Programma '{item.programme_title}' · stap '{item.node_title}' "
            f"({vocab.label(vocab.NODE_KINDS_SHORT, item.node_kind).lower()}) · bron: {item.indicator.source}"
        )
        left, right = st.columns([3, 2], gap="large")
        with left:
            _figures(item, rk)
        with right:
            chosen[item.indicator.id] = _stories(item, rk)
    return chosen


def edit_form(evidence: Evidence, rk: str, chosen: dict[str, list[int]]) -> RaadEdits:
    """The advisor's own words: title, short answer, the text per indicator, what to leave out."""
    request = evidence.request
    title = st.text_input("Titel", value=raad.default_title(request), key=f"raad_title_{rk}")
    short = st.text_area(
        "Kort antwoord (bovenaan het stuk)",
        value=raad.default_short_answer(evidence),
        height=150,
        key=f"raad_short_{rk}",
        help="Een lege regel begint een nieuwe alinea.",
    )
    sentences, left_out = {}, []
    for item in evidence.items:
        drafted = "\n\n".join(item.sentences)
        keep = st.checkbox(
            f"'{item.indicator.title}' opnemen in het stuk", value=True, key=f"raad_keep_{rk}_{item.indicator.id}"
        )
        if not keep:
            left_out.append(item.indicator.id)
            continue
        text = st.text_area(
            f"Tekst bij '{item.indicator.title}'", value=drafted, height=120, key=f"raad_text_{rk}_{item.indicator.id}"
        )
        if text.strip() != drafted.strip():
            sentences[item.indicator.id] = text
    cols = st.columns(2)
    with_charts = cols[0].checkbox("Grafieken opnemen", value=True, key=f"raad_charts_{rk}")
    activities = cols[1].checkbox("Activiteiten opnemen ('Wat de gemeente doet')", value=True, key=f"raad_acts_{rk}")
    explanation = st.text_area("Toelichting (optioneel, komt na de cijfers)", key=f"raad_expl_{rk}")
    unknowns = st.text_area("Wat we niet weten: eigen aanvulling (optioneel)", key=f"raad_unknown_{rk}")
    return RaadEdits(
        title=title if title != raad.default_title(request) else "",
        short_answer=short if short != raad.default_short_answer(evidence) else "",
        sentences=sentences,
        stories=chosen,
        left_out=tuple(left_out),
        charts=with_charts,
        activities=activities,
        explanation=explanation,
        unknowns=unknowns,
    )


def _figures(item: IndicatorEvidence, rk: str) -> None:
    st.caption("Definitie: " + safe_text.inline_markdown(item.indicator.definition or "niet beschreven"))
    for code, name in item.areas:
        frame = item.series[code]
        if frame.empty or frame["suppressed"].all():
            continue
        st.plotly_chart(
            charts.series_chart(item.indicator, frame, f"{item.indicator.title} — {name}"),
            width="stretch",
            key=f"raad_chart_{rk}_{item.indicator.id}_{code}",
            config={"displaylogo": False},
        )
    for sentence in item.sentences:
        st.markdown(safe_text.inline_markdown(sentence))
    if item.warnings:
        with st.expander(f"Let op: {len(item.warnings)} kanttekening(en) — komen onder 'Wat we niet weten'"):
            for warning in item.warnings:
                st.markdown("- " + safe_text.inline_markdown(warning))
    if item.activities:
        st.markdown("**Wat de gemeente doet**")
        for a in item.activities:
            status = vocab.label(vocab.ACTIVITY_STATUS, a["status"]).lower() or "status onbekend"
            st.markdown(
                "- " + safe_text.inline_markdown(f"{a['title']} — {a['owner_name'] or 'eigenaar onbekend'} — {status}")
            )
    if item.suppressed_cells:
        st.caption(
            f"{item.suppressed_cells} cijfers gaan over een groep die te klein is om te tonen; die staan "
            "niet in het stuk."
        )


def _stories(item: IndicatorEvidence, rk: str) -> list[int]:
    st.markdown("**Openbare verhalen**")
    if item.stories.empty:
        st.info("Er zijn geen openbare verhalen (met toestemming) bij dit cijfer in deze periode.")
    kept = []
    for position, note in enumerate(item.stories.to_dict("records")):
        if st.checkbox(
            f"Opnemen: {safe_text.inline_markdown(note['title'])}",
            value=position < raad.STORIES_BY_DEFAULT,
            key=f"raad_story_{rk}_{item.indicator.id}_{note['id']}",
        ):
            kept.append(int(note["id"]))
        render_stories(item.stories.iloc[[position]])
    if item.hidden_stories:
        st.caption(
            f"{item.hidden_stories} andere verhalen zijn niet openbaar of hebben geen toestemming; "
            "die kunnen niet in het stuk."
        )
    return kept
