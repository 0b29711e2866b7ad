"""AppTest for 'Veranderverhaal bewerken': nodes, arrows and indicators are saved through the
library, refused input shows a Dutch message and saves nothing."""

import pytest

from dashboard import cached
from kompas.domain.errors import NotFoundError
from kompas.store import indicators, thresholds, toc


@pytest.fixture
def app(app):
    """conftest's app (a private demo copy, caches cleared, store closed afterwards), on this page."""
    app.switch_page("app_pages/beheer.py").run()
    return app


def store():
    """The Store the app uses: DuckDB lets one holder open the file, so reuse it."""
    return cached.get_store()


def errors(at) -> str:
    return " ".join(e.value for e in at.error)


def fill_new_node(at, node_id="act_taalcafe", title="Taalcafé in de bibliotheek"):
    at.text_input(key="beheer_node_id").set_value(node_id)
    at.selectbox(key="beheer_node_programme").set_value("verbinding")
    at.selectbox(key="beheer_node_kind").set_value("activiteit")
    at.text_input(key="beheer_node_title").set_value(title)
    at.selectbox(key="beheer_node_status").set_value("loopt")
    at.selectbox(key="beheer_node_owner_kind").set_value("partner")
    at.text_input(key="beheer_node_owner_name").set_value("Bibliotheek Voorbeeldstad")


def fill_new_indicator(at, target_year=2027):
    at.text_input(key="beheer_ind_id").set_value("taalcafe_bezoek")
    at.selectbox(key="beheer_ind_node").set_value("op_ontmoeting")
    at.selectbox(key="beheer_ind_kind").set_value("output")
    at.text_input(key="beheer_ind_title").set_value("Bezoekers taalcafé")
    at.selectbox(key="beheer_ind_unit").set_value("aantal")
    at.selectbox(key="beheer_ind_direction").set_value("hoger")
    at.text_input(key="beheer_ind_source").set_value("Registratie Welzijn Voorbeeldstad")
    at.number_input(key="beheer_ind_target_value").set_value(500.0)
    at.number_input(key="beheer_ind_target_year").set_value(target_year)


def test_page_renders_with_four_tabs(app):
    assert not app.exception
    assert app.title[0].value == "Veranderverhaal bewerken"
    assert [t.label for t in app.tabs] == ["Onderdeel", "Pijl", "Indicator", "Kleine groepen"]
    assert app.selectbox(key="beheer_node_choice").value is None  # "Nieuw" first
    assert "veronderstelling" in " ".join(m.value for m in app.markdown).lower()


def test_new_node_is_saved_and_can_then_be_edited(app):
    fill_new_node(app)
    app.button(key="beheer_node_save").click().run()

    assert not app.exception and not app.error
    saved = toc.get_node(store(), "act_taalcafe")
    assert (saved.title, saved.kind, saved.programme_id, saved.status) == (
        "Taalcafé in de bibliotheek",
        "activiteit",
        "verbinding",
        "loopt",
    )
    assert saved.owner_name == "Bibliotheek Voorbeeldstad"
    assert "is opgeslagen" in app.success[0].value
    choice = app.selectbox(key="beheer_node_choice")
    assert "Activiteit: Taalcafé in de bibliotheek" in choice.options
    assert app.text_input(key="beheer_node_title").value == ""  # a fresh form for the next one

    choice.set_value("act_taalcafe").run()
    assert app.text_input(key="beheer_node_title").value == "Taalcafé in de bibliotheek"
    assert app.text_input(key="beheer_node_id").disabled


def test_editing_a_node_keeps_its_kind_and_drops_status_for_other_kinds(app):
    app.selectbox(key="beheer_node_choice").set_value("oc_kennen").run()
    assert app.selectbox(key="beheer_node_kind").disabled
    app.text_input(key="beheer_node_title").set_value("Inwoners kennen hun buren")
    app.selectbox(key="beheer_node_status").set_value("loopt")  # not for an outcome: ignored
    app.button(key="beheer_node_save").click().run()

    assert not app.exception and not app.error
    saved = toc.get_node(store(), "oc_kennen")
    assert (saved.title, saved.kind, saved.status) == ("Inwoners kennen hun buren", "outcome", None)
    assert app.selectbox(key="beheer_node_choice").value == "oc_kennen"


def test_node_without_title_is_refused_and_input_kept(app):
    before = len(toc.nodes(store()))
    fill_new_node(app, node_id="act_leeg", title="   ")
    app.button(key="beheer_node_save").click().run()

    assert not app.exception
    assert "niet opgeslagen" in errors(app) and "Titel: Vul een titel in." in errors(app)
    assert len(toc.nodes(store())) == before
    assert app.text_input(key="beheer_node_id").value == "act_leeg"
    assert app.text_input(key="beheer_node_owner_name").value == "Bibliotheek Voorbeeldstad"


