"""Readers for the files monitors arrive in. Each turns one file into a ``SourceTable``; mapping
those rows onto indicators, waves, areas and groups, and writing them, happens elsewhere."""
