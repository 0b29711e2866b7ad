"""Raadsinformatie: the factsheet for three council questions, in Word, PDF and Markdown, checked
against the store: its figures and sentences, Dutch formats, no non-public story, no small group."""

import re
import shutil
from io import BytesIO

import docx
import pandas as pd
import pypdf
import pytest

from kompas.domain import formatting
from kompas.reports import raad
from kompas.reports.raad_request import RaadEdits, RaadRequest, suggest
from kompas.store.connection import Store
from kompas.store.suppression import SUPPRESSED_TEXT, threshold

QUESTIONS = {
    "eenzaamheid": RaadRequest(
        "Neemt de eenzaamheid onder ouderen in wijk Noord af, en wat doet de gemeente eraan?",
        ("eenzaam", "huisbezoeken"),
        ("WK999902",),
        "leeftijd",
        author="A. de Vries",
    ),
    "discriminatie": RaadRequest(
        "Hoe vaak ervaren inwoners discriminatie, en melden ze het?",
        ("discriminatie", "meldingen", "weet_melden"),
        (),
        "leeftijd",
        (2019, 2025),
    ),
    "digitaal": RaadRequest(
        "Lukt het inwoners van Oost en West om digitale zaken met de gemeente te regelen?",
        ("digitaal_moeite", "wegwijzer_vragen", "spreekuur"),
        ("WK999903", "WK999905"),
        "taal",
    ),
}


@pytest.fixture(scope="module")
def raad_db(demo_db, tmp_path_factory):
    """A demo copy in which one age group in Noord (GGD 2024) is too small to show."""
    path = tmp_path_factory.mktemp("raad") / "kompas.duckdb"
    shutil.copy(demo_db, path)
    with Store(path).as_system("tests") as store, store.transaction() as cur:
        cur.execute(
            "UPDATE observations SET n = 12 WHERE indicator_id = 'eenzaam' AND wave_id = 'ggd2024' "
            "AND area_code = 'WK999902' AND group_value = '75 jaar en ouder'"
        )
    return path


@pytest.fixture(scope="module")
def made(raad_db):
    """Each question exported once to each format, with the evidence it was built from."""
    out = {}
    with Store(raad_db).as_system("tests") as store:
        for name, request in QUESTIONS.items():
            files = {f: raad.export(store, request, RaadEdits(), f) for f in raad.FORMATS}
            out[name] = (files, raad.gather(store, request))
    return out


def docx_text(content: bytes) -> str:
    word = docx.Document(BytesIO(content))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(BytesIO(content)).pages)


def texts(files) -> dict[str, str]:
    return {
        "docx": docx_text(files["docx"].content),
        "pdf": pdf_text(files["pdf"].content),
        "md": files["md"].content.decode("utf-8"),
    }


def flat(text: str) -> str:
    return " ".join(text.replace("\\", "").split())


@pytest.mark.parametrize("name", QUESTIONS)
def test_every_shown_figure_comes_from_the_store_in_dutch_format(name, made, raad_db):
    files, evidence = made[name]
    request = QUESTIONS[name]
    with Store(raad_db).as_system("tests") as store:
        raw = store.df(
            "SELECT o.indicator_id, w.label, o.area_code, o.group_factor, o.group_value, o.value, o.n, "
            "i.unit, i.min_n, year(w.period_end) AS year FROM observations o "
            "JOIN waves w ON w.id = o.wave_id JOIN indicators i ON i.id = o.indicator_id "
            "WHERE list_contains(?, o.indicator_id) AND list_contains(?, o.area_code) "
            "AND (o.group_factor = 'totaal' OR o.group_factor = ?)",
            [list(request.indicator_ids), list(request.area_codes or ("GM9999",)), request.group_factor],
        )
    if request.years:
        raw = raw[raw["year"].between(*request.years)]
    word = docx.Document(BytesIO(files["docx"].content))
    table_rows = {tuple(c.text for c in row.cells) for t in word.tables for row in t.rows}
    big = raw[raw["n"].isna() | (raw["n"] >= [threshold(u, m) for u, m in zip(raw["unit"], raw["min_n"])])]
    shown = {(r[2], r[3]) for r in table_rows if len(r) == 6}
    for r in big.to_dict("records"):
        group = "Totaal" if r["group_factor"] == "totaal" else r["group_value"]
        if (group, r["label"]) in shown:  # a large group may still be hidden by secondary suppression
            assert any(
                row[1:4] == (group, r["label"], formatting.value(r["value"], r["unit"])) for row in table_rows
            ), (group, r["label"])
    assert len(shown) >= len(big) * 0.8  # nearly every large-enough figure is in the tables
    for fmt, text in texts(files).items():
        assert not re.search(r"\d\.\d{1,2}(?!\d)", text), f"a decimal point in the {fmt} file"
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), f"an ISO date in the {fmt} file"
        assert formatting.long_date(pd.Timestamp.today().date()) in text


