"""Trust that outlives the signer's certificate: PAdES long-term (LTA) validation.

Once the signer's certificate has expired (or its CA no longer answers), the signature
can no longer be checked as of now. A B-LTA record carries what an archive needs instead:
the certificate chains and revocation data in its DSS, and document time-stamps over
them. pyHanko's AdES LTA validation (ETSI EN 319 102-1, 5.6.3) uses those to prove that
the signature existed, and the certificate was valid and not revoked, at the time of the
signature's own time-stamp.

Like the rest of ``verify``, this never fetches anything: the revocation data comes from
the file, and the newest document time-stamp's certificate is taken as not revoked (it
is checked as of now like any other time-stamp). That is what keeps a record checkable
offline, years later; a records manager adds a new archive time-stamp
(``report extend``) before the newest one's certificate expires.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from decision_aid.report.verify.result import Kind, VerifyResult


def key_usage() -> Any:
    """pyHanko wants nonRepudiation; many clinic certificates carry digitalSignature only."""
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    return KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )


def check_long_term(
    signature: Any, result: VerifyResult, roots: list[Any], moment: datetime
) -> None:
    """Mark the record's signature trusted (``long_term``) when it is sound, not trusted as
    of ``moment``, and LTA validation against ``roots`` at ``moment`` passes."""
    first = result.signatures[0]
    stamps = [check for check in result.later if check.kind is Kind.TIMESTAMP]
    if first.kind is not Kind.SIGNATURE or not first.sound or first.trusted or not stamps:
        return
    if not stamps[-1].trusted:  # the newest time-stamp must itself hold now
        return
    try:
        passed = asyncio.run(_lta(signature, roots, moment))
    except Exception:  # a validation that cannot be made leaves the signature untrusted
        return
    first.trusted = first.long_term = passed


async def _lta(signature: Any, roots: list[Any], moment: datetime) -> bool:
    from pyhanko.sign.ades.report import AdESPassed
    from pyhanko.sign.validation.ades import ades_lta_validation
    from pyhanko.sign.validation.policy_decl import (
        LocalKnowledge,
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
    from pyhanko_certvalidator.policy_decl import (
        REQUIRE_REVINFO,
        CertRevTrustPolicy,
        NonRevokedStatusAssertion,
    )
    from pyhanko_certvalidator.registry import SimpleTrustManager

    from decision_aid.report.verify.policy import verify_policy

    newest = signature.reader.embedded_timestamp_signatures[-1]
    spec = SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=roots),
            revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
        ),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
        ),
        local_knowledge=LocalKnowledge(
            nonrevoked_assertions=[NonRevokedStatusAssertion(newest.signer_cert.sha256, moment)]
        ),
        key_usage_settings=key_usage(),
    )
    outcome = await ades_lta_validation(
        signature,
        PdfSignatureValidationSpec(spec, diff_policy=verify_policy()),
        timing_info=ValidationTimingInfo(
            validation_time=moment, best_signature_time=moment, point_in_time_validation=False
        ),
    )
    return outcome.ades_subindic is AdESPassed.OK
