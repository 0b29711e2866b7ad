"""The demo municipality is complete, consistent and fictional."""

import networkx as nx
import pandas as pd

from kompas.demo.build import DEMO_DIR
from kompas.domain.settings import REPO_ROOT
from kompas.store import catalog, toc


def test_demo_is_big_enough_for_every_screen(store):
    info = catalog.summary(store)
    assert store.scalar("SELECT count(*) FROM areas WHERE level = 'wijk'") >= 8
    assert store.scalar("SELECT count(*) FROM areas WHERE level = 'buurt'") >= 25
    assert info["programmes"] >= 3 and info["indicators"] >= 25 and info["notes"] >= 60
    assert {"output", "outcome"} <= set(store.df("SELECT DISTINCT kind FROM indicators")["kind"])
    monitors = store.df("SELECT source, count(*) AS n FROM waves GROUP BY source")
    assert (monitors["n"] >= 4).sum() >= 2
    factors = store.df("SELECT DISTINCT group_factor FROM observations WHERE group_factor <> 'totaal'")
    assert len(factors) >= 4
    assert store.scalar("SELECT count(*) FROM observations WHERE n IS NOT NULL AND ci_low IS NOT NULL") > 500


def test_codes_are_fictional(store):
    codes = store.df("SELECT code FROM areas")["code"]
    assert all(code[2:6] == "9999" for code in codes)
    assert store.info("fictional") == "ja"


def test_every_programme_has_a_full_chain_without_cycles(store):
    for programme in toc.programmes(store)["id"]:
        g = toc.graph(store, programme)
        assert nx.is_directed_acyclic_graph(g)
        assert toc.check_graph(g) == []
        kinds = {d["kind"] for _, d in g.nodes(data=True)}
        assert kinds == {"input", "activiteit", "output", "outcome", "resultaat"}


def test_every_edge_joins_existing_nodes_and_has_an_assumption(store):
    dangling = store.scalar(
        "SELECT count(*) FROM edges e WHERE e.source_id NOT IN (SELECT id FROM nodes) "
        "OR e.target_id NOT IN (SELECT id FROM nodes)"
    )
    assert dangling == 0
    assert store.scalar("SELECT count(*) FROM edges WHERE trim(assumption) = ''") == 0


def test_every_indicator_has_observations_in_its_own_source(store):
    without = store.df("SELECT id FROM indicators WHERE id NOT IN (SELECT indicator_id FROM observations)")
    assert without.empty, list(without["id"])
    mismatched = store.scalar(
        "SELECT count(*) FROM observations o JOIN indicators i ON i.id = o.indicator_id "
        "JOIN waves w ON w.id = o.wave_id WHERE i.source <> w.source"
    )
    assert mismatched == 0


def test_no_reference_dangles(store):
    checks = {
        "nodes without programme": "SELECT count(*) FROM nodes WHERE programme_id NOT IN (SELECT id FROM programmes)",
        "indicators without node": "SELECT count(*) FROM indicators WHERE node_id NOT IN (SELECT id FROM nodes)",
        "areas without parent": "SELECT count(*) FROM areas WHERE parent_code IS NOT NULL "
        "AND parent_code NOT IN (SELECT code FROM areas)",
        "links without note": "SELECT count(*) FROM (SELECT note_id FROM note_nodes UNION ALL SELECT note_id "
        "FROM note_indicators UNION ALL SELECT note_id FROM note_waves UNION ALL "
        "SELECT note_id FROM note_figures) WHERE note_id NOT IN (SELECT id FROM notes)",
        "figure links without figure": "SELECT count(*) FROM note_figures f ANTI JOIN observations o USING "
        "(indicator_id, wave_id, area_code, group_factor, group_value)",
    }
    for name, sql in checks.items():
        assert store.scalar(sql) == 0, name


