"""The menu per role: who sees which page. A page left out of a role's menu cannot be reached by that
role either, not even by its address: ``st.navigation`` only knows the pages it is given, and sends any
other address to the start page.

- werkgroep: everything, also *Gemeente instellen* (the home page of a store without areas or indicators).
- lezer: everything but the pages that only change things (import, editing) and the log (``Access.reads_log``).
- raad: the six steps, *Voor wie?*, *Metingen vergelijken*, *Raadsinformatie* and the (public) stories;
  not the werkgroep's review and minutes, actions, import, editing or the log.
A werkgroep member who previews the public view sees the council's menu.
"""

from __future__ import annotations

ALL = ("werkgroep", "lezer", "raad")
READERS = ("werkgroep", "lezer")

# (script, title, url path, roles); the numbers in the titles keep the order clear in a flat list
PAGES = (
    ("app_pages/start.py", "Start", None, ALL),
    ("app_pages/step_1_monitoring.py", "1 Monitoring en ambities", "monitoring", ALL),
    ("app_pages/step_2_resultaat.py", "2 Maatschappelijk resultaat", "resultaat", ALL),
    ("app_pages/step_3_activiteiten.py", "3 Activiteiten", "activiteiten", ALL),
    ("app_pages/step_4_input.py", "4 Input en kwaliteit", "input", ALL),
    ("app_pages/step_5_outcome.py", "5 Outcome", "outcome", ALL),
    ("app_pages/step_6_verbetercyclus.py", "6 Verbetercyclus", "verbetercyclus", ALL),
    ("app_pages/bespreking.py", "Werkgroepbespreking", "bespreking", READERS),
    ("app_pages/acties.py", "Acties", "acties", READERS),
    ("app_pages/verhalen.py", "Verhalen", "verhalen", ALL),
    ("app_pages/vergelijken.py", "Metingen vergelijken", "vergelijken", ALL),
    ("app_pages/voor_wie.py", "Voor wie?", "voor-wie", ALL),
    ("app_pages/raadsinformatie.py", "Raadsinformatie", "raadsinformatie", ALL),
    ("app_pages/importeren.py", "Cijfers inlezen", "inlezen", ("werkgroep",)),
    ("app_pages/beheer.py", "Veranderverhaal bewerken", "bewerken", ("werkgroep",)),
    ("app_pages/logboek.py", "Logboek", "logboek", ("werkgroep",)),
    ("app_pages/gemeente_instellen.py", "Gemeente instellen", "gemeente-instellen", ("werkgroep",)),
)
SETUP_URL = "gemeente-instellen"


def scripts_for(role: str | None) -> list[tuple[str, str, str | None]]:
    """(script, title, url path) of the pages in ``role``'s menu; before anyone signs in (None), every page,
    so an address keeps its page through the sign-in form and is checked again once the role is known.

    >>> [s for s, _, _ in scripts_for("raad")][-1]
    'app_pages/raadsinformatie.py'
    """
    return [(script, title, url) for script, title, url, roles in PAGES if role is None or role in roles]
