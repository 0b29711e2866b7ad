"""One document model for every report, and its renderers: Markdown and Word (.docx).

A report is built once as a ``Document`` and rendered to each format, so the formats never
drift apart. Text is plain: renderers escape what they must.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from docx import Document as WordDocument
from docx.shared import Pt

from kompas.safe_text import readable_markdown


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: Table | None = None
    empty_text: str = "Niets."


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    sections: tuple[Section, ...] = field(default_factory=tuple)


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
    out = [f"# {plain_markdown(doc.title)}", ""]
    if doc.subtitle:
        out += [plain_markdown(doc.subtitle), ""]
    for section in doc.sections:
        out += [f"## {plain_markdown(section.heading)}", ""]
        if _empty(section):
            out += [section.empty_text, ""]
        out += [line for text in section.paragraphs for line in (plain_markdown(text), "")]
        if section.bullets:
            out += [f"- {plain_markdown(b)}" for b in section.bullets] + [""]
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
    word.core_properties.title = doc.title
    word.add_heading(doc.title, level=0)
    if doc.subtitle:
        word.add_paragraph(doc.subtitle)
    for section in doc.sections:
        word.add_heading(section.heading, level=1)
        if _empty(section):
            word.add_paragraph(section.empty_text)
        for text in section.paragraphs:
            word.add_paragraph(text)
        for bullet in section.bullets:
            word.add_paragraph(bullet, style="List Bullet")
        if section.table and section.table.rows:
            table = word.add_table(rows=1, cols=len(section.table.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, section.table.header):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in section.table.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def write(doc: Document, path: str | Path) -> Path:
    """Write as .md or .docx, chosen by the suffix; other suffixes are refused in Dutch."""
    path = Path(path)
    if path.suffix.lower() == ".md":
        path.write_text(to_markdown(doc), encoding="utf-8")
    elif path.suffix.lower() == ".docx":
        path.write_bytes(to_docx(doc))
    else:
        raise ValueError(f"Kies een bestand dat eindigt op .md of .docx (niet '{path.suffix or path.name}').")
    return path


def plain_markdown(text: str) -> str:
    r"""Inert Markdown for reports: no links, images, HTML, emphasis or headings, but readable as text
    (full stops and hyphens stay as they are). The rules live in ``kompas.safe_text.readable_markdown``.

    >>> print(plain_markdown("# 31,4% <b>[x](y)</b>"))
    \# 31,4% \<b\>\[x\](y)\</b\>
    """
    return readable_markdown(text)


def _empty(section: Section) -> bool:
    return not (section.paragraphs or section.bullets or (section.table and section.table.rows))


def _cell(text: str) -> str:
    return plain_markdown(str(text)).replace("\n", " ")
