"""The policy check (beleidstoets) of one activity: its checklist, and a form for the werkgroep."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.components import signin
from kompas.domain import safe_text
from kompas.domain.errors import KompasError
from kompas.domain.policy_criteria import ANSWERS, BY_KEY, CRITERIA, STATUS_LABELS
from kompas.store import policy_check, stories

_ICON = {"in_orde": "🟢", "let_op": "🟠", "open": "⚪"}


def programme_summary(store, programme_id: str | None) -> None:
    """One line per activity: how many criteria are in order, ask for attention, are still open."""
    table = policy_check.summary(store, programme_id)
    if table.empty:
        return
    with st.expander("Beleidstoets van alle activiteiten (inclusief beleid)"):
        st.dataframe(
            pd.DataFrame(
                {
                    "Programma": table["programme_title"],
                    "Activiteit": table["title"],
                    "Punten in orde": table["in_orde"],
                    "Punten let op": table["let_op"],
                    "Punten nog open": table["open"],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def checklist(store, node_id: str, audience: str) -> None:
    """The checklist of one activity; the werkgroep can answer a criterion below it."""
    rows = policy_check.checklist(store, node_id, audience)
    counts = {kind: sum(r["status"] == kind for r in rows) for kind in STATUS_LABELS}
    st.markdown(
        f"**Beleidstoets: is dit inclusief beleid?** {counts['in_orde']} in orde, "
        f"{counts['let_op']} let op, {counts['open']} nog open (van {len(rows)} punten)."
    )
    st.caption(
        "De punten komen uit de handreiking 'Institutioneel racisme effectief aanpakken' (stap 7). "
        "✓ = inclusief beleid doet dit; ✗ = inclusief beleid doet dit niet."
    )
    for row in rows:
        if row["answer"] is None:
            continue
        line = (
            f"{_ICON[row['status']]} {STATUS_LABELS[row['status']]} · {row['mark']} Deze activiteit "
            f"{row['text']}? **{ANSWERS[row['answer']]}**"
        )
        if row["explanation"]:
            line += f"  \n{safe_text.inline_markdown(row['explanation'])}"
        evidence = [safe_text.inline_markdown(s["title"]) for s in row["stories"]]
        if row["documents"]:
            evidence.append(safe_text.inline_markdown(row["documents"]))
        if evidence:
            line += "  \nBewijs: " + "; ".join(evidence)
        st.markdown(line)
    if counts["open"] == len(rows):
        st.caption("Nog geen punt beantwoord.")
    if signin.may_edit():
        _form(store, node_id, audience, {r["key"]: r for r in rows})


def _form(store, node_id: str, audience: str, rows: dict[str, dict]) -> None:
    with st.expander("Een punt van de beleidstoets beantwoorden"):
        key = st.selectbox(
            "Punt",
            [c.key for c in CRITERIA],
            key=f"pc_crit_{node_id}",
            format_func=lambda k: f"{BY_KEY[k].mark} {BY_KEY[k].text}",
        )
        current = rows[key]
        visible = stories.notes(store, audience)
        with st.form(f"pc_form_{node_id}"):
            answer = st.radio(
                "Doet deze activiteit dit?",
                list(ANSWERS),
                format_func=ANSWERS.get,
                horizontal=True,
                index=list(ANSWERS).index(current["answer"] or "onbekend"),
                key=f"pc_answer_{node_id}_{key}",
            )
            explanation = st.text_area(
                "Korte toelichting", current["explanation"], max_chars=2000, key=f"pc_expl_{node_id}_{key}"
            )
            chosen = st.multiselect(
                "Verhalen als bewijs",
                list(visible["id"]),
                default=[s["id"] for s in current["stories"]],
                format_func=dict(zip(visible["id"], visible["title"])).get,
            )
            documents = st.text_input("Documenten als bewijs (titel of link)", current["documents"])
            if st.form_submit_button("Antwoord opslaan", key=f"pc_save_{node_id}_{key}"):
                try:
                    policy_check.save_answer(
                        store,
                        policy_check.PolicyAnswer(
                            node_id, key, answer, explanation, documents, tuple(int(i) for i in chosen)
                        ),
                    )
                except KompasError as exc:
                    st.error(str(exc))
                else:
                    st.success("Het antwoord is opgeslagen.")
                    st.rerun()
