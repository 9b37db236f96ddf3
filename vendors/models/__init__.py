"""The vendor record: who vendors are, what they offer, invest and promise."""

from .alerts import Notification, NotificationKind, VendorWatch
from .capabilities import (
    MATURITY_RUBRIC,
    Capability,
    CapabilityAssessment,
    CapabilityDomain,
    DeliveryModel,
    DomainArea,
    EvidenceGrade,
)
from .engagement import Briefing, Contract
from .finance import CONFIRM_FIELD, Confidence, FinancialFact, FundingEvent, FundingKind
from .roadmap import (
    CommitmentKind,
    ContractCoverage,
    DeliveredAs,
    RoadmapChange,
    RoadmapItem,
    RoadmapStatus,
)
from .vendor import Ownership, Vendor, VendorStatus

__all__ = [
    "CONFIRM_FIELD",
    "MATURITY_RUBRIC",
    "Notification",
    "NotificationKind",
    "VendorWatch",
    "Briefing",
    "Capability",
    "CapabilityAssessment",
    "CapabilityDomain",
    "CommitmentKind",
    "Confidence",
    "Contract",
    "ContractCoverage",
    "DeliveredAs",
    "DeliveryModel",
    "DomainArea",
    "EvidenceGrade",
    "FinancialFact",
    "FundingEvent",
    "FundingKind",
    "Ownership",
    "RoadmapChange",
    "RoadmapItem",
    "RoadmapStatus",
    "Vendor",
    "VendorStatus",
]
