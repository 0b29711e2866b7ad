"""The store: the DuckDB connection, migrations, and the records read and written in it, with the small-group rule on every read."""
