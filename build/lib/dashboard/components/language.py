"""The page language: Dutch for browsers, screen readers and translation tools.

Streamlit's page shell hardcodes ``<html lang="en">`` and has no setting for it (streamlit issue #15726;
the ``page_lang`` pull request was closed unmerged). The work-around: a tiny script, run in the page itself
(``st.html`` with ``unsafe_allow_javascript``), sets ``document.documentElement.lang`` to 'nl' on every run,
and keeps it so if anything sets it back. Its container is hidden, so it takes no room. Checked in Chromium:
``tests/e2e/test_language.py``.
"""

from __future__ import annotations

import streamlit as st

LANG = "nl"
_KEY = "kompas_page_lang"
_SCRIPT = f"""<script>
(function () {{
  const root = document.documentElement;
  const set = () => {{ if (root.lang !== "{LANG}") root.lang = "{LANG}"; }};
  set();
  if (!window.__kompasLang) {{
    window.__kompasLang = new MutationObserver(set);
    window.__kompasLang.observe(root, {{attributes: true, attributeFilter: ["lang"]}});
  }}
}})();
</script>"""


def set_dutch() -> None:
    """Draw the (invisible) script that makes the page say it is Dutch; call once per run, on every page."""
    st.html(f"<style>.st-key-{_KEY} {{display: none;}}</style>")
    with st.container(key=_KEY):
        st.html(_SCRIPT, unsafe_allow_javascript=True)
