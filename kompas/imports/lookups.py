"""The small lookups of a plan, built once per distinct value a file holds: which indicator a measure is,
which area a region is, which wave a period joins. Each becomes a temp table the plan's SQL joins."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from kompas.domain import vocab
from kompas.domain.errors import KompasError
from kompas.domain.model import Wave
from kompas.imports.layout import closest, collapse
from kompas.imports.periods import Period, parse_period
from kompas.imports.regions import AREA_CODE, OTHER_CODE
from kompas.imports.staging import Stage
from kompas.store.connection import StoreView
from kompas.store.mapping import Mapping

BLANKS = " \t\r\n\xa0\u202f"


def table(cur, name: str, frame: pd.DataFrame) -> None:
    cur.register("lookup_in", frame)
    try:
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM lookup_in")
    finally:
        cur.unregister("lookup_in")


def measures(
    cur, stage: Stage, mapping: Mapping, given: Mapping, indicators: dict[str, dict], notes: list[str]
) -> None:
    """Temp table ``measure_lu`` (measure, indicator_id, why, col). A key of the given mapping file that
    matches no measure stops the import, naming the key and the closest header."""
    raw = [m for (m,) in cur.execute("SELECT DISTINCT measure FROM staging").fetchall()]
    found = [collapse(m) for m in raw]
    in_file = {m: m for m in found}
    keys = {collapse(k): v for k, v in mapping.measures.items()}
    if not stage.direct:
        for key in given.measures:
            if collapse(key) not in in_file:
                hint = closest(key, list(stage.measures) or found)
                raise KompasError(
                    f"Koppelbestand: de maat '{key}' (measures) staat niet in {stage.file}. "
                    + (f"Bedoelt u '{hint}'? " if hint else "")
                    + "Verbeter de sleutel in het koppelbestand; er is niets opgeslagen."
                )
    rows = []
    mapped_any = stage.direct or any(collapse(m) in keys for m in found)
    for original, m in zip(raw, found):
        indicator = m if stage.direct else keys.get(m)
        why = None
        if indicator is None:
            if mapped_any:
                notes.append(f"Kolom '{m}' is aan geen indicator gekoppeld en is overgeslagen.")
                continue
            why = (
                f"De maat '{m}' is aan geen indicator gekoppeld. Geef een koppelbestand (--mapping) met "
                f"measures, bijvoorbeeld:  measures: {{{m}: <indicator>}}."
            )
        elif indicator not in indicators:
            why = f"Onbekende indicator '{indicator}'. Maak de indicator eerst aan, of verbeter de code."
        rows.append((original, indicator if why is None else None, why, "indicator" if stage.direct else m))
    table(cur, "measure_lu", pd.DataFrame(rows, columns=["measure", "indicator_id", "why", "col"]).astype(object))


@dataclass
class Areas:
    """Areas of the store, for matching codes and names."""

    codes: dict[str, str]  # code -> level
    names: dict[tuple[str, str], list[str]]  # (lower name, level) -> codes
    any_level: dict[str, list[tuple[str, str]]]  # lower name -> [(code, level)]
    matched: list[tuple[str, str, str]] = field(default_factory=list)  # (name, code, level)

    @classmethod
    def of(cls, store: StoreView) -> Areas:
        rows = store.rows("SELECT code, name, level FROM areas ORDER BY code")
        names: dict = {}
        any_level: dict = {}
        for r in rows:
            key = " ".join(r["name"].split()).lower()
            names.setdefault((key, r["level"]), []).append(r["code"])
            any_level.setdefault(key, []).append((r["code"], r["level"]))
        return cls({r["code"]: r["level"] for r in rows}, names, any_level)


def regions(cur, areas: Areas, mapping: Mapping, successor=None) -> None:
    """Temp table ``region_lu`` (region, level, area_code, why): codes win; a name matches only at the
    level its column implies and only when unique there; the mapping's ``regions:`` resolves the rest."""
    own = {k.lower(): v for k, v in mapping.regions.items()}
    on_date = _latest_period_end(cur)
    rows = []
    for region, level in cur.execute("SELECT DISTINCT region, level FROM staging").fetchall():
        code, why = _area(
            (region or "").strip(BLANKS), level, areas, own, successor and (lambda c: successor(c, on_date))
        )
        rows.append((region, level, code, why))
    table(cur, "region_lu", pd.DataFrame(rows, columns=["region", "level", "area_code", "why"]).astype(object))


