"""The policy check (seed 004): answers per activity with evidence, the summary per programme, the CLI."""

import json

import pytest

from kompas.cli.main import main
from kompas.domain.errors import NotAllowedError, ValidationError
from kompas.domain.policy_criteria import CRITERIA, status
from kompas.store import policy_check
from kompas.store.policy_check import PolicyAnswer


def test_the_seed_has_twelve_do_and_nine_do_not_criteria():
    kinds = [c.kind for c in CRITERIA]
    assert kinds.count("moet") == 12 and kinds.count("mag_niet") == 9
    assert len({c.key for c in CRITERIA}) == len(CRITERIA)


def test_a_yes_is_good_for_a_do_criterion_and_a_concern_for_a_do_not_criterion(store):
    policy_check.save_answer(store, PolicyAnswer("act_moestuin", "divers_samenwerken", "ja", "Drie buurten doen mee."))
    policy_check.save_answer(store, PolicyAnswer("act_moestuin", "postcode", "ja", "Alleen voor De Weiden."))
    rows = {r["key"]: r for r in policy_check.checklist(store, "act_moestuin")}
    assert rows["divers_samenwerken"]["status"] == "in_orde"
    assert rows["postcode"]["status"] == "let_op"
    assert rows["postcode"]["explanation"] == "Alleen voor De Weiden."
    row = policy_check.summary(store, "verbinding").set_index("node_id").loc["act_moestuin"]
    assert (row["in_orde"], row["let_op"], row["open"]) == (1, 1, len(CRITERIA) - 2)


def test_saving_again_replaces_the_answer(store):
    policy_check.save_answer(store, PolicyAnswer("act_moestuin", "grondwet", "onbekend"))
    policy_check.save_answer(store, PolicyAnswer("act_moestuin", "grondwet", "ja"))
    assert store.scalar("SELECT count(*) FROM policy_answers WHERE node_id = 'act_moestuin'") == 1
    assert status(next(c for c in CRITERIA if c.key == "grondwet"), "ja") == "in_orde"


def test_only_an_activity_gets_a_policy_check_and_evidence_must_exist(store):
    with pytest.raises(ValidationError, match="activiteit"):
        policy_check.save_answer(store, PolicyAnswer("oc_kennen", "grondwet", "ja"))
    with pytest.raises(ValidationError, match="Verhaal 99999"):
        policy_check.save_answer(store, PolicyAnswer("act_moestuin", "grondwet", "ja", note_ids=(99999,)))
    with pytest.raises(ValidationError, match="Kies ja"):
        policy_check.save_answer(store, PolicyAnswer("act_moestuin", "grondwet", "misschien"))


def test_a_reader_cannot_answer(store):
    with pytest.raises(NotAllowedError):
        policy_check.save_answer(store.as_user("Els", "lezer"), PolicyAnswer("act_moestuin", "grondwet", "ja"))
    assert store.scalar("SELECT count(*) FROM policy_answers WHERE node_id = 'act_moestuin'") == 0


def test_evidence_stories_the_council_may_not_read_are_left_out(store):
    # the demo cites an 'intern' story for the home visits
    intern = store.scalar("SELECT id FROM notes WHERE title = 'Oudere migrantenvrouwen vallen buiten de huisbezoeken'")
    werkgroep_view = {r["key"]: r for r in policy_check.checklist(store.as_user("Piet", "werkgroep"), "act_huisbezoek")}
    council_view = {
        r["key"]: r for r in policy_check.checklist(store.as_user("Els", "raad"), "act_huisbezoek", "werkgroep")
    }
    assert intern not in [s["id"] for s in werkgroep_view["combinatie_kenmerken"]["stories"]]  # intern: author only
    assert council_view["combinatie_kenmerken"]["stories"] == []
    assert council_view["combinatie_kenmerken"]["answer"] == "deels"
    assert [s["title"] for s in council_view["minder_achterstelling"]["stories"]] == [
        "Na het huisbezoek naar de koffieochtend"
    ]  # a public story stays


def test_concerns_for_the_council_leave_the_explanation_out(store):
    concerns = policy_check.concerns(store, "act_huisbezoek")
    assert any("combinatie van kenmerken" in c for c in concerns)
    assert not any("migratieachtergrond" in c for c in concerns)


def test_cli_prints_the_answers_per_activity(demo_db, capsys):
    assert main(["policy-check", "--db", str(demo_db), "--json", "--programme", "verbinding"]) == 0
    result = {row["node_id"]: row for row in json.loads(capsys.readouterr().out)}
    visits = result["act_huisbezoek"]
    assert visits["let_op"] == 3 and visits["in_orde"] == 2
    assert {a["key"] for a in visits["answers"]} == {
        "minder_achterstelling",
        "combinatie_kenmerken",
        "homogene_doelgroep",
        "divers_samenwerken",
        "grondwet",
    }
    assert result["act_moestuin"]["answers"] == []
    assert main(["policy-check", "--db", str(demo_db)]) == 0
    assert "Let op" in capsys.readouterr().out


def test_the_raad_document_names_the_check_of_an_activity_it_shows(store):
    from kompas.reports import document, raad
    from kompas.reports.raad_request import RaadEdits, RaadRequest

    request = RaadRequest("Neemt de eenzaamheid onder ouderen af?", ("eenzaam",), (), None)
    md = document.to_markdown(raad.factsheet(raad.gather(store, request), RaadEdits(charts=False)))
    doing = md.split("Wat de gemeente doet")[1].split("Wat inwoners vertellen")[0]
    line = next(line for line in doing.splitlines() if "Samen Oud" in line)
    assert "beleidstoets inclusief beleid: 2 van 21 punten in orde, 3 om op te letten" in line
    assert "witte vrouwen" not in md  # the werkgroep's explanation stays in the werkgroep
