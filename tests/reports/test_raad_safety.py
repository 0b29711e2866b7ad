"""Stories in a raadsinformatie file stay text: the injection corpus in public stories is inert in the
Markdown, Word and PDF exports, and control characters cannot break the Word file."""

from datetime import date
from io import BytesIO

import docx
import pypdf

from kompas.domain.model import Note
from kompas.reports import raad
from kompas.reports.raad_request import RaadEdits, RaadRequest
from kompas.store.stories import save_note
from tests.injection_corpus import INJECTION_CORPUS, MARKER, escaped_problems


def test_injected_public_stories_are_inert_in_every_format(store):
    ids = [
        save_note(
            store,
            Note(
                title=f"{MARKER} {number}",
                body=text,
                note_date=date(2024, 6, 1),
                source_kind="wijkgesprek",
                visibility="openbaar",
                consent=True,
                area_code="WK999902",
                indicator_ids=("eenzaam",),
            ),
        )
        for number, text in enumerate(INJECTION_CORPUS)
    ]
    request = RaadRequest("Is het veilig?", ("eenzaam",), ("WK999902",))
    edits = RaadEdits(stories={"eenzaam": ids}, charts=False)
    files = {f: raad.export(store, request, edits, f).content for f in raad.FORMATS}

    markdown = files["md"].decode("utf-8")
    story_lines = [line[2:] for line in markdown.splitlines() if MARKER in line.replace("\\", "")]
    assert len(story_lines) >= len(INJECTION_CORPUS)
    for line in story_lines:
        assert escaped_problems(line, readable=True) == [], line[:80]

    word = docx.Document(BytesIO(files["docx"]))
    assert sum(MARKER in p.text for p in word.paragraphs) >= len(INJECTION_CORPUS)
    xml = word.element.xml
    assert "hyperlink" not in xml and "<w:drawing" not in xml  # no links, and no images (charts were off)
    assert not [r for r in word.part.rels.values() if r.is_external]

    pdf = pypdf.PdfReader(BytesIO(files["pdf"]))
    assert MARKER in "".join(page.extract_text() for page in pdf.pages)
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            assert "/URI" not in str(annotation.get_object().get("/A", {}))
        assert not page.images  # no picture came from a story


def test_every_role_may_make_a_factsheet_it_is_logged_and_the_council_gets_no_provisional_figure(store):
    from kompas.store import audit_log

    with store.transaction() as cur:  # new survey figures, still provisional (as CBS marks them)
        cur.execute("UPDATE observations SET provisional = true WHERE wave_id = 'vm2025'")
    request = RaadRequest("Hoe vaak ervaren inwoners discriminatie?", ("discriminatie",))
    made = {}
    for role in ("werkgroep", "lezer", "raad"):
        view = store.as_user(f"Iemand ({role})", role)
        made[role] = raad.export(view, request, RaadEdits(), "md")
        text = made[role].content.decode()
        assert ("Veiligheidsmonitor 2025" in text) == (role != "raad"), role
    log = audit_log.entries(store, kind="raadsinformatie")
    assert sorted(log["user_name"]) == ["Iemand (lezer)", "Iemand (raad)", "Iemand (werkgroep)"]
    assert set(log["object_id"].astype(int)) == {m.id for m in made.values()}
    assert "voorlopig" in made["werkgroep"].content.decode()  # and the werkgroep's version says so
