"""Sign-in under attack: a growing wait and a lockout per name and per client, every refusal logged."""

import pytest

from kompas.access import accounts, sign_in
from kompas.store import audit_log
from kompas.store.connection import Store

PASSWORD = "goed-wachtwoord"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def setup(tmp_path):
    path = tmp_path / "accounts.json"
    accounts.add(path, "Els", "werkgroep", PASSWORD)
    accounts.add(path, "Jos\u00e9", "lezer", PASSWORD)
    clock = Clock()
    with Store(":memory:", create=True).as_system("tests") as store:
        yield store, path, sign_in.Guard(clock=clock), clock


def refusals(store) -> list[dict]:
    return audit_log.entries(store, action="geweigerd").to_dict("records")


def test_the_first_failures_are_free_then_the_wait_grows(setup):
    store, path, guard, clock = setup
    for _ in range(2):
        outcome = sign_in.attempt(store, path, guard, "Els", "fout", "10.0.0.1")
        assert outcome.account is None and outcome.message == sign_in.WRONG
    third = sign_in.attempt(store, path, guard, "Els", "fout", "10.0.0.1")
    assert third.message.startswith(sign_in.WRONG) and "probeer het over 2 seconden" in third.message
    assert guard.wait_seconds("Els", "10.0.0.1") == 2
    waits = []
    for _ in range(4):
        during = sign_in.attempt(store, path, guard, "Els", PASSWORD, "10.0.0.1")  # even the right password
        assert during.account is None and "probeer het over" in during.message
        clock.now += during.wait_seconds
        outcome = sign_in.attempt(store, path, guard, "Els", "fout", "10.0.0.1")
        waits.append(outcome.wait_seconds)
    assert waits == [4, 8, 16, 32]
    clock.now += 32
    assert sign_in.attempt(store, path, guard, "Els", PASSWORD, "10.0.0.1").account.name == "Els"
    assert guard.wait_seconds("Els", "10.0.0.1") == 0  # a success clears the name's count


def test_ten_failures_lock_the_name_for_fifteen_minutes_from_any_client(setup):
    store, path, guard, clock = setup
    for i in range(10):
        clock.now += guard.wait_seconds("Els", f"10.0.0.{i}")
        outcome = sign_in.attempt(store, path, guard, "els", "fout", f"10.0.0.{i}")  # any case: one name
    assert outcome.wait_seconds == 15 * 60 and "de komende 15 minuten niet" in outcome.message
    clock.now += 14 * 60
    assert sign_in.attempt(store, path, guard, "Els", PASSWORD, "10.9.9.9").account is None
    clock.now += 60
    assert sign_in.attempt(store, path, guard, "Els", PASSWORD, "10.9.9.9").account.name == "Els"


def test_default_rules_are_stricter_per_name_than_per_client():
    assert (sign_in.ACCOUNT_RULE.free, sign_in.ACCOUNT_RULE.lock_after) == (3, 10)
    assert (sign_in.CLIENT_RULE.free, sign_in.CLIENT_RULE.lock_after) == (10, 30)


@pytest.fixture
def small_client_rule(setup):  # the client rule with small numbers, so the test checks few passwords
    store, path, _, clock = setup
    return store, path, sign_in.Guard(clock=clock, client_rule=sign_in.Rule(free=3, lock_after=6)), clock


def test_one_client_guessing_many_names_is_slowed_and_locked(small_client_rule):
    store, path, guard, clock = small_client_rule
    for i in range(3):
        sign_in.attempt(store, path, guard, f"naam{i}", "fout", "10.6.6.6")
    assert guard.wait_seconds("nog-een-naam", "10.6.6.6") == 2
    assert guard.wait_seconds("nog-een-naam", "10.0.0.1") == 0  # another client is not held up
    for i in range(3, 6):
        clock.now += guard.wait_seconds(f"naam{i}", "10.6.6.6")
        sign_in.attempt(store, path, guard, f"naam{i}", "fout", "10.6.6.6")
    assert guard.wait_seconds("Els", "10.6.6.6") == 15 * 60
    assert sign_in.attempt(store, path, guard, "Els", PASSWORD, "10.0.0.1").account.name == "Els"


def test_a_good_sign_in_does_not_clear_the_clients_count(small_client_rule):
    store, path, guard, clock = small_client_rule
    for i in range(3):
        sign_in.attempt(store, path, guard, f"naam{i}", "fout", "10.6.6.6")
    clock.now += guard.wait_seconds("Els", "10.6.6.6")
    assert sign_in.attempt(store, path, guard, "Els", PASSWORD, "10.6.6.6").account
    assert sign_in.attempt(store, path, guard, "naam9", "fout", "10.6.6.6").wait_seconds == 4


def test_counts_are_forgotten_after_an_hour_of_quiet(setup):
    store, path, guard, clock = setup
    for _ in range(3):
        sign_in.attempt(store, path, guard, "Els", "fout", "10.0.0.1")
    clock.now += 3600
    assert guard.wait_seconds("Els", "10.0.0.1") == 0


def test_every_refusal_is_logged_with_name_and_client_never_the_password(setup):
    store, path, guard, clock = setup
    sign_in.attempt(store, path, guard, "Jose\u0301", "geheim-fout-1", "10.0.0.1")
    sign_in.attempt(store, path, guard, "Jos\u00e9", "geheim-fout-2", "10.0.0.1")
    sign_in.attempt(store, path, guard, "Jos\u00e9", "geheim-fout-3", "10.0.0.1")
    sign_in.attempt(store, path, guard, "Jos\u00e9", PASSWORD, "10.0.0.1")  # during the wait
    lines = refusals(store)
    assert len(lines) == 4 and {line["object_kind"] for line in lines} == {"aanmelding"}
    assert {line["object_id"] for line in lines} == {"Jos\u00e9"}  # both Unicode forms: one name
    assert all("10.0.0.1" in line["summary"] for line in lines)
    assert "3e mislukte poging" in lines[1]["summary"] and "wachttijd" in lines[0]["summary"]
    text = repr(store.rows("SELECT * FROM audit_log"))
    assert "geheim-fout" not in text and PASSWORD not in text
    clock.now += 2
    assert sign_in.attempt(store, path, guard, "Jose\u0301", PASSWORD, "10.0.0.1").account.role == "lezer"
    assert len(refusals(store)) == 4  # a success is no refusal


def test_a_name_with_hidden_characters_is_logged_cleaned(setup):
    store, path, guard, _ = setup
    sign_in.attempt(store, path, guard, "Els\u202e\n;DROP", "fout", "10.0.0.1")
    assert "\u202e" not in refusals(store)[0]["object_id"] and "\n" not in refusals(store)[0]["object_id"]
