"""Demo data for the vendor record: a fictional converged-SOC vendor landscape.

Called by ``manage.py seed_demo``. Every name, company, person and figure is
invented. Deterministic (no randomness, no clock: all dates hang off
``DEMO_TODAY``) and idempotent: a row is created only when its natural key is
missing, and nothing that exists is saved again, so a second run changes no
row, timestamp or version number.
"""

import datetime
from collections import namedtuple
from contextlib import contextmanager
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from vendors.models import (
    Briefing,
    Capability,
    CapabilityAssessment,
    Contract,
    FinancialFact,
    FundingEvent,
    RoadmapChange,
    RoadmapItem,
    Vendor,
)

DEMO_TODAY = datetime.date(2026, 11, 1)
DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published on purpose, see seed_demo's guard
# username, first name, last name, role group (None: administrator), what they do
DEMO_USERS = [
    ("admin", "Morgan", "Hale", None, "administrator (also /admin/)"),
    ("risk", "Rhiannon", "Keane", "Risk leader", "risk leader"),
    ("procurement", "Priya", "Natarajan", "Procurement", "procurement staff"),
    ("executive", "Edward", "Lindqvist", "Executive", "executive (read-only)"),
]
# Capability assessments every six months: two years of history show the pace.
ASSESSMENT_DATES = [
    datetime.date(*d) for d in ((2024, 11, 15), (2025, 5, 15), (2025, 11, 15), (2026, 5, 15), (2026, 10, 15))
]

KINDS = {"pub": "public_roadmap", "nda": "nda_briefing", "con": "contractual", "sales": "sales_promise"}
COVERAGE = {
    "inc": "included",
    "tier": "tier_upgrade",
    "addon": "paid_addon",
    "svc": "services",
    "wia": "when_if_available",
    "exc": "excluded",
    "unk": "unknown",
}
STATUS = {"ga": "delivered", "beta": "delivered", "dropped": "silently_dropped"}
EVIDENCE = {"S": "self_asserted", "D": "documented", "M": "demonstrated", "V": "verified", "C": "contractual"}
MODEL = {"n": "native", "p": "partner", "a": "acquired", "r": "roadmap_only"}
QUESTIONS = {
    "R": "covered_roadmap",
    "I": "covered_investment",
    "T": "covered_timeframe",
    "C": "covered_contract_terms",
}
REASONS = {
    "cloud": "Dependency on cloud partner API",
    "acq": "Re-prioritised after acquisition",
    "owner": "Engineering team consolidated after the change of ownership",
    "freeze": "Budget freeze after the change of ownership",
    "scope": "Scope widened after design-partner feedback",
    "escal": "Key engineers moved to a customer escalation",
    "model": "Model accuracy below target in the pilot",
    "aiact": "Regulatory review of the model under the EU AI Act",
    "gpu": "GPU supply for edge appliances delayed",
    "dpia": "Data-protection impact assessment required by the pilot customer",
    "hire": "Hiring for the automation team took longer than planned",
    "eval": "Model evaluation with customers extended",
    "integ": "Integration of the acquired product took longer than planned",
    "cert": "Certification of the radar module took longer than planned",
    "accr": "Accreditation by the national cyber agency",
    "lab": "Waiting for access to the parent group's OT test lab",
    "tiles": "Map tile provider changed its licensing terms",
    "defects": "Integration testing with reference customers found defects",
    "partner": "Partner SDK release postponed by the PSIM vendor",
    "review": "Waiting for the customer security review of webhook signing",
    "data": "Data-provider contract renegotiated",
}

# cap: capability slug; kind: KINDS key; promised: first promised date; status: ga/beta (delivered
# as), planned, in_progress, slipped, cancelled, dropped; done: delivery date; moves: re-baselines as
# "new-date reason-key"; cov/cost: contract coverage and extra cost; brief: index into the briefings.
Item = namedtuple(
    "Item", "cap title kind promised status done moves cov cost brief", defaults=(None, (), "inc", None, None)
)

SOURCES = {
    "pub": "Public roadmap page",
    "nda": "Roadmap deck under NDA",
    "con": "Contract schedule",
    "sales": "Account executive, by email",
}

