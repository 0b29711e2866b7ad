"""Local accounts (argon2 hashes), the account commands, and the sign-in form."""

import json

import pytest

from kompas.access import accounts
from kompas.demo import accounts as demo_accounts
from kompas.domain.errors import KompasError, ValidationError
from tests.cli_run import run_cli


@pytest.fixture
def file(tmp_path):
    return tmp_path / "accounts.json"


def test_passwords_are_stored_only_as_argon2_hashes(file):
    accounts.add(file, "Els", "raad", "geheim-wachtwoord")
    text = file.read_text(encoding="utf-8")
    assert "geheim-wachtwoord" not in text
    assert json.loads(text)["accounts"][0]["password_hash"].startswith("$argon2")
    assert file.stat().st_mode & 0o077 == 0  # only the owner may read it


def test_verify_gives_the_account_only_with_the_right_password(file):
    accounts.add(file, "Els", "raad", "geheim-wachtwoord")
    assert accounts.verify(file, "Els", "geheim-wachtwoord").role == "raad"
    assert accounts.verify(file, "Els", "fout-wachtwoord") is None
    assert accounts.verify(file, "Onbekend", "geheim-wachtwoord") is None
    assert accounts.verify(tmp := file.with_name("leeg.json"), "Els", "geheim-wachtwoord") is None
    assert not tmp.exists()


def test_add_replaces_and_remove_deletes(file):
    accounts.add(file, "Els", "raad", "eerste-wachtwoord")
    accounts.add(file, "Els", "lezer", "tweede-wachtwoord", email="Els@Gemeente.nl")
    assert [(a.name, a.role) for a in accounts.load(file)] == [("Els", "lezer")]
    assert accounts.verify(file, "Els", "eerste-wachtwoord") is None
    assert accounts.by_email(file, "els@gemeente.nl").name == "Els"
    accounts.remove(file, "Els")
    assert accounts.load(file) == []
    with pytest.raises(KompasError, match="geen account"):
        accounts.remove(file, "Els")


def test_add_refuses_unknown_role_and_short_password(file):
    with pytest.raises(ValidationError) as caught:
        accounts.add(file, "Els", "beheerder", "kort")
    assert set(caught.value.errors) == {"role", "password"}
    assert not file.exists()


def test_damaged_file_gives_a_dutch_message(file):
    file.write_text("{niet goed", encoding="utf-8")
    with pytest.raises(KompasError, match="beschadigd"):
        accounts.load(file)


def test_demo_accounts_only_when_there_is_no_file_and_only_in_a_demo_store(file):
    assert demo_accounts.add_demo_accounts(file)
    for role, password in demo_accounts.DEMO_ACCOUNTS.items():
        assert accounts.verify(file, role, password, demo_store=True).role == role
        assert accounts.verify(file, role, password) is None  # a production store: the demo opens nothing
    assert not demo_accounts.add_demo_accounts(file)
    older = file.with_name("ouder.json")  # a file from before the demo mark: known by name and password
    accounts.add(older, "werkgroep", "werkgroep", "demo-werkgroep")
    assert accounts.verify(older, "werkgroep", "demo-werkgroep") is None


def test_a_demo_run_in_a_production_folder_opens_nothing_there(tmp_path, monkeypatch, demo_db):
    from kompas.access import sign_in
    from kompas.cli.main import main
    from kompas.store.connection import Store

    production = tmp_path / "kompas.duckdb"
    Store(production, create=True).close()
    for env in (None, str(tmp_path / "gedeeld.json")):
        if env:
            monkeypatch.setenv("KOMPAS_ACCOUNTS", env)
        else:
            monkeypatch.delenv("KOMPAS_ACCOUNTS", raising=False)
        monkeypatch.setattr("kompas.demo.build.build_demo_file", lambda *a, **k: None)  # only the accounts part
        assert main(["demo", "--db", str(tmp_path / "demo.duckdb")]) == 0
        path = accounts.path_for(production)
        with Store(production).as_system("tests") as store:
            outcome = sign_in.attempt(store, path, sign_in.Guard(), "werkgroep", "demo-werkgroep", "test")
            assert outcome.account is None and outcome.message == sign_in.WRONG
        with Store(demo_db).as_system("tests") as demo:
            assert sign_in.attempt(demo, path, sign_in.Guard(), "werkgroep", "demo-werkgroep", "t").account


def test_names_are_one_account_in_either_unicode_form(file):
    accounts.add(file, "Jose\u0301", "lezer", "eerste-wachtwoord")  # e + combining accent
    accounts.add(file, "Jos\u00e9", "raad", "tweede-wachtwoord")  # é as one character
    assert [(a.name, a.role) for a in accounts.load(file)] == [("Jos\u00e9", "raad")]
    assert accounts.verify(file, "Jose\u0301", "tweede-wachtwoord").role == "raad"
    accounts.remove(file, "Jose\u0301")
    assert accounts.load(file) == []


@pytest.mark.parametrize(
    "name", ["Els\u202eraad", "Els\x00", "El\u200bs", "Els\nPiet", "\u2066Els\u2069", "Els\u200f", "Els\x1b[31m"]
)
def test_names_with_control_or_direction_characters_are_refused(file, name):
    with pytest.raises(ValidationError) as caught:
        accounts.add(file, name, "lezer", "lang-genoeg")
    assert set(caught.value.errors) == {"name"} and "onzichtbare tekens" in caught.value.errors["name"]
    assert not file.exists()


