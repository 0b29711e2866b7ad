"""Kwaliteitskompas: outcome monitoring for inclusion policy (the library; no UI here)."""

__version__ = "0.1.0"
