"""Plotly charts as PNG images for Word and PDF, through kaleido and the machine's own Chromium.

Kaleido drives a headless Chromium. The first image starts it (about 2 s); later ones take about
0.2 s because one server is kept for the whole process. Without a Chromium we say in Dutch what to
install, instead of kaleido's suggestion to download one (which cannot work offline).
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
import warnings

import plotly.graph_objects as go

from kompas.domain.errors import KompasError

WIDTH, HEIGHT, SCALE = 900, 420, 2
_lock = threading.Lock()
_server_started = False


class ChartImageError(KompasError):
    def __init__(self, detail: str = ""):
        super().__init__(
            "De grafieken kunnen niet als plaatje worden gemaakt: Chromium ontbreekt op deze "
            "computer. Installeer het (Debian/Ubuntu: 'apt-get install -y chromium') of maak "
            "het document zonder grafieken; de tabellen staan er altijd in." + detail
        )


def chromium_path() -> str | None:
    """The Chromium kaleido will use: $BROWSER_PATH, else one on the PATH."""
    for candidate in (
        os.environ.get("BROWSER_PATH"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def png(fig: go.Figure) -> bytes:
    """The chart as a PNG at print quality (900 × 420 points, twice the pixels)."""
    global _server_started
    path = chromium_path()
    if path is None:
        raise ChartImageError()
    os.environ.setdefault("BROWSER_PATH", path)
    import kaleido

    with _lock:  # one kaleido server per process, used by one thread at a time
        if not _server_started:
            kaleido.start_sync_server(silence_warnings=True)
            atexit.register(kaleido.stop_sync_server, silence_warnings=True)
            _server_started = True
        try:
            with warnings.catch_warnings():  # plotly warns that kaleido's options are fixed by the server
                warnings.simplefilter("ignore", UserWarning)
                return fig.to_image(format="png", width=WIDTH, height=HEIGHT, scale=SCALE)
        except Exception as exc:  # kaleido raises many kinds; the user needs one sentence
            raise ChartImageError(f" (Technische melding: {exc})") from exc
