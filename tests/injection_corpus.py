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
_INVISIBLE = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
              "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u061c", "\x00", "\x07", "\x1b"}


def inert_problems(markdown: str, readable: bool = False) -> list[str]:
    """Why a piece of Markdown that shows user text is not inert (empty when it is).

    User text must sit in isolated segments (U+2068 … U+2069, as ``kompas.safe_text`` writes them);
    inside, every ASCII punctuation mark is backslash-escaped or inside a code span, and words a
    renderer links by itself (://, www., @, :name:) are inside a code span. Outside the segments the
    marker must not occur: that would be story text that skipped the escaping. ``readable``: the
    looser escaping of report files, where only the marks that make links, images, HTML, emphasis,
    code and tables must be escaped.
    """
    special = _READABLE_SPECIAL if readable else _PUNCTUATION
    problems = []
    outside, segments, depth, current = [], [], 0, []
    for ch in markdown:
        if ch == "\u2068":
            depth += 1
            current = []
        elif ch == "\u2069" and depth:
            depth -= 1
            segments.append("".join(current))
        elif depth:
            current.append(ch)
        else:
            outside.append(ch)
    if MARKER in "".join(outside).replace("\\", ""):
        problems.append(f"story text outside an isolated segment: {markdown[:80]!r}")
    for segment in segments:
        plain, i = [], 0
        while i < len(segment):
            ch = segment[i]
            if ch == "\\" and i + 1 < len(segment):
                plain.append(segment[i + 1])
                i += 2
                continue
            if ch == "`":
                run = len(segment[i:]) - len(segment[i:].lstrip("`"))
                end = segment.find("`" * run, i + run)
                if end == -1:
                    problems.append(f"unclosed code span in {segment[:80]!r}")
                    break
                plain.append(" ")
                i = end + run
                continue
            if ch in special:
                problems.append(f"unescaped {ch!r} in {segment[:80]!r}")
            if ch in _INVISIBLE:
                problems.append(f"invisible or control character U+{ord(ch):04X} in {segment[:80]!r}")
            plain.append(ch)
            i += 1
        if _SELF_ACTING.search("".join(plain)):
            problems.append(f"a word a renderer links or replaces by itself, outside a code span: {segment[:80]!r}")
    return problems
