"""Evaluations, criteria, weights, questionnaires and scores.

One module per concern; import the models here so Django finds them.
"""

from .decisions import DecisionSnapshot, ImmutableSnapshotError  # noqa: F401
from .evaluations import (  # noqa: F401
    COST_FIGURES,
    Criterion,
    CriterionComparison,
    CriterionGroup,
    CriterionSource,
    Direction,
    Evaluation,
    EvaluationStatus,
    GroupComparison,
    ManualScore,
    Metric,
    RankingMethod,
    RequiredCapability,
    WeightMode,
)
from .portal import (  # noqa: F401
    Campaign,
    DigestSent,
    Invitation,
    InvitationState,
    PortalEvent,
    ReminderKind,
    ReminderSent,
)
from .questionnaires import *  # noqa: F403
from .signoff import Approval, DecisionProposal, ProposalState, Verdict  # noqa: F401
from .stakeholders import (  # noqa: F401
    CombinationMethod,
    ConsensusNote,
    ConsensusOutcome,
    StakeholderCriterionComparison,
    StakeholderGroup,
    StakeholderGroupComparison,
    StakeholderSettings,
    StakeholderWeight,
    StakeholderWeightMode,
)
