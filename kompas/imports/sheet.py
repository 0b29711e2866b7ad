"""What every reader of a table gives the pipeline: the cells as text, where each row stands, what each
column is. ``kompas.imports.staging`` turns a ``Sheet`` into the long staging table in DuckDB."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kompas.imports.source import ImportFileError, MeasureInfo, Problem  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class Role:
    """What one column of a sheet holds.

    kind: region (codes or names; ``level`` the level its names are at, None for mixed), period, measure,
    low / high / se / margin (the uncertainty of ``measure``), marges (a CBS 'Marges' dimension: which part
    of a figure a row gives), dim (a dimension: a group or a total), label (text about a region: never a
    group), provisional (a status column), ignore.
    """

    kind: str
    name: str
    level: str | None = None
    measure: str | None = None


@dataclass
class Sheet:
    """A table read from a file: ``frame`` holds every cell as text (columns as the file spells them),
    ``lines`` the row number as the user sees it (Excel row, CSV line), ``dutch`` whether the file writes
    numbers the Dutch way (';' separated), ``roles`` the roles a layout already knows (else worked out)."""

    file: str
    frame: pd.DataFrame
    lines: pd.Series
    dutch: bool = False
    roles: dict[str, Role] | None = None
    measures: dict[str, MeasureInfo] = field(default_factory=dict)
    title: str = ""
    notes: list[str] = field(default_factory=list)
    provisional_periods: set[str] = field(default_factory=set)  # from a PeriodenCodes.csv Status column
    in_duckdb: bool = False  # the cells are already in temp table ``sheet`` (frame: a sample)
    folder: object = None  # where the *Codes.csv of an OData v4 bulk download lie
    long: dict[str, str] | None = None  # long layout: {"measure": column, "value": column, "attribute": column}


def quoting_error(file: str, line: int | None) -> ImportFileError:
    return ImportFileError(
        Problem(
            file,
            line,
            None,
            'Het bestand is geen geldige CSV: rond deze regel klopt een aanhalingsteken (") niet, '
            "zodat velden in elkaar overlopen. Controleer deze regel of download het bestand opnieuw.",
        )
    )
