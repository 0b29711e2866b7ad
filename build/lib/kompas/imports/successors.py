"""A gemeente code the store does not know, but the national register does: it was dissolved in a
herindeling. The import names its successor instead of calling the code unknown (``kompas.domain.register``)."""

from __future__ import annotations

from datetime import date

from kompas.domain import register


def successor_text(code: str, on_date: date | None = None) -> str | None:
    """Dutch sentence naming the gemeente that took over ``code`` by ``on_date`` (default today); else None."""
    return register.dissolved_message(code, on_date or date.today())