# fmt: off
VENDORS = [
    {
        # 1. The deep specialist: few capabilities, deep and deepening evenly, keeps its dates.
        "slug": "alertwell-labs", "name": "Alertwell Labs", "website": "https://www.alertwell.example",
        "country": "Ireland", "founded": 2013, "headcount": 310, "ownership": "private",
        "status": "shortlisted",
        "usps": [
            "Alerts on physical-world events typically within two minutes of the first public signal",
            "Event detection in more than 60 languages, severity checked by an in-house analyst desk",
            "Geofences drawn from the customer's own sites, travellers and suppliers",
        ],
        "description": "Specialist in real-time event alerting and risk intelligence for corporate security "
                       "operations. Detects unrest, extreme weather, infrastructure outages and attacks from "
                       "open sources and sends geofenced alerts to GSOC operators. Deliberately narrow "
                       "portfolio, with a dedicated R&D team per capability; founder-owned and profitable.",
        "currency": "EUR", "confidence": "medium", "source": "Management accounts shared under NDA",
        # fiscal year, revenue and R&D spend in millions, R&D headcount
        "financials": [
            (2022, 31.0, 7.4, 70), (2023, 37.5, 8.8, 82), (2024, 44.0, 10.4, 95), (2025, 51.5, 12.1, 108),
        ],
        "funding": [
            ("2024-03-01", "grant", 1.2, "EU research grant for multilingual event detection"),
            ("2025-12-31", "organic", None, "Profitable since 2019; R&D paid from operations"),
        ],
        "contracts": [
            ("AW-PILOT-2026", "2026-03-01", "2027-02-28", 60, "60000.00", "Pilot (two regions)",
             "Released features only. Roadmap features that ship during the pilot are provided as beta on "
             "request; no commitment on roadmap dates."),
        ],
        "briefings": [
            ("2025-02-18", "RITC", "Founder and CEO\nVP Product\nOur head of GSOC\nCategory manager",
             "Full roadmap walk-through; R&D funded from operations plus one EU grant; dates per quarter; "
             "pilot terms discussed."),
            ("2026-04-22", "RT", "VP Product\nOur head of GSOC",
             "Roadmap update for 2026-27 with dates. Investment and terms not covered."),
        ],
        "capabilities": {
            "real-time-event-alerting": ("44555", "n", "V"),
            "threat-intelligence-platform": ("34445", "n", "M"), "geospatial-risk": ("34445", "n", "M"),
            "travel-and-executive-protection": ("33444", "n", "M"),
        },
        "items": [
            Item("real-time-event-alerting", "Mobile push alerts for the GSOC on-call",
                 "pub", "2024-09-30", "ga", "2024-09-12"),
            Item("geospatial-risk", "Asset risk heatmap", "pub", "2024-12-15", "ga", "2024-12-10"),
            Item("real-time-event-alerting", "Alert severity model v3 with analyst feedback loop",
                 "pub", "2025-03-31", "ga", "2025-03-18"),
            Item("geospatial-risk", "Site and supplier geofence import from the CMDB",
                 "pub", "2025-06-30", "ga", "2025-06-24", brief=0),
            Item("threat-intelligence-platform", "Threat actor profiles linked to events",
                 "nda", "2025-09-30", "ga", "2025-10-14", brief=0),
            Item("travel-and-executive-protection", "Traveller check-in with automatic alert matching",
                 "pub", "2025-12-15", "ga", "2025-12-01"),
            Item("real-time-event-alerting", "Arabic and Farsi dialect detection",
                 "pub", "2026-03-31", "beta", "2026-03-20"),
            Item("geospatial-risk", "Flood and wildfire risk layers",
                 "con", "2026-06-30", "ga", "2026-06-30", brief=1),
            Item("real-time-event-alerting", "Alert API v2 with signed webhooks",
                 "pub", "2026-09-30", "in_progress", moves=("2026-11-30 review",), brief=1),
            Item("threat-intelligence-platform", "SIEM connector for correlated alerts",
                 "nda", "2027-03-31", "planned", cov="tier", cost="30000.00", brief=1),
            Item("travel-and-executive-protection", "Executive protection app with offline maps",
                 "pub", "2027-06-30", "planned", cov="addon", cost="45000.00"),
        ],
    },
    {
        # 2. The broad but shallow suite: 25 capabilities, mostly announced or early, many slips.
        "slug": "omnistrata", "name": "Omnistrata", "website": "https://www.omnistrata.example",
        "country": "United States", "founded": 2009, "headcount": 4100, "ownership": "public",
        "status": "prospect",
        "usps": [
            "One contract for cyber, physical and resilience tooling",
            "More than 300 out-of-the-box integrations",
            "Global 24/7 support in 14 languages",
        ],
        "description": "Listed security platform vendor that has grown through a string of acquisitions into "
                       "a suite covering almost every box on the converged-SOC map. Most modules are recent, "
                       "thin, or resold from partners; the SIEM is the only mature product.",
        "currency": "USD", "confidence": "high", "source": "Annual report (10-K)",
        "financials": [
            (2022, 720.0, 79.2, 610), (2023, 760.0, 79.8, 640), (2024, 790.0, 79.0, 650),
            (2025, 805.0, 78.9, 655),
        ],
        "funding": [
            ("2022-05-10", "public_equity", 250.0, "Follow-on share offering to fund acquisitions"),
            ("2025-04-02", "debt", 90.0, "Term loan to finance the purchase of a PSIM start-up"),
        ],
        "contracts": [],
        "briefings": [
            ("2025-05-06", "R", "Regional sales director\nSolutions engineer\nCategory manager",
             "Sales-led slide deck. No dates, funding or contract terms offered."),
            ("2026-02-10", "RT", "Product marketing lead\nSolutions engineer\nOur risk leader",
             "Roadmap with half-year dates; investment and contract coverage deferred to a later call."),
        ],
        "capabilities": {
            "siem": ("33333", "a", "D"), "ueba": ("11222", "a", "S"),
            "security-data-lake": ("22222", "n", "S"), "network-detection-and-response": ("11112", "p", "S"),
            "edr-xdr": ("22222", "a", "S"), "soar": ("22222", "n", "S"),
            "incident-case-management": ("22222", "n", "D"), "threat-hunting": ("11111", "r", "S"),
            "threat-intelligence-platform": ("11222", "p", "S"),
            "real-time-event-alerting": ("--111", "r", "S"), "digital-risk-protection": ("11111", "p", "S"),
            "vulnerability-intelligence": ("22222", "p", "S"), "access-control": ("11122", "p", "S"),
            "visitor-management": ("11111", "r", "S"), "video-management": ("22222", "p", "S"),
            "video-analytics": ("11111", "p", "S"), "psim": ("11122", "a", "S"),
            "iot-sensor-integration": ("11111", "r", "S"), "geospatial-risk": ("--111", "r", "S"),
            "travel-and-executive-protection": ("11111", "p", "S"),
            "crisis-communication": ("11112", "a", "S"), "supply-chain-risk": ("-1111", "r", "S"),
            "insider-risk": ("11111", "r", "S"), "unified-operator-console": ("11111", "r", "S"),
            "cross-domain-correlation": ("11111", "r", "S"),
        },
        "items": [
            Item("psim", "PSIM alarm map view",
                 "sales", "2025-01-31", "ga", "2025-06-20", moves=("2025-03-31 integ", "2025-05-31 integ"),
                 cov="addon", cost="60000.00"),
            Item("video-analytics", "Video analytics through an OEM partner",
                 "sales", "2025-03-31", "dropped", cov="unk"),
            Item("edr-xdr", "XDR agent for macOS",
                 "pub", "2025-03-31", "ga", "2025-10-28", moves=("2025-09-30 acq",)),
            Item("access-control", "Connectors for four access-control panel families",
                 "pub", "2025-06-30", "beta", "2025-06-30", cov="tier", cost="40000.00"),
            Item("geospatial-risk", "Geospatial risk map",
                 "sales", "2025-06-30", "dropped", cov="unk", brief=0),
            Item("crisis-communication", "Mass notification module",
                 "pub", "2025-09-30", "slipped", moves=("2026-03-31 integ", "2026-09-30 acq"), cov="addon",
                 cost="35000.00", brief=0),
            Item("ueba", "UEBA for cloud identities", "pub", "2025-09-30", "ga", "2025-09-22"),
            Item("business-continuity-management", "Business continuity plan library",
                 "sales", "2025-10-31", "cancelled", cov="unk"),
            Item("cross-domain-correlation", "Cyber-physical correlation engine",
                 "nda", "2025-12-31", "slipped", moves=("2026-06-30 acq", "2027-03-31 scope"), cov="tier",
                 cost="120000.00", brief=0),
            Item("travel-and-executive-protection", "Traveller tracking",
                 "sales", "2025-12-31", "dropped", cov="unk"),
            Item("supply-chain-risk", "Supplier risk scoring",
                 "pub", "2026-03-31", "in_progress", cov="wia", brief=1),
            Item("unified-operator-console", "Single pane of glass for SOC and GSOC",
                 "sales", "2026-06-30", "planned", cov="tier", cost="95000.00"),
            Item("soar", "Low-code playbook designer",
                 "pub", "2026-06-30", "ga", "2026-10-20", moves=("2026-10-15 integ",), brief=1),
            Item("insider-risk", "Insider risk module",
                 "nda", "2026-09-30", "slipped", moves=("2027-06-30 acq",), cov="addon", cost="75000.00",
                 brief=1),
            Item("iot-sensor-integration", "IoT sensor gateway", "pub", "2027-03-31", "planned", cov="unk"),
        ],
    },
    {
        # 3. The private-equity buy-out: R&D share falls from 18 % to 10 %, delivery decays after the deal.
        "slug": "corvane-systems", "name": "Corvane Systems", "website": "https://www.corvane.example",
        "country": "Netherlands", "founded": 2004, "headcount": 860, "ownership": "pe_owned",
        "status": "shortlisted",
        "usps": [
            "PSIM installed at more than 400 critical-infrastructure sites",
            "Certified integrations with the main access-control and video platforms",
            "On-premises and air-gapped deployments supported",
        ],
        "description": "Long-established PSIM and operator-console vendor. Acquired in February 2024 by the "
                       "fictional Harbourgate Capital Partners; since then R&D has been cut, the converged "
                       "risk register and the cyber panel have disappeared from the roadmap, and the "
                       "remaining dates keep moving.",
        "currency": "EUR", "confidence": "high", "source": "Filed statutory accounts",
        "financials": [
            (2022, 96.0, 17.76, 160), (2023, 104.0, 18.72, 168), (2024, 112.0, 15.68, 138),
            (2025, 121.0, 12.1, 112),
        ],
        "funding": [
            ("2021-12-31", "organic", None, "R&D funded from operations before the buy-out"),
            ("2024-02-12", "private_equity", None,
             "Majority buy-out by Harbourgate Capital Partners; secondary sale, no new money into the "
             "company"),
        ],
        "contracts": [
            ("CRV-2023-PSIM", "2023-04-01", "2026-03-31", 90, "310000.00", "Premium",
             "Premium tier: roadmap features for PSIM and console included during the term."),
            ("CRV-2026-EXT", "2026-04-01", "2027-03-31", 90, "335000.00", "Standard",
             "One-year extension on standard terms. Future features 'when and if available'; no roadmap "
             "commitment forms part of the agreement."),
        ],
        "briefings": [
            ("2023-11-14", "RITC", "CTO\nHead of product\nOur head of GSOC\nCategory manager",
             "Roadmap to 2025 with quarters; R&D funded from operations; premium tier covers it."),
            ("2024-10-02", "RC", "New COO\nAccount manager\nCategory manager",
             "First briefing after the buy-out. Investment question declined; renewal terms tabled."),
            ("2026-05-20", "R", "Account manager\nSolutions engineer",
             "Short roadmap update; no dates given."),
        ],
        "capabilities": {
            "psim": ("44444", "n", "M"), "unified-operator-console": ("33333", "n", "M"),
            "video-management": ("33333", "n", "D"), "access-control": ("33333", "p", "D"),
            "guard-and-mobile-workforce": ("22222", "n", "D"), "converged-risk-register": ("22222", "r", "S"),
        },
        "items": [
            Item("psim", "Alarm workflow designer", "pub", "2023-09-30", "ga", "2023-09-15"),
            Item("access-control", "Mobile credentials (BLE and NFC)",
                 "pub", "2023-12-31", "ga", "2023-12-20", brief=0),
            Item("unified-operator-console", "Operator console redesign",
                 "nda", "2024-03-31", "ga", "2024-03-28", brief=0),
            Item("video-management", "Cloud video archive",
                 "pub", "2024-06-30", "ga", "2025-02-14", moves=("2024-12-31 acq",), cov="addon",
                 cost="48000.00", brief=0),
            Item("converged-risk-register", "Converged risk register",
                 "nda", "2024-09-30", "dropped", brief=0),
            Item("psim", "PSIM rules engine v2",
                 "pub", "2025-03-31", "slipped", moves=("2025-09-30 acq", "2026-03-31 owner"), brief=1),
            Item("guard-and-mobile-workforce", "Guard tour app rewrite",
                 "pub", "2025-06-30", "dropped", brief=1),
            Item("access-control", "Visitor self-service kiosk",
                 "sales", "2025-09-30", "beta", "2025-12-15", cov="addon", cost="22000.00"),
            Item("unified-operator-console", "Cyber alert panel in the operator console",
                 "nda", "2025-12-31", "dropped", brief=1),
            Item("video-management", "Video analytics marketplace",
                 "pub", "2026-06-30", "slipped", moves=("2027-03-31 freeze",), cov="wia", brief=2),
            Item("psim", "Open API v3", "pub", "2027-06-30", "planned", cov="unk"),
        ],
    },
    {
        # 4. The VC-backed start-up: high R&D intensity, uneven growth, dates that keep moving.
        "slug": "nimbleflare", "name": "Nimbleflare", "website": "https://nimbleflare.example",
        "country": "Estonia", "founded": 2020, "headcount": 140, "ownership": "vc_backed",
        "status": "prospect",
        "usps": [
            "Graph-based correlation of cyber and physical signals in one model",
            "Cloud-native, deployed in a day",
            "Design-partner programme with direct access to the engineering team",
        ],
        "description": "Fast-growing start-up building an AI-driven converged operations platform. Strong "
                       "correlation engine, uneven elsewhere; the roadmap is ambitious and re-baselined "
                       "often, with some items moved three times.",
        "currency": "EUR", "confidence": "low", "source": "Investor deck and founder statements",
        "financials": [
            (2022, 2.6, 2.6, 30), (2023, 4.6, 4.4, 48), (2024, 8.5, 7.6, 70), (2025, 15.0, 12.0, 92),
        ],
        "funding": [
            ("2021-09-14", "venture", 4.0, "Seed round"),
            ("2023-03-15", "venture", 18.0, "Series A"),
            ("2024-06-03", "grant", 0.8, "Innovation agency grant for edge video research"),
            ("2025-01-20", "venture", 45.0, "Series B led by the fictional Northlight Ventures"),
        ],
        "contracts": [
            ("NF-POC-2025", "2025-10-01", "2026-03-31", 30, "25000.00", "Proof of concept",
             "Proof of concept only; no rights to future features."),
        ],
        "briefings": [
            ("2025-02-05", "RIT", "Co-founder and CEO\nCTO\nOur risk leader",
             "Very open on roadmap and funding; contract terms not discussed."),
            ("2025-11-12", "RITC", "CTO\nHead of customer success\nOur risk leader\nCategory manager",
             "All four questions answered; dates re-confirmed for H1 2026."),
            ("2026-07-08", "RT", "CTO\nProduct manager", "Roadmap refresh; several dates moved again."),
        ],
        "capabilities": {
            "cross-domain-correlation": ("12244", "n", "D"), "unified-incident-model": ("11234", "n", "D"),
            "insider-risk": ("11111", "r", "S"), "iot-sensor-integration": ("-2222", "n", "S"),
            "video-analytics": ("--113", "n", "D"), "ueba": ("22333", "n", "M"), "soar": ("---12", "n", "S"),
        },
        "items": [
            Item("cross-domain-correlation", "Correlation graph v1",
                 "pub", "2025-03-31", "ga", "2025-07-15", moves=("2025-06-30 scope",), brief=0),
            Item("unified-incident-model", "Incident timeline with physical events",
                 "nda", "2025-06-30", "ga", "2026-03-10", moves=("2025-10-31 cloud", "2026-02-28 escal"),
                 brief=0),
            Item("ueba", "Risk scoring for contractors", "pub", "2025-06-30", "beta", "2025-06-20"),
            Item("video-analytics", "Edge video anomaly detection",
                 "nda", "2025-09-30", "slipped",
                 moves=("2026-03-31 model", "2026-09-30 aiact", "2027-03-31 gpu"), cov="addon",
                 cost="90000.00", brief=0),
            Item("iot-sensor-integration", "Building sensor adapters (BACnet, Modbus)",
                 "pub", "2025-10-31", "ga", "2025-10-31"),
            Item("insider-risk", "Insider risk model with badge data",
                 "sales", "2025-12-31", "slipped", moves=("2026-06-30 scope", "2026-09-30 dpia"), cov="tier",
                 cost="40000.00"),
            Item("unified-incident-model", "On-premises deployment option",
                 "sales", "2026-01-31", "dropped", brief=1),
            Item("soar", "Automated response playbooks",
                 "pub", "2026-03-31", "in_progress", moves=("2026-08-31 hire", "2026-12-15 cloud"), brief=1),
            Item("cross-domain-correlation", "Natural-language investigation assistant",
                 "nda", "2026-06-30", "in_progress", moves=("2026-10-31 eval", "2027-02-28 eval"), brief=1),
            Item("video-analytics", "Crowd density analytics", "pub", "2027-06-30", "planned", brief=2),
            Item("cross-domain-correlation", "Supplier-site correlation",
                 "nda", "2027-09-30", "planned", cov="wia", brief=2),
        ],
    },
    {
        # 5. The reliable incumbent: listed, steady 15 % R&D, keeps its dates, clear future-features clause.
        "slug": "ardmoor-security", "name": "Ardmoor Security",
        "website": "https://www.ardmoor-security.example", "country": "United Kingdom", "founded": 1998,
        "headcount": 2400, "ownership": "public", "status": "incumbent",
        "usps": [
            "SIEM, SOAR and case management on one data model since 2019",
            "Contractual delivery commitments for the published roadmap",
            "Physical alarms already land in the same incident record",
        ],
        "description": "Our current SOC platform provider. Listed, steady investor in R&D (about 15 % of "
                       "revenue for years), methodical rather than fast. Cyber-first, but its incident model "
                       "now takes physical alarms and it is building cross-domain correlation.",
        "currency": "GBP", "confidence": "high", "source": "Audited annual report",
        "financials": [
            (2022, 410.0, 62.32, 520), (2023, 432.0, 64.37, 540), (2024, 455.0, 68.71, 565),
            (2025, 478.0, 71.7, 590),
        ],
        "funding": [
            ("2025-03-31", "organic", None, "R&D funded from operations (annual report, note 6)"),
        ],
        "contracts": [
            ("ARD-2021-SOC", "2021-01-01", "2023-12-31", 180, "980000.00", "Enterprise",
             "Features released for licensed products during the term are included."),
            ("ARD-2024-SOC", "2024-01-01", "2027-12-31", 180, "1150000.00", "Enterprise",
             "Clause 14.2 (Future functionality): all features and modules released for the licensed SIEM, "
             "SOAR and case-management products during the term are included at no extra charge. Products "
             "outside these families are offered at list price less 25 %. Items on the roadmap in Schedule 7 "
             "are committed for delivery within the term."),
        ],
        "briefings": [
            ("2025-01-28", "RITC", "Chief product officer\nAccount director\nOur CISO\nOur risk leader",
             "Annual roadmap review: all four questions answered with evidence."),
            ("2025-10-09", "RITC", "Chief product officer\nHead of physical integrations\nOur risk leader",
             "Converged roadmap: physical alarms, correlation, console."),
            ("2026-06-17", "RTC", "Account director\nProduct manager",
             "Mid-year update; investment not revisited."),
        ],
        "capabilities": {
            "siem": ("44444", "n", "V"), "soar": ("33444", "n", "V"),
            "incident-case-management": ("44444", "n", "C"), "ueba": ("33333", "n", "M"),
            "edr-xdr": ("33333", "p", "M"), "unified-incident-model": ("33344", "n", "V"),
            "cross-domain-correlation": ("22233", "n", "M"), "crisis-communication": ("33333", "n", "M"),
        },
        "items": [
            Item("siem", "Cloud log tier with 13-month hot retention",
                 "con", "2024-10-31", "ga", "2024-10-15"),
            Item("soar", "Playbook versioning and approval workflow",
                 "pub", "2025-01-31", "ga", "2025-01-31"),
            Item("incident-case-management", "Regulatory notification timers (NIS2, DORA)",
                 "con", "2025-04-30", "ga", "2025-04-11", brief=0),
            Item("unified-incident-model", "Physical alarm ingestion into the incident record",
                 "nda", "2025-06-30", "ga", "2025-06-27", brief=0),
            Item("ueba", "Peer-group baselines for service accounts",
                 "pub", "2025-09-30", "ga", "2025-11-12"),
            Item("cross-domain-correlation", "Badge and login anomaly correlation",
                 "nda", "2025-12-31", "ga", "2025-12-19", brief=1),
            Item("crisis-communication", "Two-way SMS and voice escalation",
                 "pub", "2026-03-31", "ga", "2026-03-24"),
            Item("siem", "Detection-as-code repository sync", "pub", "2026-06-30", "ga", "2026-06-15"),
            Item("cross-domain-correlation", "Video event correlation with PSIM partners",
                 "nda", "2026-09-30", "in_progress", moves=("2027-01-31 partner",), brief=1),
            Item("unified-incident-model", "Unified operator console (SOC and GSOC)",
                 "con", "2027-06-30", "planned", cov="tier", cost="85000.00", brief=2),
            Item("crisis-communication", "Executive crisis room on mobile",
                 "pub", "2028-03-31", "planned", cov="wia", brief=2),
        ],
    },
    {
        # 6. The physical-security specialist: deep in video and access control, weak in cyber.
        "slug": "lanternfield-vision", "name": "Lanternfield Vision",
        "website": "https://www.lanternfield.example", "country": "Sweden", "founded": 2006, "headcount": 620,
        "ownership": "private", "status": "shortlisted",
        "usps": [
            "Video analytics models trained on customers' own sites, on premises",
            "Open access-control platform supporting more than 90 reader types",
            "Radar and video fusion for long perimeters",
        ],
        "description": "Physical-security specialist: video management and analytics, access control and "
                       "perimeter detection. Excellent on site, thin on cyber: it exports events to a SIEM "
                       "but correlates nothing itself.",
        "currency": "SEK", "confidence": "medium", "source": "Annual report (unaudited extract)",
        "financials": [
            (2023, 1150.0, 195.5, 140), (2024, 1260.0, 214.2, 152), (2025, 1380.0, 232.0, 161),
        ],
        "funding": [
            ("2022-09-01", "private_equity", 300.0, "Minority growth investment by a Nordic fund"),
        ],
        "contracts": [
            ("LFV-2025-VID", "2025-05-01", "2028-04-30", 90, "2400000.00", "Professional",
             "Analytics models released during the term are included for licensed cameras; new analytics "
             "packages are paid add-ons."),
        ],
        "briefings": [
            ("2025-04-03", "RITC", "CTO\nKey account manager\nOur head of GSOC\nCategory manager",
             "All four questions covered; radar module certification flagged as a risk."),
            ("2026-03-11", "RTC", "Product manager\nKey account manager",
             "Roadmap and dates; cyber correlation only via a partner."),
        ],
        "capabilities": {
            "video-analytics": ("44455", "n", "V"), "video-management": ("44444", "n", "V"),
            "access-control": ("34444", "n", "V"), "intrusion-and-perimeter-detection": ("33344", "n", "M"),
            "visitor-management": ("33333", "n", "M"), "siem": ("11111", "r", "S"),
            "cross-domain-correlation": ("11122", "p", "S"),
        },
        "items": [
            Item("video-analytics", "Loitering and tailgating detection v2",
                 "pub", "2025-03-31", "ga", "2025-03-10"),
            Item("access-control", "Mobile credentials with wallet support",
                 "pub", "2025-06-30", "ga", "2025-07-21", brief=0),
            Item("video-management", "Video redaction for GDPR requests",
                 "con", "2025-09-30", "ga", "2025-09-30", brief=0),
            Item("intrusion-and-perimeter-detection", "Radar and video fusion for perimeters",
                 "nda", "2025-12-31", "ga", "2026-04-22", moves=("2026-04-30 cert",), cov="addon",
                 cost="380000.00", brief=0),
            Item("siem", "Syslog and CEF export of access events",
                 "pub", "2026-03-31", "ga", "2026-02-27", brief=1),
            Item("video-analytics", "Weapon detection pilot",
                 "nda", "2026-09-30", "beta", "2026-09-18", cov="addon", cost="150000.00", brief=1),
            Item("visitor-management", "Visitor pre-registration portal", "pub", "2027-01-31", "planned"),
            Item("cross-domain-correlation", "Camera tamper alerts correlated with network events",
                 "nda", "2027-03-31", "planned", cov="tier", cost="90000.00", brief=1),
        ],
    },
    {
        # 7. The subsidiary of a defence group: R&D partly paid by the parent.
        "slug": "marrowgate-defence-digital", "name": "Marrowgate Defence Digital",
        "website": "https://digital.marrowgate.example", "country": "United Kingdom", "founded": 2015,
        "headcount": 900, "ownership": "subsidiary", "status": "prospect",
        "usps": [
            "Threat intelligence from the group's government work, sanitised for industry",
            "Sovereign hosting in the UK with security-cleared staff",
        ],
        "description": "Cyber subsidiary of the fictional Marrowgate Industries defence group. Solid threat "
                       "intelligence and network detection; part of its R&D is paid by the parent's "
                       "innovation fund and by government programmes.",
        "currency": "GBP", "confidence": "medium", "source": "Parent group segment reporting",
        "financials": [
            (2023, 140.0, 28.0, 210), (2024, 152.0, 30.4, 225), (2025, 165.0, 31.35, 236),
        ],
        "funding": [
            ("2023-04-01", "parent", 10.0, "Group innovation fund allocation"),
            ("2024-04-01", "parent", 12.0, "Group innovation fund allocation"),
            ("2025-04-01", "parent", 12.0, "Group innovation fund allocation"),
            ("2025-07-15", "grant", 3.0, "Government cyber-resilience programme"),
        ],
        "contracts": [],
        "briefings": [
            ("2025-06-12", "RI", "Managing director\nHead of threat intelligence",
             "Roadmap and the parent's funding; no dates given."),
            ("2026-01-21", "RITC", "Managing director\nProduct director\nOur risk leader",
             "Complete briefing with dates and indicative terms."),
        ],
        "capabilities": {
            "threat-intelligence-platform": ("33344", "n", "M"),
            "network-detection-and-response": ("33333", "n", "M"), "siem": ("22333", "p", "D"),
            "security-data-lake": ("33333", "n", "D"), "vulnerability-intelligence": ("33344", "n", "D"),
            "crisis-communication": ("22222", "p", "S"), "insider-risk": ("22333", "n", "D"),
        },
        "items": [
            Item("threat-intelligence-platform", "Sector threat feeds for energy and finance",
                 "pub", "2025-03-31", "ga", "2025-04-30"),
            Item("network-detection-and-response", "Encrypted traffic analytics",
                 "nda", "2025-06-30", "ga", "2025-06-16", brief=0),
            Item("vulnerability-intelligence", "Exploit prediction scoring",
                 "pub", "2025-09-30", "ga", "2026-01-20", moves=("2026-01-31 accr",), brief=0),
            Item("security-data-lake", "Sovereign cloud deployment (UK region)",
                 "con", "2025-12-31", "ga", "2025-12-12"),
            Item("siem", "Detection content for OT networks",
                 "pub", "2026-06-30", "in_progress", moves=("2026-12-31 lab",), brief=1),
            Item("insider-risk", "Insider risk analytics with HR signals",
                 "nda", "2026-09-30", "cancelled", brief=1),
            Item("crisis-communication", "Crisis communication integration",
                 "pub", "2027-03-31", "planned", cov="wia"),
        ],
    },
    {
        # 8. The mid-size converged-operations player: balanced, average delivery.
        "slug": "quorvia", "name": "Quorvia", "website": "https://www.quorvia.example", "country": "Canada",
        "founded": 2011, "headcount": 480, "ownership": "private", "status": "shortlisted",
        "usps": [
            "One incident queue for SOC and GSOC operators",
            "Crisis communication and continuity built into incident handling",
            "Correlation rule library maintained with customers",
        ],
        "description": "Mid-size converged-operations platform: unified incidents, operator console, crisis "
                       "communication and continuity. Even development across its portfolio; delivery dates "
                       "are mostly kept within a quarter.",
        "currency": "CAD", "confidence": "medium", "source": "Audited accounts shared under NDA",
        "financials": [
            (2022, 62.0, 9.92, 58), (2023, 70.0, 11.2, 64), (2024, 79.0, 12.64, 71), (2025, 88.0, 14.52, 80),
        ],
        "funding": [
            ("2022-06-30", "private_equity", 25.0, "Minority growth investment"),
            ("2024-10-01", "debt", 8.0, "Venture debt for product expansion"),
        ],
        "contracts": [
            ("QV-2026-PILOT", "2026-01-15", "2027-01-14", 60, "140000.00", "Converged Ops Standard",
             "Roadmap features for licensed modules delivered during the term are included; items in Annex B "
             "are delivered 'when and if available'."),
        ],
        "briefings": [
            ("2025-09-17", "RITC", "CEO\nVP Engineering\nOur head of GSOC\nCategory manager",
             "All four questions covered."),
            ("2026-05-06", "RTC", "VP Engineering\nCustomer success manager",
             "Roadmap, dates and pilot terms."),
        ],
        "capabilities": {
            "unified-incident-model": ("33444", "n", "M"), "cross-domain-correlation": ("23334", "n", "M"),
            "unified-operator-console": ("33344", "n", "M"), "psim": ("33333", "p", "D"),
            "crisis-communication": ("33344", "n", "M"),
            "business-continuity-management": ("22333", "n", "D"),
            "converged-risk-register": ("23333", "n", "D"), "geospatial-risk": ("22233", "p", "D"),
        },
        "items": [
            Item("unified-incident-model", "Incident merge across cyber and physical queues",
                 "pub", "2025-03-31", "ga", "2025-03-31"),
            Item("crisis-communication", "Multi-channel mass notification",
                 "pub", "2025-06-30", "ga", "2025-08-18"),
            Item("cross-domain-correlation", "Correlation rule library (50 rules)",
                 "nda", "2025-09-30", "ga", "2025-09-26", brief=0),
            Item("unified-operator-console", "Map layers in the operator console",
                 "pub", "2025-12-31", "ga", "2026-02-26", moves=("2026-02-28 tiles",), brief=0),
            Item("business-continuity-management", "Business impact analysis module",
                 "pub", "2026-03-31", "beta", "2026-03-30", cov="addon", cost="18000.00", brief=0),
            Item("psim", "PSIM connector pack for legacy panels",
                 "sales", "2026-06-30", "dropped", cov="unk"),
            Item("converged-risk-register", "Risk register linked to live incidents",
                 "nda", "2026-08-31", "in_progress", moves=("2026-10-31 defects",), brief=1),
            Item("geospatial-risk", "Third-party risk overlays on the map",
                 "pub", "2027-02-28", "planned", cov="tier", cost="25000.00", brief=1),
        ],
    },
    {
        # 9. The rejected vendor: sales promises, self-asserted claims, silent drops.
        "slug": "bellwright-analytics", "name": "Bellwright Analytics",
        "website": "https://bellwright.example", "country": "Singapore", "founded": 2017, "headcount": 95,
        "ownership": "vc_backed", "status": "rejected",
        "usps": [
            "Supplier cyber ratings from outside-in scanning",
            "Dark-web monitoring for brand and credentials",
        ],
        "description": "Digital-risk and supplier-rating start-up. Rejected in the 2026 pre-selection: "
                       "claims were self-asserted, two sales promises vanished from the roadmap without "
                       "notice and the vendor declined to discuss funding, dates or contract terms.",
        "currency": "USD", "confidence": "low", "source": "Vendor statements; 2025 revenue not disclosed",
        "financials": [
            (2023, 9.0, 3.2, 31), (2024, 10.5, 3.0, 29), (2025, None, 2.9, 27),
        ],
        "funding": [
            ("2022-08-01", "venture", 12.0, "Series A"),
            ("2025-05-01", "debt", 4.0, "Venture debt"),
        ],
        "contracts": [],
        "briefings": [
            ("2025-08-20", "R", "Sales director",
             "Roadmap slides only. Declined to discuss funding, timeframe or contract terms."),
        ],
        "capabilities": {
            "digital-risk-protection": ("22222", "n", "S"), "supply-chain-risk": ("11222", "n", "S"),
            "threat-intelligence-platform": ("22222", "p", "S"), "geospatial-risk": ("11111", "r", "S"),
        },
        "items": [
            Item("digital-risk-protection", "Dark-web credential monitoring",
                 "sales", "2025-06-30", "dropped"),
            Item("supply-chain-risk", "Supplier cyber ratings API",
                 "sales", "2025-09-30", "slipped", moves=("2026-03-31 data",), brief=0),
            Item("threat-intelligence-platform", "STIX and TAXII 2.1 export",
                 "pub", "2025-12-31", "ga", "2025-12-15"),
            Item("geospatial-risk", "Geospatial supplier map", "sales", "2026-03-31", "dropped", brief=0),
            Item("supply-chain-risk", "Fourth-party risk discovery",
                 "nda", "2027-06-30", "planned", cov="unk"),
        ],
    },
]
# fmt: on


