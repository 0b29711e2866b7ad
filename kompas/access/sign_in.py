"""Signing in with name and password: a growing wait and a temporary lockout after failed attempts,
counted per account name and per client (browser address), and every refusal in the audit log.

The rule (after OWASP's Authentication Cheat Sheet and NIST SP 800-63B §5.2.2, "rate limiting"):

- per name: the first ``free`` failures cost nothing; after that each attempt must wait
  2, 4, 8 … seconds (at most ``max_wait``) after the previous failure; after ``lock_after``
  failures the name is locked for ``lock_seconds`` (15 minutes). Per client the same, with
  higher numbers, since many people may share one address (a town hall's proxy).
- an attempt during a wait or lockout is refused without checking the password.
- a successful sign-in clears the name's count (not the client's: one good account must not let a
  client go on guessing at others); counts are forgotten after ``forget_after`` quiet seconds.

The counts live in this process's memory (the app keeps one ``Guard``): restarting the app clears
them. The audit log keeps every refusal ('geweigerd', kind 'aanmelding') with the name tried and the
client, never the password. The clock is injectable, so tests need not sleep.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kompas.access import accounts
from kompas.domain import safe_text
from kompas.domain.roles import OWNER, Access
from kompas.store import audit
from kompas.store.connection import StoreView

WRONG = "Inloggen lukt niet: de naam of het wachtwoord klopt niet. Probeer het opnieuw."
_ACTOR = Access(OWNER.role, "inlogscherm")  # the sign-in screen writes the line: nobody is signed in yet


@dataclass(frozen=True)
class Rule:
    """When waiting starts (``free`` failures) and when a lockout starts (``lock_after`` failures)."""

    free: int
    lock_after: int


ACCOUNT_RULE = Rule(free=3, lock_after=10)
CLIENT_RULE = Rule(free=10, lock_after=30)


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0
    locked_until: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """What an attempt gave: the account (None if refused), the Dutch message, seconds to wait."""

    account: accounts.Account | None
    message: str = ""
    wait_seconds: float = 0.0


@dataclass
class Guard:
    """Failure counts per name and per client, with the clock they are measured by (seconds)."""

    clock: Callable[[], float] = time.monotonic
    account_rule: Rule = ACCOUNT_RULE
    client_rule: Rule = CLIENT_RULE
    max_wait: float = 60.0
    lock_seconds: float = 15 * 60.0
    forget_after: float = 60 * 60.0
    _counts: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, name: str, client: str) -> float:
        """Seconds before this name and client may try again (0: now)."""
        now = self.clock()
        with self._lock:
            return max(
                self._wait(self._get(("naam", _key(name)), now), self.account_rule, now),
                self._wait(self._get(("client", client), now), self.client_rule, now),
            )

    def failed(self, name: str, client: str) -> int:
        """Count a failure for both; returns the name's failures so far."""
        now = self.clock()
        with self._lock:
            for key, rule in ((("naam", _key(name)), self.account_rule), (("client", client), self.client_rule)):
                count = self._get(key, now)
                count.failures += 1
                count.last = now
                if count.failures >= rule.lock_after:
                    count.locked_until = now + self.lock_seconds
            return self._counts[("naam", _key(name))].failures

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._counts.pop(("naam", _key(name)), None)

    def _get(self, key, now: float) -> _Count:
        count = self._counts.get(key)
        expired = count is not None and (
            (count.locked_until and now >= count.locked_until) or now - count.last >= self.forget_after
        )
        if count is None or expired:
            count = self._counts[key] = _Count()
        return count

    def _wait(self, count: _Count, rule: Rule, now: float) -> float:
        if count.locked_until > now:
            return count.locked_until - now
        if count.failures < rule.free:
            return 0.0
        delay = min(2.0 ** (count.failures - rule.free + 1), self.max_wait)
        return max(0.0, count.last + delay - now)


def attempt(
    store: StoreView, accounts_path: str | Path, guard: Guard, name: str, password: str, client: str
) -> Outcome:
    """Check a sign-in: refused during a wait, else the password; every refusal is logged in ``store``.

    ``client`` identifies where the attempt comes from (the browser's address). Demo accounts count
    only in a demo store (``accounts.is_demo_store``).
    """
    waiting = guard.wait_seconds(name, client)
    if waiting > 0:
        _log(store, name, client, "poging tijdens de wachttijd, niet gecontroleerd")
        return Outcome(None, _wait_message(waiting, guard), waiting)
    account = accounts.verify(accounts_path, name, password, demo_store=accounts.is_demo_store(store))
    if account is not None:
        guard.succeeded(name)
        return Outcome(account)
    failures = guard.failed(name, client)
    _log(store, name, client, f"verkeerde naam of wachtwoord ({failures}e mislukte poging met deze naam)")
    waiting = guard.wait_seconds(name, client)
    return Outcome(None, WRONG + (" " + _wait_message(waiting, guard) if waiting > 0 else ""), waiting)


def _wait_message(seconds: float, guard: Guard) -> str:
    if seconds > guard.max_wait:
        minutes = max(1, round(seconds / 60))
        return (
            f"Na te veel mislukte pogingen kan inloggen met deze naam of vanaf deze computer de komende "
            f"{minutes} minuten niet. Bent u uw wachtwoord kwijt? Vraag de beheerder om een nieuw wachtwoord."
        )
    return f"Na meerdere mislukte pogingen moet u even wachten: probeer het over {max(1, round(seconds))} seconden opnieuw."


def _log(store, name: str, client: str, what: str) -> None:
    tried = safe_text.inline_text(accounts.normal_name(name))[:100]
    with store.log_transaction() as cur:
        audit.record(cur, _ACTOR, "geweigerd", "aanmelding", tried, f"Inloggen geweigerd: {what}; vanaf {client}.")


def _key(name: str) -> str:
    return accounts.normal_name(name).casefold()
