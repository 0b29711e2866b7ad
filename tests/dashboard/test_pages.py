"""Every page under AppTest: it renders, says which question it answers, and shows figures with stories."""

import base64
import json
from datetime import date

import numpy as np
import pytest

from dashboard import cached
from dashboard.components.story_list import TITLE_CHARS
from kompas.domain import safe_text
from kompas.store import stories

PAGES = {
    "app_pages/start.py": "Kwaliteitskompas",
    "app_pages/step_1_monitoring.py": "Stap 1",
    "app_pages/step_2_resultaat.py": "Stap 2",
    "app_pages/step_3_activiteiten.py": "Stap 3",
    "app_pages/step_4_input.py": "Stap 4",
    "app_pages/step_5_outcome.py": "Stap 5",
    "app_pages/step_6_verbetercyclus.py": "Stap 6",
    "app_pages/verhalen.py": "Verhalen",
    "app_pages/beheer.py": "Veranderverhaal bewerken",
    "app_pages/vergelijken.py": "Metingen vergelijken",
    "app_pages/importeren.py": "Cijfers inlezen",
}
FIGURE_PAGES = [
    "app_pages/step_1_monitoring.py",
    "app_pages/step_3_activiteiten.py",
    "app_pages/step_4_input.py",
    "app_pages/step_5_outcome.py",
]


