"""The thresholds of the small-group rule on the 'Veranderverhaal bewerken' page: what is in force, and a
form for the werkgroep to raise them or choose the CBS rule. The library checks and stores them."""

from __future__ import annotations

import streamlit as st

from kompas.domain import settings
from kompas.domain.errors import ValidationError
from kompas.store import thresholds


def thresholds_tab(store) -> None:
    rule = thresholds.in_force(store)
    st.markdown(
        f"Cijfers over een te kleine groep tonen we nergens: niet in de app, niet in een export en niet "
        f"in raadsinformatie. Nu geldt: tellingen vanaf **{rule.count}** mensen, percentages en scores vanaf "
        f"**{rule.for_unit('procent')}** ondervraagden. {settings.PROFILES[rule.profile]}"
    )
    st.info(settings.OWN_RULE_NOTE)
    if rule.reason:
        st.caption(f"Vastgelegd besluit van de gemeente: {rule.reason}")
    with st.form("beheer_thr_form"):
        left, right = st.columns(2)
        count = left.number_input(
            "Tellingen: minimaal aantal mensen",
            key="beheer_thr_count",
            value=rule.count,
            step=1,
            help=f"Niet lager dan {settings.FLOOR['min_n_count']}, tenzij de gemeente dat vastlegt in een besluit.",
        )
        survey = right.number_input(
            "Enquêtes: minimaal aantal ondervraagden",
            key="beheer_thr_survey",
            value=rule.survey,
            step=1,
            help=f"Niet lager dan {settings.FLOOR['min_n_survey']} (onze eigen regel), tenzij "
            "de gemeente dat vastlegt in een besluit.",
        )
        profile = st.radio(
            "Welke regel?",
            list(settings.PROFILES),
            key="beheer_thr_profile",
            index=list(settings.PROFILES).index(rule.profile),
            format_func=settings.PROFILES.get,
        )
        reason = st.text_input(
            "Besluit van de gemeente (alleen nodig voor een lagere drempel)",
            key="beheer_thr_reason",
            value=rule.reason,
            help="Bijvoorbeeld: 'Collegebesluit 12 maart 2027, kenmerk 2027-123'.",
        )
        if not st.form_submit_button("Drempels opslaan", type="primary", key="beheer_thr_save"):
            return
    try:
        saved = thresholds.save(store, count, survey, profile, reason)
    except ValidationError as exc:
        st.error(
            "De drempels zijn niet opgeslagen. Pas dit aan:\n\n" + "\n".join(f"- {t}" for t in exc.errors.values())
        )
        return
    st.success(f"Opgeslagen: tellingen vanaf {saved.count}, enquêtecijfers vanaf {saved.for_unit('procent')}.")
