"""The sentences that state a finding are checked against the figures in the store."""

from kompas import change, findings, formatting, indicators, observations


def _total(store, indicator_id, area="GM9999"):
    frame = observations.series(store, indicator_id, area)
    return frame[frame["group_value"] == "totaal"]


def test_headline_states_last_two_figures_and_whether_change_is_real(store):
    ind = indicators.get_indicator(store, "eenzaam")
    total = _total(store, "eenzaam")
    sentence = findings.headline(ind, total, "Voorbeeldstad")
    last, before = total.iloc[-1], total.iloc[-2]
    assert f"{last['year']}: {formatting.value(last['value'], 'procent')}" in sentence
    assert f"In {before['year']} was dat {formatting.value(before['value'], 'procent')}" in sentence
    delta = change.between(before.to_dict(), last.to_dict())
    if delta.significant:
        assert "waarschijnlijk geen toeval" in sentence
    else:
        assert "binnen de foutmarge" in sentence


def test_headline_for_a_real_improvement(store):
    """Contact with neighbours rose 34 -> 44 over the panel waves; 2022 vs 2025 is beyond chance."""
    ind = indicators.get_indicator(store, "contact_anders")
    total = _total(store, "contact_anders")
    two = total[total["year"].isin([2022, 2025])]
    assert "Dat is hoger en dus beter. Dat is waarschijnlijk geen toeval." in findings.headline(ind, two, "X")


def test_headline_without_direction_sends_reader_to_stories(store):
    ind = indicators.get_indicator(store, "meldingen")
    sentence = findings.headline(ind, _total(store, "meldingen"), "Voorbeeldstad")
    assert "lees je in de verhalen" in sentence and "geen foutmarge" in sentence


def test_headline_never_shows_a_suppressed_value(store):
    ind = indicators.get_indicator(store, "taal_deelnemers")
    raw = store.scalar("SELECT value FROM observations WHERE indicator_id = 'taal_deelnemers'")
    sentence = findings.headline(ind, _total(store, "taal_deelnemers"), "Voorbeeldstad")
    assert "te klein om te tonen" in sentence and formatting.number(raw) not in sentence


def test_target_sentence(store):
    ind = indicators.get_indicator(store, "thuis_buurt")
    assert findings.target_sentence(ind, {"value": 82.0}) == "Nog 3,0 procentpunt tot het doel van 85,0% in 2027."
    assert findings.target_sentence(ind, {"value": 86.0}).startswith("Het cijfer haalt")


def test_verdicts_follow_direction(store):
    table = indicators.indicators(store)
    totals = observations.latest_totals(store, "GM9999", list(table["id"]))
    verdicts = findings.verdicts(totals, dict(zip(table["id"], table["direction"])))
    assert verdicts["meldingen"] == "anders"           # no direction: never judged
    assert verdicts["taal_deelnemers"] == "onbekend"    # suppressed: nothing to compare
    assert verdicts["wegwijzer_vragen"] == "slechter"   # fewer questions after the points closed
