"""The werkgroep's reviews: open and close, attendees, decisions, actions, carry-over, the demo werkgroep."""

from datetime import date

import pytest

from kompas.domain.errors import NotFoundError, ValidationError
from kompas.domain.model import Action, Member, Reflection
from kompas.store import connection as store_mod
from kompas.store import reviews
from kompas.store.connection import Store
from kompas.store.reflections import add_reflection

DAY = date(2026, 11, 24)


def _member_id(store, name: str) -> int:
    return int(store.scalar("SELECT id FROM members WHERE name = ?", [name]))


def _action_id(store, title_part: str) -> int:
    return int(store.scalar("SELECT id FROM actions WHERE title ILIKE ?", [f"%{title_part}%"]))


@pytest.fixture
def opened(store):
    people = [_member_id(store, n) for n in ("Anouk de Wit", "Ria Verbeek", "Peter Hoekstra")]
    return reviews.open_review(store, DAY, "Werkgroep inclusie, november", "Nieuwe cijfers\nActies", people)


def test_open_review_is_current_with_attendees_and_a_snapshot(store, opened):
    review = reviews.current_review(store)
    assert review["id"] == opened and review["status"] == "open" and review["held_on"] == DAY
    assert [m["name"] for m in review["attendees"]] == ["Anouk de Wit", "Peter Hoekstra", "Ria Verbeek"]
    kinds = set(store.df("SELECT DISTINCT kind FROM review_snapshots WHERE review_id = ?", [opened])["kind"])
    assert kinds == {"observation", "note", "node_status", "action"}


def test_a_second_open_review_is_refused(store, opened):
    with pytest.raises(ValidationError, match="al een bespreking open"):
        reviews.open_review(store, DAY, "Nog een")
    assert store.scalar("SELECT count(*) FROM reviews WHERE status = 'open'") == 1


def test_open_review_checks_title_and_attendees(store):
    with pytest.raises(ValidationError) as caught:
        reviews.open_review(store, DAY, "  ", attendee_ids=[999])
    assert set(caught.value.errors) == {"title", "attendee_ids"}
    assert store.scalar("SELECT count(*) FROM reviews") == 2  # only the demo's


def test_close_review_keeps_it_in_the_list_and_refuses_twice(store, opened):
    reviews.close_review(store, opened, "Goede bespreking.")
    assert reviews.current_review(store) is None
    review = reviews.get_review(store, opened)
    assert review["status"] == "gesloten" and review["closed_at"] is not None and review["notes"] == "Goede bespreking."
    with pytest.raises(ValidationError, match="al gesloten"):
        reviews.close_review(store, opened)
    listed = reviews.reviews(store)
    assert listed["id"].iloc[0] == opened  # newest first
    assert {"id", "held_on", "title", "status", "attendees", "decisions", "actions"} <= set(listed.columns)
    assert listed.iloc[0]["attendees"] == 3


def test_update_review_replaces_attendees_agenda_and_notes(store, opened):
    daan = _member_id(store, "Daan Kuipers")
    reviews.update_review(store, opened, agenda="Alleen acties", notes="Kort", attendee_ids=[daan])
    review = reviews.get_review(store, opened)
    assert (review["agenda"], review["notes"]) == ("Alleen acties", "Kort")
    assert [m["name"] for m in review["attendees"]] == ["Daan Kuipers"]
    reviews.update_review(store, opened, notes="Langer")  # what is not given stays
    assert reviews.get_review(store, opened)["agenda"] == "Alleen acties"
    with pytest.raises(NotFoundError):
        reviews.update_review(store, 999, notes="x")


def test_previous_review_is_the_one_held_before(store, opened):
    assert reviews.previous_review(store, opened)["held_on"] == date(2026, 10, 20)
    first = reviews.reviews(store)["id"].iloc[-1]
    assert reviews.previous_review(store, first) is None


def test_decisions_are_reflections_linked_to_the_review(store, opened):
    add_reflection(
        store,
        Reflection("besluit", "We nodigen nieuwe bewoners persoonlijk uit.", review_id=opened, node_id="act_ontmoeten"),
    )
    add_reflection(store, Reflection("gaat_goed", "Los van de bespreking."))
    decided = reviews.decisions(store, opened)
    assert list(decided["text"]) == ["We nodigen nieuwe bewoners persoonlijk uit."]
    assert decided.iloc[0]["node_title"] == "Laagdrempelige ontmoetingen in buurthuizen"
    assert reviews.reviews(store).set_index("id").loc[opened, "decisions"] == 1
    reviews.close_review(store, opened)
    with pytest.raises(ValidationError, match="al gesloten"):
        add_reflection(store, Reflection("besluit", "Te laat.", review_id=opened))
    with pytest.raises(ValidationError):
        add_reflection(store, Reflection("besluit", "Fout onderdeel.", node_id="bestaat_niet"))


