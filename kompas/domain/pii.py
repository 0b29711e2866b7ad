"""Personal data in story text: find it, say what kind it is, and replace it with a placeholder.

What is found: e-mail addresses, Dutch phone numbers in every common notation (06-12345678,
06.12.34.56.78, 06 1234 5678, +31 6 …, 0031 (0)6 …, 010-1234567, (010) 123 45 67, 0800-1234),
BSNs (nine digits, also spaced or dotted, that pass the elfproef), IBANs (that pass the mod-97
check), addresses (postcode in any case with house number, or a street with a house number) and
names after a form of address (mevrouw, meneer, mw., dhr., de heer). The search runs on a
normalised copy of the text (``normalise``), so a soft hyphen or zero-width character inside a
number does not hide it. It is a warning, not a guarantee: it catches the common forms and says
so to the user.

>>> [f.label for f in findings("Bel mevrouw De Vries op 06-12345678.")]
['naam', 'telefoonnummer']
>>> pseudonymise("Bel mevrouw De Vries op 06-12345678.")
'Bel mevrouw [naam] op [telefoonnummer].'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LABELS = {
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "bsn": "BSN",
    "iban": "bankrekeningnummer",
    "address": "adres",
    "name": "naam",
}
PLACEHOLDERS = {
    "email": "[e-mail]",
    "phone": "[telefoonnummer]",
    "bsn": "[BSN]",
    "iban": "[rekeningnummer]",
    "address": "[adres]",
    "name": "[naam]",
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a phone number: a Dutch prefix (0, (0, +31, 0031, +31 (0)), then digits with at most one separator
# (space, dot, dash, slash, closing bracket) between them; how many digits make a number is checked after
_PHONE = re.compile(r"(?<![\w+.,/-])(?:(?:\+|00)31[ .-]?(?:\(0\)[ .-]?)?|\(0(?=\d{1,3}\))|0)\d(?:\)?[ ./-]?\d){5,11}")
_INTERNATIONAL = re.compile(r"^(?:\+|00)31")
_SERVICE = ("0800", "0900", "0906", "0909")  # 0800/090x numbers: 8 or 11 digits
_DATE = re.compile(r"^\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})(?![./-]?\d)")
_BSN = re.compile(r"(?<![\w.,-])\d(?:[ .-]?\d){8}(?!\d|[.,-]\d)")
_IBAN = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![\w])")
_HOUSE_NUMBER = r"(?:[ ,]+(?:nr\.? ?)?\d{1,5}(?: ?[a-zA-Z](?![a-zA-Z]))?(?:[ -]?(?:hs|bis|\d{1,3})\b)?)"
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3} ?([A-Za-z]{2})(?![\w])" + _HOUSE_NUMBER + "?")
# letter pairs that are Dutch words or units, so "in 2024 en 2025" and "1200 ha" are not postcodes
# (unless written in capitals); SA, SD and SS are never given out as postcode letters
_NOT_POSTCODE_LETTERS = {
    "en",
    "of",
    "op",
    "in",
    "te",
    "na",
    "om",
    "al",
    "is",
    "er",
    "ze",
    "we",
    "je",
    "ik",
    "de",
    "het",
    "ha",
    "km",
    "cm",
    "mm",
    "kg",
    "mg",
    "ml",
    "cl",
    "dl",
    "uu",
    "jr",
    "pm",
    "am",
    "sa",
    "sd",
    "ss",
    "nr",
    "x",
    "ca",
    "tm",
    "vs",
}
_STREET = re.compile(
    r"\b[A-Z][\w'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|steeg|dreef|"
    r"park|plantsoen|markt|allee|baan|erf|veld|wal)(?= ?\d)" + _HOUSE_NUMBER,
    re.UNICODE,
)
_TITLE = re.compile(r"\b(?:mevrouw|mevr\.|mw\.|meneer|mnr\.|dhr\.|de heer|juffrouw|mr\.|dr\.)(?=\s)", re.IGNORECASE)
_NAME_WORD = re.compile(r"\s+([A-Z]\.(?: ?[A-Z]\.)*|[^\W\d_][\w'-]*)", re.UNICODE)
_TUSSENVOEGSELS = {
    "van",
    "de",
    "der",
    "den",
    "het",
    "ten",
    "ter",
    "te",
    "la",
    "le",
    "el",
    "al",
    "von",
    "du",
    "da",
    "di",
    "'t",
    "bin",
}


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
    """The personal data in ``text``, in order, without overlaps; spans index the text as given.

    The search runs on a normalised copy (``normalise``): soft hyphens, zero-width and other invisible
    format characters cannot hide a number, nor can full-width digits or non-breaking spaces.
    """
    text = text or ""
    clean, where = normalise(text)
    found = [Finding("email", m.start(), m.end()) for m in _EMAIL.finditer(clean)]
    found += _phones(clean)
    found += [Finding("bsn", m.start(), m.end()) for m in _BSN.finditer(clean) if elfproef(_digits(m.group()))]
    found += _ibans(clean)
    found += [Finding("address", m.start(), m.end()) for m in _POSTCODE.finditer(clean) if _postcode(m)]
    found += [Finding("address", m.start(), m.end()) for m in _STREET.finditer(clean)]
    found += _names(clean)
    chosen: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not chosen or f.start >= chosen[-1].end:
            chosen.append(f)
    return [Finding(f.kind, where[f.start], where[f.end - 1] + 1) for f in chosen]


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` for the search, and for each of its characters the index in ``text`` it came from.

    Removed: format characters (Unicode category Cf: soft hyphen, zero-width space and joiners, word
    joiner, byte-order mark, direction marks). Then each character in NFKC form (full-width digits
    become digits, a non-breaking space a space), and every dash a hyphen-minus.

    >>> normalise("06\u00ad-1\u200b2")[0]
    '06-12'
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        piece = "-" if category == "Pd" else " " if category == "Zs" else unicodedata.normalize("NFKC", ch)
        out.append(piece)
        where.extend([i] * len(piece))
    return "".join(out), where


def pseudonymise(text: str, found: list[Finding] | None = None) -> str:
    """``text`` with every finding replaced by its placeholder ([e-mail], [telefoonnummer], [BSN],
    [adres], [naam]); the rest stays as it was."""
    text = text or ""
    for f in sorted(findings(text) if found is None else found, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + PLACEHOLDERS[f.kind] + text[f.end :]
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


def iban_valid(text: str) -> bool:
    """The IBAN check (ISO 13616): letters as numbers (A=10 … Z=35), the first four characters moved
    to the end, and the whole number mod 97 is 1.

    >>> iban_valid("NL91 ABNA 0417 1643 00"), iban_valid("NL91 ABNA 0417 1643 01")
    (True, False)
    """
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum() or not compact[:2].isalpha():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _phones(text: str) -> list[Finding]:
    """Phone numbers: 10 digits from 0 (8 or 11 for 0800/090x numbers), or 9 after +31/0031 (and "(0)").
    The longest run of digit groups with such a count is the number; a date or a time is not."""
    found = []
    for match in _PHONE.finditer(text):
        candidate = match.group()
        if _DATE.match(candidate):
            continue
        prefix = _INTERNATIONAL.match(candidate)
        first = match.start() + (prefix.end() if prefix else 0)
        if prefix and (trunk := re.match(r"[ .-]?\(0\)", text[first:])):
            first += trunk.end()
        subscriber = _digits(text[first : match.end()])
        wanted = {9} if prefix else {8, 10, 11} if subscriber[:4] in _SERVICE else {10}
        end, count = None, 0
        for i in range(first, match.end()):
            if text[i].isdigit():
                count += 1
                if count in wanted and not (text[i + 1 : i + 2].isdigit() or text[i + 1 : i + 2] == ":"):
                    end = i + 1
        if end is not None:
            found.append(Finding("phone", match.start(), end))
    return found


def _ibans(text: str) -> list[Finding]:
    """Account numbers that pass the IBAN check; a word after a spaced IBAN is not part of it."""
    found = []
    for match in _IBAN.finditer(text):
        candidate = match.group()
        while candidate and not iban_valid(candidate):
            candidate = candidate.rpartition(" ")[0]
        if candidate:
            found.append(Finding("iban", match.start(), match.start() + len(candidate)))
    return found


def _postcode(match: re.Match) -> bool:
    letters = match.group(1)
    if letters.lower() in ("sa", "sd", "ss"):
        return False
    return letters.isupper() or letters.lower() not in _NOT_POSTCODE_LETTERS


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
