"""Local accounts: a JSON file with names, roles and argon2 password hashes (argon2-cffi).

The file holds no passwords, only hashes; it is written atomically and readable only by its
owner. Where it lives: ``$KOMPAS_ACCOUNTS``, or ``accounts.json`` next to the database.
For production, sign-in through the municipality's identity provider (OIDC, Streamlit's
``st.login``) is the better choice; an account's ``email`` then links that login to a role.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kompas import settings, store_files
from kompas.access import ROLES
from kompas.errors import KompasError, ValidationError

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("een wachtwoord dat niemand heeft")
MIN_PASSWORD = 8

# The demo's accounts, one per role (also in README.md). Only for the demo municipality.
DEMO_ACCOUNTS = {"werkgroep": "demo-werkgroep", "lezer": "demo-lezer", "raad": "demo-raad"}


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str = ""
    email: str = ""


def path_for(db_path: str | Path) -> Path:
    """The accounts file for a database: ``$KOMPAS_ACCOUNTS`` if set, else accounts.json beside it."""
    configured = settings.get("accounts_path")
    return Path(configured) if configured else Path(db_path).resolve().parent / "accounts.json"


def load(path: str | Path) -> list[Account]:
    """All accounts in the file (none if there is no file yet)."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Account(**item) for item in data["accounts"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise KompasError(f"Het accountbestand '{path}' is beschadigd ({exc}). Zet een reservekopie terug "
                          "of maak het opnieuw met 'python -m kompas account add'.") from None


def add(path: str | Path, name: str, role: str, password: str, email: str = "") -> Account:
    """Add an account, or give an existing one a new role and password.

    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "accounts.json"
    >>> add(file, "Els", "raad", "lang genoeg").role
    'raad'
    >>> verify(file, "Els", "lang genoeg").name
    'Els'
    """
    errors = {}
    if not name.strip():
        errors["name"] = "Geef een naam."
    if role not in ROLES:
        errors["role"] = f"Kies een rol: {', '.join(ROLES)}."
    if len(password) < MIN_PASSWORD:
        errors["password"] = f"Kies een wachtwoord van minstens {MIN_PASSWORD} tekens."
    ValidationError.raise_if(errors)
    account = Account(name.strip(), role, _HASHER.hash(password), email.strip().lower())
    others = [a for a in load(path) if a.name != account.name]
    _write(path, others + [account])
    return account


def remove(path: str | Path, name: str) -> None:
    found = load(path)
    if name not in {a.name for a in found}:
        raise KompasError(f"Er is geen account met de naam '{name}'. Zie 'python -m kompas account list'.")
    _write(path, [a for a in found if a.name != name])


def verify(path: str | Path, name: str, password: str) -> Account | None:
    """The account if name and password match, else None (without saying which of the two was wrong)."""
    account = next((a for a in load(path) if a.name == (name or "").strip()), None)
    try:
        _HASHER.verify(account.password_hash if account else _DUMMY, password or "")
    except (VerificationError, InvalidHashError):
        return None
    return account


def by_email(path: str | Path, email: str) -> Account | None:
    """The account whose e-mail address is this one (for a login through OIDC)."""
    wanted = (email or "").strip().lower()
    return next((a for a in load(path) if wanted and a.email == wanted), None)


def add_demo_accounts(path: str | Path) -> bool:
    """Create the demo accounts (one per role) when there is no accounts file yet; True if it did."""
    if Path(path).exists():
        return False
    for role, password in DEMO_ACCOUNTS.items():
        add(path, role, role, password)
    return True


def _write(path: str | Path, items: list[Account]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"accounts": [asdict(a) for a in items]}, out, ensure_ascii=False, indent=1)
        os.chmod(tmp, store_files.file_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
