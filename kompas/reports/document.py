"""One document model for every report, and its renderers: Markdown and Word (.docx); PDF is in
``kompas.reports.pdf``.

A report is built once as a ``Document`` and rendered to each format, so the formats never
drift apart. Text is plain: renderers escape what they must.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from kompas.domain.safe_text import clean, readable_markdown


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Figure:
    """A chart as an image, with the text that replaces it for who cannot see it."""

    png: bytes
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: Table | None = None
    empty_text: str = "Niets."
    figures: tuple[Figure, ...] = ()
    level: int = 1  # 1: a main heading; 2: a heading inside the section before it


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    sections: tuple[Section, ...] = field(default_factory=tuple)
    author: str = ""  # the person who made it (Word's core properties); never the library's name
    language: str = "nl-NL"  # BCP 47 tag for Word's core properties and its Normal style


def to_markdown(doc: Document) -> str:
    """The document as Markdown: a level-1 title, a level-2 heading per section, tables as pipe tables.

    >>> print(to_markdown(Document("Verslag", sections=(Section("Besluiten", bullets=("Doen",)),))))
    # Verslag
    <BLANKLINE>
    ## Besluiten
    <BLANKLINE>
    - Doen
    <BLANKLINE>
    """
    out = [f"# {readable_markdown(doc.title)}", ""]
    if doc.subtitle:
        out += [readable_markdown(doc.subtitle), ""]
    for section in doc.sections:
        out += [f"{'#' * (section.level + 1)} {readable_markdown(section.heading)}", ""]
        if _empty(section):
            out += [section.empty_text, ""]
        out += [line for text in section.paragraphs for line in (readable_markdown(text), "")]
        out += [line for f in section.figures for line in (f"*Grafiek: {readable_markdown(f.alt)}*", "")]
        if section.bullets:
            out += [f"- {readable_markdown(b)}" for b in section.bullets] + [""]
        if section.table and section.table.rows:
            t = section.table
            out.append("| " + " | ".join(_cell(h) for h in t.header) + " |")
            out.append("|" + "---|" * len(t.header))
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in t.rows]
            out.append("")
    return "\n".join(out)


def to_docx(doc: Document) -> bytes:
    """The document as a Word file with real headings, lists and tables."""
    word = WordDocument()
    word.styles["Normal"].font.size = Pt(11)
    _set_properties(word, doc)
    word.add_heading(clean(doc.title), level=0)
    if doc.subtitle:
        word.add_paragraph(clean(doc.subtitle))
    for section in doc.sections:
        word.add_heading(clean(section.heading), level=section.level)
        if _empty(section):
            word.add_paragraph(section.empty_text)
        for text in section.paragraphs:
            word.add_paragraph(clean(text))
        for figure in section.figures:
            _add_figure(word, figure)
        for bullet in section.bullets:
            word.add_paragraph(clean(bullet), style="List Bullet")
        if section.table and section.table.rows:
            table = word.add_table(rows=1, cols=len(section.table.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, section.table.header):
                cell.text = clean(text)
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in section.table.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = clean(text)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _set_properties(word, doc: Document) -> None:
    """Title, author and language in the core properties, and the language of the Normal style (so Word
    checks the spelling in Dutch). python-docx's template says 'python-docx' and en-US otherwise."""
    props = word.core_properties
    props.title, props.author, props.last_modified_by = clean(doc.title), clean(doc.author), clean(doc.author)
    props.language, props.comments, props.keywords = doc.language, "", ""
    rpr = word.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), doc.language)


def _empty(section: Section) -> bool:
    return not (section.paragraphs or section.bullets or section.figures or (section.table and section.table.rows))


def _add_figure(word, figure: Figure) -> None:
    """A picture with alt text (Word's 'description', read out by screen readers) and a caption."""
    shape = word.add_picture(BytesIO(figure.png), width=Cm(16))
    properties = shape._inline.docPr  # python-docx has no public API for alt text yet
    properties.set("descr", figure.alt)
    properties.set("title", figure.caption or figure.alt[:80])
    if figure.caption:
        word.add_paragraph(figure.caption, style="Caption")


def _cell(text: str) -> str:
    return readable_markdown(str(text)).replace("\n", " ")
