"""Personal data in stories: each kind is found with its span, and pseudonymising replaces only it."""

import itertools

import pytest

from kompas import pii

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
    assert [(f.kind, text[f.start:f.end]) for f in found] == [(kind, value)]
    assert found[0].label == pii.LABELS[kind]
    assert pii.pseudonymise(text) == text.replace(value, pii.PLACEHOLDERS[kind])


@pytest.mark.parametrize("text", [
    "In 2023 en 2024 deden 1.200 mensen mee (50%); op 01-01-2024 10:00 begon het.",
    "Het getal 123456789 haalt de elfproef niet.",  # nine digits, but not a BSN
    "Meneer zei niets; mevrouw knikte. Meneer de wethouder was er ook.",
    "Postcodegebied 1234 en 12 deelnemers.",
    "Zie www.voorbeeldstad.nl voor meer.",
])
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
    assert not any(text[f.start:f.end] in sentence for f in found)


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
