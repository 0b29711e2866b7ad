"""``python -m kompas …``: one module per command; each adds its arguments and runs it (parse, call the
library, print).

``main.COMMANDS`` lists every command with its module and its line in ``--help``; ``main`` imports only
the module of the command asked for. A command module imports at its top only what is light: ``argparse``,
``kompas.domain``, ``kompas.cli.parsing`` and ``common``, and store modules without pandas
(``kompas.store.catalog``). The library it calls with pandas, scipy or the report stack is imported inside
its ``run``, so ``<command> --help`` is fast too. ``tests/cli/test_cli_start.py`` keeps it so;
``bench/cli_start.py`` measures it against a bare ``import duckdb``.
"""
