"""The IATI results file validates against the IATI activity schema 2.03 and holds only what is public."""

from pathlib import Path

import pytest
from lxml import etree

from kompas.cli.main import main
from kompas.store import suppression
from kompas.store.connection import Store

SCHEMA = Path(__file__).parents[1] / "iati_schema" / "iati-activities-schema.xsd"


@pytest.fixture(scope="module")
def exported(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("iati") / "resultaten.xml"
    assert main(["export", "iati", "--db", str(demo_db), "--out", str(out)]) == 0
    return etree.parse(str(out))


def test_the_file_is_valid_iati_2_03(exported):
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(exported), schema.error_log.filter_from_errors()[:3]
    assert exported.getroot().get("version") == "2.03"


def test_one_activity_per_programme_with_results_for_its_indicators(exported, demo_db):
    activities = exported.findall("iati-activity")
    with Store(demo_db).as_system("tests") as store:
        programmes = store.scalar("SELECT count(*) FROM programmes")
        indicator_titles = set(
            store.df("SELECT title FROM indicators WHERE id NOT IN (SELECT indicator_id FROM population_indicators)")[
                "title"
            ]
        )
    assert len(activities) == programmes
    exported_titles = {t.text for t in exported.iterfind(".//indicator/title/narrative")}
    assert exported_titles <= indicator_titles and len(exported_titles) >= 20
    assert "Inwoners (CBS)" not in exported_titles
    refs = {loc.get("ref") for loc in activities[0].findall("location")}
    used = {loc.get("ref") for loc in activities[0].iterfind(".//actual/location")}
    assert used <= refs  # every area of an actual is one of the activity's locations


def test_the_target_is_in_the_period_of_its_year(exported):
    indicator = next(
        i for i in exported.iterfind(".//indicator") if i.findtext("title/narrative") == "Voelt zich thuis in de buurt"
    )
    periods = [p for p in indicator.findall("period") if p.find("target") is not None]
    assert [(p.find("period-end").get("iso-date"), p.find("target").get("value")) for p in periods] == [
        ("2027-12-31", "85")
    ]
    assert indicator.find("baseline").get("year") == "2019"


def test_no_hidden_figure_and_no_story_that_is_not_public(exported, demo_db):
    with Store(demo_db).as_system("tests") as store:
        hidden = suppression.stored_figures(store)
        hidden = hidden[hidden["suppressed"] & (hidden["group_factor"] != "totaal")]
        titles = dict(store.df("SELECT id, title FROM indicators").itertuples(index=False, name=None))
        ends = {r["id"]: str(r["period_end"])[:10] for r in store.rows("SELECT id, period_end FROM waves")}
        private = list(store.df("SELECT title FROM notes WHERE visibility <> 'openbaar' OR NOT consent")["title"])
    shown = set()
    for indicator in exported.iterfind(".//indicator"):
        title = indicator.findtext("title/narrative")
        for period in indicator.findall("period"):
            end = period.find("period-end").get("iso-date")
            for actual in period.findall("actual"):
                dimension = actual.find("dimension")
                if dimension is not None:
                    shown.add((title, end, actual.find("location").get("ref"), dimension.get("value")))
    assert len(hidden) > 0 and len(shown) > 100
    for row in hidden.to_dict("records"):
        assert (titles[row["indicator_id"]], ends[row["wave_id"]], row["area_code"], row["group_value"]) not in shown
    comments = " ".join(c.text for c in exported.iterfind(".//comment/narrative"))
    assert comments and not [t for t in private if t in comments]
