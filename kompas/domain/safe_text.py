"""How text that people typed (stories above all) is shown: inert, readable, and never able to
change the page around it.

Two ways out, one cleaning step in front of both:
- ``plain`` for a renderer that shows text as text (Streamlit's ``st.text``): the story body.
- ``markdown`` / ``inline_markdown`` for a Markdown renderer (titles, list items): every ASCII
  punctuation mark is escaped, so there is no HTML, image, link, emphasis, heading, list, table,
  maths or colour syntax; words a renderer would turn into a link or an icon by themselves
  (``https://…``, ``www.…``, ``naam@host.nl``, ``:shortcode:``) go into a code span, shown as text;
  a piece with right-to-left letters is isolated (U+2068 … U+2069), so it cannot reorder the UI
  beside it (without those letters and without bidi controls, nothing can be reordered).
- ``readable_markdown`` for report files: fewer escapes, so the file still reads as plain text.
``clean`` removes what can reorder or hide text: bidirectional controls (RLO, LRM and friends, all
Unicode format characters), zero-width characters, and control characters except line break and tab.
``preview`` cuts long text for lists; the rest is shown on request ("lees verder").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_KEEP = frozenset("\n\t")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# words a Markdown renderer links or replaces without any syntax: URLs, www., e-mail, :emoji: and icons
_SELF_ACTING = re.compile(r"://|www\.|@|:[^\s:]*:", re.IGNORECASE)
_FSI, _PDI = "\u2068", "\u2069"
_WORD = re.compile(r"\S+")
_SUSPECT = re.compile(r"[^\x20-\x7e\n\t]")  # what ``clean`` looks at: every other character stays
_PUNCTUATION = re.compile("([" + re.escape("".join(sorted(_ASCII_PUNCTUATION))) + "])")
_REPORT_SPECIAL = frozenset("\\`*_[]<>|")

PREVIEW_CHARS = 600
PREVIEW_LINES = 8


def clean(text: object) -> str:
    """The text without characters that can reorder, hide or break what is around it.

    Line breaks and tabs stay; other control characters, bidirectional controls, zero-width
    and other format characters (Unicode category Cf, e.g. U+200B, U+FEFF) are removed;
    carriage returns become line breaks.

    >>> clean("a\\u202eb\\u200bc\\r\\nd\\x00e")
    'abc\\nde'
    """
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _SUSPECT.sub(_unless_hiding, text)  # printable ASCII, line breaks and tabs are never removed


def _unless_hiding(match: re.Match) -> str:
    return "" if unicodedata.category(match.group()) in ("Cc", "Cf", "Cs", "Co") else match.group()


def plain(text: object) -> str:
    """Cleaned text for a plain-text renderer (``st.text``): nothing in it is interpreted.

    >>> plain("<b>vet</b>\\u202e")
    '<b>vet</b>'
    """
    return clean(text).strip("\n")


def inline_text(text: object, limit: int | None = None) -> str:
    """One cleaned line of plain text, cut at ``limit`` characters: for option labels and the like.

    >>> inline_text("een\\n\u202etwee", limit=5)
    'een t…'
    """
    line = " ".join(clean(text).split())
    return line[:limit].rstrip() + "…" if limit is not None and len(line) > limit else line


def inline_markdown(text: object, limit: int | None = None) -> str:
    r"""One line of inert Markdown: for a title or a list item. Line breaks become spaces; with
    ``limit``, text longer than that many characters is cut with '…'. Text with right-to-left
    letters is isolated (U+2068 … U+2069), so it cannot reorder the words beside it.

    >>> print(inline_markdown("<b>[x](y)</b>"))
    \<b\>\[x\]\(y\)\<\/b\>
    >>> print(inline_markdown("zie https://x.nl"))
    zie `https://x.nl`
    """
    line = inline_text(text, limit)
    escaped = _escape_line(line)
    right_to_left = not line.isascii() and any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in line)
    return _FSI + escaped + _PDI if right_to_left else escaped


def markdown(text: object) -> str:
    r"""Several lines of inert Markdown: line breaks are kept (blank lines start a new paragraph),
    everything else as ``inline_markdown``.

    >>> print(markdown("# kop\n\n- punt"))
    \# kop
    <BLANKLINE>
    \- punt
    """
    paragraphs = re.split(r"\n\s*\n", clean(text).strip())
    return "\n\n".join(
        "  \n".join(inline_markdown(line) for line in p.splitlines() if line.strip()) for p in paragraphs if p.strip()
    )


def readable_markdown(text: object) -> str:
    r"""Inert Markdown that stays readable as a file (reports): only the characters that make links,
    images, HTML, emphasis, code and tables are escaped, and a line that would start a heading,
    list or quote gets a backslash in front. Words a renderer links by itself go into a code span.

    >>> print(readable_markdown("# 31,4% <b>[x](y)</b>"))
    \# 31,4% \<b\>\[x\](y)\</b\>
    >>> print(readable_markdown("1. zie www.x.nl"))
    1\. zie `www.x.nl`
    """
    lines = []
    for line in clean(text).split("\n"):
        line = "".join(
            _code_span(part)
            if _SELF_ACTING.search(part)
            else "".join("\\" + ch if ch in _REPORT_SPECIAL else ch for ch in part)
            for part in re.split(r"(\s+)", line.lstrip())
        )
        if line.startswith(("#", "-", "+", ">", "=")):
            line = "\\" + line
        lines.append(re.sub(r"^(\d+)([.)])", r"\1\\\2", line))
    return "\n".join(lines)


def _escape_line(line: str) -> str:
    """Each word (a run without white space) escaped, or in a code span when a renderer would act on it."""
    return _WORD.sub(
        lambda m: _code_span(m.group()) if _SELF_ACTING.search(m.group()) else _escape_word(m.group()), line
    )


def _escape_word(word: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", word)


def _code_span(word: str) -> str:
    """A code span is shown literally: no escapes, links, emoji or HTML inside it."""
    longest = max((len(run) for run in re.findall(r"`+", word)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if word.startswith("`") or word.endswith("`") else ""
    return f"{fence}{pad}{word}{pad}{fence}"


@dataclass(frozen=True)
class Preview:
    """The start of a text for a list, and the rest (empty when the text was short enough)."""

    shown: str
    rest: str

    @property
    def cut(self) -> bool:
        return bool(self.rest)


def preview(text: object, limit: int = PREVIEW_CHARS, max_lines: int = PREVIEW_LINES) -> Preview:
    """Cut cleaned text for a list after ``max_lines`` lines, or at a word boundary near ``limit``
    characters, whichever comes first.

    >>> preview("een twee drie", limit=8)
    Preview(shown='een twee …', rest='drie')
    >>> preview("a\\nb\\nc", max_lines=2)
    Preview(shown='a\\nb …', rest='c')
    >>> preview("kort").cut
    False
    """
    text = plain(text)
    line_end = -1
    for _ in range(max_lines):
        line_end = text.find("\n", line_end + 1)
        if line_end == -1:
            break
    if line_end != -1 and line_end <= limit:
        return Preview(text[:line_end].rstrip() + " …", text[line_end + 1 :])
    if len(text) <= limit:
        return Preview(text, "")
    cut = text.rfind(" ", int(limit * 0.8), limit + 1)
    cut = limit if cut == -1 else cut
    return Preview(text[:cut].rstrip() + " …", text[cut:].lstrip())
