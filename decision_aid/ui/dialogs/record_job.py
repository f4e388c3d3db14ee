"""The work behind the record dialog, off the GUI thread: the record's default name and
a free path for it, everything the work needs (taken on the GUI thread), finding the
pack the patient was shown, and making the record through ``pipeline.make_record``
(looked up on the module each time, so tests can replace it)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _
from decision_aid.report import pipeline
from decision_aid.report.fhir.bundle import Parties
from decision_aid.report.pack_check import pack_difference
from decision_aid.report.pipeline import (
    HandoutSpec,
    PackMismatch,
    RecordError,
    RecordResult,
    SignSpec,
)
from decision_aid.session.model import SessionRecord


def default_record_name(pack_id: str, session_id: str, when: datetime) -> str:
    """'<pack-id>-<yyyy-mm-dd>-<first 8 characters of the session id>.pdf'."""
    short = session_id[:8].rstrip("-_") or "session"
    return f"{pack_id}-{when.date().isoformat()}-{short}.pdf"


def free_record_path(path: Path) -> Path:
    """``path``, or ``name-2.pdf``, ``name-3.pdf`` … when it or a file made with it is taken."""
    candidate, number = path, 2
    while any(
        taken.exists()
        for taken in (
            candidate,
            pipeline.fhir_path_for(candidate),
            pipeline.handout_path_for(candidate),
        )
    ):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home() / "Documents"


@dataclass(frozen=True)
class RecordJob:
    """Everything the work needs, taken on the GUI thread."""

    loaded: LoadedPack
    record: SessionRecord
    out: Path
    created: datetime
    organisation: str
    logo: Path | None
    pdfa: str
    signatures: Mapping[str, bytes]
    sign: SignSpec | None
    fhir: bool
    overwrite: bool
    roots: tuple[Path, ...] = ()
    """Pack folders in which to look for the version the patient was shown."""
    allow_different_pack: bool = False
    time_zone: str | None = None
    """The clinic's time zone (an IANA name; None: the computer's)."""
    handout: HandoutSpec | None = None
    """Also make the patient's take-home sheet."""
    parties: Parties | None = None
    """The organisation and practitioner the FHIR copy names (from the settings)."""


def shown_pack_for(job: RecordJob) -> tuple[LoadedPack, str | None]:
    """The pack the patient was shown: the one open when it is that one, else a copy in
    the library or the pack store; else the one open (and why the store could not help)."""
    ref = job.record.pack
    if pack_difference(job.loaded, job.record) is None:
        return job.loaded, None
    from decision_aid.content.library import build_index
    from decision_aid.content.store import PackStore, StoreError, default_store_dir, shown_pack

    try:
        found = shown_pack(
            build_index(list(job.roots)),
            PackStore(default_store_dir()),
            ref.id,
            ref.version,
            ref.content_hash,
        )
    except StoreError as exc:
        return job.loaded, str(exc)
    return (found, None) if found is not None else (job.loaded, None)


def allow_label() -> str:
    return _("Make it from the pack open now if the version shown is not found")


def make_record(job: RecordJob) -> RecordResult:
    """Off the GUI thread: build the options, then the record."""
    from decision_aid.report.summary import ReportOptions
    from decision_aid.report.when import clinic_zone

    logo = pipeline.read_logo(job.logo) if job.logo is not None else None
    loaded, store_problem = shown_pack_for(job)
    difference = pack_difference(loaded, job.record)
    if difference is not None and not job.allow_different_pack:
        mismatch = PackMismatch(difference)
        hint = _(
            "Add the folder that holds the version shown to the library (File › Add pack "
            "folder), or tick “{choice}” to make a record that says on every page that it "
            "differs."
        ).format(choice=allow_label())
        lines = [str(mismatch), store_problem, hint]
        raise RecordError("\n".join(line for line in lines if line)) from mismatch
    try:
        job.out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RecordError(
            _("The folder {folder} could not be created: {reason}").format(
                folder=job.out.parent, reason=exc.strerror or exc
            )
        ) from exc
    options = ReportOptions(
        created=job.created,
        organisation=job.organisation,
        logo=logo,
        locale=job.record.pack.language,
        time_zone=clinic_zone(job.time_zone),
        pdfa="1b" if job.pdfa == "1b" else "3b",
        signatures=dict(job.signatures),
    )
    return pipeline.make_record(
        loaded,
        job.record,
        job.out,
        options=options,
        sign=job.sign,
        fhir=job.fhir,
        overwrite=job.overwrite,
        allow_different_pack=job.allow_different_pack,
        handout=job.handout,
        parties=job.parties,
    )


def signing_failed(exc: BaseException) -> bool:
    """True when the error (or its cause) comes from signing, e.g. a wrong passphrase."""
    sign = sys.modules.get("decision_aid.report.sign")  # not imported: nothing was signed
    if sign is None:
        return False
    while exc is not None:
        if isinstance(exc, sign.SigningError):
            return True
        exc = exc.__cause__  # type: ignore[assignment]
    return False
