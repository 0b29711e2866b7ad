"""The verkenning (seed 000, bijlage 1): answers per round, compared with the round before, to Word;
and step 1 shows it with a form for the werkgroep."""

from io import BytesIO

import docx
import pytest

from dashboard import cached
from kompas.domain.errors import NotAllowedError, ValidationError
from kompas.domain.verkenning_questions import QUESTIONS
from kompas.reports import verkenning as verkenning_report
from kompas.reports.document import to_docx
from kompas.store import verkenning
from tests.dashboard.test_pages import go, texts


def test_a_round_is_compared_with_the_round_before(store):
    rows = {r["key"]: r for r in verkenning.compared(store, 2025)}
    assert rows["1.3"]["change"] == "gelijk"
    assert rows["1.1"]["change"] == "gewijzigd" and "62.000" in rows["1.1"]["previous"]
    assert rows["3.7"]["change"] == "nieuw"
    assert {r["previous_year"] for r in rows.values()} == {2024}
    assert all(r["change"] in ("nieuw", "leeg") for r in verkenning.compared(store, 2024))


def test_saving_changes_only_what_changed_and_an_empty_answer_clears_it(store):
    assert verkenning.save_answers(store, 2025, {"1.3": verkenning.round_answers(store, 2025)["1.3"]}) == 0
    assert verkenning.save_answers(store, 2025, {"1.3": "Nu ook steun van de oppositie.", "3.7": " "}) == 2
    answers = verkenning.round_answers(store, 2025)
    assert answers["1.3"] == "Nu ook steun van de oppositie." and "3.7" not in answers
    with pytest.raises(ValidationError, match="Onbekende vraag"):
        verkenning.save_answers(store, 2025, {"9.9": "x"})


def test_the_council_reads_no_verkenning_and_a_reader_writes_none(store):
    with pytest.raises(NotAllowedError):
        verkenning.compared(store.as_user("Els", "raad"), 2025)
    with pytest.raises(NotAllowedError):
        verkenning.save_answers(store.as_user("Jan", "lezer"), 2025, {"1.5": "Iets anders"})
    assert verkenning.round_answers(store.as_user("Jan", "lezer"), 2025)["1.5"].startswith("Hoe weten we")


def test_the_word_file_has_every_question_and_the_earlier_answer(store):
    word = docx.Document(BytesIO(to_docx(verkenning_report.document(store, 2025))))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert len([h for h in headings if h.startswith("Vraag ")]) == len(QUESTIONS)
    text = "\n".join(p.text for p in word.paragraphs)
    assert "In 2024 was het antwoord: Voorbeeldstad heeft 62.000 inwoners" in text


def test_step_1_shows_the_round_and_saves_the_form(app):
    go(app, "app_pages/step_1_monitoring.py")
    assert "Verkenning: waar staan we met inclusief beleid?" in [h.value for h in app.subheader]
    app.selectbox(key="vk_year").set_value(2025).run()
    assert "Ronde 2025: 7 antwoorden anders dan in 2024" in texts(app)
    assert "In 2024: Voorbeeldstad heeft 62.000 inwoners" in texts(app)
    app.text_area(key="vk_2025_1.5").input("Bereiken we de jongeren in Havenkwartier?")
    app.button(key="vk_save_2025").click().run()
    assert not app.exception
    assert (
        cached.get_store().scalar("SELECT answer FROM verkenning_answers WHERE round_year = 2025 AND question = '1.5'")
        == "Bereiken we de jongeren in Havenkwartier?"
    )


def test_the_council_does_not_see_the_verkenning(app_as):
    at = app_as("raad")
    go(at, "app_pages/step_1_monitoring.py")
    assert not [h for h in at.subheader if "Verkenning" in h.value]
    assert "Verkenning" not in texts(at)
