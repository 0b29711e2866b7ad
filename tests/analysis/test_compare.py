import math
from datetime import date

import openpyxl
import pandas as pd
import pytest
from scipy import stats

from kompas.analysis import compare
from kompas.domain.errors import NotFoundError
from kompas.domain.model import Area, Indicator, Node, Note, Observation, Programme, Wave
from kompas.reports import compare_export
from kompas.store import areas, indicators, observations, stories, toc

Z = stats.norm.ppf(0.975)
OLD, NEW = "Monitor 2023", "Monitor 2025"


def se_from_ci(low, high):
    return (high - low) / (2 * Z)


def by_hand(before, after):
    """(diff, se, p) for two figures given as (value, ci_low, ci_high) or (value, se)."""
    se_a = before[1] if len(before) == 2 else se_from_ci(*before[1:])
    se_b = after[1] if len(after) == 2 else se_from_ci(*after[1:])
    diff, se = after[0] - before[0], math.hypot(se_a, se_b)
    return diff, se, 2 * stats.norm.sf(abs(diff) / se)


def obs(indicator, wave, area, value, n=None, ci=None, se=None, group=("totaal", "totaal")):
    low, high = ci or (None, None)
    return Observation(indicator, wave, area, group[0], group[1], value, n, low, high, se)


@pytest.fixture
def tiny(empty_store):
    """Teststad: two wijken (Oud exists only in the first wave), three indicators, four waves."""
    s = empty_store
    toc.save_programme(s, Programme("samen", "Samen leven"))
    toc.save_node(s, Node("oc_thuis", "samen", "outcome", "Inwoners voelen zich thuis"))
    areas.save_areas(
        s,
        [
            Area("GM0001", "Teststad", "gemeente"),
            Area("WK000101", "Oud", "wijk", "GM0001"),
            Area("WK000102", "Nieuw", "wijk", "GM0001"),
        ],
    )
    for ind in (
        Indicator(
            "thuis",
            "oc_thuis",
            "outcome",
            "Voelt zich thuis",
            "procent",
            "hoger",
            "Monitor",
            target_value=80,
            target_year=2027,
        ),
        Indicator(
            "spanning",
            "oc_thuis",
            "outcome",
            "Ervaart spanningen",
            "procent",
            "lager",
            "Monitor",
            target_value=10,
            target_year=2027,
            caveat="De vraag is in 2025 anders gesteld.",
        ),
        Indicator("ontmoet", "oc_thuis", "output", "Aantal ontmoetingen", "aantal", "hoger", "Welzijn"),
    ):
        indicators.save_indicator(s, ind)
    for wave in (
        Wave("m2021", "Monitor", "Monitor 2021", date(2021, 9, 1), date(2021, 11, 30), "Online", "18+"),
        Wave("m2023", "Monitor", OLD, date(2023, 9, 1), date(2023, 11, 30), "Online", "18+"),
        Wave("m2025", "Monitor", NEW, date(2025, 3, 1), date(2025, 5, 31), "Online en op papier", "18+"),
        Wave("p2025", "Panel", "Panel 2025", date(2025, 3, 1), date(2025, 3, 31), "Online", "18+"),
    ):
        indicators.save_wave(s, wave)

    def age(v):
        return ("leeftijd", v)

    observations.save_observations(
        s,
        [
            obs("thuis", "m2021", "GM0001", 69, 1000, (67, 71)),
            obs("thuis", "m2023", "GM0001", 70, 1000, (68, 72)),  # significant rise
            obs("thuis", "m2025", "GM0001", 75, 1000, (73, 77)),
            obs("thuis", "m2023", "GM0001", 70, 200, se=3.0, group=age("18–34 jaar")),  # not significant
            obs("thuis", "m2025", "GM0001", 71, 200, se=3.0, group=age("18–34 jaar")),
            obs("thuis", "m2023", "GM0001", 70, 300, (68, 72), group=age("35–64 jaar")),
            obs("thuis", "m2025", "GM0001", 80, 300, (78, 82), group=age("35–64 jaar")),
            obs("thuis", "m2023", "GM0001", 60, 30, (42, 78), group=age("75 jaar en ouder")),  # too small in 2023
            obs("thuis", "m2025", "GM0001", 50, 60, (37, 63), group=age("75 jaar en ouder")),
            # a second small group in both waves, so secondary suppression (one hidden group takes the smallest
            # other one with it) leaves 18–34 visible in 2023; in 2025 it hides 75+ instead
            obs("thuis", "m2023", "GM0001", 66, 20, (45, 87), group=age("65–74 jaar")),
            obs("thuis", "m2025", "GM0001", 67, 20, (46, 88), group=age("65–74 jaar")),
            obs("thuis", "m2025", "GM0001", 76, 500, (72, 80), group=("gender", "vrouw")),  # only in 2025
            obs("thuis", "m2023", "WK000101", 68, 400, (64, 72)),  # Oud: only in 2023
            obs("thuis", "m2023", "WK000102", 72, 500, (70, 74)),  # p < 0.05 alone, not after BH
            obs("thuis", "m2025", "WK000102", 74.9, 500, (72.9, 76.9)),
            obs("thuis", "p2025", "GM0001", 74, 400, (70, 78)),
            obs("spanning", "m2023", "GM0001", 20, 1000, (18, 22)),  # down: better for 'lager'
            obs("spanning", "m2025", "GM0001", 15, 1000, (13, 17)),
            obs("spanning", "m2023", "WK000102", 12, 500, (10, 14)),  # up: worse
            obs("spanning", "m2025", "WK000102", 18, 500, (16, 20)),
            obs("spanning", "m2023", "GM0001", 9, 300, (7, 11), group=age("18–34 jaar")),  # under the target
            obs("spanning", "m2025", "GM0001", 8, 300, (6, 10), group=age("18–34 jaar")),
            obs("ontmoet", "m2023", "GM0001", 40),  # no uncertainty at all
            obs("ontmoet", "m2025", "GM0001", 55),
        ],
    )
    return s


