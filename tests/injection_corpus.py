"""Story texts that try to break out of plain text: every renderer of stories must show them inert.

Reused by every test that renders stories (the app, the browser, exports). Each entry is a text a
story's title or body may hold; ``MARKER`` in a text lets a test find where it was rendered.
"""

import re

MARKER = "kompas-injectie"

INJECTION_CORPUS = [
    f"<script>window.__{MARKER.replace('-', '_')}=1;alert('{MARKER}')</script>",
    f'<img src="https://evil.example/{MARKER}.png" onerror="alert(1)">',
    f'<a href="javascript:alert(1)" onclick="alert(2)">{MARKER} klik</a>',
    f'<div onmouseover="alert(1)" style="position:fixed;top:0;left:0;width:100%;height:100%">{MARKER}</div>',
    f"[{MARKER} klik hier](javascript:alert(document.cookie))",
    f"![{MARKER}](https://evil.example/{MARKER}.png)",
    f"![{MARKER}](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    f"Zie https://evil.example/{MARKER} en www.evil.example en schrijf naar {MARKER}@evil.example",
    f"<https://evil.example/{MARKER}> en [ref][1]\n\n[1]: https://evil.example/{MARKER}",
    f"# {MARKER} kop\n\n> citaat\n\n- lijst\n1. genummerd\n\n    ingesprongen code\n\n| a | b |\n|---|---|",
    f"**vet** _schuin_ ~~door~~ `code` $x^2$ :red[{MARKER}] :material/home: :smile:",
    f"<iframe src='https://evil.example/{MARKER}'></iframe><style>body{{display:none}}</style>",
    f"<svg onload=alert(1)><math><mi xlink:href='javascript:alert(1)'>{MARKER}</mi></math>",
    f"&lt;script&gt;alert(1)&lt;/script&gt; &#106;avascript:alert(1) {MARKER}",
    f"\u202e{MARKER} gnineppa si tahw\u202c en \u2066omgedraaid\u2069 \u200fRLM\u200e LRM \u061c",
    f"{MARKER}\u200b\u200c\u200d\ufeff onzichtbaar \x00\x07\x1b[31m rood\x1b[0m \u0000",
    "مرحبا بالجميع، dit is een verhaal in het Arabisch en Nederlands עברית",
    f"{MARKER} " + "heel lang verhaal " * 600,
    f"{MARKER}" + "A" * 5000,
    f"{MARKER}\n" * 300,
]


_SELF_ACTING = re.compile(r"://|www\.|@|:[\w/+-]+:", re.IGNORECASE)
_READABLE_SPECIAL = set("\\`*_[]<>|")
_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_INVISIBLE = {
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\ufeff",
    "\u061c",
    "\x00",
    "\x07",
    "\x1b",
}


def rendered_pieces(texts=INJECTION_CORPUS, limits=(None, 80, 120, 200)) -> set[str]:
    """The escaped one-line forms of ``texts`` as the app writes them into Markdown (cut or whole)."""
    from kompas.domain import safe_text

    return {safe_text.inline_markdown(t, limit=limit) for t in texts for limit in limits} - {""}


def inert_problems(markdown: str, pieces=()) -> list[str]:
    """Why Markdown that shows story text is not inert (empty when it is).

    Story text in it must appear only as one of ``pieces`` (see ``rendered_pieces``), and each
    piece must be inert (``escaped_problems``). Anywhere else the marker must not occur: that
    would be story text that skipped the escaping.
    """
    problems, rest = [], markdown
    for piece in sorted(pieces, key=len, reverse=True):
        if piece in rest:
            problems += escaped_problems(piece)
            rest = rest.replace(piece, "\x00")
    if MARKER in rest.replace("\\", ""):
        problems.append(f"story text that skipped the escaping: {markdown[:80]!r}")
    return problems


def escaped_problems(piece: str, readable: bool = False) -> list[str]:
    """Why one piece of escaped user text is not inert (empty when it is).

    Every ASCII punctuation mark is backslash-escaped or inside a code span; words a renderer links
    or replaces by itself (://, www., @, :name:) are inside a code span; no invisible or control
    character, except an isolation pair (U+2068 … U+2069) around the whole piece. ``readable``:
    the looser escaping of report files, where only the marks that make links, images, HTML,
    emphasis, code and tables must be escaped.
    """
    special = _READABLE_SPECIAL if readable else _PUNCTUATION
    if piece.startswith("\u2068") and piece.endswith("\u2069"):
        piece = piece[1:-1]
    problems, plain, i = [], [], 0
    while i < len(piece):
        ch = piece[i]
        if ch == "\\" and i + 1 < len(piece):
            plain.append(piece[i + 1])
            i += 2
            continue
        if ch == "`":
            run = len(piece[i:]) - len(piece[i:].lstrip("`"))
            end = piece.find("`" * run, i + run)
            if end == -1:
                problems.append(f"unclosed code span in {piece[:80]!r}")
                break
            plain.append(" ")
            i = end + run
            continue
        if ch in special:
            problems.append(f"unescaped {ch!r} in {piece[:80]!r}")
        if ch in _INVISIBLE:
            problems.append(f"invisible or control character U+{ord(ch):04X} in {piece[:80]!r}")
        plain.append(ch)
        i += 1
    if _SELF_ACTING.search("".join(plain)):
        problems.append(f"a word a renderer links or replaces by itself, outside a code span: {piece[:80]!r}")
    return problems
