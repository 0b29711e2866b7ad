"""Change detection: a store at two moments in time, with known differences in between."""

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from kompas.analysis import review_changes
from kompas.domain.errors import NotFoundError
from kompas.domain.model import Note, Observation, Wave
from kompas.store import indicators, observations, review_snapshots, reviews, stories, toc

DAY = date(2026, 11, 24)
STORY_DAY = date(2026, 11, 2)
PAGES = ["app_pages/step_5_outcome.py", "app_pages/step_4_input.py", "app_pages/verhalen.py", "app_pages/acties.py"]


def _story(title: str, visibility: str) -> Note:
    return Note(
        title, "Wat een bewoner vertelde.", STORY_DAY, "wijkgesprek", visibility, True, indicator_ids=("weet_melden",)
    )


def _key(frame: pd.DataFrame) -> set:
    return set(zip(frame["indicator_id"], frame["wave_id"], frame["area_code"], frame["group_value"]))


@pytest.fixture
def moved(store):
    """Open a review, then change the store in known ways; returns (review id, what was changed)."""
    review_id = reviews.open_review(store, DAY, "Werkgroep inclusie, november")
    # a new wave of the panel: one figure beyond its margin, one within, one about too few people
    indicators.save_wave(
        store,
        Wave("panel2026", "Inwonerspanel Voorbeeldstad", "Inwonerspanel 2026", date(2026, 3, 1), date(2026, 3, 31)),
    )
    observations.save_observations(
        store,
        [
            Observation("weet_melden", "panel2026", "GM9999", value=70.0, n=1200, ci_low=66.8, ci_high=73.2),
            Observation("weet_melden", "panel2026", "GM9999", "leeftijd", "18–34 jaar", 64.0, 330, 57.8, 70.2),
            Observation("weet_melden", "panel2026", "GM9999", "leeftijd", "75 jaar en ouder", 47.0, 30, 30.0, 64.0),
            # the smallest other group: hidden too, so the group of 30 cannot be worked out from the total
            Observation("weet_melden", "panel2026", "GM9999", "leeftijd", "65–74 jaar", 52.0, 150, 44.0, 60.0),
        ],
    )
    # a revised figure that stays within the margin of the wave before
    observations.save_observations(
        store, [Observation("eenzaam", "ggd2024", "GM9999", value=11.5, n=3786, ci_low=10.3, ci_high=12.7)]
    )
    ids = {
        visibility: stories.save_note(store, _story(f"Verhaal ({visibility})", visibility))
        for visibility in ("openbaar", "werkgroep", "intern")
    }
    toc.save_node(store, replace(toc.get_node(store, "act_balie"), status="loopt"), new=False)
    action_id = int(store.scalar("SELECT id FROM actions WHERE title LIKE 'Uitsplitsing discriminatie%'"))
    reviews.set_action_status(store, action_id, "gedaan", "Besproken; de voorziening gaat langs bij drie scholen.")
    return review_id, {"notes": ids, "action": action_id}


def test_right_after_opening_nothing_has_changed(store):
    review_id = reviews.open_review(store, DAY, "Werkgroep inclusie, november")
    changes = review_changes.changes_since(store, review_id, today=DAY)
    for frame in (
        changes.new_observations,
        changes.revised_observations,
        changes.beyond_margin,
        changes.new_stories,
        changes.revised_stories,
        changes.activity_changes,
        changes.actions_done,
    ):
        assert frame.empty
    assert len(changes.actions_overdue) == 1  # state, not change: the demo's late action stays late
    assert review_changes.summary(changes) == ["1 actie is te laat", "1 actie moet binnen 14 dagen klaar zijn"]


