"""Raadsinformatie: from a council question to a sourced factsheet (Word, PDF or Markdown).

``factsheet`` turns the evidence (``raad_evidence.gather``) and the advisor's edits into one
``Document``; ``export`` renders it and records the question, the choices, the edits and a hash of
the data, so ``regenerate`` can make the same document again later and say whether the data changed.

Only public stories with consent and only figures of groups large enough are ever in the evidence;
the document says how many items were left out for these reasons, never which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from kompas.domain import formatting, vocab
from kompas.domain import roles as access
from kompas.reports import chart_images, charts
from kompas.reports.document import Document, Figure, Section, Table
from kompas.reports.files import render
from kompas.reports.raad_evidence import Evidence, IndicatorEvidence, gather
from kompas.reports.raad_request import RaadEdits, RaadRequest
from kompas.store import audit, raad_exports
from kompas.store.connection import StoreView
from kompas.store.suppression import SUPPRESSED_TEXT

STORIES_BY_DEFAULT = 3
STORY_LENGTH = 600
FORMATS = ("docx", "pdf", "md")


@dataclass(frozen=True)
class Export:
    id: int
    content: bytes
    file_format: str
    data_hash: str
    # for a regenerated export: is the data still what it was? None: made in another view (see ``view_of``)
    same_data: bool | None = True
    made_as: str = ""  # the view the original was made in: 'raad' or 'werkgroep' ('' if not recorded)


VIEWS = {"raad": "de raad (alleen openbare, definitieve cijfers)", "werkgroep": "de werkgroep (ook voorlopige cijfers)"}


def view_of(store: StoreView) -> str:
    """The view a role reads figures with: 'raad' (no provisional figures) or 'werkgroep'.

    The hash of a factsheet depends on it by design, so only factsheets of one view are compared.
    """
    return "werkgroep" if access.of(store).sees_provisional else "raad"


def default_title(request: RaadRequest) -> str:
    return "Raadsinformatie: " + (request.question.strip() or "vraag van de raad")


def default_short_answer(evidence: Evidence) -> str:
    """The first sentence of each indicator (the total of the first area), and what is done about it."""
    parts, named = [], set()
    for item in evidence.items:
        if item.sentences:
            parts.append(item.sentences[0])
        new = [a for a in item.activities if a["title"] not in named]
        if new:
            first, more = new[0], len(new) - 1
            named.update(a["title"] for a in new)
            parts.append(
                f"Hieraan werkt onder meer '{first['title']}' ({first['owner_name'] or 'eigenaar onbekend'})"
                + (f", en nog {_count(more, 'andere activiteit', 'andere activiteiten')}." if more else ".")
            )
    return " ".join(parts)


def chosen_stories(item: IndicatorEvidence, edits: RaadEdits) -> pd.DataFrame:
    """The stories the advisor kept (default: the newest three). Only public ones can be chosen."""
    wanted = edits.stories.get(item.indicator.id)
    if wanted is None:
        return item.stories.head(STORIES_BY_DEFAULT)
    return item.stories[item.stories["id"].isin(wanted)]


def factsheet(
    evidence: Evidence,
    edits: RaadEdits = RaadEdits(),
    made_on: date | None = None,
    with_charts: bool = True,
    number: int | None = None,
) -> Document:
    """The factsheet as a document: short answer first, then the evidence, then what we do not know,
    the sources, and how the document was made."""
    request = evidence.request
    made_on = made_on or date.today()
    kept = [i for i in evidence.items if i.indicator.id not in edits.left_out]
    header = Section(
        "Vraag",
        paragraphs=(
            request.question,
            f"Datum: {formatting.long_date(made_on)}",
            f"Opgesteld door: {request.author or 'niet ingevuld'}",
        ),
    )
    short = Section(
        "Kort antwoord",
        paragraphs=_paragraphs(
            edits.short_answer or default_short_answer(Evidence(request, tuple(kept), evidence.data_hash))
        ),
    )
    body = [
        s
        for number, item in enumerate(kept, 1)
        for s in _indicator_sections(number, item, edits, with_charts and edits.charts)
    ]
    extra = (Section("Toelichting", paragraphs=_paragraphs(edits.explanation)),) if edits.explanation.strip() else ()
    sections = (
        header,
        short,
        *body,
        *extra,
        _unknowns(evidence, kept, edits),
        _sources(kept),
        _accountability(evidence, made_on, number),
    )
    return Document(edits.title.strip() or default_title(request), sections=sections)


def export(
    store: StoreView, request: RaadRequest, edits: RaadEdits, file_format: str, made_on: date | None = None
) -> Export:
    """Render the factsheet and record how it was made (in one transaction with nothing else)."""
    if file_format not in FORMATS:
        raise ValueError(f"Onbekend bestandstype '{file_format}': kies docx, pdf of md.")
    made_on = made_on or date.today()
    evidence = gather(store, request)
    export_id = raad_exports.next_id(store)  # the document states its own number
    content = _render(evidence, edits, made_on, file_format, export_id)
    raad_exports.record(
        store,
        export_id,
        made_on,
        request.author,
        request.question,
        request.to_json(),
        edits.to_json(),
        evidence.data_hash,
        file_format,
        view_of(store),
    )
    return Export(export_id, content, file_format, evidence.data_hash)


def regenerate(store: StoreView, export_id: int, file_format: str | None = None) -> Export:
    """The same factsheet again, from the stored question, choices and edits, with its original date.
    ``same_data`` says whether the figures and stories are still exactly what they were; None when the
    original was made in the other view (``view_of``: the council sees no provisional figures), where
    other figures are expected and say nothing about a change."""
    row = raad_exports.get(store, export_id)
    request, edits = RaadRequest.from_json(row["request"]), RaadEdits.from_json(row["edits"])
    evidence = gather(store, request)
    file_format = file_format or row["file_format"]
    content = _render(evidence, edits, row["made_on"], file_format, export_id)
    audit.record_export(store, "raadsinformatie", export_id, f"{file_format}: opnieuw gemaakt")
    made_as = row.get("made_as") or ""
    if made_as and made_as != view_of(store):
        return Export(export_id, content, file_format, evidence.data_hash, None, made_as)
    return Export(export_id, content, file_format, evidence.data_hash, evidence.data_hash == row["data_hash"], made_as)


def again_sentence(result: Export) -> str:
    """Dutch: whether a regenerated factsheet has the data of the original (the end of a sentence)."""
    if result.same_data is None:
        now = "werkgroep" if result.made_as == "raad" else "raad"
        return (
            f"met de cijfers die {VIEWS[now]} ziet; het stuk was gemaakt met de cijfers voor "
            f"{VIEWS[result.made_as]}, dus de cijfers kunnen verschillen zonder dat de gegevens zijn veranderd"
        )
    if result.same_data:
        return "met dezelfde gegevens als toen"
    return "LET OP: de gegevens zijn veranderd sinds het stuk werd gemaakt, dus de cijfers kunnen verschillen"


def exports(store: StoreView) -> pd.DataFrame:
    """Earlier factsheets, newest first: id, made_on, author, question, file_format, data_hash."""
    return raad_exports.listing(store)


def file_name(request: RaadRequest, file_format: str, made_on: date | None = None) -> str:
    """'raadsinformatie-2026-11-25-neemt-de-eenzaamheid.docx'."""
    words = "".join(c if c.isalnum() else " " for c in request.question.lower()).split()[:4]
    return f"raadsinformatie-{(made_on or date.today()).isoformat()}-{'-'.join(words) or 'vraag'}.{file_format}"


def _render(evidence: Evidence, edits: RaadEdits, made_on: date, file_format: str, number: int) -> bytes:
    # Markdown is the text-only version: its charts are described, not drawn, so no browser is started.
    return render(factsheet(evidence, edits, made_on, with_charts=file_format != "md", number=number), file_format)


def _indicator_sections(number: int, item: IndicatorEvidence, edits: RaadEdits, with_charts: bool) -> list[Section]:
    ind = item.indicator
    text = edits.sentences.get(ind.id, "").strip()
    sentences = _paragraphs(text) if text else item.sentences
    place = (
        f"Dit cijfer hoort bij het programma '{item.programme_title}', bij de stap "
        f"'{item.node_title}' ({vocab.label(vocab.NODE_KINDS_SHORT, item.node_kind).lower()})."
    )
    out = [
        Section(f"{number}. {ind.title}", paragraphs=(*sentences, place)),
        Section(
            "Cijfers",
            level=2,
            figures=_charts(item) if with_charts else (),
            table=_table(item),
            empty_text="Er zijn geen cijfers in deze periode.",
        ),
    ]
    if edits.activities:
        out.append(
            Section(
                "Wat de gemeente doet",
                level=2,
                bullets=tuple(
                    f"{a['title']} — {a['owner_name'] or vocab.label(vocab.OWNER_KINDS, a['owner_kind']) or 'eigenaar onbekend'}"
                    f" — {vocab.label(vocab.ACTIVITY_STATUS, a['status']).lower() or 'status onbekend'}"
                    + (f" — {a['policy']}" if a.get("policy") else "")
                    for a in item.activities
                ),
                empty_text="Er staan geen activiteiten bij dit cijfer in het veranderverhaal.",
            )
        )
    out.append(
        Section(
            "Wat inwoners vertellen",
            level=2,
            bullets=tuple(_story(r) for r in chosen_stories(item, edits).to_dict("records")),
            empty_text="Er zijn geen openbare verhalen bij dit cijfer in deze periode.",
        )
    )
    return out


def _charts(item: IndicatorEvidence) -> tuple[Figure, ...]:
    figures = []
    for code, name in item.areas:
        frame = item.series[code]
        if frame.empty or frame["suppressed"].all():
            continue
        title = f"{item.indicator.title} — {name}"
        png = chart_images.png(charts.series_chart(item.indicator, frame, title))
        years = sorted(frame["year"].unique())
        alt = (
            f"Lijngrafiek van '{item.indicator.title}' in {name}, {years[0]} tot {years[-1]}. "
            "De cijfers staan in de tabel hieronder."
        )
        figures.append(Figure(png, alt, f"Figuur: {title}"))
    return tuple(figures)


def _table(item: IndicatorEvidence) -> Table:
    unit = item.indicator.unit
    rows = []
    for code, name in item.areas:
        for r in item.series[code].to_dict("records"):
            group = "Totaal" if r["group_factor"] == vocab.TOTAL else r["group_value"]
            if r["suppressed"]:
                rows.append((name, group, r["wave_label"], SUPPRESSED_TEXT, "–", "–"))
                continue
            interval = (
                "–"
                if pd.isna(r["ci_low"]) or pd.isna(r["ci_high"])
                else f"{formatting.value(r['ci_low'], unit)} – {formatting.value(r['ci_high'], unit)}"
            )
            n = "onbekend" if pd.isna(r["n"]) else formatting.number(r["n"])
            rows.append((name, group, r["wave_label"], formatting.value(r["value"], unit), interval, n))
    return Table(("Gebied", "Groep", "Meting", "Cijfer", "95%-interval", "n"), tuple(rows))


def _story(note: dict) -> str:
    body = " ".join(str(note["body"]).split())
    if len(body) > STORY_LENGTH:
        body = body[:STORY_LENGTH].rsplit(" ", 1)[0] + " …"
    when = formatting.long_date(pd.Timestamp(note["note_date"]).date())
    return f"'{note['title']}': {body} ({vocab.label(vocab.SOURCE_KINDS, note['source_kind'])}, {when})"


def _unknowns(evidence: Evidence, kept: list[IndicatorEvidence], edits: RaadEdits) -> Section:
    bullets = [f"{i.indicator.title}: {w}" for i in kept for w in i.warnings]
    left = (
        f"Weggelaten: {_count(evidence.hidden_stories, 'verhaal', 'verhalen')} dat niet openbaar is of waarvoor "
        f"geen toestemming is, en {_count(evidence.suppressed_cells, 'cijfer', 'cijfers')} over een groep die te "
        "klein is om te tonen (om de privacy van inwoners te beschermen). Welke dat zijn, staat hier bewust niet."
    )
    return Section("Wat we niet weten", paragraphs=(*_paragraphs(edits.unknowns), left), bullets=tuple(bullets))


def _sources(kept: list[IndicatorEvidence]) -> Section:
    rows = []
    for item in kept:
        ind = item.indicator
        waves = "; ".join(w["label"] for w in item.waves) or "geen metingen in deze periode"
        rows.append((ind.title, ind.source, ind.definition or "niet beschreven", waves))
    return Section("Bronnen en definities", table=Table(("Indicator", "Bron", "Definitie", "Metingen"), tuple(rows)))


def _accountability(evidence: Evidence, made_on: date, number: int | None) -> Section:
    request = evidence.request
    period = f"{request.years[0]} tot en met {request.years[1]}" if request.years else "alle jaren"
    group = vocab.label(vocab.DIVERSITY_FACTORS, request.group_factor) if request.group_factor else "geen"
    return Section(
        "Over dit stuk",
        paragraphs=(
            (f"Raadsinformatie nummer {number}. " if number else "")
            + f"Gemaakt met Kwaliteitskompas op {formatting.long_date(made_on)}. Periode: {period}. "
            f"Uitsplitsing naar groep: {group}.",
            "Een cijfer met ± heeft een foutmarge: het echte cijfer ligt met 95% zekerheid binnen die marge. "
            "Een verschil binnen de foutmarge kan toeval zijn.",
            f"Kenmerk van de gebruikte gegevens: {evidence.data_hash[:16]}. Met dit kenmerk is na te gaan of het stuk "
            "met dezelfde cijfers opnieuw te maken is.",
        ),
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{formatting.number(n)} {one if n == 1 else many}"


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())
