"""The small-group rule: primary (n under the threshold) and secondary (nothing hidden can be worked out
from a margin minus the shown parts), over groups, pairs of factors, areas and waves."""

from datetime import date

import pandas as pd
import pytest

from kompas.domain import vocab
from kompas.domain.model import Observation, Wave
from kompas.store import observations, suppression
from kompas.store.indicators import save_wave

PAIR = vocab.pair_key("leeftijd", "financien")


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["wave_id", "area_code", "group_factor", "group_value", "n", "value"])


def hidden_set(out: pd.DataFrame) -> set:
    return set(zip(out.loc[out["suppressed"], "area_code"], out.loc[out["suppressed"], "group_value"]))


def test_threshold_is_raised_by_environment_and_per_indicator(monkeypatch):
    monkeypatch.setenv("KOMPAS_MIN_N_SURVEY", "80")
    assert suppression.threshold("procent") == 80 and suppression.threshold("score") == 80
    assert suppression.threshold("procent", 30) == 30  # a percentage that is not a survey answer
    assert suppression.threshold("aantal") == 10
    assert suppression.threshold("aantal", 3) == 10 and suppression.threshold("procent", 1) == 10  # never below


def test_one_small_group_takes_the_smallest_other_with_it():
    out = suppression.apply(
        frame(
            [
                ("w", "A", "totaal", "totaal", 400, 50.0),
                ("w", "A", "f", "a", 20, 40.0),
                ("w", "A", "f", "b", 300, 52.0),
                ("w", "A", "f", "c", 80, 47.0),
            ]
        ),
        "procent",
    )
    assert hidden_set(out) == {("A", "a"), ("A", "c")}
    assert list(out["too_small"]) == [False, True, False, False]
    assert out.loc[out["suppressed"], ["value", "n"]].isna().all().all()
    assert out.loc[~out["suppressed"], "value"].notna().all()


def test_two_small_groups_need_no_second_hiding():
    out = suppression.apply(
        frame(
            [
                ("w", "A", "totaal", "totaal", 400, 50.0),
                ("w", "A", "f", "a", 20, 40.0),
                ("w", "A", "f", "b", 30, 52.0),
                ("w", "A", "f", "c", 350, 47.0),
            ]
        ),
        "procent",
    )
    assert hidden_set(out) == {("A", "a"), ("A", "b")}


def test_the_input_frame_is_not_changed():
    before = frame(
        [("w", "A", "totaal", "totaal", 400, 50.0), ("w", "A", "f", "a", 20, 40.0), ("w", "A", "f", "b", 380, 52.0)]
    )
    copy = before.copy()
    suppression.apply(before, "procent")
    pd.testing.assert_frame_equal(before, copy)


def test_areas_are_a_partition_of_their_parent():
    parents = {"W1": "GM", "W2": "GM", "W3": "GM"}
    out = suppression.apply(
        frame(
            [
                ("w", "GM", "totaal", "totaal", 100, 100.0),
                ("w", "W1", "totaal", "totaal", 5, 5.0),
                ("w", "W2", "totaal", "totaal", 60, 60.0),
                ("w", "W3", "totaal", "totaal", 35, 35.0),
            ]
        ),
        "aantal",
        parents=parents,
    )
    # the gemeente minus the other wijken would give W1: the smallest other wijk goes too
    assert hidden_set(out) == {("W1", "totaal"), ("W3", "totaal")}


def test_a_margin_hidden_by_the_rule_is_not_left_as_the_only_hidden_figure():
    # the gemeente's group b is hidden to protect group a; its wijken must then not add up to it
    parents = {"W1": "GM", "W2": "GM"}
    rows = [
        ("w", "GM", "totaal", "totaal", 400, 0.0),
        ("w", "GM", "f", "a", 8, 0.0),
        ("w", "GM", "f", "b", 392, 0.0),
        ("w", "W1", "f", "b", 200, 0.0),
        ("w", "W2", "f", "b", 192, 0.0),
    ]
    out = suppression.apply(frame(rows), "aantal", parents=parents)
    assert {("GM", "a"), ("GM", "b")} <= hidden_set(out)
    for margin, parts in suppression.equations(out, parents=parents):
        assert sum(out["suppressed"].iloc[[*parts, *([margin] if margin is not None else [])]]) != 1


def test_pairs_hide_per_row_and_per_column():
    pair = [
        ((age, money), n)
        for age, money, n in [
            ("jong", "moeite", 70),
            ("jong", "geen moeite", 400),
            ("oud", "moeite", 20),
            ("oud", "geen moeite", 300),
        ]
    ]
    rows = [
        ("w", "A", "totaal", "totaal", 790, 0.0),
        ("w", "A", "leeftijd", "jong", 470, 0.0),
        ("w", "A", "leeftijd", "oud", 320, 0.0),
        ("w", "A", "financien", "moeite", 90, 0.0),
        ("w", "A", "financien", "geen moeite", 700, 0.0),
    ]
    rows += [("w", "A", PAIR, vocab.pair_key(*groups), n, 0.0) for groups, n in pair]
    out = suppression.apply(frame(rows), "procent")
    hidden = {v for _, v in hidden_set(out)}
    assert vocab.pair_key("oud", "moeite") in hidden
    assert vocab.pair_key("oud", "geen moeite") in hidden  # its row: oud = moeite + geen moeite
    assert vocab.pair_key("jong", "moeite") in hidden  # its column: moeite = jong + oud
    for margin, parts in suppression.equations(out):
        cells = [*parts, *([margin] if margin is not None else [])]
        assert out["suppressed"].iloc[cells].sum() != 1


