"""All settings in one declarative table: name, default, environment variable, help."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    env: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db_path", str(REPO_ROOT / "data" / "kompas.duckdb"), "KOMPAS_DB",
            "Path of the DuckDB store the app and CLI open."),
    Setting("min_n_count", "10", "KOMPAS_MIN_N_COUNT",
            "Counts about people based on fewer than this many are suppressed."),
    Setting("min_n_survey", "50", "KOMPAS_MIN_N_SURVEY",
            "Survey percentages and scores based on fewer respondents than this are suppressed."),
    Setting("accounts_path", "", "KOMPAS_ACCOUNTS",
            "Path of the accounts file (names, roles, password hashes); empty: accounts.json next to the db."),
    Setting("umask", "077", "KOMPAS_UMASK",
            "Umask (octal) for files the CLI and app write; 077: store, backups and accounts are 0600. "
            "007 on a shared server where the werkgroep is one Unix group."),
)


def get(name: str) -> str:
    """Value of a setting: its environment variable if set, else the default.

    >>> get("min_n_count")
    '10'
    """
    for setting in SETTINGS:
        if setting.name == name:
            return os.environ.get(setting.env) or setting.default
    raise KeyError(name)


def get_int(name: str) -> int:
    return int(get(name))
