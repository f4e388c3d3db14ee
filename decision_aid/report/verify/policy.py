"""The difference analysis policy verify uses: pyHanko's default, with the metadata held still.

pyHanko's default policy (``DEFAULT_DIFF_POLICY``) counts any update of the document
information and any well-formed XMP update as an archival (LTA) update, the level a
certification with "no changes" allows. That lets a forger rewrite the title, the
keywords or the provenance after signing and still pass. This policy has the same rules,
except that the document information and the XMP may change only in their bookkeeping
(producer, modification dates; see ``metadata``). Anything else there stays unexplained,
which pyHanko reports as a suspicious modification.

pyHanko is imported here at module level: import this module only when verifying.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pyhanko.pdf_utils.reader import HistoricalResolver
from pyhanko.sign.diff_analysis import (
    DiffPolicy,
    ModificationLevel,
    StandardDiffPolicy,
)
from pyhanko.sign.diff_analysis.form_rules_api import FormUpdatingRule
from pyhanko.sign.diff_analysis.rules.file_structure_rules import (
    CatalogModificationRule,
    ObjectStreamRule,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.rules.form_field_rules import (
    DSSCompareRule,
    GenericFieldModificationRule,
    SigFieldCreationRule,
    SigFieldModificationRule,
)
from pyhanko.sign.diff_analysis.rules.metadata_rules import DocInfoRule, MetadataUpdateRule
from pyhanko.sign.diff_analysis.rules_api import ReferenceUpdate

from decision_aid.report.verify.metadata import info_entries, xmp_entries


class BookkeepingInfoRule(DocInfoRule):
    """Approves an update of ``/Info`` only when just its bookkeeping entries changed."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[ReferenceUpdate]:
        if info_entries(old) != info_entries(new):
            return  # left unexplained: the difference analysis rejects the revision
        yield from super().apply(old, new)


class BookkeepingMetadataRule(MetadataUpdateRule):
    """Approves an XMP update only when just its bookkeeping properties changed."""

    def apply(self, old: HistoricalResolver, new: HistoricalResolver) -> Iterable[ReferenceUpdate]:
        if xmp_entries(old) != xmp_entries(new):
            return
        yield from super().apply(old, new)


@cache
def verify_policy() -> DiffPolicy:
    """pyHanko's default rules, with the two metadata rules above in place of its own."""
    archival = ModificationLevel.LTA_UPDATES
    return StandardDiffPolicy(
        global_rules=[
            CatalogModificationRule(),  # type: ignore[no-untyped-call]
            BookkeepingInfoRule().as_qualified(archival),
            XrefStreamRule().as_qualified(archival),
            ObjectStreamRule().as_qualified(archival),
            DSSCompareRule().as_qualified(archival),
            BookkeepingMetadataRule().as_qualified(archival),  # type: ignore[no-untyped-call]
        ],
        form_rule=FormUpdatingRule(
            field_rules=[
                SigFieldCreationRule(),  # type: ignore[no-untyped-call]
                SigFieldModificationRule(),
                GenericFieldModificationRule(),
            ],
        ),
    )
