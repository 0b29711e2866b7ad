"""Step 3 shows an activity's policy check and lets the werkgroep answer a criterion."""

from dashboard import cached
from tests.dashboard.test_pages import go, texts


def test_step_3_shows_the_policy_check_of_an_activity(app):
    go(app, "app_pages/step_3_activiteiten.py")
    app.selectbox(key="s3_node").set_value("act_huisbezoek").run()
    shown = texts(app)
    assert "Beleidstoets: is dit inclusief beleid?" in shown
    assert "2 in orde, 3 let op, 16 nog open" in shown
    assert "De vrijwilligers zijn bijna allemaal witte vrouwen" in shown


def test_the_werkgroep_answers_a_criterion(app):
    go(app, "app_pages/step_3_activiteiten.py")
    app.selectbox(key="s3_node").set_value("act_moestuin").run()
    app.selectbox(key="pc_crit_act_moestuin").set_value("postcode").run()
    app.radio(key="pc_answer_act_moestuin_postcode").set_value("ja")
    app.text_area(key="pc_expl_act_moestuin_postcode").input("Alleen bewoners van De Weiden mogen meedoen.")
    app.button(key="pc_save_act_moestuin_postcode").click().run()
    assert not app.exception
    assert (
        cached.get_store().scalar(
            "SELECT answer FROM policy_answers WHERE node_id = 'act_moestuin' AND criterion = 'postcode'"
        )
        == "ja"
    )
    assert "0 in orde, 1 let op" in texts(app)


def test_a_reader_sees_the_check_but_no_form(app_as):
    at = app_as("lezer")
    go(at, "app_pages/step_3_activiteiten.py")
    at.selectbox(key="s3_node").set_value("act_huisbezoek").run()
    assert "Beleidstoets: is dit inclusief beleid?" in texts(at)
    assert not [s for s in at.selectbox if s.key == "pc_crit_act_huisbezoek"]
