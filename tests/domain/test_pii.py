"""Personal data in stories: each kind is found with its span, and pseudonymising replaces only it."""

import itertools

import pytest

from kompas.domain import pii

CASES = [
    ("Mail jan.jansen@voorbeeldstad.nl graag.", "email", "jan.jansen@voorbeeldstad.nl"),
    ("Bel 06-12345678 na vijf uur.", "phone", "06-12345678"),
    ("Bel 06 12 34 56 78.", "phone", "06 12 34 56 78"),
    ("Bel +31 6 12345678.", "phone", "+31 6 12345678"),
    ("Bel +31 (0)6 1234 5678.", "phone", "+31 (0)6 1234 5678"),
    ("Bel 0031 6 12345678.", "phone", "0031 6 12345678"),
    ("Buurthuis: 010-1234567.", "phone", "010-1234567"),
    ("Buurthuis: (010) 123 45 67.", "phone", "(010) 123 45 67"),
    ("Kantoor 0570-123456.", "phone", "0570-123456"),
    ("Haar BSN is 111222333.", "bsn", "111222333"),
    ("Haar BSN is 1112.22.333.", "bsn", "1112.22.333"),
    ("Ze woont op 1234 AB 12, tweede hoog.", "address", "1234 AB 12"),
    ("Ze woont op 1234AB 12a.", "address", "1234AB 12a"),
    ("Hij woont in de Kerkstraat 12 sinds mei.", "address", "Kerkstraat 12"),
    ("Volgens mevrouw De Vries is het druk.", "name", "De Vries"),
    ("Meneer van den Berg kwam niet.", "name", "van den Berg"),
    ("Met mw. A. Jansen gesproken.", "name", "A. Jansen"),
    ("Met dhr. Yılmaz gesproken.", "name", "Yılmaz"),
    ("Volgens de heer Bakker van de gemeente.", "name", "Bakker"),
]


