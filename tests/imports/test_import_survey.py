"""Respondent-level survey files: weighted percentages, n, Wilson intervals on n_eff, suppression."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from kompas.imports.source import ROW_COLUMNS, ImportFileError
from kompas.imports.survey import METHOD_NOTE, aggregate_survey

STATS = ["value", "n", "n_eff", "ci_low", "ci_high", "se"]


def expected(answers_yes, weights):
    """The statistics computed independently: weighted p, Kish n_eff, Wilson on n_eff (in %)."""
    y = np.asarray(answers_yes, dtype=float)
    w = np.asarray(weights, dtype=float)
    p = (w * y).sum() / w.sum()
    n_eff = w.sum() ** 2 / (w**2).sum()
    z = norm.ppf(0.975)
    denominator = 1 + z**2 / n_eff
    centre = (p + z**2 / (2 * n_eff)) / denominator
    half = z / denominator * np.sqrt(p * (1 - p) / n_eff + z**2 / (4 * n_eff**2))
    return {
        "value": 100 * p,
        "n": len(y),
        "n_eff": n_eff,
        "ci_low": 100 * (centre - half),
        "ci_high": 100 * (centre + half),
        "se": 100 * np.sqrt(p * (1 - p) / n_eff),
    }


def assert_stats(row, want):
    for column in STATS:
        assert row[column] == pytest.approx(want[column], rel=1e-9), column


def write_csv(path, header, rows, sep=";", encoding="utf-8"):
    lines = [sep.join(header)] + [sep.join(str(v) for v in r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def panel(seed=3, size=240):
    """A small panel: wijk, age band, gender, answer and weight per respondent."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "wijk": rng.choice(["WK036300", "WK036301"], size, p=[0.6, 0.4]),
            "leeftijd": rng.choice(["18–34 jaar", "35–64 jaar", "65–74 jaar"], size),
            "geslacht": rng.choice(["vrouw", "man"], size),
            "eenzaam": rng.choice(["ja", "nee", "weet niet"], size, p=[0.3, 0.6, 0.1]),
            "weging": rng.uniform(0.3, 2.5, size).round(3),
        }
    )
    return frame


def one(rows, **where):
    mask = pd.Series(True, index=rows.index)
    for column, value in where.items():
        mask &= rows[column] == value
    assert mask.sum() == 1, where
    return rows[mask].iloc[0]


def test_unweighted_csv_with_commas(tmp_path):
    answers = ["ja"] * 24 + ["nee"] * 36 + [""] * 5  # empty answers are not in n
    path = write_csv(tmp_path / "panel.csv", ["id", "eenzaam"], [(i, a) for i, a in enumerate(answers)], sep=",")
    table = aggregate_survey(path, question="eenzaam", positive=["ja"], period="2024JJ00")
    assert len(table.rows) == 1
    row = table.rows.iloc[0]
    assert (row["measure"], row["period"], row["region"], row["marker"]) == ("eenzaam", "2024JJ00", "", "")
    assert_stats(row, expected([1] * 24 + [0] * 36, [1] * 60))
    assert list(table.rows.columns) == ROW_COLUMNS + ["n", "n_eff", "ci_low", "ci_high", "se"]
    assert table.problems == []


def test_weighted_csv_with_decimal_commas_and_cp1252(tmp_path):
    frame = panel()
    rows = [(r.wijk, r.eenzaam, str(r.weging).replace(".", ",")) for r in frame.itertuples()]
    path = write_csv(tmp_path / "panel.csv", ["wijk", "eenzaam", "weging"], rows, encoding="cp1252")
    table = aggregate_survey(
        path, question="eenzaam", positive=["ja"], weight="weging", area="wijk", municipality_code="GM0363"
    )
    total = one(table.rows, region="GM0363")
    assert_stats(total, expected(frame["eenzaam"] == "ja", frame["weging"]))
    for code, part in frame.groupby("wijk"):
        assert_stats(one(table.rows, region=code), expected(part["eenzaam"] == "ja", part["weging"]))
    assert total["ci_low"] < total["value"] < total["ci_high"]


def test_weights_widen_the_interval_through_n_eff(tmp_path):
    answers = ["ja", "nee"] * 50
    plain = aggregate_survey(
        write_csv(tmp_path / "a.csv", ["v"], [(a,) for a in answers]), question="v", positive=["ja"]
    ).rows.iloc[0]
    uneven = [(a, 3 if i % 4 == 0 else 1) for i, a in enumerate(answers)]
    weighted = aggregate_survey(
        write_csv(tmp_path / "b.csv", ["v", "w"], uneven), question="v", positive=["ja"], weight="w"
    ).rows.iloc[0]
    assert weighted["n"] == plain["n"] == 100
    assert weighted["ci_high"] - weighted["ci_low"] > plain["ci_high"] - plain["ci_low"]


