"""Inter-coder agreement: character-level kappa, alpha and AC1, and unitizing alpha (alpha_U)."""

from annotator.core.agreement.engine import (
    MEASURES,
    POOLINGS,
    AgreementRow,
    Cancelled,
    compute_agreement,
)
from annotator.core.agreement.selection import AgreementInput, AgreementOptions, CodedSpan

__all__ = [
    "MEASURES",
    "POOLINGS",
    "AgreementInput",
    "AgreementOptions",
    "AgreementRow",
    "Cancelled",
    "CodedSpan",
    "compute_agreement",
]
