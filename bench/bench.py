"""`make bench`: how fast Kwaliteitskompas is from one municipality to the whole country.

For each scale it builds (or reuses from bench/.cache, keyed on the generator version) a synthetic
store, runs every measured step in its own process (bench/steps.py says what each figure is) and
prints one table. Targets from issue #8 are checked at the end. Results go to
bench/.cache/results.json and the growth curve to docs/performance.png.

    python bench/bench.py [--scales demo,gemeente,regio,national] [--no-plot]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))

from kompas.demo.synth import GENERATOR_VERSION, build_store  # noqa: E402

PAGES = {
    "start": "app_pages/start.py",
    "1 monitoring": "app_pages/step_1_monitoring.py",
    "2 resultaat": "app_pages/step_2_resultaat.py",
    "3 activiteiten": "app_pages/step_3_activiteiten.py",
    "4 input": "app_pages/step_4_input.py",
    "5 outcome": "app_pages/step_5_outcome.py",
    "6 verbetercyclus": "app_pages/step_6_verbetercyclus.py",
}
SCALES = ["demo", "gemeente", "regio", "national"]
# issue 18: seconds a step page may take, per scale and kind of visit (other scales: no target)
PAGE_TARGETS = {"demo": {"cold": 0.3, "warm": 0.15}, "national": {"cold": 1.0, "warm": 1.0}}
SEED = 1


def store_for(scale: str) -> tuple[Path, float | None]:
    """The cached store of a scale, built when missing; and the seconds building took (None: cached)."""
    from kompas.demo.build import build_demo_file

    CACHE.mkdir(parents=True, exist_ok=True)
    if scale == "demo":
        path = CACHE / "demo.duckdb"
        start = time.perf_counter()
        path.unlink(missing_ok=True)  # a cache: no dated copy of the old one
        build_demo_file(path)
        return path, time.perf_counter() - start
    path = CACHE / f"{scale}-s{SEED}-v{GENERATOR_VERSION}.duckdb"
    if path.exists():
        return path, None
    for old in CACHE.glob(f"{scale}-s*-v*.duckdb"):
        old.unlink()
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    start = time.perf_counter()
    build_store(tmp, scale, SEED)
    tmp.rename(path)
    return path, time.perf_counter() - start


def step(name: str, db: Path, *args: str) -> dict | None:
    """Run one step of bench/steps.py in a fresh process; its last stdout line is the JSON result."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "steps.py"), name, str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    if done.returncode != 0:
        print(f"  ! {name} {' '.join(args)} mislukt:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(scale: str) -> dict:
    from kompas.demo.synth.statline_file import write_statline_csv
    from kompas.store.connection import Store

    db, built = store_for(scale)
    with Store(db).as_system("bench") as store:
        observations = store.scalar("SELECT count(*) FROM observations")
        areas = store.scalar("SELECT count(*) FROM areas")
    out = {"scale": scale, "observations": observations, "areas": areas, "build_seconds": built}
    print(f"[{scale}] {observations:,} cijfers, {areas:,} gebieden", file=sys.stderr)
    out["pages"] = {label: step("page", db, path) for label, path in PAGES.items()}
    for name in ("series", "naive", "compare", "export", "raad_export"):
        out[name] = step(name, db)
    if scale != "demo":  # the demo has several monitors per year; the file is made for synthetic stores
        csv = CACHE / f"statline-{scale}.csv"
        with Store(db).as_system("bench") as store:
            out["csv_rows"] = write_statline_csv(store, csv)["rows"]
        copy = CACHE / f"import-{scale}.duckdb"
        shutil.copyfile(db, copy)  # the import writes: never into the cached store
        try:
            out["import"] = step("import", copy, str(csv))
        finally:
            copy.unlink(missing_ok=True)
            Path(f"{copy}.wal").unlink(missing_ok=True)
        out["read_csv"] = step("read_csv", db, str(csv))
    return out


# --- the table ------------------------------------------------------------------------------------
def _ms(value: float | None) -> str:
    return "-" if value is None else (f"{value * 1000:,.0f} ms" if value < 10 else f"{value:,.1f} s")


def _get(result: dict | None, key: str = "seconds"):
    return None if not result else result.get(key)


def rows(results: list[dict]) -> list[tuple[str, list[str]]]:
    table = [
        ("figures (observations)", [f"{r['observations']:,}" for r in results]),
        ("areas", [f"{r['areas']:,}" for r in results]),
        ("build store (cached: -)", [_ms(r["build_seconds"]) for r in results]),
    ]
    for label in PAGES:
        table.append(
            (
                f"page {label}: cold / warm",
                [f"{_ms(_get(r['pages'][label], 'cold'))} / {_ms(_get(r['pages'][label], 'warm'))}" for r in results],
            )
        )
    table.append(
        (
            "pages: memory peak (max)",
            [f"{max((_get(p, 'peak_mb') or 0) for p in r['pages'].values()):,.0f} MB" for r in results],
        )
    )
    table += [
        ("series with breakdown (median)", [_ms(_get(r["series"])) for r in results]),
        ("  naive pandas: load whole table", [_ms(_get(r["naive"], "load")) for r in results]),
        ("  naive pandas: filter + sort", [_ms(_get(r["naive"])) for r in results]),
        ("  naive/ours (query only)", [_ratio(_get(r["naive"]), _get(r["series"])) for r in results]),
        (
            "  naive/ours (with load)",
            [_ratio((_get(r["naive"]) or 0) + (_get(r["naive"], "load") or 0), _get(r["series"])) for r in results],
        ),
        (
            "  memory peak naive / ours",
            [f"{_get(r['naive'], 'peak_mb') or 0:,.0f} / {_get(r['series'], 'peak_mb') or 0:,.0f} MB" for r in results],
        ),
        ("wave comparison, one programme", [_ms(_get(r["compare"])) for r in results]),
        ("  memory peak", [f"{_get(r['compare'], 'peak_mb') or 0:,.0f} MB" for r in results]),
        ("StatLine CSV rows", [f"{r.get('csv_rows', 0):,}" if r.get("csv_rows") else "-" for r in results]),
        ("import: read + check (dry run)", [_ms(_get(r.get("import"), "dry_run")) for r in results]),
        ("import: read + check + write", [_ms(_get(r.get("import"))) for r in results]),
        ("bare DuckDB read_csv", [_ms(_get(r.get("read_csv"))) for r in results]),
        (
            "import speed / read_csv (dry run)",
            [_ratio(_get(r.get("read_csv")), _get(r.get("import"), "dry_run")) for r in results],
        ),
        (
            "import speed / read_csv (written)",
            [_ratio(_get(r.get("read_csv")), _get(r.get("import"))) for r in results],
        ),
        (
            "  import memory peak",
            [f"{_get(r.get('import'), 'peak_mb') or 0:,.0f} MB" if r.get("import") else "-" for r in results],
        ),
        ("minutes export (Word)", [_ms(_get(r["export"])) for r in results]),
        ("raadsinformatie export (Word)", [_ms(_get(r["raad_export"])) for r in results]),
    ]
    return table


def _ratio(a, b) -> str:
    return "-" if not a or not b else f"{a / b:,.2f}×" if a / b < 10 else f"{a / b:,.0f}×"


def render(results: list[dict]) -> str:
    table = rows(results)
    width = max(len(label) for label, _ in table) + 2
    cols = [max(len(r["scale"]), *(len(cells[i]) for _, cells in table)) + 2 for i, r in enumerate(results)]
    lines = ["".ljust(width) + "".join(r["scale"].rjust(c) for r, c in zip(results, cols))]
    lines += [label.ljust(width) + "".join(cell.rjust(c) for cell, c in zip(cells, cols)) for label, cells in table]
    return "\n".join(lines)


def page_lines(results: list[dict]) -> list[str]:
    """Each step page's cold and warm time against its target (``PAGE_TARGETS``): 'ok' or 'te traag'. The
    CPU time beside it is what the visit cost the process; on a busy machine the wall time is larger."""
    lines = []
    for r in results:
        limits = PAGE_TARGETS.get(r["scale"])
        if not limits:
            continue
        for label in (k for k in PAGES if k != "start"):
            cells = []
            for kind, limit in limits.items():
                took, cpu = _get(r["pages"][label], kind), _get(r["pages"][label], f"{kind}_cpu")
                verdict = "ontbreekt" if took is None else "ok" if took < limit else "te traag"
                cells.append(f"{kind} {_ms(took):>8} (CPU {_ms(cpu):>8}; doel < {_ms(limit)}) {verdict:<8}")
            lines.append(f"{r['scale']:<9} page {label:<18} " + "   ".join(cells))
    return lines


def targets(results: list[dict]) -> list[str]:
    """Issue #8's targets, each with ✓ or ✗."""
    by = {r["scale"]: r for r in results}
    checks = []

    def check(text: str, ok: bool | None) -> None:
        checks.append(f"{'?' if ok is None else '✓' if ok else '✗'} {text}")

    steps = [k for k in PAGES if k != "start"]
    for scale, limits in PAGE_TARGETS.items():
        if scale in by:
            for kind, limit in limits.items():
                worst = max(_get(by[scale]["pages"][k], kind) or 99 for k in steps)
                check(
                    f"every step page under {_ms(limit)} on the {scale} store, {kind} (slowest: {_ms(worst)})",
                    worst < limit,
                )
    if "national" in by:
        n = by["national"]
        check(
            f"series with breakdown under 100 ms nationally ({_ms(_get(n['series']))})", (_get(n["series"]) or 99) < 0.1
        )
        ratio = (_get(n["naive"]) or 0) / (_get(n["series"]) or 1)
        check(f"series at least 20× faster than naive pandas ({ratio:,.0f}×, query only)", ratio >= 20)
        compare, peak = _get(n["compare"]), _get(n["compare"], "peak_mb")
        check(
            f"national wave comparison of one programme under 3 s and 500 MB ({_ms(compare)}, {peak or 0:,.0f} MB)",
            None if compare is None else compare < 3 and (peak or 0) < 500,
        )
        if n.get("import") and n.get("read_csv"):
            speed = _get(n["read_csv"]) / _get(n["import"], "dry_run")
            check(f"import (read + check) at least half of read_csv speed ({speed:.2f})", speed >= 0.5)
            speed = _get(n["read_csv"]) / _get(n["import"])
            check(f"import including the write at least a quarter of read_csv speed ({speed:.2f})", speed >= 0.25)
    return checks


def plot(results: list[dict], path: Path) -> None:
    import plotly.graph_objects as go

    synthetic = [r for r in results if r["scale"] != "demo"]
    if len(synthetic) < 2:
        return
    x = [r["observations"] for r in synthetic]
    series = {
        "Langzaamste stappagina (koud)": [
            max(_get(r["pages"][k]) or 0 for k in PAGES if k != "start") for r in synthetic
        ],
        "Reeks met uitsplitsing": [_get(r["series"]) for r in synthetic],
        "Zelfde reeks, naïef in pandas (zonder laden)": [_get(r["naive"]) for r in synthetic],
        "Metingen vergelijken (één programma)": [_get(r["compare"]) for r in synthetic],
        "StatLine-CSV inlezen (met opslaan)": [_get(r.get("import")) for r in synthetic],
        "Verslag als Word": [_get(r["export"]) for r in synthetic],
    }
    fig = go.Figure()
    for name, ys in series.items():
        fig.add_scatter(x=x, y=ys, name=name, mode="lines+markers", text=[r["scale"] for r in synthetic])
    fig.update_xaxes(type="log", title="Aantal cijfers in de database (gemeente, regio, landelijk)")
    fig.update_yaxes(type="log", title="Seconden (server)")
    fig.update_layout(
        title="Hoe de tijd groeit met de omvang van de database",
        template="plotly_white",
        width=900,
        height=520,
        legend={"orientation": "h", "y": -0.25},
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_image(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=",".join(SCALES))
    parser.add_argument("--no-plot", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = [measure(scale) for scale in args.scales.split(",")]
    print(render(results))
    print()
    print("\n".join(page_lines(results)))
    print()
    print("\n".join(targets(results)))
    (CACHE / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    if not args.no_plot:
        plot(results, ROOT / "docs" / "performance.png")
    print(f"\nBenchmark took {time.perf_counter() - started:,.0f} s on {os.cpu_count()} cores.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
