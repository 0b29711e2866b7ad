"""The sentences that state a finding are checked against the figures in the store."""

from kompas.analysis import compare, findings
from kompas.domain import formatting
from kompas.store import indicators, observations


def _total(store, indicator_id, area="GM9999"):
    frame = observations.series(store, indicator_id, area)
    return frame[frame["group_value"] == "totaal"]


def _headline(store, indicator_id, total, area="GM9999", name="Voorbeeldstad"):
    judgement = findings.judged(store, area, {indicator_id: total}).get(indicator_id)
    return findings.headline(indicators.get_indicator(store, indicator_id), total, name, judgement), judgement


def test_headline_states_last_two_figures_and_the_comparisons_verdict(store):
    total = _total(store, "eenzaam")
    sentence, judgement = _headline(store, "eenzaam", total)
    last, before = total.iloc[-1], total.iloc[-2]
    assert f"{last['year']}: {formatting.value(last['value'], 'procent')}" in sentence
    assert f"In {before['year']} was dat {formatting.value(before['value'], 'procent')}" in sentence
    row = compare.compare_waves(
        store,
        before["wave_label"],
        last["wave_label"],
        indicator_ids=["eenzaam"],
        area_codes=["GM9999"],
        totals_only=True,
    ).iloc[0]
    assert judgement["verdict"] == row["verdict"] and sentence.endswith(row["verdict_text"])


def test_headline_for_a_real_improvement(store):
    """Contact with neighbours rose 34 -> 44 over the panel waves; 2022 vs 2025 is beyond chance."""
    total = _total(store, "contact_anders")
    two = total[total["year"].isin([2022, 2025])]
    sentence, judgement = _headline(store, "contact_anders", two)
    assert judgement["verdict"] == "beter" and "Dat is hoger en dus beter; waarschijnlijk geen toeval" in sentence


def test_headline_for_a_count_without_a_margin(store):
    sentence, judgement = _headline(store, "meldingen", _total(store, "meldingen"))
    assert judgement["verdict"] == "zonder_marge" and "geen foutmarge" in sentence


def test_headline_never_shows_a_suppressed_value(store):
    raw = store.scalar("SELECT value FROM observations WHERE indicator_id = 'taal_deelnemers'")
    sentence, _ = _headline(store, "taal_deelnemers", _total(store, "taal_deelnemers"))
    assert "te klein om te tonen" in sentence and formatting.number(raw) not in sentence


def test_target_sentence(store):
    ind = indicators.get_indicator(store, "thuis_buurt")
    assert findings.target_sentence(ind, {"value": 82.0}) == "Nog 3,0 procentpunt tot het doel van 85,0% in 2027."
    assert findings.target_sentence(ind, {"value": 86.0}).startswith("Het cijfer haalt")


def test_judged_at_gives_what_judged_gives_for_each_indicator_s_own_rows(store):
    """The step pages judge every total of an area from one frame (``judged_at``); each indicator gets the
    row it gets from its own series (``judged``), for every area of the demo."""
    areas = [r["code"] for r in store.rows("SELECT DISTINCT area_code AS code FROM observations ORDER BY 1")]
    compared = 0
    for area in areas:
        frame, rows = observations.totals_by_indicator(observations.totals_for_area(store, area))
        at_once = findings.judged_at(store, area, frame, rows)
        one_by_one = findings.judged(store, area, {i: frame.take(r) for i, r in rows.items()})
        assert at_once.keys() == one_by_one.keys()
        for indicator_id, row in one_by_one.items():
            got = at_once[indicator_id]
            assert (got["wave_from"], got["wave_to"], got["verdict"], got["verdict_text"]) == (
                row["wave_from"],
                row["wave_to"],
                row["verdict"],
                row["verdict_text"],
            )
            compared += 1
    assert compared > 100