@pytest.mark.parametrize("text,kind,value", CASES)
def test_each_kind_is_found_with_its_span(text, kind, value):
    found = pii.findings(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [(kind, value)]
    assert found[0].label == pii.LABELS[kind]
    assert pii.pseudonymise(text) == text.replace(value, pii.PLACEHOLDERS[kind])


@pytest.mark.parametrize(
    "text",
    [
        "In 2023 en 2024 deden 1.200 mensen mee (50%); op 01-01-2024 10:00 begon het.",
        "Het getal 123456789 haalt de elfproef niet.",  # nine digits, but not a BSN
        "Meneer zei niets; mevrouw knikte. Meneer de wethouder was er ook.",
        "Postcodegebied 1234 en 12 deelnemers.",
        "Zie www.voorbeeldstad.nl voor meer.",
    ],
)
def test_ordinary_story_text_is_not_flagged(text):
    assert pii.findings(text) == []
    assert pii.pseudonymise(text) == text


def test_several_findings_in_one_text_are_all_replaced_and_listed_without_values():
    text = "Mevrouw El Amrani (06-12345678, a@b.nl) woont op 1234 AB 5; BSN 111222333."
    found = pii.findings(text)
    assert [f.kind for f in found] == ["name", "phone", "email", "address", "bsn"]
    assert pii.pseudonymise(text) == "Mevrouw [naam] ([telefoonnummer], [e-mail]) woont op [adres]; BSN [BSN]."
    sentence = pii.kinds_sentence(found)
    assert sentence == "een naam, een telefoonnummer, een e-mailadres, een adres en een BSN"
    assert not any(text[f.start : f.end] in sentence for f in found)


def test_findings_do_not_overlap_and_pseudonymise_is_stable():
    text = "mail 0612345678@sms.nl of 06-12345678"
    found = pii.findings(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    once = pii.pseudonymise(text)
    assert pii.findings(once) == [] and pii.pseudonymise(once) == once


def test_elfproef():
    assert pii.elfproef("111222333") and pii.elfproef("123456782")
    assert not pii.elfproef("123456789") and not pii.elfproef("000000000") and not pii.elfproef("12345678")


def test_empty_text():
    assert pii.findings("") == [] and pii.pseudonymise("") == "" and pii.findings(None) == []


SHY, ZWSP, ZWJ, WJ, NBSP = "\u00ad", "\u200b", "\u200d", "\u2060", "\u00a0"

# (text, kind, the span as it stands in the text) — every Dutch notation, and hidden characters inside
POSITIVES = [
    ("Bel 06.12.34.56.78 vandaag.", "phone", "06.12.34.56.78"),
    ("Bel 06 1234 5678 vandaag.", "phone", "06 1234 5678"),
    ("Bel 0612345678 vandaag.", "phone", "0612345678"),
    ("Bel 06-1234 5678 vandaag.", "phone", "06-1234 5678"),
    ("Bel +31612345678 vandaag.", "phone", "+31612345678"),
    ("Bel +31-6-12345678 vandaag.", "phone", "+31-6-12345678"),
    ("Bel 0031 (0)6 12 34 56 78 vandaag.", "phone", "0031 (0)6 12 34 56 78"),
    ("Bel +31 10 123 4567 vandaag.", "phone", "+31 10 123 4567"),
    ("Bel 010.123.45.67 vandaag.", "phone", "010.123.45.67"),
    ("Bel 010/1234567 vandaag.", "phone", "010/1234567"),
    ("Bel 0800-1234 gratis.", "phone", "0800-1234"),
    ("Bel 0\uff16-12345678 vandaag.", "phone", "0\uff16-12345678"),  # a full-width digit
    (f"Bel 06{SHY}-1234{SHY}5678 vandaag.", "phone", f"06{SHY}-1234{SHY}5678"),
    (f"Bel 06-123{ZWSP}45678 vandaag.", "phone", f"06-123{ZWSP}45678"),
    (f"Bel 06{NBSP}12{NBSP}34{NBSP}56{NBSP}78.", "phone", f"06{NBSP}12{NBSP}34{NBSP}56{NBSP}78"),
    ("Bel 06\u201112345678 vandaag.", "phone", "06\u201112345678"),  # a non-breaking hyphen
    ("BSN 123 456 782 staat erop.", "bsn", "123 456 782"),
    ("BSN 123.456.782 staat erop.", "bsn", "123.456.782"),
    ("BSN 12 34 56 782 staat erop.", "bsn", "12 34 56 782"),
    ("BSN 123-456-782 staat erop.", "bsn", "123-456-782"),
    (f"BSN 1112{SHY}22{ZWJ}333 staat erop.", "bsn", f"1112{SHY}22{ZWJ}333"),
    (f"BSN 111{WJ}222{WJ}333 staat erop.", "bsn", f"111{WJ}222{WJ}333"),
    ("Ze woont op 1234 ab.", "address", "1234 ab"),
    ("Ze woont op 1234ab 7.", "address", "1234ab 7"),
    ("Ze woont op 1234 Ab.", "address", "1234 Ab"),
    ("Stort op NL91ABNA0417164300 graag.", "iban", "NL91ABNA0417164300"),
    ("Stort op NL91 ABNA 0417 1643 00 graag.", "iban", "NL91 ABNA 0417 1643 00"),
    ("Stort op nl91abna0417164300 graag.", "iban", "nl91abna0417164300"),
    ("Stort op BE68 5390 0754 7034 graag.", "iban", "BE68 5390 0754 7034"),
    (f"Stort op NL91{SHY}ABNA{ZWSP}0417164300 graag.", "iban", f"NL91{SHY}ABNA{ZWSP}0417164300"),
]

NEGATIVES = [
    "Op 06-12-2024 14:00 begon de avond.",  # a date and a time, not a phone number
    "Op 06.12.2024 om 10.30 uur.",
    "Tussen 2020 en 2024 groeide het aantal met 0,5 procent.",
    "In 2024 en 2025 waren er 1500 km fietspad en 1200 ha natuur.",
    "Het nummer 123 456 789 haalt de elfproef niet.",
    "Rekening NL91ABNA0417164301 is fout (de controle klopt niet).",
    "Bel 06-1234567 (een cijfer te weinig).",
    "Bel +31 6 1234567 (een cijfer te weinig).",
    "De score was 7,5 bij 1.234 deelnemers; 12 procent had 06 op het rapport.",
    "Code 1234 SS bestaat niet als postcode.",
    "Wijk WK0363AF en buurt BU03630000 zijn CBS-codes.",
]


@pytest.mark.parametrize("text,kind,value", POSITIVES)
def test_every_notation_is_found_also_with_hidden_characters(text, kind, value):
    found = pii.findings(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [(kind, value)]
    assert pii.pseudonymise(text) == text.replace(value, pii.PLACEHOLDERS[kind])


@pytest.mark.parametrize("text", NEGATIVES)
def test_numbers_that_are_not_personal_data_are_left_alone(text):
    assert pii.findings(text) == []


def test_iban_check_and_normalised_text_keeps_positions():
    assert pii.iban_valid("NL91ABNA0417164300") and pii.iban_valid("GB82 WEST 1234 5698 7654 32")
    assert not pii.iban_valid("NL91ABNA0417164301") and not pii.iban_valid("NL91")
    text = f"a{SHY}b\uff11"
    clean, where = pii.normalise(text)
    assert clean == "ab1" and [text[i] for i in where] == ["a", "b", "\uff11"]
