"""The Raadsinformatie page under AppTest: question → suggestions → draft → edits → a recorded file."""

import json

from kompas.reports.raad_request import RaadEdits
from kompas.store.connection import Store
from tests.dashboard.test_pages import go, texts

PAGE = "app_pages/raadsinformatie.py"
QUESTION = "Neemt de eenzaamheid onder ouderen in wijk Noord af, en wat doet de gemeente eraan?"


def ask(app):
    go(app, PAGE)
    app.text_area(key="raad_question").input(QUESTION)
    app.text_input(key="raad_author").input("A. de Vries")
    app.button(key="raad_suggest").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_page_asks_for_a_question_first(app):
    go(app, PAGE)
    assert "Raadsinformatie" in app.title[0].value
    assert any("Typ de vraag" in i.value for i in app.info)


def test_suggestions_fill_the_choices_and_the_draft_shows_only_public_stories(app, demo_copy):
    ask(app)
    assert app.multiselect(key="raad_indicators").value[0] == "eenzaam"
    assert app.multiselect(key="raad_areas").value == ["WK999902"]
    assert app.selectbox(key="raad_group").value == "leeftijd"
    page = texts(app)
    assert "In 2024 was 'Ernstig eenzaam' in Noord" in page.replace("\\", "")
    assert len(app.get("plotly_chart")) >= 1
    with Store(demo_copy).as_system("tests") as store:
        private = store.df("SELECT title FROM notes WHERE visibility <> 'openbaar'")["title"]
        public = store.df("SELECT title FROM notes WHERE visibility = 'openbaar'")["title"]
    shown = page.replace("\\", "")
    assert not [t for t in private if t in shown]
    assert [t for t in public if t in shown]


def test_edits_and_choices_are_stored_with_the_file(app, demo_copy):
    ask(app)
    story_boxes = [c for c in app.checkbox if c.key.startswith("raad_story_")]
    dropped = story_boxes[0]
    assert dropped.value  # the newest three are chosen by default
    dropped.uncheck()
    short = next(t for t in app.text_area if t.key.startswith("raad_short_"))
    short.input("Het gaat iets beter met ouderen in Noord.")
    app.radio(key="raad_format").set_value("md")
    app.button(key="raad_make").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Klaar: raadsinformatie nummer" in s.value for s in app.success)
    assert len(app.get("download_button")) == 1
    with Store(demo_copy).as_system("tests") as store:
        row = store.rows("SELECT * FROM raad_exports")[0]
    edits = RaadEdits.from_json(row["edits"])
    dropped_id = int(dropped.key.rsplit("_", 1)[1])
    assert edits.short_answer == "Het gaat iets beter met ouderen in Noord."
    assert dropped_id not in edits.stories["eenzaam"]
    assert json.loads(row["request"])["author"] == "A. de Vries" and row["file_format"] == "md"

    app.button(key="raad_again").click().run()
    assert any("precies dezelfde gegevens" in s.value for s in app.success)


def test_making_again_in_the_other_view_says_so_instead_of_changed(app_as, demo_copy):
    from kompas.reports import raad
    from kompas.reports.raad_request import RaadRequest
    from tests.cli.test_cli_raad import _make_provisional

    _make_provisional(demo_copy)
    with Store(demo_copy).as_system("tests") as store:  # made by the werkgroep, with the provisional figures
        raad.export(store.as_user("Piet", "werkgroep"), RaadRequest("Vraag?", ("eenzaam",)), RaadEdits(), "md")
    at = ask(app_as("raad"))  # the list of earlier factsheets is shown below a question
    at.button(key="raad_again").click().run()
    assert not at.exception and not at.warning
    assert any("zonder dat de gegevens zijn veranderd" in i.value for i in at.info)
