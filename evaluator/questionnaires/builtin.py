"""The built-in "Converged SOC technology due diligence" questionnaire (reference content).

Created by a data migration through ``create_builtin``, which takes the model
classes so that it works with the migration's historical models too.
"""

BUILTIN_FAMILY = "converged-soc-due-diligence"
BUILTIN_TITLE = "Converged SOC technology due diligence"

YES_NO = [("Yes", 5), ("No", 0)]
TIMEFRAME = [
    ("Already generally available", 5),
    ("Within 6 months", 4),
    ("6 to 12 months", 3),
    ("12 to 24 months", 2),
    ("More than 24 months", 1),
    ("No date committed", 0),
]
COVERAGE = [
    ("All included in current terms", 5),
    ("Most included (over 75 %)", 4),
    ("About half", 3),
    ("A minority (under 25 %)", 1),
    ("None: every new feature is extra", 0),
]
FUNDING = [
    ("Operating cash flow", 5),
    ("Parent company", 4),
    ("Public equity", 3),
    ("Venture capital", 2),
    ("Private equity", 1),
    ("Debt", 1),
]
SUPPORT_HOURS = [
    ("24 × 7 follow-the-sun", 5),
    ("24 × 7 on call", 4),
    ("Business hours", 2),
    ("Best effort", 0),
]
ON_TIME = [("Over 90 %", 5), ("75–90 %", 4), ("50–75 %", 2), ("Under 50 %", 0), ("Not measured", 0)]

# (section title, description, [(code, kind, text, options)])
SECTIONS = [
    (
        "Product roadmap",
        "The first briefing question: what is coming, and how firm is it.",
        [
            ("RM-01", "text", "Describe your product roadmap for the next 24 months.", {}),
            ("RM-02", "yes_no", "Is the roadmap shared in writing with customers?", {"choices": YES_NO}),
            (
                "RM-03",
                "single_choice",
                "How often is the roadmap re-baselined?",
                {
                    "choices": [
                        ("Never in the last two years", 5),
                        ("Once a year", 4),
                        ("Twice a year", 2),
                        ("Quarterly or more", 0),
                    ]
                },
            ),
            (
                "RM-04",
                "number",
                "How many roadmap items are committed for the next 12 months?",
                {"required": False},
            ),
            (
                "RM-05",
                "yes_no",
                "Do customers get a vote on roadmap priorities?",
                {"choices": YES_NO, "weight": 0.5},
            ),
        ],
    ),
    (
        "Investment sources",
        "The second briefing question: where the investments come from.",
        [
            (
                "INV-01",
                "single_choice",
                "Where does most of your R&D funding come from?",
                {"choices": FUNDING, "weight": 2},
            ),
            (
                "INV-02",
                "multiple_choice",
                "Which other sources fund your R&D?",
                {"choices": [(label, 1) for label, _ in FUNDING], "required": False},
            ),
            (
                "INV-03",
                "date",
                "When did your last external funding round close?",
                {"required": False, "weight": 0},
            ),
            (
                "INV-04",
                "yes_no",
                "Has ownership changed in the last three years?",
                {"choices": [("Yes", 0), ("No", 5)]},
            ),
            ("INV-05", "text", "What share of revenue is reinvested in R&D, and how has it moved?", {}),
        ],
    ),
    (
        "Delivery timeframe",
        "The third briefing question: when the roadmap lands.",
        [
            (
                "TF-01",
                "single_choice",
                "When will the capabilities we require be generally available?",
                {"choices": TIMEFRAME, "weight": 2},
            ),
            ("TF-02", "date", "Target date of your next major release.", {}),
            ("TF-03", "yes_no", "Do you publish release dates in advance?", {"choices": YES_NO}),
            (
                "TF-04",
                "yes_no",
                "Are betas labelled as such in release notes?",
                {"choices": YES_NO, "weight": 0.5},
            ),
        ],
    ),
    (
        "Future capability under current terms",
        "The fourth briefing question: how much of the future the current contract covers.",
        [
            (
                "CT-01",
                "single_choice",
                "How much of the roadmap is covered by the current contract terms?",
                {"choices": COVERAGE, "weight": 2},
            ),
            (
                "CT-02",
                "yes_no",
                "Are new modules in the same product line included without a new licence?",
                {"choices": YES_NO},
            ),
            (
                "CT-03",
                "currency",
                "Estimated cost to realise the roadmap items not covered (per year).",
                {"currency": "EUR", "required": False},
            ),
            (
                "CT-04",
                "text",
                "Quote the contract clause on features released during the term.",
                {"evidence": True},
            ),
            (
                "CT-05",
                "yes_no",
                "Is 'when and if available' language used for roadmap items?",
                {"choices": [("Yes", 0), ("No", 5)]},
            ),
        ],
    ),
    (
        "Unique selling points",
        "What the vendor does that others cannot.",
        [
            ("USP-01", "text", "What are your three unique selling points?", {}),
            ("USP-02", "text", "Which competitor do you lose to most, and why?", {"required": False}),
            ("USP-03", "scale", "How differentiated is your core technology (0 none – 5 unique)?", {}),
            (
                "USP-04",
                "multiple_choice",
                "Which independent recognitions can you evidence?",
                {
                    "choices": [
                        ("Analyst report leader", 2),
                        ("Industry award", 1),
                        ("Peer review top rating", 2),
                        ("Certified by a national authority", 2),
                    ],
                    "required": False,
                    "evidence": True,
                },
            ),
        ],
    ),
    (
        "R&D spend and headcount",
        "The depth of the investment behind the roadmap.",
        [
            (
                "RD-01",
                "currency",
                "R&D spend in the last fiscal year.",
                {"currency": "EUR", "evidence": True},
            ),
            ("RD-02", "number", "R&D headcount (full-time equivalents).", {}),
            ("RD-03", "number", "Share of R&D headcount in-house rather than contracted (%).", {}),
            (
                "RD-04",
                "single_choice",
                "How has R&D spend moved over three years?",
                {
                    "choices": [
                        ("Grown more than 20 %", 5),
                        ("Grown up to 20 %", 4),
                        ("Flat", 2),
                        ("Fallen", 0),
                    ]
                },
            ),
            ("RD-05", "yes_no", "Is there a dedicated R&D team for each product line?", {"choices": YES_NO}),
        ],
    ),
    (
        "Depth per capability domain",
        "Maturity 0–5 per capability, using the maturity rubric (feeds the capability assessment).",
        [
            ("DP-01", "scale", "SIEM maturity.", {"capability": "siem"}),
            ("DP-02", "scale", "SOAR maturity.", {"capability": "soar"}),
            ("DP-03", "scale", "EDR/XDR maturity.", {"capability": "edr-xdr"}),
            (
                "DP-04",
                "scale",
                "Threat intelligence platform maturity.",
                {"capability": "threat-intelligence-platform"},
            ),
            (
                "DP-05",
                "scale",
                "Real-time event alerting maturity.",
                {"capability": "real-time-event-alerting"},
            ),
            ("DP-06", "scale", "Access control maturity.", {"capability": "access-control"}),
            ("DP-07", "scale", "Video analytics maturity.", {"capability": "video-analytics"}),
            ("DP-08", "scale", "PSIM maturity.", {"capability": "psim"}),
            (
                "DP-09",
                "scale",
                "Travel and executive protection maturity.",
                {"capability": "travel-and-executive-protection"},
            ),
            ("DP-10", "scale", "Geospatial risk maturity.", {"capability": "geospatial-risk"}),
            ("DP-11", "scale", "Unified incident model maturity.", {"capability": "unified-incident-model"}),
            (
                "DP-12",
                "scale",
                "Cross-domain correlation maturity.",
                {"capability": "cross-domain-correlation"},
            ),
            ("DP-13", "scale", "Crisis communication maturity.", {"capability": "crisis-communication"}),
            ("DP-14", "scale", "Supply-chain risk maturity.", {"capability": "supply-chain-risk"}),
        ],
    ),
    (
        "Delivery history",
        "How well past promises were kept.",
        [
            (
                "DH-01",
                "single_choice",
                "Share of roadmap items delivered by the first promised date (last 3 years).",
                {"choices": ON_TIME, "weight": 2, "evidence": True},
            ),
            ("DH-02", "number", "Roadmap items cancelled or dropped in the last 3 years.", {}),
            ("DH-03", "text", "Describe the largest delivery slip of the last 3 years and its cause.", {}),
        ],
    ),
    (
        "Support and contract terms for future features",
        "What happens after signature.",
        [
            ("SP-01", "single_choice", "Support hours for severity-1 incidents.", {"choices": SUPPORT_HOURS}),
            ("SP-02", "number", "Guaranteed response time for severity-1 incidents (minutes).", {}),
            (
                "SP-03",
                "yes_no",
                "Are service credits paid when support targets are missed?",
                {"choices": YES_NO},
            ),
            (
                "SP-04",
                "yes_no",
                "Can features be escrowed or source-code escrow arranged?",
                {"choices": YES_NO, "required": False, "weight": 0.5},
            ),
            ("SP-05", "number", "Notice period for end of life of a product (months).", {}),
        ],
    ),
]


