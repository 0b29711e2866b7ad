"""In a real browser, stories made of the injection corpus stay text: no script runs, no image or frame
loads, no link leads anywhere, no dialog opens, nothing is fetched from another host."""

import shutil
from datetime import date

import pytest

from kompas.domain.model import Note
from kompas.store import indicators, stories
from kompas.store.connection import Store
from tests.e2e.conftest import running_app, screenshot
from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_walk import open_page
from tests.injection_corpus import INJECTION_CORPUS, MARKER

pytestmark = pytest.mark.browser

PAGES = ["verhalen", "outcome"]


@pytest.fixture(scope="module")
def corpus_url(demo_db, tmp_path_factory):
    """The app on a demo copy holding one story per corpus text, linked to the figure step 5 opens with."""
    db = tmp_path_factory.mktemp("e2e_injection") / "kompas.duckdb"
    shutil.copy(demo_db, db)
    with Store(db).as_system("tests") as store:
        indicator_id = indicators.indicators(store, None, "outcome")["id"].iloc[0]
        day = min(date(indicators.year_span(store)[1], 6, 1), date.today())
        for i, text in enumerate(INJECTION_CORPUS):
            stories.save_note(
                store,
                Note(
                    title=text,
                    body=f"{i}: {text}",
                    note_date=day,
                    source_kind="wijkgesprek",
                    visibility="werkgroep",
                    consent=True,
                    indicator_ids=(indicator_id,),
                ),
            )
    with running_app(db) as url:
        yield url


DANGER = """marker => {
  const all = [...document.querySelectorAll('*')];
  const carries = e => [...e.attributes].filter(a => /^(on|src$|href$|xlink:href$|style$|srcdoc$|action$)/i.test(a.name)
                                                  && (a.value.includes(marker) || /alert|evil\\.example/.test(a.value)));
  return {
    flag: window.__kompas_injectie !== undefined,
    scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes(marker)).length,
    images: [...document.querySelectorAll('img, image, iframe, object, embed, video, audio, svg[onload]')]
              .filter(e => /evil|data:image\\/svg|kompas-injectie/.test(e.outerHTML)).length,
    javascript_links: document.querySelectorAll('a[href^="javascript" i]').length,
    foreign_links: [...document.querySelectorAll('a[href]')].filter(a => /evil\\.example|kompas-injectie/.test(a.href)).length,
    attributes: all.filter(e => carries(e).length).map(e => e.outerHTML.slice(0, 120)),
    bidi: /[\\u202a-\\u202e\\u2066-\\u2067]/.test(document.body.innerText),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    shown: document.body.innerText.split(marker).length - 1,
  };
}"""


@pytest.mark.parametrize("path", PAGES)
def test_corpus_stories_are_inert_in_the_browser(page, corpus_url, path):
    dialogs, errors, foreign = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(corpus_url) else None)
    open_page(page, f"{corpus_url}/{path}")  # signs in as werkgroep: the corpus stories are werkgroep stories
    page.get_by_text(MARKER).first.wait_for(timeout=30000)
    page.wait_for_load_state("networkidle")
    page.get_by_text(MARKER).first.scroll_into_view_if_needed()
    screenshot(page, f"story_injection_{path}_top")
    for more in page.get_by_text("Lees verder", exact=True).all()[:3]:
        more.click()  # the rest of a long story is text too
    page.mouse.move(200, 200)  # would trigger an onmouseover, if one had survived
    page.wait_for_timeout(500)
    found = page.evaluate(DANGER, MARKER)
    screenshot(page, f"story_injection_{path}")
    assert found["shown"] >= len([t for t in INJECTION_CORPUS if MARKER in t])  # the stories are there, as text
    assert not found["flag"] and found["scripts"] == 0
    assert found["images"] == 0 and found["javascript_links"] == 0 and found["foreign_links"] == 0
    assert found["attributes"] == []
    assert not found["bidi"]
    assert found["overflow"] <= 0
    assert dialogs == []
    assert [e for e in errors if MARKER in e or "evil" in e] == []
    assert foreign == []
    assert page.locator("[data-testid='stException']").count() == 0
    assert serious_violations(page) == []


def test_personal_data_warning_then_replace_saves_placeholders(page, app_url):
    open_page(page, f"{app_url}/verhalen")
    page.get_by_text("Nieuw verhaal toevoegen").first.click()
    form = page.locator("[data-testid='stForm']").first
    form.get_by_role("textbox", name="Titel", exact=True).fill("Browsertest: bel de buurtcoach")
    form.get_by_role("textbox", name="Verhaal", exact=True).fill("Meneer Jansen zegt: bel 06-12345678 voor hulp.")
    form.get_by_text("Werkgroep: alleen voor de werkgroep").click()
    form.get_by_text("Ja", exact=True).click()
    form.get_by_role("button", name="Verhaal opslaan").click()
    warning = page.get_by_text("lijkt persoonsgegevens te bevatten", exact=False).first
    warning.wait_for(timeout=20000)
    assert "12345678" not in warning.inner_text() and "Jansen" not in warning.inner_text()
    screenshot(page, "story_personal_data_warning")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Vervang door [naam], [telefoonnummer] en bewaar").click()
    page.get_by_test_id("stToast").filter(has_text="is opgeslagen").wait_for(timeout=20000)
    page.get_by_text("Meneer [naam] zegt: bel [telefoonnummer] voor hulp.").first.wait_for(timeout=20000)