def _latest_period_end(cur) -> date | None:
    """The end of the latest period in the file: a gemeente dissolved by then is named with its successor."""
    ends = []
    for (text,) in cur.execute("SELECT DISTINCT period FROM staging").fetchall():
        try:
            ends.append(parse_period(text or "").end)
        except ValueError:
            continue
    return max(ends) if ends else None


def _area(region: str, level: str | None, areas: Areas, own: dict, successor) -> tuple[str | None, str | None]:
    if region in areas.codes:
        return region, None
    if region.lower() in own:
        target = own[region.lower()]
        return (
            (target, None)
            if target in areas.codes
            else (None, f"regions: '{region}' wijst naar '{target}', maar die code staat niet in de database.")
        )
    if not region:
        return None, "geen gebied ingevuld (verwacht een code zoals GM0363 of een naam)"
    if AREA_CODE.fullmatch(region) or OTHER_CODE.fullmatch(region):
        later = successor(region) if successor else None
        if later:
            return None, later
        return None, f"Onbekende gebiedscode '{region}'. Deze code staat niet in de database."
    key = " ".join(region.split()).lower()
    everywhere = areas.any_level.get(key, [])
    line = f"zet in het koppelbestand onder regions: '{region}: <code>'"
    if level is None:
        if everywhere:
            shown = ", ".join(f"{c} ({lv})" for c, lv in everywhere)
            return None, (
                f"'{region}' is een naam in een kolom met gebieden van verschillende niveaus; een naam "
                f"koppelen we alleen met een code ernaast. Kandidaten: {shown}. Gebruik de kolom met "
                f"codes, of {line}."
            )
        return None, f"Onbekend gebied '{region}'. Gebruik een CBS-code, of {line}."
    matches = areas.names.get((key, level), [])
    if len(matches) == 1:
        areas.matched.append((region, matches[0], level))
        return matches[0], None
    if len(matches) > 1:
        return None, (
            f"'{region}' past bij meer gebieden van niveau {level} ({', '.join(matches)}); {line} welke bedoeld is."
        )
    others = [f"{c} ({lv})" for c, lv in everywhere]
    return None, (
        f"'{region}' is geen {level} in deze database"
        + (f" (wel: {', '.join(others)})" if others else "")
        + f". De kolom noemt gebieden van niveau {level}; is toch een ander gebied bedoeld, {line}."
    )