def test_changes_since_lists_exactly_what_changed(store, moved):
    review_id, done = moved
    changes = review_changes.changes_since(store, review_id, "werkgroep", today=DAY)
    assert _key(changes.new_observations) == {
        ("weet_melden", "panel2026", "GM9999", g) for g in ("totaal", "18–34 jaar", "65–74 jaar", "75 jaar en ouder")
    }
    assert _key(changes.revised_observations) == {("eenzaam", "ggd2024", "GM9999", "totaal")}
    revised = changes.revised_observations.iloc[0]
    assert (revised["old_value"], revised["new_value"]) == (11.0, 11.5)
    assert set(changes.new_stories["note_id"]) == {done["notes"]["openbaar"], done["notes"]["werkgroep"]}
    assert changes.revised_stories.empty
    activity = changes.activity_changes
    assert list(zip(activity["node_id"], activity["old_status"], activity["new_status"])) == [
        ("act_balie", "gepland", "loopt")
    ]
    assert list(changes.actions_done["action_id"]) == [done["action"]]
    assert list(changes.actions_due_soon["action_id"]) == []  # the one due soon was just closed
    assert changes.since == DAY and changes.review_id == review_id


def test_only_the_figure_beyond_its_margin_is_flagged(store, moved):
    changes = review_changes.changes_since(store, moved[0], today=DAY)
    flags = dict(zip(changes.new_observations["group_value"], changes.new_observations["beyond_margin"]))
    assert bool(flags["totaal"]) is True and bool(flags["18–34 jaar"]) is False
    assert pd.isna(flags["75 jaar en ouder"])  # too few people: not compared
    assert bool(changes.revised_observations.iloc[0]["beyond_margin"]) is False
    beyond = changes.beyond_margin
    assert len(beyond) == 1
    row = beyond.iloc[0]
    assert (row["indicator_id"], row["group_value"], row["previous_wave_label"]) == (
        "weet_melden",
        "totaal",
        "Inwonerspanel 2025",
    )
    assert (row["value_before"], row["value_after"], row["verdict"]) == (58.0, 70.0, "beter")
    assert row["diff"] == pytest.approx(12.0) and 0 < row["margin"] < 12
    assert "van 58,0% in Inwonerspanel 2025 naar 70,0% in Inwonerspanel 2026: +12,0 procentpunt" in row["sentence"]
    assert "dus beter" in row["sentence"] and "gecorrigeerd" in row["sentence"]
    assert row["page"] == "app_pages/step_5_outcome.py"


def test_suppressed_figures_never_carry_a_value(store, moved):
    new = review_changes.changes_since(store, moved[0], today=DAY).new_observations
    small = new[new["group_value"] == "75 jaar en ouder"].iloc[0]
    assert small["suppressed"]
    assert all(pd.isna(small[c]) for c in ("value", "n", "ci_low", "ci_high"))
    guard = new[new["group_value"] == "65–74 jaar"].iloc[0]  # secondary suppression reaches reviews too
    assert guard["suppressed"] and all(pd.isna(guard[c]) for c in ("value", "n", "ci_low", "ci_high"))
    assert not new[~new["group_value"].isin(["75 jaar en ouder", "65–74 jaar"])]["suppressed"].any()


def test_a_suppressed_revision_shows_neither_value(store):
    review_id = reviews.open_review(store, DAY, "November")
    row = store.rows(
        "SELECT * FROM observations WHERE indicator_id = 'thuis_buurt' AND wave_id = 'vm2025' "
        "AND group_value = 'anders of zeg ik liever niet'"
    )[0]
    observations.save_observations(store, [Observation(**{**row, "value": row["value"] + 5})])
    revised = review_changes.changes_since(store, review_id, today=DAY).revised_observations
    assert len(revised) == 1 and revised.iloc[0]["suppressed"]
    assert pd.isna(revised.iloc[0]["old_value"]) and pd.isna(revised.iloc[0]["new_value"])
    assert "te klein om te tonen" in revised.iloc[0]["sentence"]


def test_stories_follow_the_audience(store, moved):
    review_id, done = moved
    public = review_changes.changes_since(store, review_id, "openbaar", today=DAY).new_stories
    assert list(public["note_id"]) == [done["notes"]["openbaar"]]
    inside = review_changes.changes_since(store, review_id, "werkgroep", today=DAY).new_stories
    assert done["notes"]["intern"] not in set(inside["note_id"])


def test_an_edited_story_is_revised_not_new(store):
    review_id = reviews.open_review(store, DAY, "November")
    note_id = int(store.scalar("SELECT min(id) FROM notes WHERE visibility = 'openbaar'"))
    note = stories.get_note(store, note_id)
    stories.save_note(store, replace(note, body=note.body + " Later aangevuld."))
    changes = review_changes.changes_since(store, review_id, today=DAY)
    assert changes.new_stories.empty and list(changes.revised_stories["note_id"]) == [note_id]


