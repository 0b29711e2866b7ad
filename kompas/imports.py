"""From a file read by an importer to figures in the store: map, check, report, write.

``plan_import`` works out, without writing, what a file would add, change and refuse (the dry
run). ``apply_import`` writes a plan in one transaction: with refused rows nothing is written,
unless the user chose to import only the valid rows; then the refused rows go to a CSV.
Re-importing the same file changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from kompas import access as access_mod
from kompas import audit, formatting, vocab
from kompas.errors import KompasError
from kompas.importers.base import Problem, SourceTable
from kompas.mapping import Mapping, write_mapping
from kompas.model import Wave
from kompas.observations import upsert
from kompas.store import Store

KEY = ["indicator_id", "wave_id", "area_code", "group_factor", "group_value"]
VALUES = ["value", "n", "ci_low", "ci_high", "se", "provisional"]
_CODE = re.compile(r"^(GM|WK|BU)\d+$")
_TOTAL_WORDS = ("totaal", "total", "alle ")


class ImportRefused(KompasError):
    """Some rows were refused and the user did not choose to import only the valid ones."""

    def __init__(self, plan: ImportPlan):
        super().__init__(plan.report())
        self.plan = plan


@dataclass
class ImportPlan:
    file: str
    file_hash: str
    source: str
    mapping: Mapping
    rows: pd.DataFrame                     # what would be written: KEY + VALUES + row
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: list[Problem] = field(default_factory=list)
    new_waves: list[Wave] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def write_changes(self, cur) -> None:
        """Write the new and changed rows inside the caller's transaction."""
        rows = self.rows
        changes = rows[rows["status"].isin(["nieuw", "gewijzigd"])] if len(rows) else rows
        if len(changes):
            upsert(cur, changes)

    def report(self, dry_run: bool = False, refused_csv: str | Path | None = None) -> str:
        """The import report in plain Dutch; the same message on many rows is said once, with a count."""
        n = formatting.number
        lines = [f"Bestand: {self.file}" + (f" (bron: {self.source})" if self.source else ""),
                 f"Nieuw: {n(self.added)} cijfers · Gewijzigd: {n(self.changed)} · Al aanwezig: "
                 f"{n(self.unchanged)} · Geweigerd: {n(len(self.refused))}"]
        lines += [f"Nieuwe meting: {w.label} ({w.period_start.year})" for w in self.new_waves]
        if self.refused:
            lines.append("Geweigerd:")
            by_cause: dict[tuple, list[Problem]] = {}
            for problem in self.refused:
                by_cause.setdefault((problem.column, problem.message), []).append(problem)
            for number, same in enumerate(by_cause.values()):
                if number == 30:
                    lines.append(f"- … en nog {n(len(by_cause) - 30)} andere meldingen")
                    break
                more = f" (en nog {n(len(same) - 1)} rijen met dezelfde melding)" if len(same) > 1 else ""
                lines.append(f"- {same[0]}{more}")
            if refused_csv:
                lines.append(f"Alle geweigerde rijen staan in {refused_csv}.")
        if self.notes:
            lines.append("Opmerkingen:")
            lines += [f"- {note}" for note in self.notes]
        if dry_run:
            lines.append("Proefrun: er is niets opgeslagen.")
        return "\n".join(lines)


