"""The audit log: every change leaves one line in its own transaction; exports too; for the werkgroep only."""

from datetime import date, timedelta

import pytest

from kompas.domain.errors import NotAllowedError, ValidationError
from kompas.domain.model import Edge, Note
from kompas.store import audit, audit_log, indicators, reviews, stories, toc


def _lines(store):
    return store.df("SELECT user_name, role, action, object_kind, object_id, summary FROM audit_log ORDER BY id")


def test_story_add_change_delete_are_logged_with_who(store):
    view = store.as_user("Fatima", "werkgroep")
    start = len(_lines(store))
    note = Note("Buurthuis open", "Tekst", date(2025, 3, 1), "wijkgesprek", "werkgroep", True)
    note_id = stories.save_note(view, note)
    stories.save_note(view, Note(**{**stories.get_note(store, note_id).__dict__, "title": "Buurthuis 's avonds open"}))
    stories.delete_note(view, note_id)
    new = _lines(store).iloc[start:]
    assert list(new["action"]) == ["toegevoegd", "gewijzigd", "verwijderd"]
    assert set(new["object_kind"]) == {"verhaal"} and set(new["object_id"]) == {str(note_id)}
    assert set(new["user_name"]) == {"Fatima"} and set(new["role"]) == {"werkgroep"}
    assert list(new["summary"])[1] == "Buurthuis 's avonds open"


def test_a_refused_or_failed_change_leaves_no_line(store):
    view = store.as_user("Fatima", "werkgroep")
    before = len(_lines(store))
    with pytest.raises(ValidationError):
        toc.add_edge(view, Edge("oc_kennen", "oc_kennen", "rondje", "onbekend"))
    with pytest.raises(RuntimeError):  # the line is written in the change's transaction: rolled back with it
        with store.transaction() as cur:  # a person's view has no raw transaction: the library's own
            audit.record(cur, view.access, "gewijzigd", "verhaal", 1, "halverwege mislukt")
            raise RuntimeError("stroom uitgevallen")
    assert len(_lines(store)) == before


def test_theory_of_change_indicators_and_reviews_are_logged(store):
    view = store.as_user("Piet", "werkgroep")
    node = toc.get_node(store, "oc_kennen")
    toc.save_node(view, node, new=False)
    edge_id = int(store.scalar("SELECT min(id) FROM edges"))
    toc.update_edge(view, edge_id, "Nieuwe veronderstelling", "redelijk")
    indicators.save_indicator(view, indicators.get_indicator(store, "thuis_buurt"), new=False)
    review_id = reviews.open_review(view, date(2026, 11, 24), "Werkgroep november")
    reviews.close_review(view, review_id)
    kinds = list(_lines(store).iloc[-5:]["object_kind"])
    assert kinds == ["onderdeel", "pijl", "indicator", "bespreking", "bespreking"]


def test_exports_are_logged_also_for_readers(store):
    view = store.as_user("Raadslid", "raad")
    audit.record_export(view, "vergelijking", "2023 → 2025", "vergelijking.csv")
    last = _lines(store).iloc[-1]
    assert (last["user_name"], last["role"], last["action"]) == ("Raadslid", "raad", "geëxporteerd")


def test_entries_filter_on_who_what_and_period_newest_first(store):
    view = store.as_user("Fatima", "werkgroep")
    audit.record_export(view, "verslag", 1, "verslag-1.md")
    audit.record_export(store.as_user("Piet", "werkgroep"), "verslag", 2, "verslag-2.md")
    found = audit_log.entries(view, kind="verslag")
    assert list(found["object_id"]) == ["2", "1"]
    assert list(audit_log.entries(view, user="Fatima")["object_id"]) == ["1"]
    assert audit_log.entries(view, period=(date.today() - timedelta(days=10), date.today() - timedelta(days=5))).empty
    assert len(audit_log.entries(view, period=(date.today(), date.today()), kind="verslag")) == 2
    assert "Piet" in audit_log.users(view)


@pytest.mark.parametrize("role", ["lezer", "raad"])
def test_only_the_werkgroep_reads_the_log(store, role):
    with pytest.raises(NotAllowedError, match="logboek"):
        audit_log.entries(store.as_user("Iemand", role))


def test_logboek_page_lists_the_newest_first(app):
    from dashboard import cached

    store = cached.get_store()
    audit.record_export(store.as_user("Fatima", "werkgroep"), "verslag", 7, "verslag-7.md")
    app.switch_page("app_pages/logboek.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert table.iloc[0]["Wie"] == "Fatima" and table.iloc[0]["Handeling"] == "Geëxporteerd"
    app.selectbox(key="logboek_user").set_value("Fatima").run()
    assert set(app.dataframe[0].value["Wie"]) == {"Fatima"}


@pytest.mark.parametrize("role", ["lezer", "raad"])
def test_logboek_page_is_only_for_the_werkgroep(app_as, role):
    at = app_as(role)
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in their menu (test_menu.py)
        at.switch_page("app_pages/logboek.py")
    assert not at.dataframe


def test_saving_a_story_in_the_app_is_logged_with_the_signed_in_name(app):
    from dashboard import cached

    app.switch_page("app_pages/step_5_outcome.py").run()
    app.selectbox(key="s5_indicator").set_value("samenhang").run()
    form = "s5_fig_samenhang_form_0"
    app.text_input(key=f"{form}_title").input("Logboektest")
    app.text_area(key=f"{form}_body").input("Een bewoner vertelt iets.")
    app.radio(key=f"{form}_visibility").set_value("werkgroep")
    app.radio(key=f"{form}_consent").set_value(True)
    app.button(key=f"{form}_submit").click().run()
    last = _lines(cached.get_store()).iloc[-1]
    assert (last["user_name"], last["action"], last["summary"]) == ("Test werkgroep", "toegevoegd", "Logboektest")


def test_logging_an_export_keeps_cached_reads_valid(store):
    before = store.data_version
    audit.record_export(store.as_user("Fatima", "werkgroep"), "verslag", 1, "verslag-1.md")
    assert store.data_version == before
    stories.delete_note(store.as_user("Fatima", "werkgroep"), int(store.scalar("SELECT min(id) FROM notes")))
    assert store.data_version == before + 1


def test_migration_009_keeps_every_audit_line_and_allows_the_new_actions(tmp_path):
    from kompas.store.connection import Store
    from tests.store.test_backup import store_at_version

    path = tmp_path / "v5.duckdb"
    con = store_at_version(path, 5)
    con.execute(
        "INSERT INTO audit_log (user_name, role, action, object_kind, summary) "
        "VALUES ('Els', 'werkgroep', 'toegevoegd', 'verhaal', 'van voor versie 9')"
    )
    con.close()
    with Store(path).as_system("tests") as store:
        assert store.rows("SELECT id, user_name, summary FROM audit_log") == [
            {"id": 1, "user_name": "Els", "summary": "van voor versie 9"}
        ]
        with store.log_transaction() as cur:
            for action in ("geweigerd", "teruggezet"):
                audit.record(cur, store.access, action, "aanmelding", "", "nieuw")
        assert store.scalar("SELECT max(id) FROM audit_log") == 3  # the sequence went on where it was