def test_a_story_made_public_is_new_to_the_public(store):
    note_id = int(store.scalar("SELECT min(id) FROM notes WHERE visibility = 'werkgroep' AND consent"))
    review_id = reviews.open_review(store, DAY, "November")
    stories.save_note(store, replace(stories.get_note(store, note_id), visibility="openbaar"))
    public = review_changes.changes_since(store, review_id, "openbaar", today=DAY)
    inside = review_changes.changes_since(store, review_id, "werkgroep", today=DAY)
    assert list(public.new_stories["note_id"]) == [note_id] and public.revised_stories.empty
    assert inside.new_stories.empty and list(inside.revised_stories["note_id"]) == [note_id]


def test_every_row_says_where_it_lives(store, moved):
    changes = review_changes.changes_since(store, moved[0], today=DAY)
    expected = {
        "new_observations": "indicator_id",
        "revised_observations": "indicator_id",
        "beyond_margin": "indicator_id",
        "new_stories": "note_id",
        "activity_changes": "node_id",
        "actions_done": "action_id",
        "actions_overdue": "action_id",
    }
    for name, id_column in expected.items():
        frame = getattr(changes, name)
        assert not frame.empty, name
        assert frame[id_column].notna().all() and frame["page"].isin(PAGES).all(), name
    assert set(changes.activity_changes["page"]) == {"app_pages/step_4_input.py"}
    assert set(changes.new_stories["page"]) == {"app_pages/verhalen.py"}
    assert set(changes.actions_done["page"]) == {"app_pages/acties.py"}


def test_summary_in_plain_dutch(store, moved):
    sentences = review_changes.summary(review_changes.changes_since(store, moved[0], today=DAY))
    assert sentences == [
        "4 nieuwe cijfers (bij 1 indicator)",
        "1 cijfer is aangepast",
        "1 cijfer veranderde meer dan de foutmarge",
        "2 nieuwe verhalen",
        "1 activiteit heeft een andere status",
        "1 actie is afgerond",
        "1 actie is te laat",
    ]


def test_the_demo_shows_real_changes_since_its_last_review(store):
    last = int(reviews.reviews(store)["id"].iloc[0])
    changes = review_changes.changes_since(store, last, today=DAY)
    assert len(changes.new_stories) >= 2
    # discrimination by background rose beyond the plain margin, but not once every change of the
    # Veiligheidsmonitor 2023 → 2025 is counted: 'niet zeker', so not listed as beyond the margin
    assert "niet_zeker" in set(changes.new_observations["verdict"]) and changes.beyond_margin.empty
    assert not changes.activity_changes.empty and not changes.revised_observations.empty
    assert len(changes.actions_done) >= 1 and len(changes.actions_overdue) == 1
    hidden = set(store.df("SELECT id FROM notes WHERE visibility = 'intern'")["id"])
    assert not hidden & set(changes.new_stories["note_id"])


def test_until_compares_two_reviews(store):
    first, second = sorted(reviews.reviews(store)["id"])
    between = review_changes.changes_since(store, first, until=second)
    assert between.today == date(2026, 10, 20)
    assert set(between.new_observations["indicator_id"]) == {"rondkomen"}
    assert list(between.activity_changes["node_id"]) == ["act_training_werving"]
    assert list(between.new_stories["title"]) == ["Plannen voor de buurtmoestuin in De Weiden"]
    assert len(between.actions_done) == 2 and between.actions_overdue.empty


def test_snapshot_keys_and_unknown_review(store):
    snap = review_snapshots.snapshot(store)
    assert set(snap["kind"]) == {"observation", "note", "node_status", "action"}
    figure = snap[snap["key"] == "thuis_buurt|vm2025|GM9999|totaal|totaal"].iloc[0]
    assert [float(x) for x in figure["value"].split("|")[:4]] == [84.0, 2583.0, 82.3, 85.7]
    with pytest.raises(NotFoundError):
        review_changes.changes_since(store, 999)
