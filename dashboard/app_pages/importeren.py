"""Import a monitor wave: see first what a file would add, change and refuse; then save it."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.components import page, signin
from kompas.domain.errors import KompasError
from kompas.imports import ImportRefused, import_file

store, flt, key = page.start(
    "Cijfers inlezen",
    "Lees een nieuwe meting in: een download van CBS StatLine, een bestand van de GGD of het inwonerspanel, "
    "of het eigen sjabloon. U ziet eerst wat er verandert; pas daarna slaat u het op.",
)

if not signin.only_for_editors("Cijfers inlezen"):
    st.stop()
upload = st.file_uploader(
    "Bestand met cijfers",
    type=["csv", "txt", "xlsx", "json", "sav"],
    key="imp_file",
    help="CSV of Excel (CBS StatLine, een tabel met één kolom per onderwerp, of het sjabloon), "
    "CBS OData (.json), of SPSS (.sav).",
)
codes_upload = st.file_uploader(
    "Codelijsten bij een CBS-download (mag leeg)",
    type=["csv"],
    key="imp_codes",
    accept_multiple_files=True,
    help="Bij Observations.csv uit de CBS-download: de bestanden die eindigen op "
    "Codes.csv, zoals PeriodenCodes.csv (zegt welke cijfers voorlopig zijn).",
)
mapping_upload = st.file_uploader(
    "Koppelbestand (mag leeg)",
    type=["yaml", "yml"],
    key="imp_mapping",
    help="Zegt welke maat in het bestand bij welke indicator hoort. Na één keer "
    "onthoudt de app dat voor de volgende meting.",
)
wave = st.text_input(
    "Meting (mag leeg)",
    key="imp_wave",
    placeholder="bijvoorbeeld Veiligheidsmonitor 2027",
    help="Leeg: de app kiest de meting bij het jaar in het bestand.",
)
valid_only = st.checkbox("Alleen de goede rijen opslaan (de geweigerde rijen kunt u downloaden)", key="imp_valid")

if upload is None:
    st.info(
        "Kies een bestand. Het sjabloon heeft de kolommen indicator, wave, area_code, group_factor, "
        "group_value, value, n, ci_low en ci_high; zie kompas/demo/data/observations.csv."
    )
    st.stop()

folder = Path(st.session_state.setdefault("imp_folder", tempfile.mkdtemp(prefix="kompas-import-")))
path = folder / Path(upload.name).name
path.write_bytes(upload.getvalue())
for code_list in codes_upload or []:
    (folder / Path(code_list.name).name).write_bytes(code_list.getvalue())
mapping_path = None
if mapping_upload is not None:
    mapping_path = folder / mapping_upload.name
    mapping_path.write_bytes(mapping_upload.getvalue())
bar = st.progress(0.0, text="Bestand lezen …")


def progress(fraction: float, step: str) -> None:
    bar.progress(min(max(fraction, 0.0), 1.0), text=f"{step.capitalize()} …")


def show(plan) -> None:
    cols = st.columns(4)
    for col, (label, count) in zip(
        cols,
        [
            ("Nieuw", plan.added),
            ("Gewijzigd", plan.changed),
            ("Al aanwezig", plan.unchanged),
            ("Geweigerd", len(plan.refused)),
        ],
    ):
        col.metric(label, count)
    for wave_made in plan.new_waves:
        st.info(
            f"Nieuwe meting: {wave_made.label} (bron {wave_made.source}, {wave_made.period_start:%d-%m-%Y} tot en "
            f"met {wave_made.period_end:%d-%m-%Y})"
        )
    if plan.matched:
        st.markdown("**Namen gekoppeld aan codes**")
        st.dataframe(
            pd.DataFrame(
                [{"Naam in het bestand": name, "Code": code, "Niveau": level} for name, code, level in plan.matched]
            ),
            hide_index=True,
            width="stretch",
        )
    if plan.changes:
        st.markdown("**Wat verandert (oud → nieuw)**")
        st.text("\n".join(f"- {change}" for change in plan.changes[:50]))
    if plan.refused:
        st.error("Deze rijen kunnen niet worden ingelezen:")
        st.dataframe(
            pd.DataFrame([{"Rij": p.row, "Kolom": p.column or "", "Wat is er mis": p.message} for p in plan.refused]),
            hide_index=True,
            width="stretch",
        )
    for note in plan.notes:
        st.warning(note)


options = dict(wave_label=wave.strip() or None, mapping_path=mapping_path, progress=progress)
# the dry run is kept per file, choices and data version, so clicking around does not redo it
preview_key = (
    upload.file_id,
    getattr(mapping_upload, "file_id", None),
    tuple(f.file_id for f in codes_upload or []),
    wave.strip(),
    key,
)
if st.session_state.get("imp_preview_key") != preview_key:
    try:
        st.session_state["imp_preview"] = import_file(store, path, dry_run=True, **options)
    except KompasError as exc:
        bar.empty()
        st.error(str(exc))
        st.stop()
    st.session_state["imp_preview_key"] = preview_key
preview = st.session_state["imp_preview"]
bar.empty()
st.subheader("Wat er zou veranderen")
show(preview)

blocked = bool(preview.refused) and not valid_only
if blocked:
    st.caption(
        "Met geweigerde rijen wordt niets opgeslagen. Verbeter het bestand, of kies hierboven "
        "'Alleen de goede rijen opslaan'."
    )
if st.button(
    "Opslaan",
    type="primary",
    disabled=blocked or (preview.added + preview.changed == 0 and not preview.new_waves),
    key="imp_save",
):
    refused_csv = folder / f"{path.stem}.geweigerd.csv"
    refused_csv.unlink(missing_ok=True)  # never offer the list of an earlier import
    try:
        plan = import_file(store, path, valid_only=valid_only, refused_csv=refused_csv, **options)
    except ImportRefused as exc:
        st.error(str(exc))
        st.stop()
    st.success(f"Opgeslagen: {plan.added} nieuwe en {plan.changed} gewijzigde cijfers.")
    if plan.refused and valid_only and refused_csv.exists():
        st.download_button(
            "Geweigerde rijen downloaden (CSV)",
            refused_csv.read_bytes(),
            file_name=refused_csv.name,
            mime="text/csv",
            key="imp_refused",
        )
