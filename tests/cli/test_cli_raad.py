"""`python -m kompas raad`: the factsheet from the command line, made again, and refused input."""

from io import BytesIO

import docx

from kompas.cli.main import main
from kompas.store.connection import Store
from tests.cli_run import run_cli

QUESTION = "Neemt de eenzaamheid onder ouderen in wijk Noord af?"


def test_raad_writes_a_word_file_records_it_and_makes_it_again(demo_copy, tmp_path):
    out = tmp_path / "stuk.docx"
    result = run_cli(
        "raad",
        "--db",
        demo_copy,
        "--question",
        QUESTION,
        "--indicator",
        "eenzaam",
        "huisbezoeken",
        "--area",
        "WK999902",
        "--group",
        "leeftijd",
        "--author",
        "Adviseur",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    word = docx.Document(BytesIO(out.read_bytes()))
    assert word.paragraphs[0].text == f"Raadsinformatie: {QUESTION}"
    assert any(p.text == "Opgesteld door: Adviseur" for p in word.paragraphs)
    with Store(demo_copy).as_system("tests") as store:
        row = store.rows("SELECT id, question, request FROM raad_exports")[0]
    assert row["question"] == QUESTION and '"group_factor": "leeftijd"' in row["request"]
    assert f"Raadsinformatie {row['id']} geschreven" in result.stdout

    again = run_cli("raad", "--db", demo_copy, "--again", row["id"], "--out", tmp_path / "opnieuw.md")
    assert again.returncode == 0, again.stderr
    assert "met dezelfde gegevens als toen" in again.stdout
    text = (tmp_path / "opnieuw.md").read_text()
    assert QUESTION in text and "Huisbezoeken bij 75-plussers" in text

    listed = run_cli("raad", "--db", demo_copy, "--list")
    assert QUESTION in listed.stdout and "docx" in listed.stdout


def test_raad_refuses_bad_input_in_dutch_and_writes_nothing(demo_copy, tmp_path, capsys):
    cases = [
        (["--question", "Vraag?", "--indicator", "bestaatniet", "--out", tmp_path / "a.docx"], "Onbekende indicator"),
        (
            ["--question", "Vraag?", "--indicator", "eenzaam", "--out", tmp_path / "a.txt"],
            "eindigt op .docx, .pdf of .md",
        ),
        (["--indicator", "eenzaam", "--out", tmp_path / "a.md"], "Geef de vraag"),
        (["--question", "Vraag?", "--indicator", "eenzaam"], "Geef met --out"),
        (["--again", "99", "--out", tmp_path / "a.md"], "Raadsinformatie '99' bestaat niet"),
    ]
    for args, message in cases:
        assert main(["raad", "--db", str(demo_copy), *map(str, args)]) == 1, args
        assert message in capsys.readouterr().err, args
    assert not list(tmp_path.glob("a.*"))
    with Store(demo_copy).as_system("tests") as store:
        assert store.scalar("SELECT count(*) FROM raad_exports") == 0


def _make_provisional(path):
    with (
        Store(path).as_system("tests") as store,
        store.transaction() as cur,
    ):  # the newest eenzaam wave: provisional (CBS '*')
        cur.execute(
            "UPDATE observations SET provisional = true WHERE indicator_id = 'eenzaam' AND wave_id = "
            "(SELECT max(wave_id) FROM observations WHERE indicator_id = 'eenzaam')"
        )


def test_again_in_the_other_view_does_not_claim_the_data_changed(demo_copy, tmp_path, capsys):
    _make_provisional(demo_copy)
    out = str(tmp_path / "stuk.md")
    assert main(["raad", "--db", str(demo_copy), "--question", QUESTION, "--indicator", "eenzaam", "--out", out]) == 0
    assert (
        main(
            [
                "raad",
                "--db",
                str(demo_copy),
                "--question",
                QUESTION,
                "--indicator",
                "eenzaam",
                "--out",
                out,
                "--role",
                "raad",
            ]
        )
        == 0
    )
    capsys.readouterr()
    said = {}
    for number, role in ((1, "raad"), (1, "werkgroep"), (1, "lezer"), (2, "raad"), (2, "werkgroep")):
        assert main(["raad", "--db", str(demo_copy), "--again", str(number), "--out", out, "--role", role]) == 0
        said[number, role] = capsys.readouterr().out
    assert "zonder dat de gegevens zijn veranderd" in said[1, "raad"] and "LET OP" not in said[1, "raad"]
    assert "zonder dat de gegevens zijn veranderd" in said[2, "werkgroep"]
    for same in ((1, "werkgroep"), (1, "lezer"), (2, "raad")):
        assert "met dezelfde gegevens als toen" in said[same], same
    with Store(demo_copy).as_system("tests") as store:
        assert [r["made_as"] for r in store.rows("SELECT made_as FROM raad_exports ORDER BY id")] == [
            "werkgroep",
            "raad",
        ]
        with store.transaction() as cur:  # a real change is still called one, in the same view
            cur.execute(
                "UPDATE observations SET value = value + 1 WHERE indicator_id = 'eenzaam' "
                "AND area_code = 'GM9999' AND group_factor = 'totaal' AND NOT provisional"
            )
    assert main(["raad", "--db", str(demo_copy), "--again", "2", "--out", out, "--role", "raad"]) == 0
    assert "LET OP: de gegevens zijn veranderd" in capsys.readouterr().out


def test_repeated_list_options_keep_every_value(demo_copy, tmp_path):
    import json

    out = tmp_path / "stuk.md"
    assert (
        main(
            [
                "raad",
                "--db",
                str(demo_copy),
                "--question",
                QUESTION,
                "--indicator",
                "eenzaam",
                "--indicator",
                "huisbezoeken",
                "--area",
                "WK999902",
                "--area",
                "WK999901",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    with Store(demo_copy).as_system("tests") as store:
        request = json.loads(store.rows("SELECT request FROM raad_exports")[0]["request"])
    values = sorted(str(v) for v in request.values())
    assert "['eenzaam', 'huisbezoeken']" in values and "['WK999902', 'WK999901']" in values, request
    text = out.read_text()
    assert "Huisbezoeken bij 75-plussers" in text and "eenzaam" in text.lower()
