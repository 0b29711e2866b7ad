"""Reading the bytes of a downloaded text file: UTF-8 with or without BOM, UTF-16 with BOM, else
Windows-1252. Shared by every text reader (``kompas.imports.text_files``, the respondent files)."""

from __future__ import annotations

from kompas.imports.source import ImportFileError, Problem


def decode(data: bytes, file: str) -> str:
    """The text of a downloaded file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFileError(Problem(file, None, None, "Het bestand is leeg. Download het opnieuw."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            Problem(
                file,
                None,
                None,
                "Dit is geen tekstbestand (CSV of JSON) maar een binair bestand, "
                "bijvoorbeeld Excel of zip. Download de tabel als CSV of sla hem zo op.",
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            Problem(
                file,
                None,
                None,
                "De tekens in het bestand zijn niet te lezen: het is geen UTF-8 en geen "
                "Windows-1252. Sla het bestand opnieuw op als 'CSV UTF-8' en probeer het nog eens.",
            )
        ) from None
