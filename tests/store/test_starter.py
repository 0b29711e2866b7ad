"""The starter set and `init --gemeente`: what a new municipality gets, and what it can switch off."""

import pytest

from kompas.cli.main import main
from kompas.domain import vocab
from kompas.store import gemeente_setup, indicators, starter
from kompas.store.connection import Store

FIGURES = (
    '"ID";"WijkenEnBuurten";"Perioden";"AantalInwoners_5";"k_0Tot15Jaar_8"\n'
    '"0";"GM0193    ";"2024JJ00";"  130000";"   21000"\n'
)


@pytest.fixture
def zwolle(tmp_path, capsys):
    db = tmp_path / "zwolle.duckdb"
    assert main(["init", "--db", str(db), "--gemeente", "GM0193", "--starter"]) == 0
    assert "Gemeente: Zwolle (GM0193)." in capsys.readouterr().out  # the name comes from the register
    return db


def test_init_knows_the_gemeente_and_sets_out_every_starter_indicator(zwolle):
    with Store(zwolle).as_system("tests") as store:
        table = indicators.indicators(store)
        assert len(table) == len(starter.starter_indicators()) >= 20
        assert set(table["kind"]) == {"output", "outcome"}
        assert set(table["levensdomein"]) <= set(vocab.LEVENSDOMEINEN) and table["levensdomein"].notna().all()
        assert table["definition"].str.contains("Definitie volgens: ").all()
        assert gemeente_setup.status(store).needs_setup  # wijken and buurten still to come
    assert main(["init", "--db", str(zwolle), "--gemeente", "GM0193", "--starter"]) == 0  # again: nothing doubled
    with Store(zwolle).as_system("tests") as store:
        assert store.scalar("SELECT count(*) FROM indicators") == len(starter.starter_indicators())


def test_init_refuses_a_dissolved_or_unknown_gemeente_before_making_a_file(tmp_path, capsys):
    db = tmp_path / "x.duckdb"
    assert main(["init", "--db", str(db), "--gemeente", "GM0457"]) == 1
    assert "Weesp (GM0457) bestaat sinds 24-03-2022 niet meer" in capsys.readouterr().err
    assert main(["init", "--db", str(db), "--gemeente", "GM9990", "--starter"]) == 1
    assert "GM9990 staat niet in de landelijke lijst" in capsys.readouterr().err
    assert not db.exists()


def test_a_switched_off_indicator_is_hidden_and_skipped_by_imports_until_switched_on(zwolle, tmp_path, capsys):
    figures = tmp_path / "kerncijfers_2024.csv"
    figures.write_text(FIGURES, encoding="utf-8")
    assert main(["indicator", "uit", "kwb_jeugd", "--db", str(zwolle)]) == 0
    assert main(["import", str(figures), "--db", str(zwolle)]) == 0
    assert "k_0Tot15Jaar_8" in capsys.readouterr().out  # named as skipped
    with Store(zwolle).as_system("tests") as store:
        assert "kwb_jeugd" not in set(indicators.indicators(store)["id"])
        assert store.scalar("SELECT count(*) FROM observations WHERE indicator_id = 'kwb_jeugd'") == 0
        assert store.scalar("SELECT value FROM observations WHERE indicator_id = 'kwb_inwoners'") == 130000
    assert main(["indicator", "aan", "kwb_jeugd", "--db", str(zwolle)]) == 0
    assert main(["import", str(figures), "--db", str(zwolle)]) == 0
    with Store(zwolle).as_system("tests") as store:
        assert "kwb_jeugd" in set(indicators.indicators(store)["id"])
        assert store.scalar("SELECT value FROM observations WHERE indicator_id = 'kwb_jeugd'") == 21000
    assert main(["indicator", "uit", "bestaat_niet", "--db", str(zwolle)]) == 1


def test_the_starter_set_never_overrides_a_mapping_the_municipality_keeps(store):
    from kompas.store.mapping import Mapping, save_mapping, saved_mapping

    save_mapping(
        store, Mapping("Veiligheidsmonitor", {"VoeltZichThuisInBuurt_1": "thuis_buurt"}, {"2025JJ00": "VM 2025"})
    )
    added = starter.install_starter(store)
    assert "vm_thuis" in added
    kept = saved_mapping(store, "Veiligheidsmonitor")
    assert kept.measures["VoeltZichThuisInBuurt_1"] == "thuis_buurt" and kept.periods["2025JJ00"] == "VM 2025"
    assert kept.measures["SocialeSamenhang_2"] == "vm_samenhang"  # what was not kept yet comes from the starter


def test_info_and_list_say_which_gemeente_and_which_indicators_are_on(zwolle, capsys):
    import json

    assert main(["indicator", "uit", "reg_wijkteam", "--db", str(zwolle)]) == 0
    capsys.readouterr()
    assert main(["info", "--db", str(zwolle), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["municipality"] == "Zwolle"
    assert main(["list", "indicators", "--db", str(zwolle), "--json"]) == 0
    switched = {item["id"]: item["aan"] for item in json.loads(capsys.readouterr().out)}
    assert switched["reg_wijkteam"] is False and switched["kwb_inwoners"] is True
