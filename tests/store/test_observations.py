import pytest

from kompas.domain.errors import ValidationError
from kompas.domain.model import Indicator, Observation
from kompas.store import indicators, observations, suppression


def test_series_has_one_point_per_wave_in_time_order(store):
    frame = observations.series(store, "thuis_buurt", "GM9999")
    assert list(frame["wave_label"]) == [f"Veiligheidsmonitor {y}" for y in (2019, 2021, 2023, 2025)]
    assert (frame["group_factor"] == "totaal").all()
    assert not frame["suppressed"].any()


def test_series_with_breakdown_and_years(store):
    frame = observations.series(store, "thuis_buurt", "GM9999", "achtergrond", years=(2023, 2025))
    assert set(frame["year"]) == {2023, 2025}
    assert set(frame["group_value"]) == {
        "totaal",
        "Nederlandse achtergrond",
        "migratieachtergrond Europa",
        "migratieachtergrond buiten Europa",
    }


def test_small_groups_are_suppressed_value_and_interval(store):
    frame = observations.series(store, "thuis_buurt", "GM9999", "gender")
    small = frame[frame["group_value"] == "anders of zeg ik liever niet"]
    assert len(small) == 4 and small["suppressed"].all()
    assert small[["value", "ci_low", "ci_high", "se", "n"]].isna().all().all()  # n too: no recomputing
    raw = store.df(
        "SELECT n, value FROM observations WHERE indicator_id = 'thuis_buurt' AND area_code = 'GM9999' "
        "AND group_value = 'anders of zeg ik liever niet'"
    )
    assert (raw["n"] < 50).all() and raw["value"].notna().all()  # stored, only never shown
    assert not frame[~frame["suppressed"]]["value"].isna().any()


def test_thresholds_follow_unit_setting_and_indicator(monkeypatch):
    assert suppression.threshold("aantal") == 10
    assert suppression.threshold("procent") == 50
    assert suppression.threshold("procent", 20) == 20
    monkeypatch.setenv("KOMPAS_MIN_N_SURVEY", "100")
    assert suppression.threshold("score") == 100


def test_count_below_ten_is_suppressed(store):
    frame = observations.series(store, "taal_deelnemers", "GM9999")
    assert frame["suppressed"].all() and frame["value"].isna().all()


def test_latest_totals_gives_last_two_waves(store):
    frame = observations.latest_totals(store, "GM9999", ["thuis_buurt", "eenzaam"])
    assert list(frame[frame["indicator_id"] == "eenzaam"]["wave_id"]) == ["ggd2024", "ggd2022"]


def test_bad_row_refuses_the_whole_batch(store):
    before = store.scalar("SELECT count(*) FROM observations")
    batch = [
        Observation("thuis_buurt", "vm2025", "WK999901", "leeftijd", "15–34 jaar", 50.0, 100),
        Observation("thuis_buurt", "vm2025", "WK000000", value=1.0),
    ]
    with pytest.raises(ValidationError, match="Rij 2: Onbekend gebied 'WK000000'"):
        observations.save_observations(store, batch)
    assert store.scalar("SELECT count(*) FROM observations") == before


def test_saving_the_same_figure_twice_updates_it(store):
    obs = Observation("thuis_buurt", "vm2025", "GM9999", value=90.0, n=2000, ci_low=88.0, ci_high=92.0)
    before = store.scalar("SELECT count(*) FROM observations")
    observations.save_observations(store, [obs])
    observations.save_observations(store, [obs])
    assert store.scalar("SELECT count(*) FROM observations") == before
    assert (
        store.scalar(
            "SELECT value FROM observations WHERE indicator_id = 'thuis_buurt' "
            "AND wave_id = 'vm2025' AND area_code = 'GM9999' AND group_factor = 'totaal'"
        )
        == 90.0
    )


def test_indicator_validation(store):
    bad = Indicator(
        "nieuw", "act_ontmoeten", "output", "X", "procent", "hoger", "Bron", target_value=120, target_year=None
    )
    with pytest.raises(ValidationError) as caught:
        indicators.save_indicator(store, bad)
    assert set(caught.value.errors) >= {"node_id", "target_year", "target_value"}


def test_one_hidden_group_takes_a_second_one_with_it(store):
    """'anders' is too small; hiding only it would let total minus man minus vrouw give it away."""
    frame = observations.series(store, "thuis_buurt", "GM9999", "gender")
    for _, wave in frame[frame["group_factor"] == "gender"].groupby("wave_id"):
        hidden = set(wave[wave["suppressed"]]["group_value"])
        assert "anders of zeg ik liever niet" in hidden and len(hidden) == 2
    raw = store.df(
        "SELECT group_value, n FROM observations WHERE indicator_id = 'thuis_buurt' AND wave_id = 'vm2025' "
        "AND area_code = 'GM9999' AND group_factor = 'gender' ORDER BY n"
    )
    second = raw["group_value"].iloc[1]  # the smallest group that was big enough
    assert second in set(frame[(frame["wave_id"] == "vm2025") & frame["suppressed"]]["group_value"])
    shown = frame[(frame["wave_id"] == "vm2025") & ~frame["suppressed"]]
    assert set(shown["group_value"]) == {"totaal"} | (
        set(raw["group_value"]) - {"anders of zeg ik liever niet", second}
    )
