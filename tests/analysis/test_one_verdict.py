"""One honest verdict: every surface gives the same word for the same change of the demo (issue 14)."""

import openpyxl
import pandas as pd
import pytest

from kompas.analysis import compare, findings, verdict
from kompas.cli.main import main
from kompas.domain import safe_text
from kompas.domain.settings import REPO_ROOT
from kompas.reports import compare_export, document, minutes, raad_evidence
from kompas.reports.raad_request import RaadRequest
from kompas.store import comparability, indicators, observations, toc
from kompas.store.connection import Store


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_db):
    """A copy of the demo whose first review saw no figures yet: since then every figure is new, so the
    review's changes and the minutes of the second review judge every figure against its previous wave."""
    path = tmp_path_factory.mktemp("one") / "demo.duckdb"
    path.write_bytes(demo_db.read_bytes())
    with Store(path).as_system("tests") as s:
        first, second = [r["id"] for r in s.rows("SELECT id FROM reviews ORDER BY held_on, id")][:2]
        with s.transaction() as cur:
            cur.execute("DELETE FROM review_snapshots WHERE review_id = ? AND kind = 'observation'", [first])
            cur.execute("UPDATE reviews SET status = 'open' WHERE id = ?", [second])  # minutes read the store now
        yield s, first, second


def _areas(store):
    return [
        r["code"]
        for r in store.rows(
            "SELECT DISTINCT area_code AS code FROM observations WHERE group_factor = 'totaal' ORDER BY 1"
        )
    ]


@pytest.fixture(scope="module")
def step_pages(demo):
    """(indicator, area) -> the row the step pages' sentence rests on (its last two shown totals)."""
    store = demo[0]
    found = {}
    for area in _areas(store):
        frame, rows = observations.totals_by_indicator(observations.totals_for_area(store, area))
        for indicator_id, row in findings.judged_at(store, area, frame, rows).items():  # as dashboard.cached
            found[(indicator_id, area)] = row
    return found


def test_every_surface_gives_the_same_verdict(demo, step_pages):
    store, first, second = demo
    assert len(step_pages) > 100 and {r["verdict"] for r in step_pages.values()} >= {"beter", "slechter", "gelijk"}
    review = _review_changes(store, first)
    minutes_text = document.to_markdown(minutes.minutes(store, second))
    by_pair: dict[tuple, list] = {}
    for (indicator_id, area), row in step_pages.items():
        by_pair.setdefault((row["wave_from"], row["wave_to"]), []).append((indicator_id, area, row))
    checked = 0
    for (wave_from, wave_to), items in by_pair.items():
        comparison = compare.compare_waves(store, wave_from, wave_to).set_index(
            ["indicator_id", "area_code", "group_value"]
        )
        for indicator_id, area, row in items:
            word = row["verdict"]
            assert comparison.loc[(indicator_id, area, "totaal"), "verdict"] == word, (indicator_id, area)
            key = (indicator_id, wave_to, area)
            if key in review and review[key]["previous_wave_label"] == wave_from:
                assert review[key]["verdict"] == word, key
                r = review[key]
                # the minutes write the figure out: title (area): old (wave) → new (wave): the verdict word
                line = "- " + safe_text.readable_markdown(f"{r['indicator_title']} ({r['area_name']}):")
                named = [
                    x
                    for x in minutes_text.splitlines()
                    if x.startswith(line) and f"({safe_text.readable_markdown(wave_to)}):" in x
                ]
                assert bool(named) == (word in verdict.REAL), key
                assert all(x.endswith(safe_text.readable_markdown(verdict.WORDS[word])) for x in named), key
                checked += 1
    assert checked > 50
    # the raad document: a few figures, each asked over exactly the years of its pair
    for (indicator_id, area), row in list(step_pages.items())[::15]:
        years = tuple(
            int(store.scalar("SELECT year(period_end) FROM waves WHERE label = ?", [row[w]]))
            for w in ("wave_from", "wave_to")
        )
        evidence = raad_evidence.gather(store, RaadRequest("Gaat het beter?", (indicator_id,), (area,), None, years))
        shown = evidence.items[0].comparison
        total = shown[(shown["group_factor"] == "totaal") & (shown["area_code"] == area)].iloc[0]
        assert total["verdict"] == row["verdict"] and row["verdict_text"] in " ".join(evidence.items[0].sentences)