def _d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def seed_users(stdout) -> None:
    """One demo user per role; the password is set only when the user is created."""
    user_model = get_user_model()
    password = None
    for username, first, last, role, _ in DEMO_USERS:
        if not user_model.objects.filter(username=username).exists():
            # Hashing is slow on purpose; hash once, and only when someone is new.
            password = password or make_password(DEMO_PASSWORD)
        fields = {
            "first_name": first,
            "last_name": last,
            "email": f"{username}@vendor-tracker.example",
            "is_active": True,
            "is_staff": role is None,
            "is_superuser": role is None,
        }
        user, created = user_model.objects.update_or_create(
            username=username, defaults=fields, create_defaults={**fields, "password": password}
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        stdout.write(f"  user {username}: {'created' if created else 'already there'}")


@contextmanager
def _changes_recorded_on(day: datetime.date):
    """Date the re-baseline log entries written inside the block on ``day``.

    RoadmapItem.save() writes the log entry with ``changed_at=timezone.now``
    and rebaseline() takes no date, so without this the demo history would say
    that every slip was recorded the moment the demo was seeded.
    """
    field = RoadmapChange._meta.get_field("changed_at")
    saved = field.default
    when = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)
    field.default = lambda: when
    field.__dict__.pop("_get_default", None)  # a cached_property on Field
    try:
        yield
    finally:
        field.default = saved
        field.__dict__.pop("_get_default", None)


