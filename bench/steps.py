"""One measured step of the benchmark, run in its own process so its memory peak is its own.

    python bench/steps.py STEP DB [ARG]  ->  prints one JSON line: {"seconds": ..., "peak_mb": ..., ...}

Steps (what each figure is):
  page PATH     server time to render one page under Streamlit's AppTest. 'first' is the process's first
                visit (includes importing plotly etc. once per server); 'cold' ('seconds') a visit with all
                data caches emptied (``dashboard.cached.clear_data``), so every figure is read from the store
                (the wave-pair families and small-group decisions, kept on the store once per data version
                for every page, stay); 'warm' a rerun with caches filled. Median of three visits each;
                'cold_cpu' and 'warm_cpu' the CPU time of the same visits (all threads of the process).
  series        observations.series(): one indicator, one gemeente, the total plus all groups of one
                factor, with small-group suppression. 'cold' the first call, 'seconds' the median of 20.
  naive         the same series the naive way: the whole observations table into pandas ('load', via
                Arrow, the fastest hand-off), then filter, join the waves and sort in pandas ('seconds').
  compare       compare.compare_waves() for the app's default pair of waves over the first programme.
  import CSV    imports.import_file() of a StatLine CSV with its mapping, written into the store
                ('seconds'; 'dry_run' reads, maps and checks without writing).
  read_csv CSV  DuckDB's bare read_csv of the same file into an in-memory table.
  export        the werkgroep minutes as Word (.docx): reports.minutes + reports.document.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    """This process's peak resident memory. ru_maxrss survives exec (it would report the parent's
    peak), so read the kernel's high-water mark of this address space instead."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


RUNS = 3  # cold and warm visits per page; the median of each is reported (one visit swings with the load)


def page(db: str, path: str) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["KOMPAS_DB"] = db
    st.cache_data.clear()
    from dashboard import cached
    from dashboard.components.signin import SIGNED_IN
    from kompas.domain.roles import Access

    # a first visit to a national store decides the small-group rule and the wave-pair families: minutes
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=900)
    at.session_state[SIGNED_IN] = Access("werkgroep", "bench")  # as the sign-in form sets it
    start, _ = _timed(at.run)
    if path != "app_pages/start.py":
        at.switch_page(path)
    first, _ = _timed(at.run)  # the process's first visit: also imports the page's modules (plotly, ...)
    colds, warms = [], []
    for _ in range(RUNS):
        cached.clear_data()
        colds.append(_cpu_timed(at.run))  # every figure read from the store again
        warms.append(_cpu_timed(at.run))  # a rerun (a click), with the caches filled
    problems = [str(e.value) for e in at.exception]
    (cold, cold_cpu), (warm, warm_cpu) = ([statistics.median(x) for x in zip(*runs)] for runs in (colds, warms))
    return {
        "seconds": cold,
        "app_start": start,
        "first": first,
        "cold": cold,
        "warm": warm,
        "cold_cpu": cold_cpu,
        "warm_cpu": warm_cpu,
        "errors": problems,
    }