class Waves:
    """Which wave each period of a file joins, and the waves the import makes.

    Rule (issue #12): a period joins an existing wave only of the same source (the mapping's ``source``, else
    the indicator's): for a year, the source's wave ending in that year; for a quarter, month, half or school
    year, the source's wave with exactly those dates. Otherwise a new wave of that source is made, named
    '<source> <period>'. ``wave:`` in the mapping (or ``--wave``) and ``periods:`` name the wave instead."""

    def __init__(self, store, mapping: Mapping, wave_label: str | None):
        self.mapping = mapping
        self.label = wave_label or mapping.wave or None
        self.table = store.df(
            "SELECT id, label, source, period_start, period_end, method_note, population_note "
            "FROM waves ORDER BY period_end"
        )
        self.by_label = dict(zip(self.table["label"], self.table["id"]))
        self.new: dict[str, Wave] = {}
        self.known: dict[tuple, tuple] = {}
        self._sources: dict[str, list[tuple[str, date, date]]] = {}

    def resolve(
        self, period_text: str, wave_text: str | None, source: str, provisional_codes: set[str]
    ) -> tuple[str | None, bool, str | None]:
        """(wave id, provisional, why refused), worked out once per distinct period, wave and source."""
        key = (period_text, wave_text, source)
        if key not in self.known:
            self.known[key] = self._resolve(period_text, wave_text, source, provisional_codes)
        return self.known[key]

    def _resolve(
        self, period_text: str, wave_text: str | None, source: str, provisional_codes: set[str]
    ) -> tuple[str | None, bool, str | None]:
        """(wave id, provisional, why refused)."""
        period = None
        if period_text:
            try:
                period = parse_period(period_text)
            except ValueError as error:
                if not (self.label or wave_text or period_text in self.mapping.periods):
                    return None, False, str(error)
        provisional = bool(
            period and (period.provisional or period.code in provisional_codes or period_text in provisional_codes)
        )
        label = (
            wave_text
            or self.label
            or self.mapping.periods.get(period_text)
            or (self.mapping.periods.get(period.code) if period else None)
        )
        if label:
            if label in self.by_label:
                return self.by_label[label], provisional, None
            wave = self._make(label, source, period)
            return (
                (wave.id, provisional, None)
                if wave
                else (
                    None,
                    provisional,
                    (f"Van de meting '{label}' is het jaar niet te bepalen. Zet een jaartal in de naam."),
                )
            )
        if period is None:
            return (
                None,
                False,
                ("Het bestand heeft geen periode. Geef de meting op (--wave, of 'wave:' in het koppelbestand)."),
            )
        same = self._by_source(source)
        if period.is_year:
            match = [i for i, start, end in same if end.year == period.start.year]
        else:
            match = [i for i, start, end in same if start == period.start and end == period.end]
        if len(match) == 1:
            return match[0], provisional, None
        label = f"{source} {period.label}"
        if label in self.by_label:
            return self.by_label[label], provisional, None
        wave = self._make(label, source, period)
        return wave.id, provisional, None

    def _by_source(self, source: str) -> list[tuple[str, date, date]]:
        """(id, start, end) of the stored waves of ``source``: plain tuples, looked up once per source
        (a file with a thousand periods asks this a thousand times)."""
        if source not in self._sources:
            same = self.table[self.table["source"] == source]
            self._sources[source] = list(
                zip(
                    same["id"], pd.to_datetime(same["period_start"]).dt.date, pd.to_datetime(same["period_end"]).dt.date
                )
            )
        return self._sources[source]

    def _make(self, label: str, source: str, period: Period | None) -> Wave | None:
        if label in self.new:
            return self.new[label]
        if period is None:
            year = re.search(r"(19|20)\d{2}", label)
            if not year:
                return None
            start, end = date(int(year.group(0)), 1, 1), date(int(year.group(0)), 12, 31)
        else:
            start, end = period.start, period.end
        wave_id = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:60] or f"meting_{start.year}"
        taken = set(self.table["id"]) | {w.id for w in self.new.values()}
        while wave_id in taken:
            wave_id += "_2"
        # Same monitor, so presumably the same method: copy the notes of its latest wave.
        earlier = self.table[self.table["source"] == source]
        method, population = (
            (earlier["method_note"].iloc[-1], earlier["population_note"].iloc[-1]) if len(earlier) else ("", "")
        )
        wave = Wave(wave_id, source, label, start, end, method, population)
        self.new[label] = wave
        self.by_label[label] = wave_id
        return wave


def wave_lookup(cur, stage: Stage, resolver: Waves, mapping: Mapping, indicators: dict[str, dict]) -> None:
    """Temp table ``wave_lu`` (period, wave, indicator_id, wave_id, provisional, why)."""
    has_wave = "wave" in {c for (c, *_rest) in cur.execute("DESCRIBE staging").fetchall()}
    wave_col = "s.wave" if has_wave else "NULL::VARCHAR"
    rows = []
    for period, wave, indicator in cur.execute(
        f"SELECT DISTINCT s.period, {wave_col}, m.indicator_id FROM staging s JOIN measure_lu m "
        "USING (measure) WHERE m.indicator_id IS NOT NULL"
    ).fetchall():
        source = mapping.source or indicators[indicator]["source"]
        wave_id, provisional, why = resolver.resolve(
            (period or "").strip(BLANKS), (wave or "").strip(BLANKS) or None, source, stage.provisional_periods
        )
        rows.append((period, wave, indicator, wave_id, provisional, why))
    table(
        cur,
        "wave_lu",
        pd.DataFrame(rows, columns=["period", "wave", "indicator_id", "wave_id", "provisional", "why"]).astype(object),
    )


