"""Files as a new municipality downloads them, for a fictional gemeente (GM9990 Zonnedal), in CBS layouts."""

from pathlib import Path

GEMEENTE = "GM9990"

# StatLine CSV of "Kerncijfers wijken en buurten": names beside padded codes, as downloaded.
KWB = (
    '"Wijken en buurten";"Regiocode (gemeente, wijk, buurt) (code)";"Soort regio";"Perioden"\r\n'
    '"Zonnedal";"GM9990    ";"Gemeente";"2025"\r\n'
    '"Dorp";"WK999000  ";"Wijk";"2025"\r\n'
    '"Kerkbuurt";"BU99900000";"Buurt";"2025"\r\n'
    '"Molenveld";"BU99900001";"Buurt";"2025"\r\n'
    '"Polder";"WK999001  ";"Wijk";"2025"\r\n'
    '"Buitengebied";"BU99900100";"Buurt";"2025"\r\n'
)

# StatLine CSV (code layout) of the same table with two measures, for 2025: what a first download looks like.
FIGURES = (
    '"ID";"WijkenEnBuurten";"Perioden";"AantalInwoners_5";"InBezitWoningcorporatie_49"\r\n'
    '"0";"GM9990    ";"2025JJ00";"   12400";"      31"\r\n'
    '"1";"WK999000  ";"2025JJ00";"    8100";"      38"\r\n'
    '"2";"WK999001  ";"2025JJ00";"    4300";"      18"\r\n'
)


def write(folder: Path) -> tuple[Path, Path]:
    """The area file and the figure file, written into ``folder``: (kwb.csv, kerncijfers_2025.csv)."""
    kwb, figures = folder / "kwb_zonnedal.csv", folder / "kerncijfers_2025.csv"
    kwb.write_text(KWB, encoding="utf-8-sig")
    figures.write_text(FIGURES, encoding="utf-8-sig")
    return kwb, figures
