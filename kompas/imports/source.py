"""What every importer returns: the values it read, where each came from, and what was wrong."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# Columns of SourceTable.rows, in this order. Extra dimension columns are named "dim:<name>"
# (e.g. "dim:Leeftijd") and hold the dimension's label or code for that row.
ROW_COLUMNS = [
    "row",  # 1-based line number in the file (for CSV) or row number (Excel, JSON); for messages
    "measure",  # the source's key for the measure: a column name, a measure code, or a question name
    "period",  # normalised period code: '2023JJ00', '2023KW02', '2023MM05' (CBS style); '' if none
    "region",  # area code as given, stripped ('GM0363', 'WK036300'); or a name if the file has names
    "value",  # float, NaN when the source gives no number
    "marker",  # '' for a number; '.' missing, 'x' secret, '-' nil (CBS conventions); kept to report
    "provisional",  # bool: the source marks this figure or period as provisional ('*', 'Voorlopig')
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said in Dutch, pointing at file, row and column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row:,}".replace(",", "."))
        if self.column:
            where.append(f"kolom {self.column}")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class MeasureInfo:
    title: str
    unit: str = ""


@dataclass
class SourceTable:
    """Everything one file held, in long form, before any mapping to the store."""

    file: str
    rows: pd.DataFrame
    measures: dict[str, MeasureInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # rows left out: the import refuses them
    title: str = ""
    notes: list[str] = field(default_factory=list)  # worth knowing, but nothing is refused


class ImportFileError(Exception):
    """The file cannot be read at all (wrong format, empty, unknown encoding). Message in Dutch."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def empty_rows() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ROW_COLUMNS})