def test_arrow_that_skips_steps_is_refused(app):
    before = len(toc.edges(store()))
    app.selectbox(key="beheer_edge_source").set_value("act_ontmoeten")
    app.selectbox(key="beheer_edge_target").set_value("res_thuis")
    app.text_area(key="beheer_edge_assumption").set_value("Ontmoeting maakt dat mensen zich thuis voelen.")
    app.button(key="beheer_edge_save").click().run()

    assert not app.exception
    assert "past niet in het veranderverhaal" in errors(app)
    assert len(toc.edges(store())) == before
    assert app.selectbox(key="beheer_edge_source").value == "act_ontmoeten"


def test_new_arrow_is_saved(app):
    app.selectbox(key="beheer_edge_source").set_value("act_huisbezoek")
    app.selectbox(key="beheer_edge_target").set_value("op_ontmoeting")
    app.text_area(key="beheer_edge_assumption").set_value("Wie bezoek krijgt, komt daarna naar het buurthuis.")
    app.selectbox(key="beheer_edge_evidence").set_value("beperkt")
    app.button(key="beheer_edge_save").click().run()

    assert not app.exception and not app.error
    arrows = toc.edges(store(), node_id="act_huisbezoek")
    added = arrows[arrows["target_id"] == "op_ontmoeting"].iloc[0]
    assert (added["assumption"], added["evidence"]) == ("Wie bezoek krijgt, komt daarna naar het buurthuis.", "beperkt")


def test_editing_an_arrows_assumption_is_saved(app):
    arrows = toc.edges(store())
    arrow = arrows[(arrows["source_id"] == "op_ontmoeting") & (arrows["target_id"] == "oc_kennen")].iloc[0]
    edge_id = int(arrow["id"])
    app.selectbox(key="beheer_edge_choice").set_value(edge_id).run()
    assert app.text_area(key="beheer_edge_assumption").value == arrow["assumption"]

    app.text_area(key="beheer_edge_assumption").set_value("Ontmoeting helpt alleen als mensen echt praten.")
    app.selectbox(key="beheer_edge_evidence").set_value("sterk")
    app.button(key="beheer_edge_save").click().run()

    assert not app.exception and not app.error
    arrows = toc.edges(store())
    saved = arrows[arrows["id"] == edge_id].iloc[0]
    assert (saved["assumption"], saved["evidence"]) == ("Ontmoeting helpt alleen als mensen echt praten.", "sterk")
    assert app.text_area(key="beheer_edge_assumption").value == "Ontmoeting helpt alleen als mensen echt praten."


def test_new_indicator_is_saved(app):
    fill_new_indicator(app)
    app.button(key="beheer_ind_save").click().run()

    assert not app.exception and not app.error
    saved = indicators.get_indicator(store(), "taalcafe_bezoek")
    assert (saved.node_id, saved.kind, saved.unit, saved.target_value, saved.target_year) == (
        "op_ontmoeting",
        "output",
        "aantal",
        500.0,
        2027,
    )
    assert "Bezoekers taalcafé" in app.selectbox(key="beheer_ind_choice").options


def test_indicator_with_target_but_no_year_is_refused(app):
    fill_new_indicator(app, target_year=None)
    app.button(key="beheer_ind_save").click().run()

    assert not app.exception
    assert "Streefjaar: Geef een streefwaarde altijd samen met een streefjaar." in errors(app)
    with pytest.raises(NotFoundError):
        indicators.get_indicator(store(), "taalcafe_bezoek")
    assert app.number_input(key="beheer_ind_target_value").value == 500.0


def test_indicator_with_a_threshold_below_the_floor_is_refused(app):
    fill_new_indicator(app)
    app.number_input(key="beheer_ind_min_n").set_value(1)
    app.button(key="beheer_ind_save").click().run()

    assert not app.exception
    assert "Drempel kleine groepen: De drempel voor kleine groepen is 1; die moet minstens 10 zijn." in errors(app)
    with pytest.raises(NotFoundError):
        indicators.get_indicator(store(), "taalcafe_bezoek")


def test_thresholds_tab_says_our_own_rule_refuses_a_lower_one_and_saves_a_higher_one(app):

    assert "onze eigen regel" in " ".join(i.value for i in app.info)
    app.number_input(key="beheer_thr_survey").set_value(20)
    app.button(key="beheer_thr_save").click().run()
    assert "niet opgeslagen" in errors(app) and "minstens" not in errors(app) and "50" in errors(app)
    assert thresholds.in_force(store()).survey == 50
    app.number_input(key="beheer_thr_survey").set_value(80)
    app.radio(key="beheer_thr_profile").set_value("cbs")
    app.button(key="beheer_thr_save").click().run()
    assert not app.exception and not app.error
    rule = thresholds.in_force(store())
    assert (rule.survey, rule.profile, rule.for_unit("procent")) == (80, "cbs", 100)