def _review_changes(store, first):
    from kompas.analysis import review_changes

    changes = review_changes.changes_since(store, first, "werkgroep")
    frame = changes.new_observations[changes.new_observations["group_factor"] == "totaal"]
    beyond = {
        (r["indicator_id"], r["wave_label"], r["area_code"]): r["sentence"]
        for r in changes.beyond_margin.to_dict("records")
    }
    return {
        (r["indicator_id"], r["wave_label"], r["area_code"]): {
            **r,
            "sentence": beyond.get((r["indicator_id"], r["wave_label"], r["area_code"]), "∅"),
        }
        for r in frame.to_dict("records")
    }


def test_step_6_lists_outcomes_by_that_verdict_and_outputs_apart(demo, step_pages, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.session import SIGNED_IN
    from kompas.domain.roles import Access

    store = demo[0]
    monkeypatch.setenv("KOMPAS_DB", store.path)
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.session_state[SIGNED_IN] = Access("werkgroep", "Test")
    at.run()
    programme = toc.default_programme(store)  # where the sidebar starts
    at.switch_page("app_pages/step_6_verbetercyclus.py").run()
    assert not at.exception
    outcomes = list(indicators.indicators(store, programme, "outcome")["id"])
    area = store.scalar("SELECT code FROM areas WHERE level = 'gemeente'")
    groups = verdict.outcome_groups(
        {i: step_pages[(i, area)]["verdict"] if (i, area) in step_pages else None for i in outcomes}
    )
    assert [t.label for t in at.tabs][:3] == [f"{k} ({len(v)})" for k, v in groups.items()]
    good, bad = (" ".join(m.value for m in at.tabs[i].markdown) for i in (0, 1))
    assert good.count("en dus beter") == len(groups["Gaat goed"]) and "en dus slechter" not in good
    assert bad.count("en dus slechter") == len(groups["Kan beter"]) and "en dus beter" not in bad
    assert any("Wat we deden" in s.value for s in at.subheader)
    from dashboard import cached

    cached.open_store().close()
    st.cache_resource.clear()
    st.cache_data.clear()


def test_compare_gives_the_same_verdict_with_and_without_a_programme(demo, tmp_path):
    store = demo[0]
    old, new = "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025"
    everything = compare.compare_waves(store, old, new).set_index(["indicator_id", "area_code", "group_value"])
    programmes = [r["id"] for r in store.rows("SELECT id FROM programmes")]
    assert len(programmes) > 1
    for programme in programmes:
        part = compare.compare_waves(store, old, new, programme_id=programme)
        for r in part.to_dict("records"):
            assert everything.loc[(r["indicator_id"], r["area_code"], r["group_value"]), "verdict"] == r["verdict"]
        assert part.attrs["tests"] == everything.attrs["tests"]
    # and through the command line, in-process, written to CSV
    with_p, without = tmp_path / "p.csv", tmp_path / "all.csv"
    store_path = store.path
    assert main(["compare", "--from", old, "--to", new, "--db", store_path, "--out", str(without)]) == 0
    assert (
        main(
            [
                "compare",
                "--from",
                old,
                "--to",
                new,
                "--db",
                store_path,
                "--programme",
                programmes[0],
                "--out",
                str(with_p),
            ]
        )
        == 0
    )
    key = ["Indicatorcode", "Gebiedscode", "Groep"]
    a, b = (pd.read_csv(p, sep=";", decimal=",", encoding="utf-8-sig") for p in (without, with_p))
    joined = b.merge(a, on=key, suffixes=("_p", ""))
    assert len(joined) == len(b) > 0 and (joined["Oordeel_p"] == joined["Oordeel"]).all()


def test_no_exported_row_says_equal_beside_an_interval_that_excludes_zero(demo, tmp_path):
    store = demo[0]
    table = compare.compare_waves(store, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025")
    path = compare_export.export(table, tmp_path / "v.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Vergelijking"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    low, high = "Verschil: 95%-interval van", "Verschil: 95%-interval tot"
    outside = [r for r in rows if r[low] is not None and (r[low] > 0 or r[high] < 0)]
    assert outside and not any(
        r["Oordeel"].startswith("= gelijk") or "binnen de foutmarge" in r["Oordeel"] for r in outside
    )
    assert any(
        "niet zeker" in r["Oordeel"] and f"{table.attrs['tests']} vergelijkingen" in r["Oordeel"] for r in outside
    )
    # a verdict of a real change rests on an adjusted interval that excludes 0, and only then
    adj = [
        (r["Verschil: gecorrigeerd interval van"], r["Verschil: gecorrigeerd interval tot"], r["Oordeel"])
        for r in rows
        if r["Verschil: gecorrigeerd interval van"] is not None
    ]
    assert adj and all(
        (lo > 0 or hi < 0) == any(w in word for w in ("beter", "slechter", "veranderd")) for lo, hi, word in adj
    )
    notes = [c.value for c in book["Toelichting"]["A"]]
    assert any(f"Aantal toetsen: {table.attrs['tests']}" in (n or "") for n in notes)
    assert any("Filters van dit bestand" in (n or "") for n in notes)
    assert {"n eerste meting", "Eerste meting: 95%-interval van", "Tweede meting: 95%-interval tot"} <= set(header)


def test_a_method_break_makes_changes_not_comparable_and_is_told_once(demo):
    store = demo[0]
    table = compare.compare_waves(store, "Veiligheidsmonitor 2019", "Veiligheidsmonitor 2023")
    assert set(table["verdict"]) <= {"niet_vergelijkbaar", "verborgen"} and table.attrs["tests"] == 0
    assert [n for n in table.attrs["notes"] if n.startswith("Methodebreuk bij Veiligheidsmonitor 2021")]
    assert not any("Methodebreuk" in w for ws in table["warnings"] for w in ws)  # not repeated on every row
    after = compare.compare_waves(store, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025")
    assert not after.attrs["breaks"]
    reworded = after[after["indicator_id"] == "spanningen"]
    assert (reworded["verdict"].isin(["niet_vergelijkbaar", "verborgen"])).all()
    assert not any("niet beschreven" in n for n in after.attrs["notes"])
    # a raad document whose compared pair crosses the break names it, and judges nothing across it
    evidence = raad_evidence.gather(
        store, RaadRequest("Voelen inwoners zich thuis?", ("thuis_buurt",), (), None, (2019, 2023))
    )
    item = evidence.items[0]
    assert any(w.startswith("Methodebreuk bij Veiligheidsmonitor 2021") for w in item.warnings)
    assert set(item.comparison["verdict"]) == {"niet_vergelijkbaar"}


def test_for_whom_names_havenkwartier_against_the_gemeente(demo):
    store = demo[0]
    table = compare.compare_waves(store, "Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025")
    whom = compare.for_whom(store, table)
    haven = whom[(whom["indicator_id"] == "thuis_buurt") & (whom["area_name"] == "Havenkwartier")].iloc[0]
    assert haven["diff"] == pytest.approx(-10) and haven["total_diff"] == pytest.approx(3)
    assert haven["ci_high_vs_total"] < 0 and "Voorbeeldstad" in haven["verdict_text"]


def test_counts_without_a_margin_get_no_verdict_about_chance(demo, step_pages):
    counts = [r for r in step_pages.values() if r["unit"] == "aantal" and pd.isna(r["se"])]
    assert counts and {r["verdict"] for r in counts} <= {"zonder_marge", "verborgen", "onbekend", "niet_vergelijkbaar"}
    assert all("geen foutmarge" in r["verdict_text"] for r in counts if r["verdict"] == "zonder_marge")


def test_a_note_described_on_one_side_only_is_no_difference(demo):
    store = demo[0]
    old, new = (compare.wave_by_label(store, label) for label in ("Veiligheidsmonitor 2023", "Veiligheidsmonitor 2025"))
    notes = comparability.pair_notes(store, {**old, "method_note": ""}, new)
    assert not any(n.startswith("De methode verschilt") for n in notes)  # 'niet beschreven' is not a difference
    assert any(n.startswith("De onderzochte groep verschilt") for n in notes)  # both described, and different
