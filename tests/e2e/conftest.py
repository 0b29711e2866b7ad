"""A real app process and a real headless Chromium (Debian's, never a downloaded one)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from kompas.access import accounts
from kompas.domain.settings import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PASSWORDS = {role: f"{role}-test-wachtwoord" for role in ("werkgroep", "lezer", "raad")}


@contextmanager
def running_app(db: Path):
    """The app as its own process on the store ``db``, with one account per role (``sign_in``): ordinary
    accounts, since demo accounts count only in a store marked as demo."""
    accounts_file = db.parent / "accounts.json"
    for role, password in PASSWORDS.items():
        accounts.add(accounts_file, role, role, password)
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "KOMPAS_DB": str(db), "KOMPAS_ACCOUNTS": str(accounts_file)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("de app startte niet binnen 30 seconden")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def app_url(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("e2e") / "kompas.duckdb"
    shutil.copy(demo_db, db)
    with running_app(db) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test process (each xdist worker has its own); every test gets a fresh context (``page``)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium ontbreekt: installeer het met 'apt-get install -y chromium' (make browser doet dat).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, role: str = "werkgroep") -> None:
    """Fill the sign-in form with the test account of ``role`` and wait until the menu shows."""
    page.get_by_label("Naam", exact=True).fill(role)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORDS[role])
    button = page.get_by_role("button", name="Inloggen")
    button.click()
    page.get_by_text(f"rol: {role}").wait_for(timeout=30000)
    button.wait_for(state="detached", timeout=30000)  # the form fades out while the page is drawn


def open_page(page, url, role: str = "werkgroep"):
    """Go to ``url``; a fresh page load is a new session, so sign in first when the form asks for it."""
    page.goto(url)
    page.locator("[data-testid='stSidebarNav'], input[type='password']").first.wait_for(timeout=30000)
    if page.locator("input[type='password']").count():
        sign_in(page, role)
    page.get_by_role("heading", level=1).first.wait_for(timeout=30000)
    page.wait_for_load_state("networkidle")
