"""A document as the bytes of a file: Markdown, Word or PDF (PDF through ``kompas.reports.pdf``, which
loads weasyprint, so only when a PDF is asked for)."""

from __future__ import annotations

from pathlib import Path

from kompas.reports.document import Document, to_docx, to_markdown


def render(doc: Document, file_format: str) -> bytes:
    """The document as 'md', 'docx' or 'pdf' bytes."""
    if file_format == "md":
        return to_markdown(doc).encode("utf-8")
    if file_format == "docx":
        return to_docx(doc)
    if file_format == "pdf":
        from kompas.reports.pdf import to_pdf  # weasyprint loads slowly: only when a PDF is asked for

        return to_pdf(doc)
    raise ValueError(f"Onbekend bestandstype '{file_format}': kies md, docx of pdf.")


def format_of(path: str | Path, allowed: tuple[str, ...] = ("md", "docx")) -> str:
    """The file format a path asks for by its suffix; other suffixes are refused in Dutch."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in allowed:
        names = ", ".join(f".{a}" for a in allowed[:-1]) + f" of .{allowed[-1]}"
        raise ValueError(f"Kies een bestand dat eindigt op {names} (niet '{Path(path).suffix or Path(path).name}').")
    return suffix


def write(doc: Document, path: str | Path, allowed: tuple[str, ...] = ("md", "docx")) -> Path:
    """Write as one of the ``allowed`` formats, chosen by the suffix."""
    path = Path(path)
    path.write_bytes(render(doc, format_of(path, allowed)))
    return path
