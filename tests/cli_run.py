"""The command line in this process: what `python -m kompas ARGS` returns and prints, without the seconds a
fresh interpreter costs to start. For tests where the process itself is not the subject (the start of
`python -m kompas`, a store held by another process: those keep ``subprocess``)."""

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

from kompas.cli.main import main


def run_cli(*args, stdin: str = "") -> subprocess.CompletedProcess:
    """Run ``kompas ARGS`` (each turned into ``str``) with ``stdin`` as standard input.

    Returns a ``CompletedProcess`` as ``subprocess.run(..., capture_output=True, text=True)`` would: the exit
    code (``main``'s return value, or the code of a ``SystemExit`` from argument parsing), and what was
    written to stdout and stderr. Any other exception propagates, so a traceback fails the test outright."""
    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    real_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                if not isinstance(exit_.code, (int, type(None))):
                    print(exit_.code, file=sys.stderr)
    finally:
        sys.stdin = real_stdin
    return subprocess.CompletedProcess(["kompas", *argv], code, out.getvalue(), err.getvalue())