def groups(cur, stage: Stage, mapping: Mapping) -> tuple[str, str]:
    """Lookups per dimension; SQL (joins, the select list for group_factor, group_value, gwhy, gcol)."""
    columns = {c for (c, *_rest) in cur.execute("DESCRIBE staging").fetchall()}
    joins, factor_sql, value_sql = [], f"'{vocab.TOTAL}'", f"'{vocab.TOTAL}'"
    cases = []
    if "gfactor" in columns:  # the file names the group itself (template, survey)
        rows = []
        for (raw,) in cur.execute("SELECT DISTINCT coalesce(gfactor, '') FROM staging").fetchall():
            f = raw.strip(BLANKS).lower() or vocab.TOTAL
            rows.append((raw, f, f == vocab.TOTAL or vocab.is_factor(f)))
        table(cur, "gf_lu", pd.DataFrame(rows, columns=["raw", "f", "ok"]).astype(object))
        joins.append("LEFT JOIN gf_lu gf ON gf.raw = coalesce(s.gfactor, '')")
        factor_sql = "gf.f"
        value_sql = (
            f"CASE WHEN gf.f = '{vocab.TOTAL}' THEN '{vocab.TOTAL}' "
            f"ELSE coalesce(nullif(s.gvalue, ''), '{vocab.TOTAL}') END"
        )
        why = (
            "chr(39) || gf.f || chr(39) || ' is geen diversiteitsfactor. Kies uit: "
            + ", ".join(vocab.DIVERSITY_FACTORS)
            + ".'"
        )
        cases.append(("NOT gf.ok", "'group_factor'", why))
    for i, dimension in enumerate(stage.dims):
        group = mapping.groups.get(dimension)
        if group is None and dimension in vocab.DIVERSITY_FACTORS:
            group = next((g for g in mapping.groups.values() if g.factor == dimension), None)
        factor = dimension if dimension in vocab.DIVERSITY_FACTORS else (group.factor if group else None)
        rows = []
        for (raw,) in cur.execute(f"SELECT DISTINCT coalesce(d{i}, '') FROM staging").fetchall():
            v = raw.strip(BLANKS)
            is_total = v == "" or v.lower().startswith(("totaal", "total", "alle ")) or v.upper() == "T001038"
            rows.append((raw, is_total, vocab.TOTAL if is_total else (group.values.get(v, v) if group else v)))
        table(cur, f"dim_lu{i}", pd.DataFrame(rows, columns=["v", "is_total", "mapped"]).astype(object))
        joins.append(f"LEFT JOIN dim_lu{i} g{i} ON g{i}.v = coalesce(s.d{i}, '')")
        name = "'" + dimension.replace("'", "''") + "'"
        if factor is None:
            why = (
                f"De kolom '{dimension}' is aan geen diversiteitsfactor gekoppeld. Voeg hem toe onder groups in "
                "het koppelbestand, bijvoorbeeld:  groups: {" + dimension + ": {factor: leeftijd}}."
            )
            cases.append((f"NOT g{i}.is_total", name, "'" + why.replace("'", "''") + "'"))
            continue
        crossed = f"g{i}.mapped <> '{vocab.TOTAL}' AND ({factor_sql}) <> '{vocab.TOTAL}'"
        cases.append((crossed, name, "'Combinaties van twee groepen kan deze versie nog niet inlezen.'"))
        own = f"g{i}.mapped <> '{vocab.TOTAL}'"
        factor_sql = f"CASE WHEN {own} THEN '{factor}' ELSE {factor_sql} END"
        value_sql = f"CASE WHEN {own} THEN g{i}.mapped ELSE {value_sql} END"
    why_sql = ("CASE " + " ".join(f"WHEN {c} THEN {w}" for c, _, w in cases) + " END") if cases else "NULL"
    col_sql = ("CASE " + " ".join(f"WHEN {c} THEN {n}" for c, n, _ in cases) + " END") if cases else "NULL"
    select = f"{factor_sql} AS group_factor, {value_sql} AS group_value, {why_sql} AS gwhy, {col_sql} AS gcol"
    return " ".join(joins), select