@pytest.mark.parametrize("password", [" " * 8, "\t" * 10, " \u00a0 " * 4])
def test_passwords_of_only_whitespace_are_refused(file, password):
    with pytest.raises(ValidationError, match="alleen spaties"):
        accounts.add(file, "Els", "lezer", password)
    assert accounts.add(file, "Els", "lezer", " een wachtwoord met spaties ").role == "lezer"


def test_accounts_file_defaults_to_beside_the_database(tmp_path, monkeypatch):
    monkeypatch.delenv("KOMPAS_ACCOUNTS", raising=False)
    assert accounts.path_for(tmp_path / "k.duckdb") == tmp_path / "accounts.json"
    monkeypatch.setenv("KOMPAS_ACCOUNTS", str(tmp_path / "elders.json"))
    assert accounts.path_for(tmp_path / "k.duckdb") == tmp_path / "elders.json"


def test_account_commands(tmp_path):
    db = tmp_path / "k.duckdb"
    added = run_cli(
        "account",
        "add",
        "--name",
        "Piet",
        "--role",
        "werkgroep",
        "--password-stdin",
        "--db",
        db,
        stdin="lang-genoeg-wachtwoord\n",
    )
    assert added.returncode == 0, added.stderr
    assert accounts.verify(tmp_path / "accounts.json", "Piet", "lang-genoeg-wachtwoord").role == "werkgroep"
    listed = run_cli("account", "list", "--db", db)
    assert "Piet" in listed.stdout and "werkgroep" in listed.stdout and "$argon2" not in listed.stdout
    refused = run_cli(
        "account", "add", "--name", "Kort", "--role", "lezer", "--password-stdin", "--db", db, stdin="kort\n"
    )
    assert refused.returncode == 1 and "minstens" in refused.stderr
    assert run_cli("account", "remove", "--name", "Piet", "--db", db).returncode == 0
    assert accounts.load(tmp_path / "accounts.json") == []


def test_demo_command_makes_the_demo_accounts(tmp_path, monkeypatch, demo_db):
    import shutil

    from kompas.cli.main import main

    monkeypatch.delenv("KOMPAS_ACCOUNTS", raising=False)
    # the demo store as built once for the session (its own build and overwrite: tests/store/test_store_files.py)
    monkeypatch.setattr("kompas.demo.build.build_demo_file", lambda path, **_: shutil.copy(demo_db, path) and None)
    assert main(["demo", "--db", str(tmp_path / "demo.duckdb")]) == 0
    made = accounts.load(tmp_path / "accounts.json")
    assert {a.role for a in made} == {"werkgroep", "lezer", "raad"} and all(a.demo for a in made)


# --- the sign-in form in the app ------------------------------------------------------------------------------
@pytest.fixture
def signed_out(demo_copy, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    monkeypatch.setenv("KOMPAS_DB", str(demo_copy))
    monkeypatch.delenv("KOMPAS_ACCOUNTS", raising=False)
    accounts.add(demo_copy.parent / "accounts.json", "Els", "lezer", "goed-wachtwoord")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield AppTest.from_file(str(APP), default_timeout=30).run()
    from dashboard import cached

    cached.open_store().close()
    st.cache_resource.clear()
    st.cache_data.clear()


def _sign_in(at, name, password):
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button(key="signin_submit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_nothing_but_the_sign_in_form_before_signing_in(signed_out):
    at = signed_out
    assert at.text_input(key="signin_name") and at.text_input(key="signin_password")
    assert not at.get("plotly_chart") and not at.dataframe
    at.switch_page("app_pages/verhalen.py").run()
    assert at.text_input(key="signin_name") and "Verhalen" not in [t.value for t in at.title]


@pytest.mark.parametrize("name,password", [("Els", "fout-wachtwoord"), ("Onbekend", "goed-wachtwoord")])
def test_wrong_name_or_password_says_the_same_dutch_sentence(signed_out, name, password):
    at = _sign_in(signed_out, name, password)
    assert [e.value for e in at.error] == [
        "Inloggen lukt niet: de naam of het wachtwoord klopt niet. Probeer het opnieuw."
    ]
    assert at.text_input(key="signin_name")


def test_sign_in_shows_who_and_the_role_then_sign_out(signed_out):
    at = _sign_in(signed_out, "Els", "goed-wachtwoord")
    assert not at.error
    assert "Ingelogd als **Els** · rol: lezer" in [m.value for m in at.markdown]
    at.button(key="signin_out").click().run()
    assert at.text_input(key="signin_name")


def test_the_form_makes_repeated_failures_wait_and_logs_them(signed_out, demo_copy):
    at = signed_out
    for _ in range(3):
        at = _sign_in(at, "Els", "fout-wachtwoord")
    assert "probeer het over 2 seconden" in at.error[0].value
    at = _sign_in(at, "Els", "goed-wachtwoord")  # right password, but within the wait: refused unchecked
    assert "probeer het over" in at.error[0].value and at.text_input(key="signin_name")
    from dashboard import cached

    lines = cached.open_store().rows("SELECT object_id, summary FROM audit_log WHERE action = 'geweigerd'")
    assert len(lines) == 4 and {line["object_id"] for line in lines} == {"Els"}
    assert not any("fout-wachtwoord" in repr(line) or "goed-wachtwoord" in repr(line) for line in lines)