def file_hash(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def plan_import(store: Store, table: SourceTable, mapping: Mapping, wave_label: str | None = None,
                digest: str = "") -> ImportPlan:
    """Map a file's rows onto the store and compare with what is there. Writes nothing."""
    ctx = _Context(store, table, mapping, wave_label)
    rows = table.rows.copy()
    refused = list(table.problems)
    if rows.empty:
        return ImportPlan(table.file, digest, mapping.source, mapping, pd.DataFrame(columns=KEY + VALUES),
                          refused=refused, notes=["Het bestand bevat geen cijfers."])
    rows = ctx.drop_empty(rows)
    rows = ctx.indicators(rows, refused)
    rows = ctx.areas(rows, refused)
    rows = ctx.groups(rows, refused)
    rows = ctx.waves(rows, refused)
    rows = ctx.values(rows)
    rows = _duplicates(rows, table.file, refused)
    rows = ctx.check_values(rows, refused)
    plan = ImportPlan(table.file, digest, ctx.source, mapping, rows, refused=sorted(refused, key=_order),
                      new_waves=list(ctx.new_waves.values()), notes=list(table.notes) + ctx.notes)
    _compare_with_store(store, plan, provided=[c for c in ("n", "ci_low", "ci_high", "se")
                                               if c in table.rows.columns])
    plan.notes += _areas_in_one_wave_only(store, plan.rows, plan.new_waves)
    return plan


def apply_import(store: Store, plan: ImportPlan, valid_only: bool = False) -> ImportPlan:
    """Write the plan in one transaction. Refused rows stop everything unless ``valid_only``."""
    if plan.refused and not valid_only:
        raise ImportRefused(plan)
    with store.transaction() as cur:
        for wave in plan.new_waves:
            cur.execute("INSERT INTO waves (id, source, label, period_start, period_end, method_note, "
                        "population_note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [wave.id, wave.source, wave.label, wave.period_start, wave.period_end,
                         wave.method_note, wave.population_note])
        plan.write_changes(cur)
        write_mapping(cur, plan.mapping)
        cur.execute("INSERT INTO imports (file_name, file_hash, source, added, changed, refused) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [plan.file, plan.file_hash, plan.source, plan.added, plan.changed, len(plan.refused)])
        audit.record(cur, access_mod.of(store), "ingelezen", "cijfers", Path(plan.file).name,
                     f"{plan.added} nieuwe en {plan.changed} gewijzigde cijfers; {len(plan.refused)} rijen geweigerd")
    return plan


class _Context:
    """What the mapping steps need to know about the store, looked up once."""

    def __init__(self, store: Store, table: SourceTable, mapping: Mapping, wave_label: str | None):
        self.store, self.table, self.mapping, self.wave_label = store, table, mapping, wave_label
        known = store.rows("SELECT id, source, unit FROM indicators")
        self.indicator_source = {r["id"]: r["source"] for r in known}
        self.units = {r["id"]: r["unit"] for r in known}
        self.area_codes = set(store.df("SELECT code FROM areas")["code"])
        self.area_names = store.df("SELECT code, lower(trim(name)) AS name FROM areas")
        self.wave_table = store.df("SELECT id, label, source, year(period_end) AS year, period_end, method_note, "
                                   "population_note FROM waves ORDER BY period_end")
        self.source = mapping.source
        self.new_waves: dict[str, Wave] = {}
        self.notes: list[str] = []

    def refuse(self, rows: pd.DataFrame, mask: pd.Series, column: str, message, refused: list) -> pd.DataFrame:
        for row in rows[mask].to_dict("records"):
            number = None if pd.isna(row["row"]) else int(row["row"])
            refused.append(Problem(self.table.file, number, column, message(row)))
        return rows[~mask]

    def indicators(self, rows: pd.DataFrame, refused: list) -> pd.DataFrame:
        direct = "wave" in rows.columns  # our template names indicators itself
        rows["indicator_id"] = rows["measure"] if direct else rows["measure"].map(self.mapping.measures)
        if not direct:
            skipped = rows[rows["indicator_id"].isna()]["measure"].unique()
            if len(skipped) and len(skipped) == rows["measure"].nunique():
                rows = self.refuse(rows, rows["indicator_id"].isna(), "maat",
                                   lambda r: f"De maat '{r['measure']}' is aan geen indicator gekoppeld. Geef een "
                                             "koppelbestand (--mapping) met measures.", refused)
            elif len(skipped):
                self.notes.append(f"{len(skipped)} maat/maten zonder koppeling overgeslagen: "
                                  f"{', '.join(map(str, skipped[:10]))}.")
                rows = rows[rows["indicator_id"].notna()]
        unknown = ~rows["indicator_id"].isin(list(self.indicator_source))
        rows = self.refuse(rows, unknown, "indicator", lambda r: f"Onbekende indicator '{r['indicator_id']}'. "
                           "Maak de indicator eerst aan, of verbeter de code.", refused)
        if not self.source and len(rows):
            self.source = self.indicator_source[rows["indicator_id"].iloc[0]]
        return rows

    def areas(self, rows: pd.DataFrame, refused: list) -> pd.DataFrame:
        names = self.area_names.groupby("name")["code"].apply(list).to_dict()
        regions = {k.lower(): v for k, v in self.mapping.regions.items()}
        cleaned = rows["region"].astype(str).str.replace("\xa0", " ").str.strip()
        # A file has far fewer distinct regions than rows: resolve each once.
        found = {region: self._area(region, names, regions) for region in dict.fromkeys(cleaned.tolist())}
        resolved = cleaned.map({k: v[0] for k, v in found.items()}).astype(object)
        reasons = cleaned.map({k: v[1] for k, v in found.items()}).astype(object)
        rows = rows.assign(area_code=resolved.where(resolved.notna(), None), area_reason=reasons)
        column = "area_code" if "wave" in rows.columns else "Regio"
        return self.refuse(rows, rows["area_code"].isna(), column, lambda r: r["area_reason"], refused)

    def _area(self, region: str, names: dict, regions: dict) -> tuple[str | None, str]:
        if region in self.area_codes:
            return region, ""
        if region.lower() in regions:
            return regions[region.lower()], ""
        if _CODE.match(region):
            return None, f"Onbekende gebiedscode '{region}'. Deze code staat niet in de database."
        matches = names.get(region.lower(), [])
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            return None, (f"'{region}' past bij meer gebieden ({', '.join(sorted(matches))}). Zet in het "
                          f"koppelbestand onder regions: '{region}: <code>' welke bedoeld is.")
        return None, f"Onbekend gebied '{region}'. Gebruik een CBS-code of een naam die in de database staat."

    def groups(self, rows: pd.DataFrame, refused: list) -> pd.DataFrame:
        if "group_factor" in rows.columns:  # the template says it itself
            bad = ~rows["group_factor"].map(lambda f: f == vocab.TOTAL or vocab.is_factor(f)).astype(bool)  # pairs too
            return self.refuse(rows, bad, "group_factor", lambda r: f"'{r['group_factor']}' is geen "
                               "diversiteitsfactor. Kies uit: " + ", ".join(vocab.DIVERSITY_FACTORS) + ".", refused)
        rows = rows.assign(group_factor=vocab.TOTAL, group_value=vocab.TOTAL)
        for column in [c for c in rows.columns if c.startswith("dim:")]:
            dimension = column[4:]
            values = rows[column].fillna("").astype(str).str.strip()
            is_total = values.eq("") | values.str.lower().str.startswith(_TOTAL_WORDS)
            group = self.mapping.groups.get(dimension)
            if group is None and dimension in vocab.DIVERSITY_FACTORS:  # a survey names the factor itself
                group = next((g for g in self.mapping.groups.values() if g.factor == dimension), None)
            factor = dimension if dimension in vocab.DIVERSITY_FACTORS else (group.factor if group else None)
            if factor is None:
                rows = self.refuse(rows, ~is_total, dimension, lambda r, d=dimension: (
                    f"De kolom '{d}' is aan geen diversiteitsfactor gekoppeld. Voeg hem toe onder groups in het "
                    "koppelbestand."), refused)
                continue
            distinct = values.unique().tolist()
            mapped = values.map({v: (group.values.get(v, v) if group else v) for v in distinct})
            mapped = mapped.where(~is_total, vocab.TOTAL)
            crossed = (mapped != vocab.TOTAL) & (rows["group_factor"] != vocab.TOTAL)
            rows = self.refuse(rows, crossed, dimension, lambda r: "Combinaties van twee groepen kan deze versie "
                               "nog niet inlezen.", refused)
            mapped = mapped[rows.index]
            own = mapped != vocab.TOTAL
            rows.loc[own, "group_factor"] = factor
            rows.loc[own, "group_value"] = mapped[own]
        return rows

    def waves(self, rows: pd.DataFrame, refused: list) -> pd.DataFrame:
        if "wave" in rows.columns:
            labels = rows["wave"]
        elif self.wave_label:
            labels = pd.Series(self.wave_label, index=rows.index)
        else:
            pairs = list(zip(rows["period"].tolist(), rows["indicator_id"].tolist()))
            found = {pair: self._label_for_period(*pair) for pair in dict.fromkeys(pairs)}
            labels = pd.Series([found[pair] for pair in pairs], index=rows.index, dtype=object)
        by_label = dict(zip(self.wave_table["label"], self.wave_table["id"]))
        triples = list(zip(labels.tolist(), rows["indicator_id"].tolist(), rows["period"].tolist()))
        for label, indicator, period in dict.fromkeys(triples):  # distinct, in file order
            if label is not None and label not in by_label:
                wave = self._new_wave(label, self.indicator_source[indicator], period)
                by_label[label] = wave.id if wave else None
        ids = [None if label is None else by_label[label] for label, _, _ in triples]
        rows = rows.assign(wave_id=pd.Series(ids, index=rows.index, dtype=object), wave_label=labels)
        column = "wave" if "wave" in rows.columns else "Perioden"
        return self.refuse(rows, rows["wave_id"].isna(), column, lambda r: (
            f"Geen meting gevonden voor periode '{r['period']}'. Geef de meting op (--wave) of zet de periode "
            "onder periods in het koppelbestand.") if not r["wave_label"] else (
            f"Van de meting '{r['wave_label']}' is het jaar niet te bepalen. Zet een jaartal in de naam."), refused)

    def _label_for_period(self, period: str, indicator_id: str) -> str | None:
        if period in self.mapping.periods:
            return self.mapping.periods[period]
        source = self.indicator_source[indicator_id]
        match = self.wave_table[(self.wave_table["source"] == source) &
                                (self.wave_table["year"].astype(str) == str(period)[:4])]
        return match["label"].iloc[0] if len(match) == 1 else None

    def _new_wave(self, label: str, source: str, period: str) -> Wave | None:
        if label in self.new_waves:
            return self.new_waves[label]
        year = re.search(r"(19|20)\d{2}", f"{label} {period}")
        if not year:
            return None
        year = int(year.group(0))
        wave_id = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:60] or f"meting_{year}"
        taken = set(self.wave_table["id"]) | {w.id for w in self.new_waves.values()}
        while wave_id in taken:
            wave_id += "_2"
        source = self.source or source
        # Same monitor, so presumably the same method: copy the notes of its latest wave, so a
        # comparison does not warn about a difference that is only the lack of a description.
        earlier = self.wave_table[self.wave_table["source"] == source]
        method, population = ((earlier["method_note"].iloc[-1], earlier["population_note"].iloc[-1])
                              if len(earlier) else ("", ""))
        wave = Wave(wave_id, source, label, date(year, 1, 1), date(year, 12, 31), method, population)
        self.new_waves[label] = wave
        return wave

    def drop_empty(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Leave out cells without a number ('.' missing, 'x' secret); name areas with no number at all
        (a municipality that no longer exists, say) instead of refusing them."""
        marker = rows["marker"].fillna("")
        empty = marker.isin([".", "x"]) | (rows["value"].isna() & ~marker.eq("-"))
        if empty.any():
            self.notes.append(f"{int(empty.sum())} lege of geheime cellen ('.' of 'x') overgeslagen.")
            has_number = set(rows.loc[~empty, "region"].unique().tolist())
            gone = sorted(set(rows.loc[empty, "region"].astype(str).str.strip().unique().tolist()) - has_number)
            if gone:
                self.notes.append(f"Geen enkel cijfer voor {', '.join(gone[:20])}: bestaat dit gebied nog? Het "
                                  "wordt niet vergeleken met eerdere metingen.")
        return rows[~empty].copy()

    def check_values(self, rows: pd.DataFrame, refused: list) -> pd.DataFrame:
        """Figures that cannot be true: a percentage outside 0–100, an interval that does not hold
        the value, a negative n."""
        units = rows["indicator_id"].map(self.units)
        value, low, high = rows["value"].astype(float), rows["ci_low"].astype(float), rows["ci_high"].astype(float)
        checks = [
            ((units == "procent") & ((value < 0) | (value > 100)), "value",
             lambda r: f"{formatting.number(r['value'], 1)} is geen percentage (tussen 0 en 100)."),
            ((low - value > 1e-6) | (value - high > 1e-6) | (low - high > 1e-6), "ci_low",
             lambda r: "Het interval (ci_low tot ci_high) bevat de waarde niet."),
            (rows["n"].astype(float) < 0, "n", lambda r: "n kan niet negatief zijn."),
        ]
        for mask, column, message in checks:
            rows = self.refuse(rows, mask.reindex(rows.index, fill_value=False), column, message, refused)
        return rows

    def values(self, rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows.copy()
        rows.loc[rows["marker"].eq("-"), "value"] = 0.0
        for column in ("n", "ci_low", "ci_high", "se"):
            if column not in rows.columns:
                rows[column] = float("nan")
        rows["provisional"] = rows["provisional"].fillna(False).astype(bool)
        return rows


def _duplicates(rows: pd.DataFrame, file: str, refused: list) -> pd.DataFrame:
    first = rows.drop_duplicates(KEY)
    for row in rows[rows.duplicated(KEY, keep="first")].to_dict("records"):
        original = first[(first[KEY] == pd.Series({k: row[k] for k in KEY})).all(axis=1)]["row"].iloc[0]
        refused.append(Problem(file, int(row["row"]), None, f"Dit cijfer staat er twee keer in (ook in rij {original})."))
    return first[KEY + VALUES + ["row"]].reset_index(drop=True)


def _compare_with_store(store: Store, plan: ImportPlan, provided: list[str]) -> None:
    """Mark each row new, changed or unchanged. What the file does not give at all (a StatLine file
    has no n or interval) keeps its stored value instead of being wiped."""
    rows = plan.rows
    if rows.empty:
        plan.rows = rows.assign(status=pd.Series(dtype=str))
        return
    with store.cursor() as cur:
        cur.register("incoming", rows[KEY])
        existing = cur.execute(f"SELECT o.* FROM observations o JOIN incoming USING ({', '.join(KEY)})").df()
        cur.unregister("incoming")
    merged = rows.merge(existing, on=KEY, how="left", suffixes=("", "_old"), indicator=True)
    for column in ("n", "ci_low", "ci_high", "se"):
        if column not in provided:
            merged[column] = merged[f"{column}_old"]
            rows = rows.assign(**{column: merged[column].values})
    same = pd.Series(True, index=merged.index)
    for column in VALUES:
        new, old = merged[column], merged[f"{column}_old"]
        if column == "provisional":
            same &= new.astype(bool) == old.fillna(False).astype(bool)
        else:
            new, old = new.astype("float64"), old.astype("float64")
            same &= (new.isna() & old.isna()) | ((new - old).abs() < 1e-9)
    status = pd.Series("nieuw", index=merged.index)
    status[(merged["_merge"] == "both") & same] = "ongewijzigd"
    status[(merged["_merge"] == "both") & ~same] = "gewijzigd"
    plan.rows = rows.assign(status=status.values)
    plan.added, plan.changed, plan.unchanged = (int((status == s).sum()) for s in ("nieuw", "gewijzigd", "ongewijzigd"))


def _areas_in_one_wave_only(store: Store, rows: pd.DataFrame, new_waves: list[Wave]) -> list[str]:
    """Per indicator: areas in the imported wave but not the wave before it, and the other way round."""
    totals = rows[rows["group_factor"] == vocab.TOTAL]
    now_by_pair = {key: set(part["area_code"].tolist())
                   for key, part in totals.groupby(["indicator_id", "wave_id"])}
    return one_wave_notes(store, now_by_pair, new_waves)


def one_wave_notes(store: Store, now_by_pair: dict[tuple[str, str], set[str]], new_waves: list[Wave]) -> list[str]:
    """``_areas_in_one_wave_only`` given, per (indicator, imported wave), the areas of its totals."""
    notes = []
    fresh = {w.id: (w.source, w.period_end) for w in new_waves}
    wave_table = store.df("SELECT id, label, source, period_end FROM waves")
    known = {r["id"]: (r["source"], r["period_end"]) for r in wave_table.to_dict("records")}
    pairs = []  # (indicator, imported wave, previous wave id, previous wave label, areas now)
    before: dict[str, tuple | None] = {}  # per imported wave: the wave before it (id, label), looked up once
    for (indicator_id, wave_id), now in sorted(now_by_pair.items()):
        if wave_id not in before:
            source, period_end = fresh.get(wave_id) or known[wave_id]
            earlier = wave_table[(wave_table["source"] == source) &
                                 (wave_table["period_end"] < pd.Timestamp(period_end))]
            last = None if earlier.empty else earlier.sort_values("period_end").iloc[-1]
            before[wave_id] = None if last is None else (last["id"], last["label"])
        if before[wave_id] is None:
            continue
        pairs.append((indicator_id, *before[wave_id], now))
    if not pairs:
        return notes
    # One scan for all pairs: on a national store a query per pair would read the whole table each time.
    wanted = pd.DataFrame({"indicator_id": [p[0] for p in pairs], "wave_id": [p[1] for p in pairs]})
    with store.cursor() as cur:
        cur.register("wanted_pairs", wanted)
        try:
            found = cur.execute("SELECT o.indicator_id, o.wave_id, o.area_code FROM observations o "
                                "JOIN wanted_pairs w USING (indicator_id, wave_id) "
                                "WHERE o.group_factor = 'totaal'").df()
        finally:
            cur.unregister("wanted_pairs")
    before_by_pair = {key: set(part["area_code"].tolist())
                      for key, part in found.groupby(["indicator_id", "wave_id"])}
    for indicator_id, previous_id, previous_label, now in pairs:
        before = before_by_pair.get((indicator_id, previous_id), set())
        if before and before != now:
            gone, new = sorted(before - now), sorted(now - before)
            text = f"{indicator_id}: niet te vergelijken met {previous_label} voor"
            if gone:
                text += f" {', '.join(gone)} (alleen in de vorige meting)"
            if new:
                text += (" en" if gone else "") + f" {', '.join(new)} (alleen in deze meting)"
            notes.append(text + ".")
    return notes


def _order(problem: Problem) -> tuple:
    return (problem.row is None, problem.row or 0, problem.column or "")
