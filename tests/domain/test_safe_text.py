"""Story text is shown inert: the Markdown that carries it has no live syntax, the plain text no
characters that reorder or hide the page around it."""

import re

import pytest

from kompas.domain import safe_text
from tests.injection_corpus import INJECTION_CORPUS, MARKER, escaped_problems, inert_problems

INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\ufeff\u061c"


@pytest.mark.parametrize("text", INJECTION_CORPUS)
def test_every_corpus_text_is_inert_as_markdown(text):
    assert escaped_problems(safe_text.inline_markdown(text)) == []
    assert [p for line in safe_text.markdown(text).split("\n") for p in escaped_problems(line.rstrip())] == []
    title = safe_text.inline_markdown(text, limit=200)
    assert inert_problems(f"**{title}** · Nieuw", [title]) == []


@pytest.mark.parametrize("text", INJECTION_CORPUS)
def test_plain_text_keeps_the_words_but_no_invisible_or_control_characters(text):
    shown = safe_text.plain(text)
    assert not set(shown) & set(INVISIBLE)
    assert all(ch in "\n\t" or ord(ch) >= 32 for ch in shown)
    assert MARKER in shown or MARKER not in text  # what people wrote is still there to read


def test_the_checker_catches_what_the_old_escaping_let_through():
    # escaping alone leaves GFM autolinks live: the renderer links https://… inside plain text
    assert escaped_problems(r"zie https\:\/\/evil\.example")
    assert escaped_problems("<b>x</b>") and escaped_problems("x\u202ey")
    assert inert_problems(f"**{MARKER}**", [])  # story text that skipped the escaping
    assert escaped_problems(safe_text.inline_markdown("zie https://evil.example")) == []


def test_links_and_addresses_are_shown_as_literal_text():
    shown = safe_text.inline_markdown("Zie https://evil.example/pad en mail a@b.nl")
    assert "`https://evil.example/pad`" in shown
    assert "`a@b.nl`" in shown


def test_code_span_survives_backticks_in_the_word():
    shown = safe_text.inline_markdown("www.x.nl`` `x`")
    assert escaped_problems(shown) == []
    assert "``` www.x.nl`` ```" in shown


def test_right_to_left_overrides_cannot_reorder_the_text_beside_it():
    shown = safe_text.inline_markdown("\u202egnal\u202c titel")
    assert shown == "gnal titel"  # the override is gone; nothing left that could reorder
    assert safe_text.inline_markdown("مرحبا en meer") == "\u2068مرحبا en meer\u2069"  # right-to-left text isolated


def test_lines_become_one_line_and_long_titles_are_cut():
    assert safe_text.inline_markdown("een\ntwee") == "een twee"
    shown = safe_text.inline_markdown("woord " * 100, limit=50)
    assert len(shown) <= 51 and shown.endswith("…")


def test_markdown_keeps_paragraphs_and_line_breaks():
    shown = safe_text.markdown("een\ntwee\n\ndrie")
    assert shown == "een  \ntwee\n\ndrie"


def test_preview_cuts_long_text_at_a_word_and_keeps_the_rest():
    text = "woord " * 300
    part = safe_text.preview(text, limit=100)
    assert part.cut and len(part.shown) <= 102
    assert (part.shown.removesuffix(" …") + " " + part.rest).split() == text.split()
    unbroken = safe_text.preview("A" * 5000, limit=100)
    assert unbroken.shown == "A" * 100 + " …" and unbroken.rest == "A" * 4900


def test_preview_of_many_short_lines_stops_after_a_few_lines():
    text = "regel\n" * 300
    part = safe_text.preview(text, max_lines=8)
    assert part.shown.count("\n") == 7 and part.rest.count("\n") == 300 - 8 - 1
    assert not safe_text.preview("een\ntwee", max_lines=8).cut


def test_empty_and_missing_text():
    assert safe_text.inline_markdown(None) == "" and safe_text.markdown("  \n ") == ""
    assert safe_text.plain(None) == "" and not safe_text.preview("").cut


def test_app_wide_markdown_escaping_is_the_safe_one():
    assert safe_text.inline_markdown("zie www.evil.example") == safe_text.inline_markdown("zie www.evil.example")


@pytest.mark.parametrize("text", INJECTION_CORPUS)
def test_report_markdown_has_no_live_syntax_and_stays_readable(text):

    shown = safe_text.readable_markdown(text)
    assert escaped_problems(shown.replace("\n", " "), readable=True) == []
    assert not set(shown) & set(INVISIBLE)
    assert not [line for line in shown.splitlines() if re.match(r"\s*([#+>=-]|\d+[.)])", line)]
    if MARKER in text:
        assert MARKER in shown  # hyphens and full stops are not escaped in reports
