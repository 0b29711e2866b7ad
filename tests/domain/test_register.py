"""The national register: the shipped lists agree with themselves and with the counts CBS publishes."""

from datetime import date

from kompas.domain import register

# Number of gemeenten on 1 January, as CBS reports them (kompas/domain/data/gemeenten/README.md).
CBS_COUNTS = {2016: 390, 2017: 388, 2018: 380, 2019: 355, 2020: 355, 2021: 352, 2022: 345, 2023: 342, 2025: 342}


def _existing_on(day: date) -> set[str]:
    """Gemeenten on ``day``: not yet dissolved, and (for a code CBS issued for a merger since 2015, GM1940 and
    up) not before the merger that created it."""
    created = {}
    for merger in register.mergers():
        if int(merger.new_code[2:]) >= 1940:
            created.setdefault(merger.new_code, merger.merged_on)
    return {
        g.code
        for g in register.gemeenten(include_dissolved=True)
        if (g.valid_to is None or g.valid_to > day) and created.get(g.code, day) <= day
    }


def test_the_register_matches_the_cbs_count_of_every_year():
    for year, count in CBS_COUNTS.items():
        assert len(_existing_on(date(year, 1, 1))) == count, year


def test_every_successor_exists_and_no_gemeente_is_both_current_and_dissolved():
    current = {g.code for g in register.gemeenten()}
    assert len(current) == 342
    for merger in register.mergers():
        assert merger.old_code not in current
        assert merger.new_code in current or register.gemeente(merger.new_code).valid_to is not None


def test_find_by_name_code_and_everyday_name():
    assert [g.code for g in register.find_gemeente("Den Haag")] == ["GM0518"]
    assert [g.name for g in register.find_gemeente("GM0599")] == ["Rotterdam"]
    assert register.find_gemeente("weesp") == []
    assert [g.code for g in register.find_gemeente("weesp", include_dissolved=True)] == ["GM0457"]


def test_a_split_gemeente_names_every_receiver():
    message = register.dissolved_message("GM0788", date(2024, 1, 1))
    assert "Haaren (GM0788) bestaat sinds 01-01-2021 niet meer" in message
    assert "Boxtel (GM0757), Oisterwijk (GM0824), Tilburg (GM0855) en Vught (GM0865)" in message
    assert register.dissolved_message("GM0788", date(2020, 12, 31)) is None
    assert register.successor("GM0788", date(2024, 1, 1)) is None