def test_interval_stays_within_0_and_100(tmp_path):
    path = write_csv(tmp_path / "p.csv", ["v"], [("nee",)] * 59 + [("ja",)])
    row = aggregate_survey(path, question="v", positive=["ja"]).rows.iloc[0]
    assert 0 <= row["ci_low"] < row["value"] < row["ci_high"] <= 100
    assert_stats(row, expected([0] * 59 + [1], [1] * 60))


def test_small_cells_are_suppressed_without_any_number(tmp_path):
    rows = [("WK036300", "ja")] * 40 + [("WK036300", "nee")] * 30 + [("WK036301", "ja")] * 12
    path = write_csv(tmp_path / "p.csv", ["wijk", "v"], rows)
    table = aggregate_survey(path, question="v", positive=["ja"], area="wijk", municipality_code="GM0363", min_n=50)
    small = one(table.rows, region="WK036301")
    assert small["marker"] == "x"
    assert all(pd.isna(small[c]) for c in STATS + ["row"])
    assert not any(
        isinstance(v, (int, float)) and not pd.isna(v) and not isinstance(v, bool) for v in small.to_dict().values()
    )
    assert one(table.rows, region="WK036300")["n"] == 70
    assert one(table.rows, region="GM0363")["n"] == 82
    lower = aggregate_survey(path, question="v", positive=["ja"], area="wijk", min_n=10)
    assert one(lower.rows, region="WK036301")["value"] == 100


def test_groups_per_factor_at_municipality_level_and_per_area(tmp_path):
    frame = panel(size=600)
    path = tmp_path / "panel.csv"
    frame.to_csv(path, sep=";", index=False)
    groups = {"leeftijd": "leeftijd", "geslacht": "gender"}
    table = aggregate_survey(
        path,
        question="eenzaam",
        positive=["ja"],
        weight="weging",
        area="wijk",
        municipality_code="GM0363",
        groups=groups,
        min_n=20,
    )
    rows = table.rows
    assert {"dim:leeftijd", "dim:gender"} <= set(rows.columns)
    total = one(rows, region="GM0363", **{"dim:leeftijd": "", "dim:gender": ""})
    assert_stats(total, expected(frame["eenzaam"] == "ja", frame["weging"]))
    for value, part in frame.groupby("leeftijd"):
        row = one(rows, region="GM0363", **{"dim:leeftijd": value})
        assert row["dim:gender"] == ""
        assert_stats(row, expected(part["eenzaam"] == "ja", part["weging"]))
    for value, part in frame.groupby("geslacht"):
        assert_stats(
            one(rows, region="GM0363", **{"dim:gender": value}), expected(part["eenzaam"] == "ja", part["weging"])
        )
    assert not ((rows["dim:leeftijd"] != "") & (rows["dim:gender"] != "")).any()  # no cross tables
    assert not ((rows["region"] != "GM0363") & (rows["dim:leeftijd"] != "")).any()

    per_area = aggregate_survey(
        path,
        question="eenzaam",
        positive=["ja"],
        weight="weging",
        area="wijk",
        groups=groups,
        groups_per_area=True,
        min_n=20,
    ).rows
    part = frame[(frame["wijk"] == "WK036301") & (frame["leeftijd"] == "65–74 jaar")]
    assert_stats(
        one(per_area, region="WK036301", **{"dim:leeftijd": "65–74 jaar"}),
        expected(part["eenzaam"] == "ja", part["weging"]),
    )
    assert "GM0363" not in set(per_area["region"])
    assert len(per_area) == 2 * (1 + 3 + 2)


def test_excel_input(tmp_path):
    frame = panel(size=120)
    frame["eenzaam"] = frame["eenzaam"].map({"ja": 1, "nee": 2, "weet niet": 3})
    path = tmp_path / "panel.xlsx"
    frame.to_excel(path, index=False)
    table = aggregate_survey(path, question="eenzaam", positive=[1], weight="weging", municipality_code="GM0363")
    assert_stats(one(table.rows, region="GM0363"), expected(frame["eenzaam"] == 1, frame["weging"]))


