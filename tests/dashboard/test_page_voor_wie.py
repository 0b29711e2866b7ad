"""The page 'Voor wie?': a figure by group or pair of groups, with n, interval and gap to the total, hidden
groups as a labelled gap, the ranking of changes, and the stories beside it."""

import json

from dashboard import cached
from kompas.analysis import breakdowns
from kompas.domain import vocab
from kompas.store import stories
from tests.dashboard.test_pages import go, plotly_values, texts

PAGE = "app_pages/voor_wie.py"
PAIR = vocab.pair_key("leeftijd", "financien")


def choose(at, indicator="thuis_buurt", factor=PAIR, wave="vm2025", earlier="vm2023"):
    go(at, PAGE)
    at.selectbox(key="vw_indicator").set_value(indicator).run()
    at.selectbox(key="vw_wave").set_value(wave).run()
    if earlier is None:
        at.selectbox(key="vw_from").select_index(0).run()  # 'Niet vergelijken'
    else:
        at.selectbox(key="vw_from").set_value(earlier).run()
    at.selectbox(key="vw_factor").set_value(factor).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_shows_the_pair_with_hidden_cells_as_labelled_gaps(app):
    choose(app)
    assert "Voor wie?" in app.title[0].value
    assert "Groepen kleiner dan 50 ondervraagden tonen we niet" in texts(app) and "onze eigen regel" in texts(app)
    expected = breakdowns.breakdown(cached.get_store(), "thuis_buurt", "vm2025", "GM9999", PAIR)
    hidden = expected[expected["suppressed"]]
    assert len(hidden) >= 2  # the demo has a small cell, and what would give it away
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    bars = {label: value for trace in figure["data"] for label, value in zip(trace["y"], plotly_values(trace["x"]))}
    shown = expected[~expected["suppressed"] & (expected["group_factor"] != "totaal")]
    assert bars == dict(zip(shown["group_value"], shown["value"]))
    gaps = {a["y"] for a in figure["layout"]["annotations"] if "te klein om te tonen" in a.get("text", "")}
    assert gaps == set(hidden["group_value"])
    table = app.dataframe[0].value
    rows = table[table["Groep"].isin(hidden["group_value"])]
    assert set(rows["Waarde"]) <= {"te klein om te tonen", "verborgen zodat een kleine groep niet terug te rekenen is"}
    assert (rows["n"] == "").all() and (rows["Marge (95%)"] == "").all()
    assert "te klein om te tonen" in set(rows["Waarde"])
    assert "Groepen kleiner dan 50 ondervraagden tonen we niet" in texts(app)


def test_table_has_n_interval_and_gap_to_the_total(app):
    choose(app, factor="leeftijd")
    table = app.dataframe[0].value
    assert list(table.columns) == ["Groep", "n", "Waarde", "Marge (95%)", "Verschil met totaal"]
    assert table.iloc[0]["Groep"] == "Totaal" and table.iloc[0]["Verschil met totaal"] == ""
    assert table.iloc[1:]["Verschil met totaal"].str.contains("procentpunt").all()
    assert "–" in table.iloc[1]["Marge (95%)"]


def test_ranking_of_changes_against_the_total(app):
    choose(app, factor="leeftijd")
    ranked = app.dataframe[1].value
    expected = breakdowns.change_ranking(cached.get_store(), "thuis_buurt", "vm2023", "vm2025", "GM9999", "leeftijd")
    assert list(ranked["Groep"]) == list(expected["group_value"])
    assert "veranderde het cijfer voor" in texts(app)


def test_stories_sit_beside_the_breakdown_and_follow_the_audience(app):
    choose(app, factor="leeftijd")
    store = cached.get_store()
    where = stories.NoteFilter(indicator_id="thuis_buurt", area_code="GM9999", years=(2016, 2026))
    public = stories.notes(store, "openbaar", where)
    assert "Verhalen bij dit cijfer" in texts(app)
    app.radio(key="flt_audience").set_value("openbaar").run()
    assert not app.exception
    assert f"Verhalen bij dit cijfer ({len(public)})" in texts(app)


def test_without_an_earlier_wave_the_page_asks_for_one(app):
    choose(app, factor="leeftijd", earlier=None)
    assert "Kies een eerdere meting" in texts(app)
    assert len(app.dataframe) == 1


def test_a_threshold_set_for_the_indicator_is_used_and_shown(app):
    store = cached.get_store()
    from dataclasses import replace

    from kompas.store import indicators

    indicators.save_indicator(store, replace(indicators.get_indicator(store, "thuis_buurt"), min_n=400), new=False)
    choose(app, factor="leeftijd")
    assert "Groepen kleiner dan 400 ondervraagden tonen we niet" in texts(app)
    table = app.dataframe[0].value
    frame = breakdowns.breakdown(store, "thuis_buurt", "vm2025", "GM9999", "leeftijd")
    small = frame[(frame["n"].isna()) & frame["suppressed"]]["group_value"]
    assert len(small) >= 2  # under 400: the older groups (and so no single one can be worked out)
    assert (table[table["Groep"].isin(small)]["n"] == "").all()


def test_beheer_explains_the_threshold(app):
    go(app, "app_pages/beheer.py")
    helps = [w.help for w in app.number_input if w.key == "beheer_ind_min_n"]
    assert helps and "10 voor aantallen" in helps[0] and "50 ondervraagden" in helps[0]
