"""What a respondent file holds beside the respondents: platform header rows, 'weet niet' answers,
SPSS declared missing values; and row numbers as the user sees them."""

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

from kompas.imports.survey import aggregate_survey

CASES = Path(__file__).parents[1] / "cases" / "imports"
QUALTRICS = ['"{""ImportId"":""QID1""}"', '"{""ImportId"":""QID2""}"', '"{""ImportId"":""weight""}"']


def case(folder):
    """The case's input file and the survey options of its mapping."""
    folder = CASES / folder
    return folder / "input.csv", yaml.safe_load((folder / "mapping.yaml").read_text())["survey"]


def write_lines(path, lines):
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def only(rows, region):
    match = rows[rows["region"] == region]
    assert len(match) == 1
    return match.iloc[0]


def test_platform_header_rows_are_skipped_case_15():
    path, options = case("15-survey-export-with-extra-header-rows")
    table = aggregate_survey(path, **options)
    wijk = only(table.rows, "WK999901")
    assert (wijk["value"], wijk["n"]) == (70.0, 120)
    assert table.problems == []
    assert set(table.rows["region"]) == {"GM9999", "WK999901"}
    note = next(n for n in table.notes if "rij 2 en 3" in n)
    assert "vraagtekst" in note and "import-id's" in note and "overgeslagen" in note


def test_row_numbers_count_the_skipped_header_rows(tmp_path):
    lines = ["wijk,thuis,gewicht", "Wijk,Voelt u zich thuis in uw buurt?,Weegfactor", ",".join(QUALTRICS)]
    lines += ["WK01,eens,1"] * 30 + ["WK01,oneens,1"] * 30 + ["WK01,eens,-1", "WK01,oneens,veel"]
    table = aggregate_survey(
        write_lines(tmp_path / "export.csv", lines), question="thuis", positive=["eens"], weight="gewicht"
    )
    assert [(p.row, p.column) for p in table.problems] == [(64, "gewicht"), (65, "gewicht")]
    assert (table.rows.iloc[0]["value"], table.rows.iloc[0]["n"]) == (50.0, 60)


