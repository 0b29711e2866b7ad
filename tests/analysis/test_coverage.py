"""Who is missing: response per group and wijk against the population, flagged under half its share."""

import json

import pandas as pd
import pytest

from kompas.analysis import coverage
from kompas.cli.main import main
from kompas.domain.errors import NotFoundError, ValidationError


def rows_of(frame):
    return {(r["dimension"], r["group"]): r for r in frame.to_dict("records")}


def test_young_adults_are_flagged_in_the_panel_and_the_top_up_helped_one_group(store):
    before = rows_of(coverage.coverage(store, "panel2023"))
    after = rows_of(coverage.coverage(store, "panel2025"))
    young = after[("leeftijd", "18–34 jaar")]
    assert young["status"] == "ontbreekt" and young["ratio"] < 0.5
    # the share is n over the groups' sum, and the population share is within the same bands
    ages = [r for (d, _), r in after.items() if d == "leeftijd"]
    assert young["response_share"] == pytest.approx(young["respondents"] / sum(r["respondents"] for r in ages))
    assert sum(r["population_share"] for r in ages) == pytest.approx(1)
    background = ("achtergrond", "migratieachtergrond buiten Europa")
    assert before[background]["status"] == "ontbreekt" and after[background]["status"] == "in_orde"
    assert all(r["status"] == "in_orde" for (d, _), r in after.items() if d == "wijk")


def test_a_factor_without_population_figures_is_not_judged(store):
    rows = rows_of(coverage.coverage(store, "panel2025"))
    assert rows[("taal", "Nederlands is niet de eerste taal")]["status"] == "geen_bevolking"


def test_a_hidden_count_stays_hidden(store):
    rows = rows_of(coverage.coverage(store, "vm2023"))
    other = rows[("gender", "anders of zeg ik liever niet")]
    assert other["status"] == "verborgen" and pd.isna(other["respondents"]) and pd.isna(other["response_share"])


def test_the_population_is_the_nearest_earlier_population_wave(store):
    assert coverage.population_wave(store, "panel2025") == "cbs2025"
    assert coverage.population_wave(store, "vm2019") == "cbs2025"  # none earlier: the first after


def test_population_indicators_stay_off_the_theory_of_change_pages(store):
    from kompas.store import indicators

    assert "inwoners" not in set(indicators.indicators(store)["id"])
    assert coverage.population_indicators(store) == ["inwoners"]
    with pytest.raises(ValidationError):
        coverage.mark_population(store, "thuis_buurt")  # a percentage is no population count
    with pytest.raises(NotFoundError):
        coverage.coverage(store, "geen_meting")


def test_missing_groups_are_sentences_for_the_raad_document(store):
    from kompas.reports import document, raad
    from kompas.reports.raad_request import RaadEdits, RaadRequest

    request = RaadRequest("Kennen inwoners buren met een andere achtergrond?", ("contact_anders",), (), None)
    md = document.to_markdown(raad.factsheet(raad.gather(store, request), RaadEdits(charts=False)))
    unknown = md.split("## Wat we niet weten")[1]
    assert "Inwonerspanel 2025: 18–34 jaar (leeftijd) is 25% van de inwoners, maar 11% van wie antwoordde" in unknown


def test_cli_prints_the_groups_of_a_wave(demo_db, capsys):
    assert main(["coverage", "--db", str(demo_db), "--wave", "Inwonerspanel 2025", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["wave_id"] == "panel2025" and result["population_wave_id"] == "cbs2025"
    flagged = [g["group"] for g in result["groups"] if g["status"] == "ontbreekt"]
    assert flagged == ["18–34 jaar"]
    assert main(["coverage", "--db", str(demo_db), "--wave", "bestaat_niet"]) == 1
    assert "Onbekende meting" in capsys.readouterr().err


def test_the_figure_says_who_is_missing(app):
    from tests.dashboard.test_pages import go

    go(app, "app_pages/step_1_monitoring.py")
    app.selectbox(key="s1_indicator").set_value("contact_anders").run()
    warnings = [w.value for w in app.warning]
    assert any(w.startswith("Wie ontbreekt: 18–34 jaar is 25% van de inwoners, maar 11%") for w in warnings)