def _cpu_timed(func) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process, all threads) of one call: on a shared machine the CPU
    time says what the page costs, the wall time also how long it waited for a core."""
    start, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - start, time.process_time() - cpu


def _series_args(store):
    row = store.rows(
        "SELECT indicator_id, area_code, group_factor FROM observations "
        "WHERE group_factor <> 'totaal' AND area_code LIKE 'GM%' LIMIT 1"
    )[0]
    return row["indicator_id"], row["area_code"], row["group_factor"]


def series(db: str) -> dict:
    from kompas.store import observations
    from kompas.store.connection import Store

    with Store(db).as_system("bench") as store:
        args = _series_args(store)
        cold, frame = _timed(observations.series, store, *args)
        runs = [_timed(observations.series, store, *args)[0] for _ in range(20)]
    return {"seconds": statistics.median(runs), "cold": cold, "rows": len(frame)}


def naive(db: str) -> dict:
    import pandas as pd

    from kompas.store import suppression
    from kompas.store.connection import Store
    from kompas.store.indicators import get_indicator

    with Store(db).as_system("bench") as store:
        indicator_id, area_code, factor = _series_args(store)
        indicator = get_indicator(store, indicator_id)
        with store.cursor() as cur:  # the fastest way into pandas: an Arrow table, then to_pandas()
            cur.execute("SET enable_progress_bar = false")
            load, (table, waves) = _timed(
                lambda: (
                    cur.sql("SELECT * FROM observations").to_arrow_table().to_pandas(),
                    store.df("SELECT * FROM waves"),
                )
            )

    def query() -> pd.DataFrame:
        part = table[
            (table["indicator_id"] == indicator_id)
            & (table["area_code"] == area_code)
            & table["group_factor"].isin(["totaal", factor])
        ]
        part = part.merge(waves.rename(columns={"id": "wave_id", "label": "wave_label"}), on="wave_id")
        part = part.sort_values(["period_end", "group_value"])
        return suppression.apply(part, indicator.unit, indicator.min_n)

    runs = [_timed(query)[0] for _ in range(3)]
    return {"seconds": statistics.median(runs), "load": load, "rows": len(query())}


def compare(db: str) -> dict:
    from kompas.analysis import compare as compare_mod
    from kompas.store.connection import Store

    with Store(db).as_system("bench") as store:
        first, second = compare_mod.default_pair(store)
        programme = store.scalar("SELECT id FROM programmes ORDER BY sort_order LIMIT 1")
        seconds, table = _timed(compare_mod.compare_waves, store, first, second, programme_id=programme)
    return {"seconds": seconds, "rows": len(table)}


def import_csv(db: str, csv: str) -> dict:
    from kompas.imports import import_file
    from kompas.store.connection import Store

    mapping = str(Path(csv).with_suffix(".mapping.yaml"))
    with Store(db).as_system("bench") as store:
        dry, _ = _timed(import_file, store, csv, mapping_path=mapping, dry_run=True)
        seconds, plan = _timed(import_file, store, csv, mapping_path=mapping)
    return {
        "seconds": seconds,
        "dry_run": dry,
        "added": plan.added,
        "changed": plan.changed,
        "refused": len(plan.refused),
    }


def read_csv(db: str, csv: str) -> dict:
    import duckdb

    con = duckdb.connect()
    seconds, _ = _timed(con.execute, f"CREATE TABLE bare AS SELECT * FROM read_csv('{csv}')")
    return {"seconds": seconds, "rows": con.execute("SELECT count(*) FROM bare").fetchone()[0]}


def export(db: str) -> dict:
    from kompas.reports import files as report_files
    from kompas.reports import minutes
    from kompas.store.connection import Store

    with Store(db).as_system("bench") as store, tempfile.TemporaryDirectory() as tmp:
        review_id = store.scalar("SELECT max(id) FROM reviews")
        seconds, path = _timed(
            lambda: report_files.write(minutes.minutes(store, review_id), Path(tmp) / "verslag.docx")
        )
    return {"seconds": seconds}


def raad_export(db: str) -> dict:
    """The raadsinformatie factsheet (kompas.reports.raad) for one indicator with a breakdown in one gemeente,
    as Word with its chart. 'first' includes starting the Chromium that draws charts (once per process)."""
    from kompas.reports import raad
    from kompas.reports.raad_request import RaadEdits, RaadRequest
    from kompas.store.connection import Store

    with Store(db).as_system("bench") as store:
        indicator_id, area_code, group = _series_args(store)
        request = RaadRequest("Hoe ontwikkelt dit cijfer zich?", (indicator_id,), (area_code,), group)
        first, _ = _timed(raad.export, store, request, RaadEdits(), "docx")
        seconds, _ = _timed(raad.export, store, request, RaadEdits(), "docx")
    return {"seconds": seconds, "first": first}


STEPS = {
    "page": page,
    "series": series,
    "naive": naive,
    "compare": compare,
    "import": import_csv,
    "read_csv": read_csv,
    "export": export,
    "raad_export": raad_export,
}

if __name__ == "__main__":
    step, db, *rest = sys.argv[1:]
    result = STEPS[step](db, *rest)
    if result is not None:
        result["peak_mb"] = round(_peak_mb(), 1)
    print(json.dumps(result))
