"""The language a record's PDF declares (its catalog's ``/Lang``), for its FHIR copy."""

from __future__ import annotations

import io


def pdf_language(pdf: bytes, languages: list[str]) -> str | None:
    """The one of ``languages`` (a pack's language codes) that the PDF declares; None when
    the PDF declares none of them or cannot be read."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        declared = str(PdfFileReader(io.BytesIO(pdf), strict=False).root.get("/Lang") or "")
    except Exception:  # any damaged file: the caller falls back to the patient's language
        return None
    wanted = declared.replace("-", "_")
    for code in languages:
        if wanted == code or wanted.split("_")[0] == code.split("_")[0]:
            return code
    return None
