"""The document model as HTML, and that HTML as a tagged PDF (weasyprint).

Every text is escaped, so a story or an edited sentence can never become markup. Charts are PNG
images with their alt text; the PDF is tagged (PDF/UA) so screen readers get headings, tables and
the alt texts.
"""

from __future__ import annotations

import base64
from html import escape as _escape

from kompas.domain.safe_text import clean
from kompas.reports.document import Document, Section

_CSS = """
@page { size: A4; margin: 2cm 2cm 2.2cm 2cm;
        @bottom-right { content: "pagina " counter(page) " van " counter(pages); font-size: 9pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #000; }
h1 { font-size: 20pt; margin: 0 0 .3em 0; }
h2 { font-size: 14pt; margin: 1.2em 0 .3em 0; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; margin: 1em 0 .2em 0; }
p.subtitle { white-space: pre-line; color: #222; }
img { width: 100%; margin: .4em 0; }
figcaption { font-size: 9pt; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: .4em 0; }
th, td { border: 1px solid #777; padding: 2px 4px; text-align: left; vertical-align: top; }
th { background: #eee; }
"""


def to_html(doc: Document) -> str:
    """A standalone HTML page of the document (Dutch, escaped, images inline as data URLs)."""
    body = [f"<h1>{escape(doc.title)}</h1>"]
    if doc.subtitle:
        body.append(f'<p class="subtitle">{escape(doc.subtitle)}</p>')
    for section in doc.sections:
        body += _section(section)
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title><style>{_CSS}</style></head><body>" + "\n".join(body) + "</body></html>"
    )


def to_pdf(doc: Document) -> bytes:
    """The document as a tagged A4 PDF."""
    from weasyprint import HTML

    return HTML(string=to_html(doc)).write_pdf(pdf_variant="pdf/ua-1")


def escape(text: object) -> str:
    """HTML-escaped, without control or direction characters (which can also break the PDF's text)."""
    return _escape(clean(text))


def _section(section: Section) -> list[str]:
    level = min(section.level + 1, 6)
    out = [f"<h{level}>{escape(section.heading)}</h{level}>"]
    if not (section.paragraphs or section.bullets or section.figures or (section.table and section.table.rows)):
        out.append(f"<p>{escape(section.empty_text)}</p>")
    out += [f"<p>{escape(text)}</p>" for text in section.paragraphs]
    for figure in section.figures:
        data = base64.b64encode(figure.png).decode("ascii")
        caption = f"<figcaption>{escape(figure.caption)}</figcaption>" if figure.caption else ""
        out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{escape(figure.alt)}">{caption}</figure>')
    if section.bullets:
        out.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in section.bullets) + "</ul>")
    if section.table and section.table.rows:
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in section.table.header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in section.table.rows
        )
        out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return out
