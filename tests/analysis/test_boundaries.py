"""The wave comparison warns when a compared area's boundaries changed between the two waves."""

from datetime import date

import pytest

from kompas.analysis import compare
from kompas.domain.model import Area, Observation, Wave
from kompas.store import gemeente_setup, indicators, observations, starter
from kompas.store.connection import Store


def _waves(store, years):
    for year in years:
        indicators.save_wave(
            store,
            Wave(
                f"vm_{year}", "Veiligheidsmonitor", f"Veiligheidsmonitor {year}", date(year, 1, 1), date(year, 12, 31)
            ),
        )


def _figures(store, area_codes, years):
    observations.save_observations(
        store,
        [
            Observation("vm_thuis", f"vm_{year}", code, value=70 + i, n=800, ci_low=67 + i, ci_high=73 + i)
            for year in years
            for i, code in enumerate(area_codes)
        ],
    )


@pytest.fixture
def purmerend():
    """Purmerend (GM0439) took in Beemster on 1 January 2022 (kompas/domain/data/gemeenten/herindelingen.csv)."""
    with Store(":memory:", create=True).as_system("tests") as store:
        gemeente_setup.choose_gemeente(store, "GM0439")
        starter.install_starter(store, ["vm_thuis"])
        yield store


def _warnings(store, a, b, code):
    table = compare.compare_waves(store, a, b)
    return [w for w in table[table["area_code"] == code]["warnings"].iloc[0]]


def test_a_merger_between_the_waves_is_named(purmerend):
    _waves(purmerend, [2021, 2023, 2025])
    _figures(purmerend, ["GM0439"], [2021, 2023, 2025])
    said = " ".join(_warnings(purmerend, "Veiligheidsmonitor 2021", "Veiligheidsmonitor 2023", "GM0439"))
    assert (
        "De grens van gemeente Purmerend is tussen Veiligheidsmonitor 2021 en Veiligheidsmonitor 2023 "
        "veranderd: op 01-01-2022 ging Beemster (GM0370) erin op." in said
    )
    after = _warnings(purmerend, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025", "GM0439")
    assert not any("grens" in w for w in after)  # both waves after the merger: nothing to warn about


def test_a_wijk_code_cbs_no_longer_uses_is_flagged(purmerend):
    from kompas.store import areas

    areas.save_areas(
        purmerend, [Area("WK043901", "Centrum", "wijk", "GM0439"), Area("WK043902", "Weidevenne", "wijk", "GM0439")]
    )
    with purmerend.transaction() as cur:
        cur.execute("INSERT INTO area_years VALUES ('WK043901', NULL, 2023), ('WK043902', NULL, NULL)")
    _waves(purmerend, [2023, 2025])
    _figures(purmerend, ["WK043901", "WK043902"], [2023, 2025])
    said = " ".join(_warnings(purmerend, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025", "WK043901"))
    assert (
        "De grenzen van Centrum (WK043901) kunnen tussen Veiligheidsmonitor 2023 en Veiligheidsmonitor 2025 "
        "veranderd zijn: het CBS gebruikt deze code tot en met 2023." in said
    )
    assert not any(
        "grenzen" in w for w in _warnings(purmerend, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025", "WK043902")
    )
