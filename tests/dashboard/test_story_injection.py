"""The injection corpus, saved as stories, is shown inert on the Verhalen page and beside a figure."""

from datetime import date

import pytest

from dashboard import cached
from kompas.domain.model import Note
from kompas.store import stories
from tests.dashboard.test_pages import go
from tests.injection_corpus import INJECTION_CORPUS, MARKER, inert_problems, rendered_pieces

INVISIBLE = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u200b\u200c\u200d\u200e\u200f\ufeff\u061c\x00\x07\x1b")


def _save_corpus(app, indicator_id: str) -> None:
    flt = app.session_state["filters"]
    day = min(date(flt.years[1], 6, 1), date.today())
    store = cached.get_store()
    for i, text in enumerate(INJECTION_CORPUS):
        stories.save_note(
            store,
            Note(
                title=text,
                body=f"{i}: {text}",
                note_date=day,
                source_kind="wijkgesprek",
                visibility="werkgroep",
                consent=True,
                indicator_ids=(indicator_id,),
            ),
        )


def _markdown_values(at) -> list[str]:
    kinds = ("markdown", "caption", "success", "info", "warning", "error", "title", "header", "subheader", "toast")
    values = [e.value for kind in kinds for e in at.get(kind)]
    return [v for v in values if isinstance(v, str)] + [e.label for e in at.get("expander")]


def _assert_inert(at) -> None:
    pieces = rendered_pieces()
    problems = [p for value in _markdown_values(at) for p in inert_problems(value, pieces)]
    assert problems == []
    shown = [e.value for e in at.get("text")]
    assert sum(MARKER in v for v in shown) >= len([t for t in INJECTION_CORPUS if MARKER in t])
    assert not [v for v in shown if INVISIBLE & set(v)]


@pytest.fixture
def corpus_app(app):
    go(app, "app_pages/step_5_outcome.py")
    indicator_id = app.selectbox(key="s5_indicator").value
    _save_corpus(app, indicator_id)
    return app


def test_verhalen_page_shows_every_corpus_story_inert(corpus_app):
    at = go(corpus_app, "app_pages/verhalen.py")
    _assert_inert(at)
    titles = [e.value for e in at.markdown if MARKER in e.value.replace("\\", "")]
    assert len(titles) >= len([t for t in INJECTION_CORPUS if MARKER in t])  # each title shown, escaped


def test_step_page_shows_every_corpus_story_inert_beside_the_figure(corpus_app):
    at = go(corpus_app, "app_pages/step_5_outcome.py")
    _assert_inert(at)


def test_long_story_shows_its_start_and_the_rest_under_lees_verder(corpus_app):
    at = go(corpus_app, "app_pages/verhalen.py")
    long_text = max(INJECTION_CORPUS, key=len)
    start = next(e.value for e in at.get("text") if e.value.startswith(f"{INJECTION_CORPUS.index(long_text)}: "))
    assert len(start) < len(long_text)
    rests = [e for e in at.expander if e.label == "Lees verder"]
    assert rests
    shown = [start.removesuffix(" …")] + [t.value for e in rests for t in e.get("text")]
    assert any(
        ("".join(shown[:1]) + " " + r).split() == f"{INJECTION_CORPUS.index(long_text)}: {long_text}".split()
        for r in shown[1:]
    )


def test_edit_selector_and_delete_message_show_titles_cleaned(corpus_app):
    at = go(corpus_app, "app_pages/verhalen.py")
    box = at.selectbox(key="verhalen_edit_id")
    assert not [label for label in box.options if INVISIBLE & set(label) or "\n" in label]
    longest = max(stories.notes(cached.get_store(), "werkgroep").to_dict("records"), key=lambda r: len(r["title"]))
    at.selectbox(key="verhalen_edit_id").set_value(int(longest["id"])).run()
    assert not at.exception  # a title longer than the form allows can still be opened for editing
    rtl = int(
        next(
            r["id"] for r in stories.notes(cached.get_store(), "werkgroep").to_dict("records") if "\u202e" in r["title"]
        )
    )
    at.selectbox(key="verhalen_edit_id").set_value(rtl).run()
    at.checkbox(key=f"verhalen_sure_{rtl}").check().run()
    at.button(key=f"verhalen_delete_{rtl}").click().run()
    assert not at.exception
    message = next(e.value for e in at.success if "verwijderd" in e.value)
    assert "\u202e" not in message and inert_problems(message, rendered_pieces()) == []


def test_cli_listing_prints_stories_without_control_or_bidi_characters(demo_copy, capsys):
    from kompas.cli.main import main
    from kompas.store.connection import Store

    with Store(demo_copy).as_system("tests") as store:
        for text in INJECTION_CORPUS:
            stories.save_note(
                store,
                Note(
                    title=text,
                    body=text,
                    note_date=date.today(),
                    source_kind="interview",
                    visibility="werkgroep",
                    consent=True,
                ),
            )
        shown = len(stories.notes(store, "werkgroep"))
    assert main(["list", "notes", "--db", str(demo_copy)]) == 0
    printed = capsys.readouterr().out
    assert printed.count(MARKER) >= len([t for t in INJECTION_CORPUS if MARKER in t])
    assert not INVISIBLE & set(printed)
    assert len(printed.splitlines()) == shown  # one line per story
