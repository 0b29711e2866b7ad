"""Disclosure control (issue 16) on the security cases: a count is its own n, the rank test finds what a
check per equation misses, a revised table hides the same cells, and thresholds have a floor."""

import shutil

import pandas as pd
import pytest

from kompas.domain import settings
from kompas.domain.errors import NotAllowedError, ValidationError
from kompas.store import observations, suppression, suppression_rank, thresholds
from kompas.store.connection import Store
from tests import leak_check, security_cases

ROLES = ["werkgroep", "lezer", "raad"]
WIJKEN = [f"WK9999{i:02d}" for i in range(1, 9)]


@pytest.fixture(scope="module")
def cases(demo_db, tmp_path_factory):
    """The demo with the security cases (``security_cases.load_all``): (path, the figures as first published)."""
    path = tmp_path_factory.mktemp("cases") / "cases.duckdb"
    shutil.copy(demo_db, path)
    with Store(path).as_system("tests") as store:
        first = security_cases.load_all(store)
    return path, first


@pytest.fixture(scope="module")
def cases_db(cases):
    return cases[0]


@pytest.mark.parametrize("role", ROLES)
def test_counts_imported_without_n_are_hidden_for_every_role(cases_db, role):
    with Store(cases_db).as_system("tests") as store:
        view = store.as_user("Iemand", role)
        for wijk in WIJKEN:
            row = observations.series(view, "meldingen", wijk).query("wave_id == 'case2026'").iloc[0]
            assert row["too_small"] and row["suppressed"] and pd.isna(row["value"]) and pd.isna(row["n"]), wijk
        total = observations.series(view, "meldingen", "GM9999").query("wave_id == 'case2026'").iloc[0]
        assert total["value"] == 40 and not total["suppressed"]  # 8 hidden wijken: their sum tells no one wijk


def _figures(store, wave_id):
    figures = suppression.stored_figures(store, ["meldingen"])
    return figures, figures[figures["wave_id"] == wave_id]


def test_the_bridge_cell_is_hidden_and_no_hidden_cell_follows_from_the_published_ones(cases_db):
    with Store(cases_db).as_system("tests") as store:
        figures, table = _figures(store, "case2028")
        bridge = table.query("area_code == 'WK999901' and group_value == '65–74 jaar'").iloc[0]
        assert bridge["value"] == 5 and bridge["suppressed"]
        assert leak_check.determined_cells(store, figures) == []


def test_a_check_per_equation_alone_leaves_the_bridge_cell_determined(cases_db, monkeypatch):
    with Store(cases_db).as_system("tests") as store:
        figures, _ = _figures(store, "case2028")
        parents = suppression.area_parents(store)
    monkeypatch.setattr(suppression, "protect", lambda equations, hide, order: hide)  # steps 1 and 2 only
    hide = suppression.hidden(
        figures, figures["too_small"], parents=parents, order_n=suppression.base_n(figures, figures["unit"])
    )
    positions = suppression.equations(figures, parents=parents)
    for margin, parts in positions:  # every single equation holds 0 or at least 2 hidden figures ...
        assert hide.iloc[[*parts, *([margin] if margin is not None else [])]].sum() != 1
    found = figures.iloc[suppression_rank.exposed(positions, hide.tolist())]
    # ... yet the cell of 5 follows from adding and subtracting rows and columns
    assert found[["wave_id", "area_code", "group_value", "value"]].values.tolist() == [
        ["case2028", "WK999901", "65–74 jaar", 5.0]
    ]


def test_the_rank_test_on_small_tables():
    # a 2 × 2 table with row and column margins and a grand total: positions 0..3 inner, 4, 5 rows, 6, 7 columns, 8
    equations = [(4, [0, 1]), (5, [2, 3]), (6, [0, 2]), (7, [1, 3]), (8, [4, 5]), (8, [6, 7])]
    assert suppression_rank.exposed(equations, [True, False, False, False, False, False, False, False, False]) == [0]
    assert suppression_rank.exposed(equations, [True, True, True, True] + [False] * 5) == []
    protected = suppression_rank.protect(equations, [True] + [False] * 8, list(range(9)))
    assert sum(protected) >= 4 and suppression_rank.exposed(equations, protected) == []