def row(frame, indicator, area="GM0001", group="totaal"):
    found = frame[(frame["indicator_id"] == indicator) & (frame["area_code"] == area) & (frame["group_value"] == group)]
    assert len(found) == 1, found
    return found.iloc[0]


def test_significant_change_matches_hand_computation(tiny):
    result = compare.compare_waves(tiny, OLD, NEW)
    r = row(result, "thuis")
    diff, se, p = by_hand((70, 68, 72), (75, 73, 77))
    assert (r["value_from"], r["value_to"], r["n_from"], r["n_to"]) == (70, 75, 1000, 1000)
    assert r["diff"] == pytest.approx(diff)
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(diff - Z * se), pytest.approx(diff + Z * se))
    assert r["p_value"] == pytest.approx(p) and p < 0.001
    assert r["significant"] and r["significant_fdr"] and r["verdict"] == "beter"


def test_change_within_the_margin_is_equal(tiny):
    r = row(compare.compare_waves(tiny, OLD, NEW), "thuis", group="18–34 jaar")
    diff, se, p = by_hand((70, 3.0), (71, 3.0))  # se given directly
    assert r["p_value"] == pytest.approx(p) and p > 0.5
    assert r["ci_low"] == pytest.approx(diff - Z * se) and r["ci_low"] < 0 < r["ci_high"]
    assert not r["significant"] and r["verdict"] == "gelijk"


def test_without_uncertainty_nothing_is_said_about_chance(tiny):
    r = row(compare.compare_waves(tiny, OLD, NEW), "ontmoet")
    assert r["diff"] == 15 and math.isnan(r["p_value"]) and math.isnan(r["q_value"])
    assert pd.isna(r["significant"]) and pd.isna(r["significant_fdr"])
    assert math.isnan(r["ci_low"]) and r["verdict"] == "zonder_marge"  # no word about chance, as on every page
    assert any("geen foutmarge" in w for w in r["warnings"]) and "geen foutmarge" in r["verdict_text"]


def test_small_group_in_either_wave_carries_no_values(tiny):
    r = row(compare.compare_waves(tiny, OLD, NEW), "thuis", group="75 jaar en ouder")
    # too small in 2023 (n=30); in 2025 hidden by secondary suppression (the 65–74 group is too small)
    assert r["suppressed"] and pd.isna(r["n_from"]) and pd.isna(r["n_to"])
    for column in ("value_from", "value_to", "diff", "se", "ci_low", "ci_high", "p_value", "q_value", "target_gap"):
        assert math.isnan(r[column]), column
    assert pd.isna(r["significant"]) and r["verdict"] == "verborgen"  # hidden, not an uncertain change
    small = [w for w in r["warnings"] if "te klein om te tonen" in w]
    assert len(small) == 1 and "in Monitor 2023 (minimaal 50" in small[0]
    assert "30" not in small[0]  # the hidden group's n is not told either
    # in 2025 its own n was large enough: the warning says why it is hidden, without "minimaal 50"
    guarded = [w for w in r["warnings"] if "niet terug te rekenen" in w]
    assert len(guarded) == 1 and "Monitor 2025" in guarded[0] and "minimaal" not in guarded[0]