@pytest.mark.parametrize("name", QUESTIONS)
def test_sentences_state_the_first_and_last_total_with_uncertainty(name, made):
    files, evidence = made[name]
    all_text = {fmt: flat(t) for fmt, t in texts(files).items()}
    for item in evidence.items:
        for code, frame in item.series.items():
            total = frame[(frame["group_factor"] == "totaal") & frame["value"].notna()]
            if len(total) < 2:
                continue
            first, last = total.iloc[0], total.iloc[-1]
            expected = (
                f"In {last['year']} was '{item.indicator.title}' in "
                f"{dict(item.areas)[code]} {formatting.value(last['value'], item.indicator.unit)}"
            )
            for fmt, text in all_text.items():
                assert expected in text, (fmt, expected)
                assert f"in {first['year']} was dat {formatting.value(first['value'], item.indicator.unit)}" in text
    for text in all_text.values():
        assert "toeval" in text and "Wat we niet weten" in text and "Bronnen en definities" in text


def test_no_story_that_may_not_be_public_is_in_any_file(made, raad_db):
    with Store(raad_db).as_system("tests") as store:
        private = store.df("SELECT title, body FROM notes WHERE visibility <> 'openbaar' OR NOT consent")
        public = store.df("SELECT title FROM notes WHERE visibility = 'openbaar' AND consent")
    assert len(private) > 5
    found_public = 0
    for files, _ in made.values():
        for fmt, text in texts(files).items():
            text = flat(text)
            for note in private.to_dict("records"):
                assert note["title"] not in text, (fmt, note["title"])
                assert " ".join(note["body"].split())[:60] not in text, (fmt, note["title"])
            found_public += sum(t in text for t in public["title"])
    assert found_public > 0  # the check above would pass on a file without stories, so require some


def test_a_small_group_never_appears_and_the_count_of_what_was_left_out_is_stated(made):
    files, evidence = made["eenzaamheid"]
    noord = evidence.items[0].series["WK999902"]
    hidden = noord[noord["suppressed"]]
    assert set(hidden["wave_id"]) == {"ggd2024"} and len(hidden) == 2  # the small group + one to protect it
    word = docx.Document(BytesIO(files["docx"].content))
    rows = [tuple(c.text for c in row.cells) for t in word.tables for row in t.rows]
    for group in hidden["group_value"]:
        row = next(r for r in rows if r[1] == group and r[2] == "GGD Gezondheidsmonitor 2024")
        assert row[3:] == (SUPPRESSED_TEXT, "–", "–")
    for text in texts(files).values():
        assert f"{evidence.suppressed_cells} cijfers over een groep die te klein is" in flat(text)
        assert f"Weggelaten: {evidence.hidden_stories} verha" in flat(text)
    assert evidence.suppressed_cells == 2 and evidence.hidden_stories >= 1


def test_word_has_real_headings_tables_and_charts_with_alt_text(made):
    files, evidence = made["digitaal"]
    word = docx.Document(BytesIO(files["docx"].content))
    styles = [p.style.name for p in word.paragraphs]
    assert styles[0] == "Title" and "Heading 1" in styles and "Heading 2" in styles
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Vraag", "Kort antwoord"] and headings[-3:] == [
        "Wat we niet weten",
        "Bronnen en definities",
        "Over dit stuk",
    ]
    charted = [
        (i.indicator.title, name, i.series[code])
        for i in evidence.items
        for code, name in i.areas
        if not i.series[code]["suppressed"].all()
    ]  # an empty series is all() too
    assert len(charted) >= 3  # spreekuur is only counted for the whole gemeente
    alts = [shape._inline.docPr.get("descr") for shape in word.inline_shapes]
    assert alts == [
        f"Lijngrafiek van '{title}' in {name}, {frame['year'].min()} tot {frame['year'].max()}. "
        "De cijfers staan in de tabel hieronder."
        for title, name, frame in charted
    ]
    assert "Er zijn geen cijfers over Oost in deze periode." in docx_text(files["docx"].content)
    pdf = pypdf.PdfReader(BytesIO(files["pdf"].content))
    assert len({image.data for page in pdf.pages for image in page.images}) == len(charted)


