"""Sign-in: a Dutch form before any page, and who is signed in (with a sign-out button) in the sidebar.

The signed-in person is an ``Access`` in this browser session's state, set only after the password
was checked against the accounts file (argon2) by ``kompas.access.sign_in`` (which slows down and locks out
repeated failures and logs each one), or after a login through the organisation (OIDC,
``st.login``) whose e-mail address is in the accounts file. A reload of the page starts a new session:
sign in again.
"""

from __future__ import annotations

import streamlit as st

from dashboard.session import PREVIEW, SIGNED_IN, current, effective
from kompas.access import accounts, sign_in
from kompas.domain import settings
from kompas.domain.roles import Access
from kompas.store import audit


def may_edit() -> bool:
    access = effective()
    return access is not None and access.may_edit


def require() -> Access:
    """The signed-in person; otherwise draw the sign-in form and stop this run."""
    access = current()
    if access is not None:
        return access
    access = _from_oidc()
    if access is not None:
        st.session_state[SIGNED_IN] = access
        st.rerun()  # draw the menu, now that someone is signed in
    _form()
    st.stop()


def sidebar() -> None:
    access = current()
    with st.sidebar:
        st.markdown(f"Ingelogd als **{access.user}** · rol: {access.role}")
        if st.button("Uitloggen", key="signin_out"):
            st.session_state.pop(SIGNED_IN, None)
            st.session_state.pop(PREVIEW, None)
            if _oidc_logged_in():
                st.logout()
            st.rerun()


def only_for_editors(what: str) -> bool:
    """True for roles that may edit; else a short Dutch note (``what`` is what they cannot do)."""
    if may_edit():
        return True
    st.info(f"{what} kan alleen de werkgroep. U kunt hier lezen wat er is.")
    return False


def log_export(kind: str, object_id: object, summary: str) -> None:
    """Download-button callback: the audit log notes who took which file out of the app."""
    from dashboard import cached

    audit.record_export(cached.get_store(), kind, object_id, summary)


def _form() -> None:
    path = accounts.path_for(settings.get("db_path"))
    st.title("Kwaliteitskompas")
    st.markdown("Log in met uw naam en wachtwoord. Wat u ziet en mag doen, hangt af van uw rol.")
    if not accounts.load(path):
        st.warning(
            f"Er zijn nog geen accounts. Maak er een met 'python -m kompas account add --name NAAM "
            f"--role werkgroep' (bestand: {path}). Voor de demo maakt 'make demo' ook de demo-accounts."
        )
    column, _ = st.columns([2, 3])
    with column, st.form("signin_form"):
        name = st.text_input("Naam", key="signin_name", autocomplete="username")
        password = st.text_input("Wachtwoord", type="password", key="signin_password", autocomplete="current-password")
        submitted = st.form_submit_button("Inloggen", type="primary", key="signin_submit")
    with column:
        if _oidc_configured() and st.button("Inloggen via uw organisatie", key="signin_oidc"):
            st.login()
    if not submitted:
        return
    from dashboard import cached

    outcome = cached.sign_in(path, _guard(), name, password, _client())
    account = outcome.account
    if account is None:
        st.error(outcome.message)
        return
    st.session_state[SIGNED_IN] = Access(account.role, account.name)
    st.session_state.pop("signin_password", None)
    st.rerun()


@st.cache_resource
def _guard() -> sign_in.Guard:
    """The failure counts of this app process, shared by all browser sessions."""
    return sign_in.Guard()


def _client() -> str:
    """Where the attempt comes from: the browser's address (None when it runs on this computer)."""
    try:
        return st.context.ip_address or "deze computer"
    except Exception:  # no browser connection (AppTest): one client
        return "deze computer"


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def _oidc_logged_in() -> bool:
    return _oidc_configured() and bool(getattr(st.user, "is_logged_in", False))


def _from_oidc() -> Access | None:
    """A login through the organisation counts when its e-mail address has an account (for the role)."""
    if not _oidc_logged_in():
        return None
    account = accounts.by_email(accounts.path_for(settings.get("db_path")), st.user.get("email", ""))
    if account is None:
        st.error(
            "U bent ingelogd via uw organisatie, maar uw e-mailadres heeft geen rol in Kwaliteitskompas. "
            "Vraag de beheerder om een account met uw e-mailadres."
        )
        if st.button("Uitloggen", key="signin_oidc_out"):
            st.logout()
        st.stop()
    return Access(account.role, account.name)
