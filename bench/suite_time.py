"""How long the whole `make test` takes, against issue 18's target: under 6 minutes on CI's 2 cores.

    python bench/suite_time.py run -- COMMAND ...   run COMMAND (the suite), record its wall time, exit as it did
    python bench/suite_time.py                      print the last recorded run against the target (`make bench`)

The record is bench/.cache/suite_time.json (git-ignored): seconds (wall clock), the command's exit code, the
number of cores, the 1-minute load average before and after the run (a busy machine inflates the time) and
when it ran. Only a passing run is recorded, so the figure is always that of a complete suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

RECORD = Path(__file__).resolve().parent / ".cache" / "suite_time.json"
TARGET_SECONDS = 6 * 60


def run(command: list[str]) -> int:
    """Run ``command``, write the record when it passes; return its exit code."""
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    code = subprocess.call(command)
    seconds = time.perf_counter() - started
    if code == 0:
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(
            json.dumps(
                {
                    "seconds": round(seconds, 1),
                    "exit_code": code,
                    "cores": os.cpu_count(),
                    "load_before": round(load_before, 2),
                    "load_after": round(os.getloadavg()[0], 2),
                    "finished": datetime.now().isoformat(timespec="seconds"),
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    print(
        f"make test: {seconds:,.0f} s ({'recorded in ' + str(RECORD) if code == 0 else 'failed, not recorded'})",
        file=sys.stderr,
    )
    return code


def report() -> str:
    """One line with ✓ or ✗ (or ? when no passing run was recorded yet), as bench/bench.py prints targets."""
    if not RECORD.exists():
        return f"? whole `make test` under {TARGET_SECONDS // 60} min on 2 cores (no run recorded: run `make test`)"
    last = json.loads(RECORD.read_text(encoding="utf-8"))
    seconds = last["seconds"]
    mark = "✓" if seconds < TARGET_SECONDS else "✗"
    return (
        f"{mark} whole `make test` under {TARGET_SECONDS // 60} min on 2 cores (last passing run: "
        f"{seconds:,.0f} s = {seconds / 60:.1f} min on {last['cores']} cores, load {last['load_before']:.1f} "
        f"before / {last['load_after']:.1f} after, {last['finished']})"
    )


def main(argv: list[str]) -> int:
    if argv[:1] == ["run"]:
        command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
        if not command:
            print("usage: python bench/suite_time.py run -- COMMAND ...", file=sys.stderr)
            return 2
        return run(command)
    print(report())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
