"""Personal data in story text: find it, say what kind it is, and replace it with a placeholder.

What is found: e-mail addresses, Dutch phone numbers (06-12345678, +31 6 …, 010-1234567),
BSNs (nine digits that pass the elfproef), addresses (postcode with house number, or a street
with a house number) and names after a form of address (mevrouw, meneer, mw., dhr., de heer).
It is a warning, not a guarantee: it catches the common forms and says so to the user.

>>> [f.label for f in findings("Bel mevrouw De Vries op 06-12345678.")]
['naam', 'telefoonnummer']
>>> pseudonymise("Bel mevrouw De Vries op 06-12345678.")
'Bel mevrouw [naam] op [telefoonnummer].'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = {"email": "e-mailadres", "phone": "telefoonnummer", "bsn": "BSN", "address": "adres", "name": "naam"}
PLACEHOLDERS = {"email": "[e-mail]", "phone": "[telefoonnummer]", "bsn": "[BSN]", "address": "[adres]",
                "name": "[naam]"}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_NATIONAL = re.compile(r"(?<![\w+])(?:\(0\d{1,3}\)|0\d{1,3})[ -]?\d{2,8}(?: \d{2,4}){0,3}(?![\d-])")
_PHONE_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?:\+|00)31[ -]?(?:\(0\)[ -]?)?\d{1,3}[ -]?\d{2,8}(?: \d{2,4}){0,3}(?![\d-])")
_BSN = re.compile(r"(?<![\d.])(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![\d]|\.\d)")
_HOUSE_NUMBER = r"(?:[ ,]+(?:nr\.? ?)?\d{1,5}(?: ?[a-zA-Z](?![a-zA-Z]))?(?:[ -]?(?:hs|bis|\d{1,3})\b)?)"
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?[A-Z]{2}(?![\w])" + _HOUSE_NUMBER + "?")
_STREET = re.compile(r"\b[A-Z][\w'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|steeg|dreef|"
                     r"park|plantsoen|markt|allee|baan|erf|veld|wal)(?= ?\d)" + _HOUSE_NUMBER, re.UNICODE)
_TITLE = re.compile(r"\b(?:mevrouw|mevr\.|mw\.|meneer|mnr\.|dhr\.|de heer|juffrouw|mr\.|dr\.)(?=\s)", re.IGNORECASE)
_NAME_WORD = re.compile(r"\s+([A-Z]\.(?: ?[A-Z]\.)*|[^\W\d_][\w'-]*)", re.UNICODE)
_TUSSENVOEGSELS = {"van", "de", "der", "den", "het", "ten", "ter", "te", "la", "le", "el", "al", "von", "du",
                   "da", "di", "'t", "bin"}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: where it is (``text[start:end]``) and what kind."""

    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def findings(text: str) -> list[Finding]:
    """The personal data in ``text``, in order, without overlaps."""
    text = text or ""
    found = [Finding("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    found += [Finding("phone", m.start(), m.end()) for m in _PHONE_INTERNATIONAL.finditer(text)
              if len(_digits(re.sub(r"^(?:\+|00)31", "", m.group()).replace("(0)", ""))) == 9]
    found += [Finding("phone", m.start(), m.end()) for m in _PHONE_NATIONAL.finditer(text)
              if len(_digits(m.group())) == 10]
    found += [Finding("bsn", m.start(), m.end()) for m in _BSN.finditer(text) if elfproef(_digits(m.group()))]
    found += [Finding("address", m.start(), m.end()) for pattern in (_POSTCODE, _STREET)
              for m in pattern.finditer(text)]
    found += _names(text)
    chosen: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not chosen or f.start >= chosen[-1].end:
            chosen.append(f)
    return chosen


def pseudonymise(text: str, found: list[Finding] | None = None) -> str:
    """``text`` with every finding replaced by its placeholder ([e-mail], [telefoonnummer], [BSN],
    [adres], [naam]); the rest stays as it was."""
    text = text or ""
    for f in sorted(findings(text) if found is None else found, key=lambda f: f.start, reverse=True):
        text = text[:f.start] + PLACEHOLDERS[f.kind] + text[f.end:]
    return text


def kinds_sentence(found: list[Finding]) -> str:
    """The kinds found, in Dutch, without the values: 'een naam en een telefoonnummer'.

    >>> kinds_sentence([Finding("name", 0, 1), Finding("phone", 2, 3), Finding("name", 4, 5)])
    'een naam en een telefoonnummer'
    """
    kinds = list(dict.fromkeys(f.kind for f in found))
    words = ["een " + LABELS[k] for k in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def elfproef(digits: str) -> bool:
    """The BSN check: 9 digits, weighted 9..2 and -1, summing to a multiple of 11 (and not all zero).

    >>> elfproef("111222333"), elfproef("123456789")
    (True, False)
    """
    if len(digits) != 9 or not digits.isdigit() or set(digits) == {"0"}:
        return False
    total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _names(text: str) -> list[Finding]:
    """A name is what follows a form of address: initials, tussenvoegsels and capitalised words."""
    found = []
    for title in _TITLE.finditer(text):
        position, start, end = title.end(), None, None
        for _ in range(6):
            word = _NAME_WORD.match(text, position)
            if not word:
                break
            token = word.group(1)
            capital = token[0].isupper()
            if not capital and token.lower() not in _TUSSENVOEGSELS:
                break
            start = word.start(1) if start is None else start
            position = word.end()
            if capital:  # a name may start with a tussenvoegsel ("meneer van Dam"), never end with one
                end = word.end()
        if start is not None and end is not None:
            found.append(Finding("name", start, end))
    return found
