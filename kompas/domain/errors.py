"""Typed exceptions. Each carries a Dutch sentence a user can act on (``str(exc)``)."""

from __future__ import annotations


class KompasError(Exception):
    """Base class: the message is Dutch, plain, and says what to do."""


class StoreNotFoundError(KompasError):
    def __init__(self, path: str):
        super().__init__(
            f"Het databasebestand '{path}' bestaat niet. Maak het met "
            f"'python -m kompas init --db {path}' of de demo met 'python -m kompas demo --db {path}'."
        )
        self.path = path


class StoreLockedError(KompasError):
    def __init__(self, path: str, pid: str | None = None):
        who = f"proces {pid}" if pid else "een ander programma"
        super().__init__(
            f"De database '{path}' is nu in gebruik door {who} (waarschijnlijk de app). "
            "Sluit de app en probeer het opnieuw, of werk op een kopie van het bestand."
        )
        self.path = path
        self.pid = pid


class StoreCorruptError(KompasError):
    def __init__(self, path: str):
        super().__init__(
            f"Het bestand '{path}' is geen geldige Kwaliteitskompas-database (beschadigd of een ander "
            "soort bestand). Zet een reservekopie terug of maak een nieuwe database."
        )
        self.path = path


class SchemaTooNewError(KompasError):
    def __init__(self, path: str, found: int, known: int):
        super().__init__(
            f"De database '{path}' is gemaakt met een nieuwere versie van Kwaliteitskompas "
            f"(schemaversie {found}; deze versie kent tot en met {known}). Werk de software bij."
        )
        self.found = found
        self.known = known


class BackupNotFoundError(KompasError):
    def __init__(self, path: str):
        super().__init__(f"Het reservekopiebestand '{path}' bestaat niet. Controleer de naam en de map.")
        self.path = path


class BackupCorruptError(KompasError):
    def __init__(self, path: str, reason: str):
        super().__init__(
            f"Het bestand '{path}' is geen bruikbare reservekopie van Kwaliteitskompas ({reason}). "
            "Er is niets teruggezet. Gebruik een andere reservekopie."
        )
        self.path = path
        self.reason = reason


class RestoreTargetExistsError(KompasError):
    def __init__(self, path: str):
        super().__init__(
            f"Het databasebestand '{path}' bestaat al. Kies een nieuwe bestandsnaam, of gebruik --overwrite "
            "om het te vervangen (het oude bestand blijft dan bewaard, met de datum in de naam)."
        )
        self.path = path


class ValidationError(KompasError):
    """Input that cannot be saved. ``errors`` maps a field name to a Dutch message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()))

    @classmethod
    def raise_if(cls, errors: dict[str, str]) -> None:
        if errors:
            raise cls(errors)


class NotFoundError(KompasError):
    def __init__(self, what: str, key: object):
        super().__init__(f"{what} '{key}' bestaat niet (meer) in de database.")
        self.what = what
        self.key = key


class NotAllowedError(KompasError):
    """The signed-in role may not do this; nothing was changed."""

    def __init__(self, role: str, what: str = "niets veranderen"):
        super().__init__(
            f"Met de rol '{role}' mag u {what}. Dat mag alleen de werkgroep; er is niets veranderd. "
            "Vraag een lid van de werkgroep om het te doen."
        )
        self.role = role


class RawSqlRefusedError(NotAllowedError):
    """Raw SQL through a person's view of the store, from code outside the library: refused."""

    def __init__(self, role: str):
        KompasError.__init__(
            self,
            f"Met de rol '{role}' kunt u de database niet rechtstreeks bevragen of veranderen; er is niets "
            "gelezen of veranderd. Gebruik de app of de opdrachtregel: die tonen wat uw rol mag zien.",
        )
        self.role = role


class AccessUnknownError(TypeError):
    """A programming error, not a user's: a library function that reads or writes as somebody was given an
    object without ``access`` (a raw ``Store``), so it cannot tell whose rights apply. Never shown to users."""

    def __init__(self, given: object):
        super().__init__(
            f"This function needs to know who is asking, but it was given a {type(given).__name__} without "
            "access. Pass a person's view, store.as_user(user, role), or, for the library's own work on the "
            "whole file (migrations, the demo build, backup), a system view: store.as_system(purpose). "
            "A raw Store no longer falls back to full rights (kompas.domain.roles.of)."
        )
        self.given = given
