"""How a source's measures, periods, regions and groups translate to this store.

A mapping file (YAML) is written once per monitor; after a successful import it is kept in
the store, so the next wave's file imports with no questions asked. Example::

    source: Veiligheidsmonitor
    measures:                       # measure key or column in the file -> indicator id
      VoeltZichThuis_1: thuis_buurt
    periods:                        # period code -> wave label (else: the wave of that year)
      2025JJ00: Veiligheidsmonitor 2025
    regions:                        # names the file uses -> area code (resolves "Centrum")
      Centrum: WK999901
    groups:                         # a dimension column -> a diversity factor and its values
      Leeftijd:
        factor: leeftijd
        values: {"15 tot 35 jaar": "15–34 jaar", "Totaal": totaal}
    columns:                        # which column is what, for any tidy table
      region: wijkcode
      period: jaar
    wave: Veiligheidsmonitor 2025   # every figure of the file belongs to this wave (as --wave)
    survey:                         # only for respondent-level files (CSV, Excel, SPSS .sav)
      question: v12_thuis
      positive: [4, 5]
      exclude: [9]                  # answers left out of the base ("weet niet")
      area: wijkcode
      weight: weegfactor
      municipality_code: GM9999
      groups: {leeftijdsklasse: leeftijd}

Keys are text exactly as written: ``1050010_2`` stays ``1050010_2`` (YAML 1.1 would read a number).
An unknown key is a ``MappingError`` naming it and the allowed keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kompas.domain import roles as access
from kompas.domain import vocab
from kompas.domain.errors import KompasError
from kompas.store.connection import StoreView


class MappingError(KompasError):
    pass


TOP_KEYS = ("source", "measures", "periods", "regions", "groups", "columns", "wave", "survey")
COLUMN_KEYS = ("region", "period", "measure", "value")
SURVEY_KEYS = (
    "question",
    "positive",
    "exclude",
    "area",
    "weight",
    "municipality_code",
    "groups",
    "groups_per_area",
    "period",
    "min_n",
)


@dataclass(frozen=True)
class GroupMapping:
    factor: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    source: str = ""
    measures: dict[str, str] = field(default_factory=dict)
    periods: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    groups: dict[str, GroupMapping] = field(default_factory=dict)
    survey: dict = field(default_factory=dict)  # for respondent files: question, positive, area, weight, groups
    columns: dict[str, str] = field(default_factory=dict)  # role (region, period) -> the file's column
    wave: str = ""  # every figure belongs to this wave label

    @property
    def empty(self) -> bool:
        return not (self.measures or self.periods or self.regions or self.groups)


def read_mapping(path: str | Path) -> Mapping:
    """Read a mapping file; a malformed one raises MappingError with a Dutch sentence.

    Every key, and every value outside ``survey:``, is the text as written (YAML's BaseLoader), so
    ``1050010_2`` and ``2025`` stay text; ``survey:`` values keep their YAML types (``min_n: 50``).
    """
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=yaml.BaseLoader) or {}
        typed = yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise MappingError(f"Het koppelbestand '{name}' is niet te lezen: {exc}.") from None
    if not isinstance(data, dict):
        raise MappingError(f"Het koppelbestand '{name}' moet een lijst van sleutels zijn (source, measures, …).")
    _allowed(name, "", data, TOP_KEYS)
    groups = {}
    for dimension, spec in (data.get("groups") or {}).items():
        if not isinstance(spec, dict) or spec.get("factor") not in vocab.DIVERSITY_FACTORS:
            raise MappingError(
                f"Koppelbestand '{name}', groups → {dimension}: geef een factor uit de twaalf "
                f"diversiteitsfactoren ({', '.join(vocab.DIVERSITY_FACTORS)})."
            )
        _allowed(name, f"groups → {dimension}", spec, ("factor", "values"))
        groups[str(dimension)] = GroupMapping(spec["factor"], _text_map(spec.get("values")))
    survey = data.get("survey") or {}
    if survey and not (isinstance(survey, dict) and survey.get("question") and survey.get("positive")):
        raise MappingError(f"Koppelbestand '{name}', survey: geef minstens 'question' en 'positive'.")
    if survey:
        _allowed(name, "survey", survey, SURVEY_KEYS)
        values = typed.get("survey") if isinstance(typed, dict) and isinstance(typed.get("survey"), dict) else {}
        by_text = {str(k): v for k, v in values.items()}
        survey = {key: by_text.get(key, raw) for key, raw in survey.items()}
        for key in ("positive", "exclude"):
            if key in survey and not isinstance(survey[key], list):
                survey[key] = [survey[key]]
    columns = _text_map(data.get("columns"))
    _allowed(name, "columns", columns, COLUMN_KEYS)
    wave = data.get("wave") or ""
    if not isinstance(wave, str):
        raise MappingError(
            f"Koppelbestand '{name}', wave: geef de naam van één meting, bijvoorbeeld 'wave: Veiligheidsmonitor 2025'."
        )
    return Mapping(
        str(data.get("source") or ""),
        _text_map(data.get("measures")),
        _text_map(data.get("periods")),
        _text_map(data.get("regions")),
        groups,
        dict(survey),
        columns,
        wave.strip(),
    )


def _allowed(name: str, where: str, data, keys: tuple[str, ...]) -> None:
    """Refuse a key the mapping does not know, naming it and the keys it does know."""
    if not isinstance(data, dict):
        raise MappingError(f"Koppelbestand '{name}', {where}: verwacht een lijst van sleutels met waarden.")
    unknown = [str(k) for k in data if str(k) not in keys]
    if unknown:
        place = f" onder {where}" if where else ""
        raise MappingError(
            f"Koppelbestand '{name}': de sleutel '{unknown[0]}'{place} kent Kwaliteitskompas niet. "
            f"Toegestaan{place}: {', '.join(keys)}."
        )


def save_mapping(store: StoreView, mapping: Mapping) -> None:
    """Keep a mapping for its source (replacing what was kept for the same keys); ``NotAllowedError`` for a
    role that may not edit, also for an empty mapping."""
    access.of(store).require_edit()
    if not mapping.source or mapping.empty:
        return
    with store.transaction() as cur:
        write_mapping(cur, mapping)


def write_mapping(cur, mapping: Mapping) -> None:
    """Keep the mapping inside the caller's transaction."""
    if not mapping.source or mapping.empty:
        return
    rows = [(mapping.source, "measure", "", k, v) for k, v in mapping.measures.items()]
    rows += [(mapping.source, "period", "", k, v) for k, v in mapping.periods.items()]
    rows += [(mapping.source, "region", "", k, v) for k, v in mapping.regions.items()]
    for dimension, group in mapping.groups.items():
        rows.append((mapping.source, "dimension", "", dimension, group.factor))
        rows += [(mapping.source, "group_value", dimension, k, v) for k, v in group.values.items()]
    if rows:
        cur.executemany(
            "INSERT INTO import_mappings (source, kind, context, source_value, target) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT DO UPDATE SET target = excluded.target",
            [[source, kind, context, key, target] for source, kind, context, key, target in rows],
        )


def saved_mapping(store: StoreView, source: str) -> Mapping:
    """The mapping kept for a source (empty if none)."""
    rows = store.rows("SELECT kind, context, source_value, target FROM import_mappings WHERE source = ?", [source])
    by_kind: dict[str, dict[str, str]] = {"measure": {}, "period": {}, "region": {}, "dimension": {}}
    values: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["kind"] == "group_value":
            values.setdefault(row["context"], {})[row["source_value"]] = row["target"]
        else:
            by_kind[row["kind"]][row["source_value"]] = row["target"]
    groups = {dim: GroupMapping(factor, values.get(dim, {})) for dim, factor in by_kind["dimension"].items()}
    return Mapping(source, by_kind["measure"], by_kind["period"], by_kind["region"], groups)


def source_for_measures(store: StoreView, measure_keys: list[str]) -> str | None:
    """The source whose kept mapping knows most of these measure keys (to import with no questions)."""
    if not measure_keys:
        return None
    return store.scalar(
        "SELECT source FROM import_mappings WHERE kind = 'measure' AND list_contains(?, source_value) "
        "GROUP BY source ORDER BY count(*) DESC, source LIMIT 1",
        [list(measure_keys)],
    )


def merged(base: Mapping, extra: Mapping) -> Mapping:
    """``extra`` on top of ``base`` (a file given now wins over what was kept)."""
    return Mapping(
        extra.source or base.source,
        {**base.measures, **extra.measures},
        {**base.periods, **extra.periods},
        {**base.regions, **extra.regions},
        {**base.groups, **extra.groups},
        extra.survey or base.survey,
        {**base.columns, **extra.columns},
        extra.wave or base.wave,
    )


def _text_map(value) -> dict[str, str]:
    if not value:
        return {}
    if not isinstance(value, dict):
        raise MappingError(f"Verwacht een lijst van sleutels met waarden, niet '{value}'.")
    return {str(k).strip(): str(v).strip() for k, v in value.items()}
