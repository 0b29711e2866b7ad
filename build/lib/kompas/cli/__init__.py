"""``python -m kompas …``: one module per group of commands; each parses, calls the library, prints."""
