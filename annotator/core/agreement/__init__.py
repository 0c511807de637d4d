"""Inter-coder agreement: character-level kappa and alpha, and unitizing alpha (alpha_U)."""

from annotator.core.agreement.engine import (
    MEASURES,
    AgreementInput,
    AgreementOptions,
    AgreementRow,
    Cancelled,
    CodedSpan,
    compute_agreement,
)

__all__ = [
    "MEASURES",
    "AgreementInput",
    "AgreementOptions",
    "AgreementRow",
    "Cancelled",
    "CodedSpan",
    "compute_agreement",
]