def plotly_values(data) -> list:
    """Plotly sends arrays as base64 ({'dtype', 'bdata'}); decode them to a list."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def texts(at) -> str:
    return "\n".join(
        e.value
        for e in list(at.markdown) + list(at.caption) + list(at.info) + list(at.warning) + list(at.text)
        if isinstance(e.value, str)
    )


def go(at, page):
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page,title", PAGES.items())
def test_page_renders_with_its_title(app, page, title):
    go(app, page)
    assert title in app.title[0].value


@pytest.mark.parametrize("page", [p for p in PAGES if "step_" in p])
def test_each_step_says_which_question_it_answers(app, page):
    go(app, page)
    assert "?" in app.markdown[0].value


@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_every_chart_sits_beside_its_stories(app, page):
    go(app, page)
    charts = [c for c in app.get("plotly_chart") if "s3_graph" not in str(c.proto.id)]
    assert charts, "page shows no figure"
    assert texts(app).count("Verhalen bij dit cijfer") >= len(charts)


def test_chart_data_matches_store_and_hides_small_groups(app):
    go(app, "app_pages/step_5_outcome.py")
    app.selectbox(key="s5_indicator").set_value("thuis_buurt").run()
    app.selectbox(key="s5_factor").set_value("gender").run()
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = [trace["name"] for trace in figure["data"]]
    assert "anders of zeg ik liever niet" not in names  # n < 50: never a figure
    total = next(t for t in figure["data"] if t["name"] == "Totaal")
    store = cached.get_store()
    expected = store.df(
        "SELECT value FROM observations o JOIN waves w ON w.id = o.wave_id WHERE indicator_id = "
        "'thuis_buurt' AND area_code = 'GM9999' AND group_factor = 'totaal' ORDER BY period_end"
    )
    assert plotly_values(total["y"]) == list(expected["value"])
    assert "te klein om te tonen" in texts(app)


def test_filter_persists_across_pages(app):
    go(app, "app_pages/step_1_monitoring.py")
    app.selectbox(key="flt_area").set_value("WK999906").run()
    go(app, "app_pages/step_5_outcome.py")
    assert app.selectbox(key="flt_area").value == "WK999906"
    assert "Havenkwartier, 2025" in texts(app)


def test_public_view_shows_no_werkgroep_stories(app):
    go(app, "app_pages/verhalen.py")
    werkgroep_count = texts(app).count("alleen werkgroep")
    assert werkgroep_count > 0
    app.radio(key="flt_audience").set_value("openbaar").run()
    assert "alleen werkgroep" not in texts(app)
    assert "openbaar" in texts(app)
    internal = cached.get_store().df("SELECT title FROM notes WHERE visibility <> 'openbaar'")["title"]
    shown = texts(app)
    assert not [t for t in internal if f"**{safe_text.inline_markdown(t, limit=TITLE_CHARS)}**" in shown]


def _fill_story(at, form_key, title, **choices):
    at.text_input(key=f"{form_key}_title").input(title)
    at.text_area(key=f"{form_key}_body").input("Een bewoner vertelt dat het buurthuis nu ook 's avonds open is.")
    if "visibility" in choices:
        at.radio(key=f"{form_key}_visibility").set_value(choices["visibility"])
    if "consent" in choices:
        at.radio(key=f"{form_key}_consent").set_value(choices["consent"])
    if "figure" in choices:
        at.selectbox(key=f"{form_key}_figure").set_value(choices["figure"])
        at.radio(key=f"{form_key}_stance").set_value("spreekt_tegen")
    at.button(key=f"{form_key}_submit").click().run()


def test_story_added_at_a_figure_appears_beside_it_at_once(app):
    go(app, "app_pages/step_5_outcome.py")
    app.selectbox(key="s5_indicator").set_value("samenhang").run()
    form = "s5_fig_samenhang_form_0"
    figure_label = next(o for o in app.selectbox(key=f"{form}_figure").options if "2023" in o)
    _fill_story(app, form, "Avondopenstelling helpt", visibility="werkgroep", consent=True, figure=figure_label)
    assert not app.exception
    assert "**Avondopenstelling helpt**" in texts(app)
    assert "spreekt dit cijfer tegen" in texts(app)
    store = cached.get_store()
    note_id = store.scalar("SELECT id FROM notes WHERE title = 'Avondopenstelling helpt'")
    note = stories.get_note(store, note_id)
    assert note.indicator_ids == ("samenhang",)
    assert note.figures[0].wave_id == "vm2023" and note.figures[0].stance == "spreekt_tegen"


def test_invalid_story_keeps_input_and_saves_nothing(app):
    go(app, "app_pages/step_5_outcome.py")
    before = cached.get_store().scalar("SELECT count(*) FROM notes")
    app.selectbox(key="s5_indicator").set_value("eenzaam").run()
    _fill_story(app, "s5_fig_eenzaam_form_0", "Zonder toestemming", visibility="openbaar")
    assert any("niet opgeslagen" in e.value and "Toestemming" in e.value for e in app.error)
    assert app.text_input(key="s5_fig_eenzaam_form_0_title").value == "Zonder toestemming"
    assert cached.get_store().scalar("SELECT count(*) FROM notes") == before


def test_step_3_shows_chosen_node_with_assumptions_and_figure(app):
    go(app, "app_pages/step_3_activiteiten.py")
    app.selectbox(key="s3_node").set_value("oc_kennen").run()
    shown = texts(app)
    assert "Ontmoeting vermindert vooroordelen" in shown
    assert "Verhalen bij dit cijfer" in shown  # oc_kennen has indicators


def test_step_6_records_a_decision(app):
    go(app, "app_pages/step_6_verbetercyclus.py")
    assert "Gaat goed" in app.tabs[0].label
    app.radio(key="s6_kind_0").set_value("besluit")
    app.text_area(key="s6_text_0").input("We vragen Welzijn om nieuwe bezoekers persoonlijk uit te nodigen.")
    app.button(key="s6_submit_0").click().run()
    assert "We vragen Welzijn om nieuwe bezoekers persoonlijk uit te nodigen" in texts(app).replace("\\", "")
    assert (
        cached.get_store().scalar("SELECT count(*) FROM reflections WHERE kind = 'besluit' AND review_id IS NULL") == 1
    )


def test_deleting_a_story_needs_confirmation(app):
    go(app, "app_pages/verhalen.py")
    chosen = app.selectbox(key="verhalen_edit_id").value
    delete = app.button(key=f"verhalen_delete_{chosen}")
    assert delete.disabled
    app.checkbox(key=f"verhalen_sure_{chosen}").check().run()
    app.button(key=f"verhalen_delete_{chosen}").click().run()
    assert cached.get_store().scalar("SELECT count(*) FROM notes WHERE id = ?", [chosen]) == 0
    assert any("verwijderd" in s.value for s in app.success)


def test_missing_store_gives_dutch_instructions(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    monkeypatch.setenv("KOMPAS_DB", str(tmp_path / "weg.duckdb"))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert "bestaat niet" in at.error[0].value and "make run" in at.info[0].value
    assert not (tmp_path / "weg.duckdb").exists()


def _plain(at) -> str:
    """What a reader sees: the markdown with its escapes removed."""
    return texts(at).replace("\\", "")


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/step_1_monitoring.py",
        "app_pages/step_3_activiteiten.py",
        "app_pages/step_5_outcome.py",
        "app_pages/step_6_verbetercyclus.py",
        "app_pages/verhalen.py",
    ],
)
def test_public_view_never_shows_a_non_public_story(app, page):
    go(app, page)
    app.radio(key="flt_audience").set_value("openbaar").run()
    assert not app.exception
    store = cached.get_store()
    private = store.df("SELECT title, body FROM notes WHERE visibility <> 'openbaar'")
    shown = _plain(app)
    leaked = [t for t, b in zip(private["title"], private["body"]) if t in shown or b[:60] in shown]
    assert leaked == []
    assert "niet zichtbaar in deze weergave" not in shown  # not even how many there are


def test_small_counts_show_neither_value_nor_n(app):
    """Meldingen in Bergveld are under 10 a year: no value, no n, in sentence, caption, table or chart."""
    go(app, "app_pages/step_5_outcome.py")
    app.selectbox(key="flt_area").set_value("WK999908").run()
    app.selectbox(key="s5_indicator").set_value("meldingen").run()
    store = cached.get_store()
    hidden = store.df("SELECT value, n FROM observations WHERE indicator_id = 'meldingen' AND area_code = 'WK999908'")
    assert (hidden["n"] < 10).any()
    table = app.dataframe[0].value
    hidden_rows = table[table["Waarde"] == "te klein om te tonen"]
    assert len(hidden_rows) >= 1 and (hidden_rows["n"] == "").all()
    captions = " ".join(c.value for c in app.caption)
    for small_n in hidden[hidden["n"] < 10]["n"].astype(int):
        assert f"n = {small_n} " not in captions
    for chart in app.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        for trace in figure["data"]:
            assert all(v >= 10 for v in plotly_values(trace.get("y", [])) if v == v)


def test_empty_store_explains_what_to_do(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from kompas.store.connection import Store
    from tests.conftest import APP

    Store(tmp_path / "leeg.duckdb", create=True).close()
    from dashboard.session import SIGNED_IN
    from kompas.domain.roles import Access

    monkeypatch.setenv("KOMPAS_DB", str(tmp_path / "leeg.duckdb"))
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.session_state[SIGNED_IN] = Access("werkgroep", "Test")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Gemeente instellen"  # the werkgroep starts by setting the gemeente up
    reader = AppTest.from_file(str(APP), default_timeout=30)
    reader.session_state[SIGNED_IN] = Access("lezer", "Test")
    reader.run()
    assert not reader.exception
    told = reader.warning[0].value
    assert "nog leeg" in told and "Gemeente instellen" in told
    from dashboard import cached as cached_module

    cached_module.open_store().close()
    st.cache_resource.clear()


def test_outcome_without_levensdomein_still_listed_in_step_1(app):
    from kompas.domain.model import Node
    from kompas.store import toc

    store = cached.get_store()
    node = toc.get_node(store, "oc_kennen")
    toc.save_node(store, Node(**{**node.__dict__, "levensdomein": None}), new=False)
    go(app, "app_pages/step_1_monitoring.py")
    assert "Overig" in [t.label for t in app.tabs]


def test_editing_a_story_can_remove_its_figure_link(app):
    store = cached.get_store()
    note_id = int(
        store.scalar(
            "SELECT note_id FROM note_figures f JOIN notes n ON n.id = f.note_id "
            "WHERE n.visibility <> 'intern' GROUP BY note_id HAVING count(*) = 1 ORDER BY 1 LIMIT 1"
        )
    )
    go(app, "app_pages/verhalen.py")
    app.selectbox(key="verhalen_edit_id").set_value(note_id).run()
    form = f"verhalen_edit_{note_id}_0"
    app.multiselect(key=f"{form}_linked").set_value([])
    app.button(key=f"{form}_submit").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert store.scalar("SELECT count(*) FROM note_figures WHERE note_id = ?", [note_id]) == 0
    assert store.scalar("SELECT count(*) FROM notes WHERE id = ?", [note_id]) == 1


def test_compare_page_labels_real_and_chance_changes(app):
    go(app, "app_pages/vergelijken.py")
    assert app.selectbox(key="cmp_from").value == "Veiligheidsmonitor 2023"
    assert app.selectbox(key="cmp_to").value == "Veiligheidsmonitor 2025"
    metrics = {m.label: int(m.value) for m in app.metric}
    assert metrics["✔ beter"] > 0 and metrics["✖ slechter"] > 0 and metrics["= gelijk of niet zeker"] > 0
    assert metrics["⚠ niet vergelijkbaar"] > 0  # the reworded question about tensions
    assert any("Havenkwartier" in i.value for i in app.info)  # the changed population, said once at the top
    table = app.dataframe[0].value
    assert "te klein om te tonen" in set(table["Veiligheidsmonitor 2025"])
    discrimination = table[
        (table["Indicator"] == "Ervaren discriminatie")
        & (table["Gebied"] == "Voorbeeldstad")
        & (table["Groep"] == "migratieachtergrond buiten Europa")
    ].iloc[0]
    assert (
        "niet zeker" in discrimination["Oordeel"]
        and "gecorrigeerd" in discrimination["Verschil (95%-marge; gecorrigeerd)"]
    )
    whom = next(d.value for d in app.dataframe if "Vergeleken met" in d.value.columns)
    assert "Havenkwartier" in set(whom["Gebied"])  # −10 while the gemeente rose 3
    total = table[
        (table["Indicator"] == "Voelt zich thuis in de buurt")
        & (table["Gebied"] == "Voorbeeldstad")
        & (table["Groep"] == "Totaal")
    ].iloc[0]
    assert total["Tot het doel"].startswith("nog ") and "(doel 2027)" in total["Tot het doel"]
    assert total["Verhalen"] >= 1
    assert len(app.get("download_button")) == 2
    app.selectbox(key="cmp_indicator").set_value("thuis_buurt").run()
    assert "Verhalen uit de periodes van Veiligheidsmonitor 2023 en Veiligheidsmonitor 2025" in texts(app)


def test_import_page_asks_for_a_file(app):
    go(app, "app_pages/importeren.py")
    assert "Kies een bestand" in app.info[0].value


def test_review_flow_open_record_close_and_report(app):
    go(app, "app_pages/bespreking.py")
    assert "geen bespreking open" in app.info[0].value
    members = cached.get_store().df("SELECT id FROM members WHERE active ORDER BY name LIMIT 3")["id"]
    app.multiselect(key="bespreking_present").set_value([int(m) for m in members])
    app.button(key="bespreking_open_submit").click().run()
    assert not app.exception
    assert "Sinds de vorige bespreking" in [h.value for h in app.subheader]
    assert any("nieuw" in m.value.lower() or "te laat" in m.value for m in app.markdown)
    # on a step page the open review shows, and a decision recorded there is linked to the review
    go(app, "app_pages/step_5_outcome.py")
    assert "Bespreking open" in texts(app)
    form = "s5_review_0"
    app.radio(key=f"{form}_kind").set_value("besluit")
    app.text_area(key=f"{form}_text").input("We bespreken de cijfers van Havenkwartier met bewoners.")
    app.button(key=f"{form}_submit").click().run()
    store = cached.get_store()
    review_id = store.scalar("SELECT id FROM reviews WHERE status = 'open'")
    assert (
        store.scalar(
            "SELECT count(*) FROM reflections WHERE review_id = ? AND kind = 'besluit' AND indicator_id IS NOT NULL",
            [review_id],
        )
        == 1
    )
    go(app, "app_pages/bespreking.py")
    app.date_input(key="bespreking_edit_next").set_value(date(2027, 1, 19))
    app.radio(key="bespreking_edit_visibility").set_value("openbaar")
    app.button(key="bespreking_edit_submit").click().run()
    app.checkbox(key="bespreking_sure").check().run()
    app.button(key="bespreking_close").click().run()
    assert store.scalar("SELECT status FROM reviews WHERE id = ?", [review_id]) == "gesloten"
    assert store.scalar("SELECT minutes_visibility FROM reviews WHERE id = ?", [review_id]) == "openbaar"
    assert any("is gesloten" in s.value for s in app.success)  # the chair sees that it worked
    assert len(app.get("download_button")) == 3  # Word, the public Word version, Markdown
    shown = texts(app)
    assert "Status: vastgesteld" in shown and "De volgende bespreking is op 19 januari 2027." in shown
    assert "We bespreken de cijfers van Havenkwartier met bewoners. (bij: cijfer" in shown


def test_actions_page_lists_overdue_first_and_closing_needs_a_result(app):
    go(app, "app_pages/acties.py")
    table = app.dataframe[0].value
    assert "te laat" in table["Status"].iloc[0]
    app.radio(key="acties_new_status").set_value("gedaan")
    app.button(key="acties_submit").click().run()
    assert any("opgeleverd" in e.value for e in app.error)


def test_review_mode_marks_what_is_new(app):
    from datetime import date

    from kompas.analysis import review_changes
    from kompas.store import reviews

    store = cached.get_store()
    review_id = reviews.open_review(store, date(2026, 11, 24), "Werkgroep november")
    changes = review_changes.changes_since(store, reviews.previous_review(store, review_id)["id"], "werkgroep")
    go(app, "app_pages/step_4_input.py")
    table = app.dataframe[0].value
    changed = set(changes.activity_changes["title"])
    assert changed and set(table[table["Nieuw"] != ""]["Activiteit"]) == changed
    go(app, "app_pages/verhalen.py")
    new_titles = list(changes.new_stories["title"])
    shown = [m.value for m in app.markdown if "Nieuw sinds de vorige bespreking" in m.value]
    assert new_titles and len(shown) == len(new_titles)