def test_actions_overdue_first_then_by_due_date(store):
    late = reviews.add_action(
        store, Action("Nog eerder te laat", owner_name="Buurthuis De Schakel", due_date=date(2026, 11, 1))
    )
    frame = reviews.actions(store, today=DAY)
    overdue = frame[frame["overdue"]]
    assert list(frame["id"][: len(overdue)]) == list(overdue["id"])
    assert overdue["id"].iloc[0] == late
    rest = frame[~frame["overdue"]]["due_date"]
    assert list(rest) == sorted(rest)
    assert frame.set_index("id").loc[late, "owner_label"] == "Buurthuis De Schakel"
    nobody = reviews.add_action(store, Action("Zonder eigenaar", due_date=DAY))
    assert reviews.actions(store).set_index("id").loc[nobody, "owner_label"] == "nog niemand"


def test_actions_filter_on_status_and_owner(store):
    peter = _member_id(store, "Peter Hoekstra")
    mine = reviews.actions(store, owner=peter, today=DAY)
    assert len(mine) == 2 and set(mine["owner_label"]) == {"Peter Hoekstra"}
    assert len(reviews.actions(store, owner="Peter Hoekstra")) == 2
    assert set(reviews.actions(store, status=["open", "bezig"])["status"]) == {"open", "bezig"}
    assert set(reviews.actions(store, status="gedaan")["status"]) == {"gedaan"}


def test_closing_an_action_needs_a_note_on_what_it_achieved(store):
    action_id = _action_id(store, "Vrijwilligers werven")
    with pytest.raises(ValidationError) as caught:
        reviews.set_action_status(store, action_id, "gedaan", "  ")
    assert caught.value.errors == {"result_note": "Schrijf kort op wat de actie heeft opgeleverd."}
    reviews.set_action_status(store, action_id, "gedaan", "Zes nieuwe vrijwilligers in Zuid.")
    row = reviews.actions(store).set_index("id").loc[action_id]
    assert row["status"] == "gedaan" and row["result_note"] == "Zes nieuwe vrijwilligers in Zuid."
    assert row["closed_at"] is not None and not row["overdue"]
    reviews.set_action_status(store, action_id, "bezig")  # reopened: the note stays, the closing date goes
    row = reviews.actions(store).set_index("id").loc[action_id]
    assert row["status"] == "bezig" and str(row["closed_at"]) == "NaT"
    assert row["result_note"] == "Zes nieuwe vrijwilligers in Zuid."
    with pytest.raises(ValidationError, match="Schrijf kort op"):
        reviews.add_action(store, Action("Meteen gedaan", due_date=DAY, status="gedaan"))
    reviews.set_action_status(store, _action_id(store, "Afspraken maken"), "vervallen")  # no note needed
    with pytest.raises(ValidationError):
        reviews.set_action_status(store, action_id, "klaar")


def test_add_action_checks_its_links(store, opened):
    with pytest.raises(ValidationError) as caught:
        reviews.add_action(store, Action("", owner=999, node_id="nee", indicator_id="nee", due_date=DAY))
    assert set(caught.value.errors) == {"title", "owner", "node_id", "indicator_id"}
    new = reviews.add_action(
        store,
        Action(
            "Uitnodiging rondbrengen",
            owner=_member_id(store, "Ria Verbeek"),
            due_date=date(2026, 12, 15),
            review_id=opened,
            node_id="act_ontmoeten",
        ),
    )
    assert reviews.reviews(store).set_index("id").loc[opened, "actions"] == 1
    assert reviews.actions(store).set_index("id").loc[new, "node_title"] == "Laagdrempelige ontmoetingen in buurthuizen"
    closed = int(reviews.reviews(store)["id"].iloc[1])
    with pytest.raises(ValidationError, match="al gesloten"):
        reviews.add_action(store, Action("Te laat", due_date=DAY, review_id=closed))


def test_open_actions_of_earlier_reviews_are_carried_over(store, opened):
    reviews.add_action(store, Action("Besloten in deze bespreking", due_date=DAY, review_id=opened))
    carried = reviews.open_actions_carried_over(store, opened)
    assert set(carried["status"]) <= {"open", "bezig"}
    assert "Besloten in deze bespreking" not in set(carried["title"])
    assert len(carried) == 4
    assert carried["overdue"].sum() == 1 and carried.iloc[0]["overdue"]
    # the demo's second review carried over what was still open of the first on 20 October
    october = reviews.previous_review(store, opened)["id"]
    then = reviews.open_actions_carried_over(store, october)
    assert {t.split(":")[0] for t in then["title"]} == {
        "Verkennen waarom nieuwe bewoners van het Werfeiland wegblijven",
        "Afspraken maken over meelezen met nieuwe standaardbrieven",
    }


