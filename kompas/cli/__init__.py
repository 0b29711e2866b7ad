"""``python -m kompas …``: one module per command; each adds its arguments and runs it (parse, call the
library, print).

``main`` builds the parser from every command module, so a command module imports at its top only what
is light: ``argparse``, ``kompas.domain``, ``kompas.cli.parsing`` and ``common``, and store modules without
pandas (``kompas.store.catalog``). The library a command calls with pandas, scipy or the report stack is
imported inside its ``run``, when it runs: ``--help`` and ``info`` start in a fraction of a second
(``tests/cli/test_cli_start.py`` keeps it so; ``bench/cli_start.py`` measures it).
"""