def test_a_revised_table_hides_the_same_cells_and_both_versions_together_tell_nothing(cases, tmp_path, demo_db):
    cases_db, v1 = cases
    with Store(cases_db).as_system("tests") as store:
        _, v2 = _figures(store, "case2027")
        hidden_v2 = set(v2.loc[v2["suppressed"], "area_code"])
        hidden_v1 = set(v1.loc[v1["suppressed"] & (v1["wave_id"] == "case2027"), "area_code"])
        assert hidden_v1 == hidden_v2 == {"WK999901", "WK999902"}
        assert leak_check.determined_across_versions(store, [v1, v2]) == []
    # without the history, the revised table alone hides another second cell, and the two versions together
    # give the hidden value 4 (the leak of issue 16)
    alone = tmp_path / "alone.duckdb"
    shutil.copy(demo_db, alone)
    with Store(alone).as_system("tests") as store:
        security_cases.load(store, "revision-v1.csv")
        first = suppression.stored_figures(store)
        security_cases.load(store, "revision-v2.csv")
        with store.transaction() as cur:
            cur.execute("DELETE FROM hidden_history")
        _, second = _figures(store, "case2027")
        assert set(second.loc[second["suppressed"], "area_code"]) == {"WK999901", "WK999903"}
        leaks = leak_check.determined_across_versions(store, [first, suppression.stored_figures(store)])
        assert ("meldingen", "case2027", "WK999901", "totaal", "totaal", 4.0) in leaks


def test_the_environment_raises_thresholds_but_never_lowers_them(monkeypatch, empty_store):
    monkeypatch.setenv("KOMPAS_MIN_N_SURVEY", "0")
    monkeypatch.setenv("KOMPAS_MIN_N_COUNT", "25")
    rule = thresholds.in_force(empty_store)
    assert (rule.count, rule.survey) == (25, 50)
    monkeypatch.setenv("KOMPAS_MIN_N_SURVEY", "abc")
    with pytest.raises(ValidationError, match="KOMPAS_MIN_N_SURVEY is 'abc'; dat is geen geheel getal"):
        thresholds.in_force(empty_store)


def test_stored_thresholds_have_a_floor_and_a_documented_choice_is_logged(store):
    with pytest.raises(ValidationError, match="de kleinste toegestane is 50"):
        thresholds.save(store, 10, 40)
    with pytest.raises(NotAllowedError):
        thresholds.save(store.as_user("Els", "raad"), 20, 60)
    assert thresholds.in_force(store) == settings.Thresholds()
    with pytest.raises(ValidationError, match="de kleinste toegestane is 30"):
        thresholds.save(store, 10, 20, reason="Raadsbesluit 2027-12")
    rule = thresholds.save(store.as_user("Piet", "werkgroep"), 10, 40, reason="Raadsbesluit 2027-12")
    assert (rule.survey, rule.reason) == (40, "Raadsbesluit 2027-12")
    line = store.rows("SELECT user_name, summary FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert line["user_name"] == "Piet" and "Raadsbesluit 2027-12" in line["summary"]
    assert suppression.threshold("aantal", 1, store) == 10  # an indicator's own threshold: never below the floor


def test_the_cbs_profile_needs_a_base_of_100_and_rounds_counts(store):
    def read(indicator_id):
        return suppression.apply_stored(
            store, store.df("SELECT * FROM observations WHERE indicator_id = ?", [indicator_id])
        )

    raw = store.df("SELECT * FROM observations WHERE indicator_id = 'thuis_buurt'")
    between = set(zip(raw.loc[raw["n"].between(50, 99), "wave_id"], raw.loc[raw["n"].between(50, 99), "group_value"]))
    before = read("thuis_buurt")
    shown = before[~before["suppressed"]]
    assert any(k in between for k in zip(shown["wave_id"], shown["group_value"]))  # shown under our own rule
    assert (read("huisbezoeken")["value"] % 5 != 0).any()
    thresholds.save(store, 10, 50, profile="cbs")
    after = read("thuis_buurt")
    assert after.loc[after["n"].notna(), "n"].min() >= 100 and after["suppressed"].sum() > before["suppressed"].sum()
    counts = read("huisbezoeken")
    assert (counts["value"].dropna() % 5 == 0).all() and counts["value"].notna().any()