def test_the_export_is_recorded_and_can_be_made_again(made, raad_db):
    files, evidence = made["eenzaamheid"]
    with Store(raad_db).as_system("tests") as store:
        again = raad.regenerate(store, files["md"].id)
        assert again.same_data and again.content == files["md"].content
        listed = raad.exports(store)
        assert files["docx"].id in set(listed["id"])
        assert f"nummer {files['md'].id}." in files["md"].content.decode()
        with store.transaction() as cur:
            cur.execute(
                "UPDATE observations SET value = value + 1 WHERE indicator_id = 'eenzaam' "
                "AND wave_id = 'ggd2024' AND area_code = 'WK999902' AND group_factor = 'totaal'"
            )
        changed = raad.regenerate(store, files["md"].id)
        assert not changed.same_data and changed.content != files["md"].content
        with store.transaction() as cur:
            cur.execute(
                "UPDATE observations SET value = value - 1 WHERE indicator_id = 'eenzaam' "
                "AND wave_id = 'ggd2024' AND area_code = 'WK999902' AND group_factor = 'totaal'"
            )
        assert raad.regenerate(store, files["md"].id).same_data


def test_edits_replace_text_and_choose_stories_but_never_add_a_private_one(store):
    request = QUESTIONS["eenzaamheid"]
    evidence = raad.gather(store, request)
    public_ids = list(evidence.items[0].stories["id"])
    private = int(store.scalar("SELECT min(id) FROM notes WHERE visibility <> 'openbaar'"))
    private_title = store.scalar("SELECT title FROM notes WHERE id = ?", [private])
    edits = RaadEdits(
        title="Eenzaamheid in Noord",
        short_answer="Het gaat iets beter.\n\nMaar niet voor iedereen.",
        sentences={"eenzaam": "Eigen zin van de adviseur."},
        left_out=("huisbezoeken",),
        stories={"eenzaam": [public_ids[-1], private]},
        charts=False,
        unknowns="Wij weten X niet.",
    )
    text = raad.factsheet(evidence, edits)
    md = flat(__import__("kompas.reports.document", fromlist=["x"]).to_markdown(text))
    assert md.startswith("# Eenzaamheid in Noord") and "Maar niet voor iedereen." in md
    assert "Eigen zin van de adviseur." in md and "In 2024 was 'Ernstig eenzaam'" not in md
    assert "Huisbezoeken bij 75-plussers" not in md.split("## Wat we niet weten")[0].split("Wat de gemeente doet")[0]
    assert "2. Huisbezoeken" not in md
    assert private_title not in md
    chosen = evidence.items[0].stories.set_index("id").loc[public_ids[-1], "title"]
    assert chosen in md and "Wij weten X niet." in md


def test_suggestions_follow_the_words_of_the_question(store):
    found = suggest(store, QUESTIONS["eenzaamheid"].question)
    assert found.indicator_ids[0] == "eenzaam"
    assert found.area_codes == ("WK999902",) and found.group_factor == "leeftijd"
    assert suggest(store, "Iets over het weer").indicator_ids == ()


def test_bad_requests_get_dutch_messages(store):
    from kompas.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="Onbekende indicator: bestaatniet"):
        raad.gather(store, RaadRequest("Vraag?", ("bestaatniet",)))
    with pytest.raises(ValidationError, match="vraag van het raadslid"):
        raad.gather(store, RaadRequest(" ", ("eenzaam",)))
    with pytest.raises(ValidationError, match="Onbekend gebied: WK1"):
        raad.gather(store, RaadRequest("Vraag?", ("eenzaam",), ("WK1",)))
