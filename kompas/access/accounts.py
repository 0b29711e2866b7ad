"""Local accounts: a JSON file with names, roles and argon2 password hashes (argon2-cffi).

The file holds no passwords, only hashes; it is written atomically and readable only by its
owner. Where it lives: ``$KOMPAS_ACCOUNTS``, or ``accounts.json`` next to the database.
For production, sign-in through the municipality's identity provider (OIDC, Streamlit's
``st.login``) is the better choice; an account's ``email`` then links that login to a role.

Names are compared in Unicode NFC form (so "José" typed either way is one account) and may not
hold control, format or direction characters. Passwords: at least ``MIN_PASSWORD`` (8) characters,
not only spaces. The demo's published sign-ins (``PUBLISHED_SIGN_INS``; the demo makes them with
``kompas.demo.accounts``) are valid only in a store marked as made up (``is_demo_store``), so a demo run in a
production folder opens nothing there. Repeated failures
are slowed down and locked out by ``kompas.access.sign_in``.
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kompas.domain import settings
from kompas.domain.errors import KompasError, ValidationError
from kompas.domain.roles import ROLES
from kompas.store import permissions
from kompas.store.connection import StoreView

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("een wachtwoord dat niemand heeft")
MIN_PASSWORD = 8

# Name -> password pairs that are public (README.md; printed by 'kompas demo', which makes them as the demo's
# accounts): they never open a store that is not made up, however they got into an accounts file.
PUBLISHED_SIGN_INS = {"werkgroep": "demo-werkgroep", "lezer": "demo-lezer", "raad": "demo-raad"}


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str = ""
    email: str = ""
    demo: bool = False  # one of the demo accounts: valid only in a demo store


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
        return [Account(**item) for item in data["accounts"]]  # files from before 'demo' lack it: False
    except (ValueError, KeyError, TypeError) as exc:
        raise KompasError(
            f"Het accountbestand '{path}' is beschadigd ({exc}). Zet een reservekopie terug "
            "of maak het opnieuw met 'python -m kompas account add'."
        ) from None


def add(path: str | Path, name: str, role: str, password: str, email: str = "", *, demo: bool = False) -> Account:
    """Add an account, or give an existing one a new role and password. ``demo``: mark it as a demo account,
    valid only in a made-up store (see ``verify``). ``ValidationError`` (Dutch, per field) for a name with
    invisible characters, an unknown role or a password shorter than ``MIN_PASSWORD``.

    >>> import tempfile, pathlib
    >>> file = pathlib.Path(tempfile.mkdtemp()) / "accounts.json"
    >>> add(file, "Els", "raad", "lang genoeg").role
    'raad'
    >>> verify(file, "Els", "lang genoeg").name
    'Els'
    """
    errors = {}
    name = normal_name(name)
    if not name:
        errors["name"] = "Geef een naam."
    elif not allowed_name(name):
        errors["name"] = (
            "Een naam mag geen onzichtbare tekens, stuurtekens of tekens voor de schrijfrichting "
            "bevatten. Typ de naam opnieuw."
        )
    if role not in ROLES:
        errors["role"] = f"Kies een rol: {', '.join(ROLES)}."
    if not password.strip():
        errors["password"] = "Een wachtwoord van alleen spaties kan niet. Kies een echt wachtwoord."
    elif len(password) < MIN_PASSWORD:
        errors["password"] = f"Kies een wachtwoord van minstens {MIN_PASSWORD} tekens."
    ValidationError.raise_if(errors)
    account = Account(name, role, _HASHER.hash(password), email.strip().lower(), demo)
    others = [a for a in load(path) if normal_name(a.name) != name]
    _write(path, others + [account])
    return account


def normal_name(name: str) -> str:
    """A name as accounts compare it: NFC form, without spaces around it.

    >>> normal_name(" Jose\u0301 ") == normal_name("Jos\u00e9")
    True
    """
    return unicodedata.normalize("NFC", name or "").strip()


def allowed_name(name: str) -> bool:
    """False for a name with control, format (zero-width, direction) or private-use characters,
    or line and paragraph separators: such a name looks like another one on screen."""
    return all(unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp") for ch in name)


def remove(path: str | Path, name: str) -> None:
    found = load(path)
    name = normal_name(name)
    if name not in {normal_name(a.name) for a in found}:
        raise KompasError(f"Er is geen account met de naam '{name}'. Zie 'python -m kompas account list'.")
    _write(path, [a for a in found if normal_name(a.name) != name])


def verify(path: str | Path, name: str, password: str, demo_store: bool = False) -> Account | None:
    """The account if name and password match, else None (without saying which of the two was wrong).

    A demo account (marked so, or a published name with its published password) counts only when ``demo_store``
    is True (see ``is_demo_store``); elsewhere it is refused like a wrong password.
    """
    wanted = normal_name(name)
    account = next((a for a in load(path) if wanted and normal_name(a.name) == wanted), None)
    try:
        _HASHER.verify(account.password_hash if account else _DUMMY, password or "")
    except (VerificationError, InvalidHashError):
        return None
    if not demo_store and (account.demo or PUBLISHED_SIGN_INS.get(wanted) == password):
        return None
    return account


def is_demo_store(store: StoreView) -> bool:
    """True for a store marked as made up (the demo, a synthetic store: ``store_info.fictional``)."""
    return store.info("fictional") == "ja"


def by_email(path: str | Path, email: str) -> Account | None:
    """The account whose e-mail address is this one (for a login through OIDC)."""
    wanted = (email or "").strip().lower()
    return next((a for a in load(path) if wanted and a.email == wanted), None)


def _write(path: str | Path, items: list[Account]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(suffix=".json", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"accounts": [asdict(a) for a in items]}, out, ensure_ascii=False, indent=1)
        os.chmod(tmp, permissions.file_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