def test_bh_q_values_equal_scipy_on_the_same_p_values(tiny):
    result = compare.compare_waves(tiny, OLD, NEW)
    tested = result[result["p_value"].notna()]
    assert len(tested) == 7  # the suppressed group and the count without uncertainty are not tested
    expected = stats.false_discovery_control(tested["p_value"].to_numpy(), method="bh")
    assert list(tested["q_value"]) == pytest.approx(list(expected))
    assert (tested["q_value"] >= tested["p_value"]).all()
    assert list(tested["significant_fdr"]) == list(expected < 0.05)
    # Significant on its own, but not once seven changes are looked at together: 'niet zeker', never 'gelijk'.
    r = row(result, "thuis", area="WK000102")
    _, _, p = by_hand((72, 70, 74), (74.9, 72.9, 76.9))
    assert r["p_value"] == pytest.approx(p) and p < 0.05 and r["significant"] and r["ci_low"] > 0
    assert r["q_value"] > 0.05 and not r["significant_fdr"] and r["verdict"] == "niet_zeker"
    assert r["adj_low"] < 0 < r["adj_high"] and "na correctie voor 7 vergelijkingen" in r["verdict_text"]
    real = tested[tested["significant_fdr"].astype(bool)]
    assert len(real) and ((real["adj_low"] > 0) | (real["adj_high"] < 0)).all()
    assert "Benjamini-Hochberg" in compare.FDR_NOTE


def test_verdict_follows_direction_for_lower_is_better(tiny):
    result = compare.compare_waves(tiny, OLD, NEW)
    assert row(result, "spanning")["verdict"] == "beter"  # 20 → 15
    assert row(result, "spanning", area="WK000102")["verdict"] == "slechter"  # 12 → 18


def test_target_gap_is_positive_while_still_to_go(tiny):
    result = compare.compare_waves(tiny, OLD, NEW)
    assert row(result, "thuis")["target_gap"] == pytest.approx(80 - 75)  # higher is better, 5 to go
    assert row(result, "thuis", group="35–64 jaar")["target_gap"] == pytest.approx(80 - 80)
    assert row(result, "spanning")["target_gap"] == pytest.approx(15 - 10)  # lower is better, 5 to go
    assert row(result, "spanning", group="18–34 jaar")["target_gap"] == pytest.approx(-2)  # 8 < 10: reached
    assert math.isnan(row(result, "ontmoet")["target_gap"])  # no target


def test_warnings_for_method_caveat_and_source(tiny):
    result = compare.compare_waves(tiny, OLD, NEW)
    method = [n for n in result.attrs["notes"] if n.startswith("De methode verschilt")]  # told once, at the top
    assert len(method) == 1 and "Online en op papier" in method[0]
    assert not any("methode" in w for ws in result["warnings"] for w in ws)
    assert any("anders gesteld" in w for w in row(result, "spanning")["warnings"])
    assert not any("anders gesteld" in w for w in row(result, "thuis")["warnings"])
    same = compare.compare_waves(tiny, "Monitor 2021", OLD)
    assert row(same, "thuis")["warnings"] == []
    other = compare.compare_waves(tiny, OLD, "Panel 2025")
    assert len(other) == 1 and any("verschillende bronnen" in n for n in other.attrs["notes"])


def test_rows_only_in_one_wave_are_named_not_compared(tiny):
    result = compare.compare_waves(tiny, OLD, NEW)
    assert "WK000101" not in set(result["area_code"]) and "vrouw" not in set(result["group_value"])
    lonely = compare.only_in_one(tiny, OLD, NEW)
    assert len(lonely) == 2
    oud = lonely[lonely["area_code"] == "WK000101"].iloc[0]
    assert (oud["present_in"], oud["missing_in"], oud["area_name"]) == (OLD, NEW, "Oud")
    vrouw = lonely[lonely["group_value"] == "vrouw"].iloc[0]
    assert (vrouw["present_in"], vrouw["missing_in"]) == (NEW, OLD)