def _add_missing(model, vendor, rows: list, key: tuple[str, ...]) -> int:
    """bulk_create the rows whose natural key is not there yet; return how many."""
    existing = set(model.objects.filter(vendor=vendor).values_list(*key))
    missing = [row for row in rows if tuple(getattr(row, name) for name in key) not in existing]
    model.objects.bulk_create(missing)
    return len(missing)


def _create_item(vendor, spec: Item, currency: str, capabilities, briefings, user) -> None:
    """Create one roadmap item through save(), re-baselining it as the vendor did."""
    promised = _d(spec.promised)
    item = RoadmapItem(
        vendor=vendor,
        capability=capabilities[spec.cap],
        title=spec.title,
        commitment_kind=KINDS[spec.kind],
        first_promised_date=promised,
        target_date=promised,
        contract_coverage=COVERAGE[spec.cov],
        coverage_cost=Decimal(spec.cost) if spec.cost is not None else None,
        currency=currency,
        source=f"Briefing of {briefings[spec.brief].date:%d %B %Y}"
        if spec.brief is not None
        else SOURCES[spec.kind],
        briefing=briefings[spec.brief] if spec.brief is not None else None,
    )
    moves = [(_d(move.split()[0]), REASONS[move.split()[1]]) for move in spec.moves]
    if moves:
        item.status = "in_progress"
        item.save()
    old = promised
    for n, (new_date, reason) in enumerate(moves):
        # A slip is usually announced about ten days before the date it misses.
        recorded = min(old - datetime.timedelta(days=10), DEMO_TODAY)
        item.rebaseline(new_date, reason, user)
        if n == len(moves) - 1:
            _finish(item, spec)
        with _changes_recorded_on(recorded):
            item.save()
        old = new_date
    if not moves:
        _finish(item, spec)
        item.save()