def test_spss_with_value_labels(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = panel(size=300)
    codes = pd.DataFrame(
        {
            "wijk": frame["wijk"],
            "lft": frame["leeftijd"].map({"18–34 jaar": 1, "35–64 jaar": 2, "65–74 jaar": 3}).astype(float),
            "q12": frame["eenzaam"].map({"ja": 1, "nee": 2, "weet niet": 3}).astype(float),
            "weegfactor": frame["weging"],
        }
    )
    codes.loc[codes.index[:7], "q12"] = np.nan  # no answer: not in n
    path = tmp_path / "panel.sav"
    ages = {1: "18–34 jaar", 2: "35–64 jaar", 3: "65–74 jaar"}
    pyreadstat.write_sav(
        codes,
        str(path),
        column_labels={"q12": "Voelt u zich weleens eenzaam?"},
        variable_value_labels={"q12": {1: "Ja", 2: "Nee", 3: "Weet niet"}, "lft": ages},
    )
    answered = codes["q12"].notna()
    kwargs = {
        "question": "q12",
        "weight": "weegfactor",
        "municipality_code": "GM0363",
        "groups": {"lft": "leeftijd"},
        "min_n": 30,
    }
    by_label = aggregate_survey(path, positive=["Ja"], **kwargs)
    by_code = aggregate_survey(path, positive=[1], **kwargs)
    pd.testing.assert_frame_equal(by_label.rows, by_code.rows)
    assert by_label.measures["q12"].title == "Voelt u zich weleens eenzaam?"
    total = one(by_label.rows, **{"dim:leeftijd": ""})
    assert_stats(total, expected(codes["q12"][answered] == 1, codes["weegfactor"][answered]))
    older = answered & (codes["lft"] == 3)
    assert_stats(
        one(by_label.rows, **{"dim:leeftijd": "65–74 jaar"}),
        expected(codes["q12"][older] == 1, codes["weegfactor"][older]),
    )


def test_missing_column_is_named_with_the_ones_that_exist(tmp_path):
    path = write_csv(tmp_path / "p.csv", ["wijk", "eenzaam"], [("WK036300", "ja")])
    with pytest.raises(ImportFileError) as raised:
        aggregate_survey(path, question="eenzaam", positive=["ja"], weight="weegfactor")
    message = str(raised.value)
    assert "'weegfactor' staat niet in het bestand" in message
    assert "Wel aanwezig: wijk, eenzaam" in message
    assert raised.value.problem.column == "weegfactor"


def test_bad_weights_are_row_problems_and_left_out(tmp_path):
    rows = [("ja", "1")] * 30 + [("nee", "1")] * 30 + [("ja", "-2"), ("ja", "veel")]
    path = write_csv(tmp_path / "p.csv", ["v", "weging"], rows)
    table = aggregate_survey(path, question="v", positive=["ja"], weight="weging")
    assert table.rows.iloc[0]["n"] == 60 and table.rows.iloc[0]["value"] == 50
    assert [(p.row, p.column) for p in table.problems] == [(62, "weging"), (63, "weging")]
    assert "negatief" in table.problems[0].message and "geen getal" in table.problems[1].message
    assert "rij 62, kolom weging" in str(table.problems[0])


def test_positive_answer_that_never_occurs_refuses_the_file(tmp_path):
    path = write_csv(tmp_path / "p.csv", ["v"], [("ja",), ("nee",)] * 30)
    with pytest.raises(ImportFileError) as raised:
        aggregate_survey(path, question="v", positive=["Jaa"])
    assert raised.value.problem.column == "v"
    assert "'Jaa'" in str(raised.value) and "tikfout" in str(raised.value)


def test_one_of_several_positive_answers_missing_is_a_note(tmp_path):
    path = write_csv(tmp_path / "p.csv", ["v"], [("ja",), ("nee",)] * 30)
    table = aggregate_survey(path, question="v", positive=["ja", "Jaa"])
    assert table.problems == [] and any("'Jaa'" in note and "tikfout" in note for note in table.notes)
    assert table.rows.iloc[0]["value"] == 50


def test_unknown_factor_is_refused():
    with pytest.raises(ValueError, match="Onbekende diversiteitsfactor 'etniciteit'"):
        aggregate_survey("whatever.csv", question="v", positive=["ja"], groups={"herkomst": "etniciteit"})


@pytest.mark.parametrize("content", [b"", b"v;weging\r\n", b"v;weging\r\n\r\n;\r\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "leeg.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match="leeg|geen respondenten"):
        aggregate_survey(path, question="v", positive=["ja"])


def test_unreadable_files(tmp_path):
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(b"dit is geen Excel-bestand")
    with pytest.raises(ImportFileError, match="niet te lezen"):
        aggregate_survey(broken, question="v", positive=["ja"])
    other = tmp_path / "panel.dta"
    other.write_bytes(b"\x00\x01")
    with pytest.raises(ImportFileError, match="ken ik niet"):
        aggregate_survey(other, question="v", positive=["ja"])


def test_progress_and_method_note(tmp_path):
    path = write_csv(tmp_path / "p.csv", ["v"], [("ja",)] * 60)
    seen = []
    aggregate_survey(path, question="v", positive=["ja"], progress=seen.append)
    assert seen[0] == 0 and seen[-1] == 1 and seen == sorted(seen)
    assert "Wilson" in METHOD_NOTE and "{min_n}" in METHOD_NOTE