def test_filters_and_bad_wave_labels(tiny):
    assert set(compare.compare_waves(tiny, OLD, NEW, indicator_ids=["spanning"])["indicator_id"]) == {"spanning"}
    assert set(compare.compare_waves(tiny, OLD, NEW, area_codes=["WK000102"])["area_code"]) == {"WK000102"}
    assert len(compare.compare_waves(tiny, OLD, NEW, programme_id="samen")) == 10
    assert compare.compare_waves(tiny, OLD, NEW, programme_id="bestaat_niet").empty
    assert compare.only_in_one(tiny, OLD, NEW, area_codes=["GM0001"])["group_value"].tolist() == ["vrouw"]
    with pytest.raises(NotFoundError):
        compare.compare_waves(tiny, OLD, "Monitor 2099")
    with pytest.raises(ValueError, match="twee verschillende metingen"):
        compare.compare_waves(tiny, OLD, OLD)
    assert compare.previous_wave(tiny, NEW) == OLD and compare.previous_wave(tiny, "Monitor 2021") is None


def test_for_whom_orders_groups_by_distance_from_the_total(tiny):
    result = compare.compare_waves(tiny, OLD, NEW)
    before = result.copy()
    whom = compare.for_whom(tiny, result)
    pd.testing.assert_frame_equal(result, before)  # the input is not changed
    thuis = whom[whom["indicator_id"] == "thuis"]
    # 35–64 rose 10 while the total rose 5: beyond the margin of that difference; 18–34 (+1) is not
    assert list(thuis["group_value"]) == ["35–64 jaar"] and list(thuis["diff_vs_total"]) == pytest.approx([5])
    _, se_group, _ = by_hand((70, 68, 72), (80, 78, 82))
    _, se_total, _ = by_hand((70, 68, 72), (75, 73, 77))
    assert thuis["ci_low_vs_total"].iloc[0] == pytest.approx(5 - Z * math.hypot(se_group, se_total))
    # Nieuw: tensions rose 6 while the town's fell 5, set against the town
    nieuw = whom[(whom["indicator_id"] == "spanning") & (whom["area_code"] == "WK000102")].iloc[0]
    assert nieuw["of_area_name"] == "Teststad" and nieuw["diff_vs_total"] == pytest.approx(11)
    assert nieuw["verdict"] == "anders"


def _story(title, day, visibility="openbaar", indicator="thuis", area="WK000102"):
    return Note(
        title,
        "Wat bewoners vertelden.",
        day,
        "wijkgesprek",
        visibility,
        True,
        area_code=area,
        indicator_ids=(indicator,),
    )


def test_stories_within_either_wave_period_for_the_audience(tiny):
    ids = {
        t: stories.save_note(tiny, _story(t, d, v, i, a))
        for t, d, v, i, a in [
            ("begin 2023", date(2023, 9, 1), "openbaar", "thuis", "WK000101"),
            ("eind 2025", date(2025, 5, 31), "werkgroep", "thuis", "WK000102"),
            ("tussendoor", date(2024, 6, 1), "openbaar", "thuis", None),
            ("te vroeg", date(2020, 1, 1), "openbaar", "thuis", None),
            ("andere indicator", date(2023, 10, 2), "openbaar", "spanning", None),
            ("intern", date(2025, 4, 20), "intern", "thuis", None),
        ]
    }

    def found(*a, **k):
        return set(compare.stories_for(tiny, *a, **k)["title"])

    assert found("thuis", OLD, NEW, "openbaar") == {"begin 2023"}
    assert found("thuis", OLD, NEW, "werkgroep") == {"begin 2023", "eind 2025"}
    assert found("thuis", OLD, NEW, "werkgroep", include_between=True) == {"begin 2023", "eind 2025", "tussendoor"}
    nieuw = row(compare.compare_waves(tiny, OLD, NEW), "thuis", area="WK000102")
    assert found(nieuw, OLD, NEW, "werkgroep") == {"eind 2025"}  # a row narrows to its area
    labelled = compare.stories_for(tiny, "thuis", OLD, NEW, "werkgroep").set_index("id")["wave_label"]
    assert labelled[ids["begin 2023"]] == OLD and labelled[ids["eind 2025"]] == NEW


