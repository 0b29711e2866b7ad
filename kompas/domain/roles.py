"""Roles: who may see and do what. One place, used by every read and write in the library.

Three roles a person can have:

- ``werkgroep``: reads everything meant for the werkgroep and edits (stories, the theory of
  change, indicators, imports, reviews). May preview the app as the council sees it.
- ``lezer``: reads what the werkgroep reads, edits nothing.
- ``raad``: sees only public stories and public figures: no provisional figures (``provisional``,
  migration 002) and, like everyone, never a suppressed cell. Edits nothing.

'intern' stories are shown only to their author: a werkgroep member whose name is the story's
author. The library's own work on the whole file (migrations, building the demo, backup and restore, tests, a
notebook) says so with a system view (``Store.as_system(purpose)``, access ``OWNER``); the app and the CLI
always work as a person with a role (``Store.as_user``). A raw ``Store`` has no access: ``of`` refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kompas.domain.errors import AccessUnknownError, NotAllowedError

ROLES = {
    "werkgroep": "Werkgroep: leest alles voor de werkgroep en mag bewerken",
    "lezer": "Lezer: leest wat de werkgroep leest, bewerkt niets",
    "raad": "Raad: ziet alleen openbare cijfers en openbare verhalen",
}

# The widest audience (see vocab.AUDIENCES) each role may ask for.
_WIDEST = {"werkgroep": "werkgroep", "lezer": "werkgroep", "raad": "openbaar", "systeem": "intern"}
_ORDER = ["openbaar", "werkgroep", "intern"]


@dataclass(frozen=True)
class Access:
    """Who is asking, and in which role.

    >>> Access("raad", "Els").audience("werkgroep")
    'openbaar'
    >>> Access("werkgroep", "Piet").audience("openbaar")
    'openbaar'
    """

    role: str
    user: str

    def __post_init__(self):
        if self.role not in _WIDEST:
            raise ValueError(f"onbekende rol {self.role!r}")

    @property
    def may_edit(self) -> bool:
        return self.role in ("werkgroep", "systeem")

    @property
    def sees_provisional(self) -> bool:
        """Provisional figures (CBS 'voorlopig') are for the werkgroep's eyes, not the council's."""
        return self.role != "raad"

    @property
    def reads_log(self) -> bool:
        return self.role in ("werkgroep", "systeem")

    def audience(self, asked: str | None = None) -> str:
        """The audience a read uses: what was asked, but never wider than this role may see."""
        widest = _WIDEST[self.role]
        if asked is None or asked not in _ORDER:
            return widest
        return asked if _ORDER.index(asked) <= _ORDER.index(widest) else widest

    def own_intern_author(self, asked: str | None = None) -> str | None:
        """The author name whose 'intern' stories this reader also sees (their own), if any."""
        if self.role == "werkgroep" and self.audience(asked) == "werkgroep" and self.user:
            return self.user
        return None

    def require_edit(self) -> None:
        """Raise ``NotAllowedError`` unless this role may change the store."""
        if not self.may_edit:
            raise NotAllowedError(self.role)

    def require_log(self) -> None:
        if not self.reads_log:
            raise NotAllowedError(self.role, "het logboek niet lezen")


OWNER = Access("systeem", "systeem")


def of(store) -> Access:
    """The access a view of the store reads and writes with: ``StoreView.access``.

    Raises ``AccessUnknownError`` for an object without access (a raw ``Store``): there is no silent
    fallback to full rights; the caller says whose view it is (``as_user``) or that it is the system
    (``as_system``).

    >>> of(object())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kompas.domain.errors.AccessUnknownError: This function needs to know who is asking, but it was given ...
    """
    access = getattr(store, "access", None)
    if not isinstance(access, Access):
        raise AccessUnknownError(store)
    return access