def _finish(item: RoadmapItem, spec: Item) -> None:
    item.status = STATUS.get(spec.status, spec.status)
    if spec.status in ("ga", "beta"):
        item.delivered_as = spec.status
        item.delivered_date = _d(spec.done)


def _seed_vendor(spec: dict, capabilities, users) -> tuple[Vendor, int]:
    vendor, _ = Vendor.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"],
            "website": spec["website"],
            "country": spec["country"],
            "founded": spec["founded"],
            "headcount": spec["headcount"],
            "ownership": spec["ownership"],
            "status": spec["status"],
            "unique_selling_points": "\n".join(spec["usps"]),
            "description": spec["description"],
        },
    )
    currency = spec["currency"]
    procurement, risk = users["procurement"], users["risk"]

    assessments = []
    for slug, (path, model, evidence) in spec["capabilities"].items():
        for day, level in zip(ASSESSMENT_DATES, path, strict=True):
            if level != "-":
                assessments.append(
                    CapabilityAssessment(
                        vendor=vendor,
                        capability=capabilities[slug],
                        assessed_on=day,
                        maturity=int(level),
                        delivery_model=MODEL[model],
                        evidence_grade=EVIDENCE[evidence],
                        assessed_by=procurement,
                    )
                )
    _add_missing(CapabilityAssessment, vendor, assessments, ("capability_id", "assessed_on"))

    million = Decimal(1_000_000)
    financials = [
        FinancialFact(
            vendor=vendor,
            fiscal_year=year,
            currency=currency,
            confidence=spec["confidence"],
            revenue=Decimal(str(revenue)) * million if revenue is not None else None,
            rd_spend=Decimal(str(rd)) * million if rd is not None else None,
            rd_headcount=rd_people,
            source=spec["source"],
        )
        for year, revenue, rd, rd_people in spec["financials"]
    ]
    _add_missing(FinancialFact, vendor, financials, ("fiscal_year",))
    funding = [
        FundingEvent(
            vendor=vendor,
            date=_d(day),
            kind=kind,
            currency=currency,
            note=note,
            amount=Decimal(str(amount)) * million if amount is not None else None,
        )
        for day, kind, amount, note in spec["funding"]
    ]
    _add_missing(FundingEvent, vendor, funding, ("date", "kind"))
    contracts = [
        Contract(
            vendor=vendor,
            reference=ref,
            start_date=_d(start),
            end_date=_d(end),
            notice_period_days=notice,
            annual_value=Decimal(value),
            currency=currency,
            tier=tier,
            future_features_clause=clause,
        )
        for ref, start, end, notice, value, tier, clause in spec["contracts"]
    ]
    _add_missing(Contract, vendor, contracts, ("reference",))
    briefings = [
        Briefing(
            vendor=vendor,
            date=_d(day),
            attendees=attendees,
            notes=notes,
            **{field: letter in covered for letter, field in QUESTIONS.items()},
        )
        for day, covered, attendees, notes in spec["briefings"]
    ]
    _add_missing(Briefing, vendor, briefings, ("date",))
    by_date = {briefing.date: briefing for briefing in Briefing.objects.filter(vendor=vendor)}
    briefings = [by_date[_d(day)] for day, *_ in spec["briefings"]]

    existing = set(RoadmapItem.objects.filter(vendor=vendor).values_list("title", flat=True))
    new_items = [item for item in spec["items"] if item.title not in existing]
    for item in new_items:
        _create_item(vendor, item, currency, capabilities, briefings, risk)
    return vendor, len(new_items)


def seed(stdout) -> None:
    """Create the demo vendors with their full record (needs seed_users first)."""
    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=["risk", "procurement"])
    }
    capabilities = {capability.slug: capability for capability in Capability.objects.all()}
    for spec in VENDORS:
        vendor, new_items = _seed_vendor(spec, capabilities, users)
        stdout.write(f"  vendor {vendor.name}: {new_items} new roadmap items")