def test_export_csv_round_trip(tiny, tmp_path):
    result = compare.compare_waves(tiny, OLD, NEW)
    path = compare_export.export(result, tmp_path / "vergelijking.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert len(back) == len(result)
    assert {"Indicator", "Gebied", "Groep", "Verschil", "q-waarde (gecorrigeerd)", "Waarschuwingen"} <= set(back)
    assert list(back["Verschil"]) == pytest.approx(list(result["diff"]), nan_ok=True)
    assert list(back["Waarde tweede meting"]) == pytest.approx(list(result["value_to"]), nan_ok=True)
    assert list(back["Waarschuwingen"].fillna("")) == [" | ".join(w) for w in result["warnings"]]
    assert ";" in path.read_text(encoding="utf-8-sig").splitlines()[0]


def test_export_xlsx_and_refuses_other_suffixes(tiny, tmp_path):
    result = compare.compare_waves(tiny, OLD, NEW)
    path = compare_export.export(result, tmp_path / "vergelijking.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Vergelijking"]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["Indicatorcode", "Indicator"] and "Oordeel" in headers
    assert sheet.max_row == len(result) + 1
    column = headers.index("Verschil")
    assert [r[column] for r in sheet.iter_rows(min_row=2, values_only=True)] == pytest.approx(
        [None if math.isnan(d) else d for d in result["diff"]]
    )
    assert compare.FDR_NOTE in [c.value for c in book["Toelichting"]["A"]]
    with pytest.raises(ValueError, match=r"\.csv of \.xlsx"):
        compare_export.export(result, tmp_path / "vergelijking.pdf")


def test_demo_veiligheidsmonitor_2023_to_2025(store):
    """The demo has real changes both ways and changes within the margin, each labelled so."""
    result = compare.compare_waves(store, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025")
    assert result["significant_fdr"].eq(True).any() and result["significant_fdr"].eq(False).any()
    assert {"beter", "slechter", "gelijk"} <= set(result["verdict"])
    assert (result["q_value"].dropna() >= result["p_value"].dropna()).all()
    assert row(result, "samenhang", area="GM9999")["verdict"] == "beter"
    assert row(result, "discriminatie", area="GM9999")["verdict"] == "slechter"  # 'lager is beter', and it rose
    stored = store.df(
        "SELECT wave_id, value, ci_low, ci_high FROM observations WHERE indicator_id = 'thuis_buurt' "
        "AND area_code = 'WK999906' AND group_factor = 'totaal' ORDER BY wave_id"
    )
    old, new = (
        tuple(stored[stored["wave_id"] == w][["value", "ci_low", "ci_high"]].iloc[0]) for w in ("vm2023", "vm2025")
    )
    haven = row(result, "thuis_buurt", area="WK999906")
    diff, _, p = by_hand(old, new)
    assert haven["diff"] == pytest.approx(diff) and haven["p_value"] == pytest.approx(p)
    assert haven["significant_fdr"] == (haven["q_value"] < compare.ALPHA)
    assert any("Havenkwartier" in n for n in result.attrs["notes"])  # the new-build population note, once
    small = row(result, "thuis_buurt", area="WK999906", group="75 jaar en ouder")
    assert small["suppressed"] and math.isnan(small["value_to"])
    assert compare.only_in_one(store, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025").empty


def test_nothing_in_common_gives_empty_frames_that_still_export(tiny, tmp_path):
    result = compare.compare_waves(tiny, "Monitor 2021", OLD, indicator_ids=["spanning"])
    assert result.empty and "verdict" in result and compare.for_whom(tiny, result).empty
    assert compare.only_in_one(tiny, "Monitor 2021", OLD, indicator_ids=["spanning"])["present_in"].eq(OLD).all()
    header = compare_export.export(result, tmp_path / "leeg.csv").read_text(encoding="utf-8-sig")
    assert header.startswith("Indicatorcode;Indicator;")


def test_changed_question_wording_is_a_warning_beside_the_figure(store):
    result = compare.compare_waves(
        store, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025", indicator_ids=["spanningen", "thuis_buurt"]
    )
    spanning = row(result, "spanningen", area="GM9999")
    assert any(
        w.startswith("Niet vergelijkbaar: de vraag is anders gesteld") and "botsen" in w for w in spanning["warnings"]
    )
    assert spanning["verdict"] == "niet_vergelijkbaar" and "botsen" in spanning["verdict_text"]
    thuis = row(result, "thuis_buurt", area="GM9999")
    assert not any("anders gesteld" in w for w in thuis["warnings"]) and thuis["comparable"]
    same = compare.compare_waves(
        store, "GGD Gezondheidsmonitor 2022", "GGD Gezondheidsmonitor 2024", indicator_ids=["eenzaam"]
    )
    assert not any("anders gesteld" in w for w in row(same, "eenzaam", area="GM9999")["warnings"])