def test_a_question_text_row_in_an_excel_export(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Q1", "Q2", "gewicht"])
    sheet.append(["In welke wijk woont u?", "Hoe tevreden bent u over de buurt?", "Weegfactor"])
    for answer, weight in [("tevreden", 1.5)] * 40 + [("ontevreden", 0.5)] * 40 + [("tevreden", "?")]:
        sheet.append(["WK01", answer, weight])
    path = tmp_path / "export.xlsx"
    book.save(path)
    table = aggregate_survey(path, question="Q2", positive=["tevreden"], area="Q1", weight="gewicht")
    assert (table.rows.iloc[0]["value"], table.rows.iloc[0]["n"]) == (75.0, 80)
    assert [(p.row, p.column) for p in table.problems] == [(83, "gewicht")]
    assert any("rij 2 onder de kolomnamen is een kopregel" in n and "vraagtekst" in n for n in table.notes)


@pytest.mark.parametrize(
    "first, positive",
    [
        ("Noord,zeer tevreden over de buurt en de mensen,1", ["eens"]),  # unique and long, but alone
        ("Oude Centrum Oost,helemaal mee eens,1", ["eens", "Helemaal mee eens"]),  # an answer the mapping names
    ],
)
def test_a_first_respondent_is_never_taken_for_a_header_row(tmp_path, first, positive):
    lines = ["buurt,thuis,gewicht", first] + ["Noord,eens,1", "Zuid,oneens,1"] * 30
    table = aggregate_survey(
        write_lines(tmp_path / "p.csv", lines), question="thuis", positive=positive, weight="gewicht"
    )
    assert table.rows.iloc[0]["n"] == 61
    assert not any("kopregel" in n for n in table.notes)


def test_dont_know_left_out_of_the_base_with_exclude_case_16():
    path, options = case("16-survey-dont-know-answers")
    assert options["exclude"] == ["weet niet"]
    table = aggregate_survey(path, **options)
    wijk = only(table.rows, "WK999902")
    assert (wijk["value"], wijk["n"]) == (75.0, 80)
    assert any("20 antwoord(en) ('weet niet': 20) tellen niet mee" in n for n in table.notes)
    assert not any(n.startswith("Let op") for n in table.notes)


def test_without_exclude_a_dont_know_answer_counted_as_no_is_a_warning_case_16():
    path, options = case("16-survey-dont-know-answers")
    del options["exclude"]
    table = aggregate_survey(path, **options)
    assert only(table.rows, "WK999902")["value"] == 60.0
    warning = next(n for n in table.notes if n.startswith("Let op:"))
    assert "kolom vraag" in warning and "'weet niet': 20" in warning
    assert 'exclude: ["weet niet"]' in warning


@pytest.mark.parametrize(
    "answer, warned",
    [
        ("Geen mening", True),
        ("N.v.t.", True),
        ("Wil ik niet zeggen", True),
        ("onbekend", True),
        ("Weet ik niet", True),
        ("Niet eens", False),
        ("Nee", False),
        ("neutraal", False),
    ],
)
def test_which_answers_read_as_dont_know(tmp_path, answer, warned):
    lines = ["v"] + ["ja", "nee"] * 30 + [answer] * 3
    table = aggregate_survey(write_lines(tmp_path / "p.csv", lines), question="v", positive=["ja"])
    assert any(n.startswith("Let op:") and f"'{answer}': 3" in n for n in table.notes) == warned


def test_exclude_checks(tmp_path):
    path = write_lines(tmp_path / "p.csv", ["v"] + ["ja", "nee", "geen mening"] * 30)
    with pytest.raises(ValueError, match="zowel bij positive als bij exclude"):
        aggregate_survey(path, question="v", positive=["ja"], exclude=["JA"])
    table = aggregate_survey(path, question="v", positive=["ja"], exclude=["Geen Mening", "weet nie"])
    assert (table.rows.iloc[0]["value"], table.rows.iloc[0]["n"]) == (50.0, 60)
    assert any("'weet nie'" in n and "tikfout" in n for n in table.notes)


def write_sav(path, answers, missing=None, labels=None):
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = pd.DataFrame({"wijk": ["WK01"] * len(answers), "q": np.asarray(answers, dtype=float)})
    pyreadstat.write_sav(
        frame,
        str(path),
        missing_ranges=missing or {},
        variable_value_labels={
            "q": labels or {1: "Ja", 2: "Nee", 8: "Weet niet", 9: "Wil ik niet zeggen", 99: "Vraag overgeslagen"}
        },
    )
    return path


def test_spss_declared_missing_values_and_ranges_are_not_in_the_base(tmp_path):
    answers = [1] * 60 + [2] * 20 + [8] * 5 + [9] * 5 + [99] * 10
    declared = write_sav(tmp_path / "declared.sav", answers, missing={"q": [{"lo": 8, "hi": 9}, 99]})
    table = aggregate_survey(declared, question="q", positive=["Ja"], area="wijk", min_n=10)
    assert (only(table.rows, "WK01")["value"], only(table.rows, "WK01")["n"]) == (75.0, 80)
    note = next(n for n in table.notes if "gedeclareerd als ontbrekend" in n)
    assert "20 antwoord(en)" in note and "99 'Vraag overgeslagen': 10" in note and "8 'Weet niet': 5" in note
    assert not any(n.startswith("Let op") for n in table.notes)

    plain = write_sav(tmp_path / "plain.sav", answers)  # the same codes, nothing declared missing
    table = aggregate_survey(plain, question="q", positive=[1], area="wijk", min_n=10)
    assert only(table.rows, "WK01")["n"] == 100
    warning = next(n for n in table.notes if n.startswith("Let op:"))
    assert "'8' (Weet niet): 5" in warning and "'9' (Wil ik niet zeggen): 5" in warning
    assert "Vraag overgeslagen" not in warning


def test_spss_string_missing_value_in_the_area_column(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = pd.DataFrame({"wijk": ["WK01"] * 60 + ["ZZ"] * 10, "q": ["ja", "nee"] * 35})
    path = tmp_path / "wijk.sav"
    pyreadstat.write_sav(frame, str(path), missing_ranges={"wijk": ["ZZ"]})
    table = aggregate_survey(path, question="q", positive=["ja"], area="wijk", municipality_code="GM9999", min_n=10)
    assert set(table.rows["region"]) == {"GM9999", "WK01"}
    assert only(table.rows, "GM9999")["n"] == 70 and only(table.rows, "WK01")["n"] == 60
    assert any("kolom wijk: 10 antwoord(en)" in n for n in table.notes)


def test_a_row_repeating_one_label_is_a_header_row(tmp_path):
    lines = ["wijk,tevreden,veilig,opmerking", ",Response,Response,Open-Ended Response"]
    lines += ["WK01,ja,nee,Meer groen graag in de straat", "WK01,nee,ja,"] * 30
    table = aggregate_survey(write_lines(tmp_path / "monkey.csv", lines), question="tevreden", positive=["ja"])
    assert (table.rows.iloc[0]["value"], table.rows.iloc[0]["n"]) == (50.0, 60)
    assert any("rij 2 onder de kolomnamen is een kopregel" in n for n in table.notes)


def test_question_text_over_two_lines_is_one_row_as_in_excel(tmp_path):
    question = '"Wijk","Voelt u zich thuis?\nKies één antwoord.","Weegfactor"'
    lines = ["wijk,thuis,gewicht", question, ",".join(QUALTRICS)]
    lines += ["WK01,eens,1", "WK01,oneens,1"] * 30 + ["WK01,eens,nul"]
    table = aggregate_survey(
        write_lines(tmp_path / "p.csv", lines), question="thuis", positive=["eens"], weight="gewicht"
    )
    assert [p.row for p in table.problems] == [64]  # 1 header + 2 platform rows + 60 respondents + 1
    assert any("rij 2 en 3" in n for n in table.notes)