def create_builtin(questionnaire_model, section_model, question_model, choice_model, capability_model):
    """Create version 1 of the built-in questionnaire unless it exists; returns it."""
    existing = questionnaire_model.objects.filter(family=BUILTIN_FAMILY, version_number=1).first()
    if existing is not None:
        return existing
    questionnaire = questionnaire_model.objects.create(
        family=BUILTIN_FAMILY,
        version_number=1,
        title=BUILTIN_TITLE,
        description=(
            "Due diligence for converged (cyber and physical) security operations technology: "
            "the four briefing questions, unique selling points, R&D, depth per capability, "
            "delivery history, support and contract terms."
        ),
        unanswered_rule="zero",
        is_builtin=True,
    )
    capabilities = {cap.slug: cap for cap in capability_model.objects.all()}
    for section_position, (title, description, questions) in enumerate(SECTIONS, start=1):
        section = section_model.objects.create(
            questionnaire=questionnaire, position=section_position, title=title, description=description
        )
        for position, (code, kind, text, options) in enumerate(questions, start=1):
            question = question_model.objects.create(
                questionnaire=questionnaire,
                section=section,
                code=code,
                position=position,
                text=text,
                kind=kind,
                required=options.get("required", True),
                weight=options.get("weight", 1),
                evidence_required=options.get("evidence", False),
                capability=capabilities.get(options.get("capability", "")),
                currency=options.get("currency", ""),
            )
            choice_model.objects.bulk_create(
                choice_model(question=question, position=index, label=label, score=score)
                for index, (label, score) in enumerate(options.get("choices", []), start=1)
            )
    return questionnaire


def delete_builtin(questionnaire_model):
    questionnaire_model.objects.filter(
        family=BUILTIN_FAMILY, is_builtin=True, responses__isnull=True
    ).delete()
