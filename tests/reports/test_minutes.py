"""The werkgroep's minutes: contents checked against the store, in Markdown and in Word."""

from datetime import date
from io import BytesIO

import docx
import pytest
from docx.oxml.ns import qn

from kompas.domain import safe_text
from kompas.domain.errors import NotAllowedError, ValidationError
from kompas.domain.model import Action, Reflection
from kompas.reports import document, minutes
from kompas.reports import files as report_files
from kompas.store import reviews
from kompas.store.reflections import add_reflection


@pytest.fixture
def held(store):
    """A new review after the demo's two: with attendees, a decision and a new action."""
    people = reviews.members(store)
    review_id = reviews.open_review(
        store, date(2026, 11, 24), "Werkgroep inclusie november", "Nieuwe cijfers\nActies", list(people["id"][:3])
    )
    add_reflection(
        store,
        Reflection(
            "besluit", "We nodigen nieuwe bewoners persoonlijk uit.", review_id=review_id, indicator_id="thuis_buurt"
        ),
    )
    reviews.add_action(
        store,
        Action(
            title="Uitnodiging rondbrengen in Havenkwartier",
            owner=int(people["id"][0]),
            due_date=date(2026, 12, 15),
            status="open",
            review_id=review_id,
            node_id="oc_kennen",
        ),
    )
    reviews.update_review(store, review_id, next_meeting=date(2026, 12, 22))
    reviews.close_review(store, review_id, "Goede bespreking.")
    return review_id, people


def test_minutes_hold_attendees_changes_decisions_and_actions(store, held):
    review_id, people = held
    text = document.to_markdown(minutes.minutes(store, review_id))
    assert "# Verslag werkgroep inclusie, 24 november 2026" in text
    for name in people["name"][:3]:
        assert name in text
    assert "## Wat is er veranderd sinds de vorige bespreking" in text
    assert "We nodigen nieuwe bewoners persoonlijk uit." in text
    assert "| Uitnodiging rondbrengen in Havenkwartier | " in text and "15 december 2026" in text
    assert "Goede bespreking." in text


def test_open_actions_from_earlier_reviews_are_carried_over(store, held):
    review_id, _ = held
    carried = reviews.open_actions_carried_over(store, review_id)
    assert len(carried) >= 1
    text = document.to_markdown(minutes.minutes(store, review_id))
    section = text.split("## Acties van eerder die nog openstaan")[1].split("## ")[0]
    for title in carried["title"]:
        assert safe_text.readable_markdown(title) in section
    assert "(te laat)" in section  # the demo's overdue action


def test_word_version_has_real_headings_and_tables(store, held):
    review_id, _ = held
    word = docx.Document(BytesIO(document.to_docx(minutes.minutes(store, review_id))))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Besluiten" in headings and "Nieuwe acties" in headings
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "Uitnodiging rondbrengen in Havenkwartier" in cells and "Wie" in cells


def test_report_refuses_other_formats(store, held, tmp_path):
    with pytest.raises(ValueError, match=".md of .docx"):
        report_files.write(minutes.minutes(store, held[0]), tmp_path / "verslag.pdf")


def test_minutes_name_what_was_decided_on_who_was_absent_and_the_next_meeting(store, held):
    review_id, people = held
    text = document.to_markdown(minutes.minutes(store, review_id))
    node = store.scalar("SELECT title FROM nodes WHERE id = 'oc_kennen'")
    assert "We nodigen nieuwe bewoners persoonlijk uit. (bij: cijfer “Voelt zich thuis in de buurt”)" in text
    assert f"| Uitnodiging rondbrengen in Havenkwartier | {safe_text.readable_markdown(f'“{node}”')} |" in text
    absent = text.split("## Afwezig")[1].split("## ")[0]
    for name in people["name"][3:]:
        assert name in absent
    assert "## Volgende bespreking\n\nDe volgende bespreking is op 22 december 2026." in text
    assert "Status: vastgesteld" in text
    # nothing was said about what goes well: no heading, and no filler text anywhere
    assert "## Wat gaat goed" not in text and "Niets." not in text and "Geen " not in text


def test_open_minutes_are_a_concept(store):
    review_id = reviews.open_review(store, date(2026, 11, 24), "Werkgroep inclusie november")
    assert "Status: concept" in document.to_markdown(minutes.minutes(store, review_id))


def test_word_file_says_dutch_and_who_wrote_it(store, held):
    review_id, _ = held
    view = store.as_user("Anouk de Wit", "werkgroep")
    word = docx.Document(BytesIO(document.to_docx(minutes.minutes(view, review_id))))
    props = word.core_properties
    assert props.language == "nl-NL" and props.author == "Anouk de Wit"
    assert props.title == "Verslag werkgroep inclusie, 24 november 2026"
    lang = word.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "nl-NL"
    assert "python-docx" not in (props.author, props.last_modified_by)


def test_public_minutes_leave_out_names_and_notes(store, held):
    review_id, people = held
    text = document.to_markdown(minutes.minutes(store, review_id, public=True))
    assert not [name for name in people["name"] if name in text]
    assert "Goede bespreking." not in text and "## Aantekeningen" not in text
    assert "3 leden van de werkgroep." in text and "openbare versie" in text
    assert "We nodigen nieuwe bewoners persoonlijk uit." in text


def test_the_council_reads_only_minutes_made_public_and_then_without_names(store, held):
    review_id, people = held
    council = store.as_user("Els", "raad")
    with pytest.raises(NotAllowedError):
        minutes.minutes(council, review_id)
    reviews.update_review(store, review_id, minutes_visibility="openbaar")
    text = document.to_markdown(minutes.minutes(council, review_id))
    assert "openbare versie" in text and people["name"][0] not in text
    with pytest.raises(ValidationError):
        reviews.update_review(store, review_id, minutes_visibility="iedereen")