def test_a_wave_that_holds_other_waves_is_a_partition_of_them():
    parts = {"jaar": ["kw1", "kw2"]}
    out = suppression.apply(
        frame(
            [
                ("jaar", "A", "totaal", "totaal", 50, 50.0),
                ("kw1", "A", "totaal", "totaal", 4, 4.0),
                ("kw2", "A", "totaal", "totaal", 46, 46.0),
            ]
        ),
        "aantal",
        wave_parts=parts,
    )
    assert out["suppressed"].tolist() == [False, True, True]  # else the year minus kw2 would give kw1
    assert out["too_small"].tolist() == [False, True, False]


def test_the_rule_runs_over_all_stored_figures_whatever_a_page_reads(store):
    # weet_melden by age in one wijk: one small group there; reading the gemeente alone must still hide
    # the wijk's figures identically to reading the wijk
    wijken = store.df("SELECT code FROM areas WHERE parent_code = 'GM9999' ORDER BY code")["code"].tolist()
    observations.save_observations(
        store,
        [
            Observation("weet_melden", "panel2025", w, "leeftijd", group, 60.0, n)
            for w in wijken
            for group, n in (("18–34 jaar", 30 if w == wijken[0] else 200), ("35–64 jaar", 300))
        ],
    )
    one = observations.series(store, "weet_melden", wijken[0], "leeftijd")
    everything = suppression.apply_stored(
        store, store.df("SELECT * FROM observations WHERE indicator_id = 'weet_melden'")
    )
    mine = everything[(everything["area_code"] == wijken[0]) & (everything["wave_id"] == "panel2025")]
    assert set(mine.loc[mine["suppressed"], "group_value"]) == set(
        one.loc[one["suppressed"] & (one["wave_id"] == "panel2025"), "group_value"]
    )
    # the small wijk group is hidden; the wijken's 18–34 groups add up to the gemeente's: a second one goes too
    young = everything[(everything["wave_id"] == "panel2025") & (everything["group_value"] == "18–34 jaar")]
    assert young["suppressed"].sum() >= 2


def test_a_count_without_n_is_its_own_n_and_a_percentage_without_n_is_not_about_a_group():
    counts = suppression.apply(frame([("w", "A", "totaal", "totaal", None, 3.0)]), "aantal")
    assert counts["too_small"].tolist() == [True] and counts["value"].isna().all()
    big = suppression.apply(frame([("w", "A", "totaal", "totaal", None, 30.0)]), "aantal")
    assert not big["suppressed"].any() and big["value"].iloc[0] == 30.0
    share = suppression.apply(frame([("w", "A", "totaal", "totaal", None, 3.0)]), "procent")
    assert not share["suppressed"].any() and share["value"].iloc[0] == 3.0


def test_pair_observations_are_valid_and_single_factor_lists_leave_them_out(store):
    assert (
        Observation(
            "thuis_buurt", "vm2025", "GM9999", PAIR, vocab.pair_key("65–74 jaar", "moeite met rondkomen"), 80.0, 60
        ).problems()
        == {}
    )
    assert "group_value" in Observation("thuis_buurt", "vm2025", "GM9999", PAIR, "65–74 jaar", 80.0, 60).problems()
    assert (
        "group_factor"
        in Observation(
            "thuis_buurt", "vm2025", "GM9999", vocab.pair_key("leeftijd", "onzin"), "a × b", 80.0, 60
        ).problems()
    )
    assert all(vocab.split_pair(f) is None for f in observations.group_factors(store, "thuis_buurt", "GM9999"))


@pytest.mark.parametrize(
    "key,label", [("leeftijd", "Leeftijd"), (PAIR, "Leeftijd × Financiële situatie"), ("totaal", "Totaal")]
)
def test_factor_labels(key, label):
    assert vocab.factor_label(key) == label


def test_store_wave_parts_are_found(store):
    save_wave(store, Wave("mk2025", "Meldpunt test", "Meldingen 2025", date(2025, 1, 1), date(2025, 12, 31)))
    save_wave(
        store, Wave("mk2025a", "Meldpunt test", "Meldingen 2025 eerste helft", date(2025, 1, 1), date(2025, 6, 30))
    )
    save_wave(
        store, Wave("mk2025b", "Meldpunt test", "Meldingen 2025 tweede helft", date(2025, 7, 1), date(2025, 12, 31))
    )
    assert suppression.wave_parts(store)["mk2025"] == ["mk2025a", "mk2025b"]