def test_an_action_closed_during_the_review_still_counts_as_carried_over(store, opened):
    action_id = _action_id(store, "Vrijwilligers werven")
    reviews.set_action_status(store, action_id, "gedaan", "Geregeld.")
    assert action_id in set(reviews.open_actions_carried_over(store, opened)["id"])


def test_members_save_update_and_active_only(store):
    new = reviews.save_member(store, Member("Noor Bakker", "jongerenwerker", "Welzijn Voorbeeldstad"))
    assert "Noor Bakker" in set(reviews.members(store)["name"])
    reviews.save_member(store, Member("Noor Bakker", "jongerenwerker", "Welzijn Voorbeeldstad", False, new))
    assert "Noor Bakker" not in set(reviews.members(store)["name"])
    assert "Noor Bakker" in set(reviews.members(store, active_only=False)["name"])
    with pytest.raises(ValidationError, match="naam"):
        reviews.save_member(store, Member(" "))
    with pytest.raises(NotFoundError):
        reviews.save_member(store, Member("Iemand", id=999))


def test_demo_has_a_werkgroep_and_two_closed_reviews(store):
    people = reviews.members(store, active_only=False)
    assert 8 <= len(people) <= 10 and people["role"].str.len().gt(0).all()
    listed = reviews.reviews(store)
    assert list(listed["held_on"].dt.date) == [date(2026, 10, 20), date(2026, 9, 15)]
    assert set(listed["status"]) == {"gesloten"}
    assert (listed["attendees"] >= 5).all() and (listed["decisions"] >= 3).all() and (listed["actions"] >= 3).all()
    kinds = set(store.df("SELECT kind FROM reflections WHERE review_id IS NOT NULL")["kind"])
    assert kinds == {"besluit", "gaat_goed", "kan_beter"}
    frame = reviews.actions(store, today=DAY)
    assert list(frame["overdue"]).count(True) == 1
    late = frame[frame["overdue"]]["id"].iloc[0]
    assert reviews.actions(store, today=date(2030, 1, 1)).set_index("id").loc[late, "overdue"]
    done = frame[frame["status"] == "gedaan"]
    assert len(done) >= 2 and done["result_note"].str.len().gt(20).all()
    assert {"open", "bezig", "gedaan", "vervallen"} <= set(frame["status"])
    assert reviews.current_review(store) is None


def test_demo_reviews_refer_only_to_what_exists(store):
    checks = {
        "attendee without member": "SELECT count(*) FROM review_attendees WHERE member_id NOT IN (SELECT id FROM members)",
        "action owner": "SELECT count(*) FROM actions WHERE owner IS NOT NULL AND owner NOT IN (SELECT id FROM members)",
        "action node": "SELECT count(*) FROM actions WHERE node_id IS NOT NULL AND node_id NOT IN (SELECT id FROM nodes)",
        "action indicator": "SELECT count(*) FROM actions WHERE indicator_id IS NOT NULL "
        "AND indicator_id NOT IN (SELECT id FROM indicators)",
        "reflection node": "SELECT count(*) FROM reflections WHERE node_id IS NOT NULL "
        "AND node_id NOT IN (SELECT id FROM nodes)",
        "reflection review": "SELECT count(*) FROM reflections WHERE review_id IS NOT NULL "
        "AND review_id NOT IN (SELECT id FROM reviews)",
        "actions linked": "SELECT count(*) FROM actions WHERE node_id IS NULL AND indicator_id IS NULL",
    }
    for name, sql in checks.items():
        assert store.scalar(sql) == 0, name


def test_migrations_upgrade_an_existing_version_2_file(tmp_path, monkeypatch):
    path = tmp_path / "v2.duckdb"
    shipped = store_mod.migrations()
    monkeypatch.setattr(store_mod, "migrations", lambda: [m for m in shipped if m[0] <= 2])
    with Store(path, create=True).as_system("tests") as old:
        assert old.schema_version() == 2
        with old.transaction() as cur:
            cur.execute("INSERT INTO reflections (kind, text) VALUES ('besluit', 'Van voor de besprekingen.')")
    monkeypatch.setattr(store_mod, "migrations", lambda: shipped)
    with Store(path).as_system("tests") as upgraded:
        assert upgraded.schema_version() == shipped[-1][0]
        kept = upgraded.rows("SELECT text, review_id, node_id, indicator_id FROM reflections")
        assert kept == [{"text": "Van voor de besprekingen.", "review_id": None, "node_id": None, "indicator_id": None}]
        member = reviews.save_member(upgraded, Member("Test", "lid"))
        review_id = reviews.open_review(upgraded, DAY, "Eerste", attendee_ids=[member])
        add_reflection(upgraded, Reflection("besluit", "Het werkt.", review_id=review_id))
        assert len(reviews.decisions(upgraded, review_id)) == 1