def test_stories_are_varied_and_public_ones_have_consent(store):
    notes = store.df("SELECT * FROM notes")
    assert set(notes["visibility"]) == {"intern", "werkgroep", "openbaar"}
    assert notes["source_kind"].nunique() >= 5
    assert notes[notes["visibility"] == "openbaar"]["consent"].all()
    assert notes["area_code"].dropna().str[:8].nunique() >= 8
    assert store.scalar("SELECT count(DISTINCT note_id) FROM note_figures") >= 20
    assert set(store.df("SELECT DISTINCT stance FROM note_figures")["stance"]) == {
        "verklaart",
        "ondersteunt",
        "spreekt_tegen",
    }


def test_outcome_indicators_have_stories(store):
    lonely = store.df(
        "SELECT id FROM indicators i WHERE kind = 'outcome' AND id NOT IN "
        "(SELECT indicator_id FROM note_indicators UNION SELECT indicator_id FROM note_figures "
        "UNION SELECT indicator_id FROM population_indicators)"
    )
    assert lonely.empty, list(lonely["id"])


def test_observations_csv_is_what_the_generator_makes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_obs", DEMO_DIR / "make_observations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path / "observations.csv"
    module.write(target, tmp_path / "samples")
    committed = (DEMO_DIR / "observations.csv").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == committed, "run: python kompas/demo/data/make_observations.py"
    for name in [*module.SAMPLES.values(), "statline_veiligheidsmonitor_2025.csv"]:
        sample = (REPO_ROOT / "data" / "samples" / name).read_bytes()
        assert (tmp_path / "samples" / name).read_bytes() == sample, name


def test_the_data_tells_a_story_with_ups_and_downs(store):
    """Some things improve, some don't, some only for one group (what the later jobs must find)."""

    def total(ind, wave, group="totaal", area="GM9999"):
        return store.scalar(
            "SELECT value FROM observations WHERE indicator_id = ? AND wave_id = ? AND "
            "area_code = ? AND group_value = ?",
            [ind, wave, area, group],
        )

    assert total("thuis_buurt", "vm2025") > total("thuis_buurt", "vm2019")  # better overall
    assert total("thuis_buurt", "vm2025", area="WK999906") < total("thuis_buurt", "vm2019", area="WK999906")
    gap = "migratieachtergrond buiten Europa"
    assert total("discriminatie", "vm2025", gap) > total("discriminatie", "vm2019", gap)  # worse for one group
    assert total("eenzaam", "ggd2024", "75 jaar en ouder") < total("eenzaam", "ggd2022", "75 jaar en ouder")


def test_wijk_counts_add_up_to_the_gemeente(store):
    over = store.df(
        "SELECT o.indicator_id, o.wave_id, sum(o.value) AS wijken, any_value(t.value) AS gemeente "
        "FROM observations o JOIN areas a ON a.code = o.area_code AND a.level = 'wijk' "
        "JOIN indicators i ON i.id = o.indicator_id AND i.unit = 'aantal' "
        "JOIN observations t ON t.indicator_id = o.indicator_id AND t.wave_id = o.wave_id "
        "AND t.area_code = 'GM9999' AND t.group_factor = 'totaal' WHERE o.group_factor = 'totaal' "
        "GROUP BY ALL HAVING sum(o.value) <> any_value(t.value)"
    )
    assert over.empty, over.to_dict("records")


def test_importing_the_sample_files_reproduces_both_monitors(store, tmp_path):
    """Empty the two monitors' figures, import data/samples/, and get the demo's figures back."""
    from kompas.imports import import_file

    monitors = "(SELECT id FROM waves WHERE source IN ('Veiligheidsmonitor', 'GGD Gezondheidsmonitor'))"
    expected = store.df(f"SELECT * FROM observations WHERE wave_id IN {monitors} ORDER BY ALL")
    assert len(expected) > 500
    with store.transaction() as cur:
        cur.execute(f"DELETE FROM observations WHERE wave_id IN {monitors}")
    for sample in [
        REPO_ROOT / "data" / "samples" / name
        for name in ("veiligheidsmonitor_2019-2025.csv", "gezondheidsmonitor_2016-2024.csv")
    ]:
        plan = import_file(store, sample)
        assert not plan.refused and plan.changed == 0
    again = store.df(f"SELECT * FROM observations WHERE wave_id IN {monitors} ORDER BY ALL")
    pd.testing.assert_frame_equal(expected, again)
