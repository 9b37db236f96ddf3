"""Seed the converged-SOC capability taxonomy (reversible)."""

from django.db import migrations
from django.utils.text import slugify

TAXONOMY = [
    ("Security monitoring and analytics", "cyber", "Collecting and analysing security telemetry.", [
        ("SIEM", "Security information and event management: collection, correlation, retention."),
        ("UEBA", "User and entity behaviour analytics."),
        ("Security data lake", "Scalable storage and search of raw security telemetry."),
        ("Network detection and response", "Detection from network traffic and flow data."),
    ]),
    ("Detection and response", "cyber", "Finding and containing attacks on endpoints and workloads.", [
        ("EDR/XDR", "Endpoint and extended detection and response."),
        ("SOAR", "Security orchestration, automation and response playbooks."),
        ("Incident case management", "Tracking incidents from triage to closure."),
        ("Threat hunting", "Analyst-led, hypothesis-driven search for intrusions."),
    ]),
    ("Threat and risk intelligence", "cyber", "Knowing about threats before they arrive.", [
        ("Threat intelligence platform", "Aggregating, scoring and sharing threat indicators."),
        ("Real-time event alerting", "Alerts on world events (unrest, disasters, outages) near assets and people."),
        ("Digital risk protection", "Monitoring the open, deep and dark web for brand and data exposure."),
        ("Vulnerability intelligence", "Prioritising vulnerabilities by exploitation in the wild."),
    ]),
    ("Access and identity", "physical", "Who may enter which building, room or zone.", [
        ("Access control", "Doors, readers, credentials and access policies."),
        ("Visitor management", "Registering, badging and escorting visitors."),
        ("Identity and credential lifecycle", "Joining, moving and leaving across badges and accounts."),
    ]),
    ("Video and sensors", "physical", "Seeing and sensing what happens on site.", [
        ("Video management", "Recording, live view and retrieval of video."),
        ("Video analytics", "Automated detection in video: intrusion, loitering, crowding, objects."),
        ("Intrusion and perimeter detection", "Alarms, fences, radar and lidar."),
        ("IoT sensor integration", "Bringing building and environmental sensors into operations."),
    ]),
    ("Physical security operations", "physical", "Running guards, sites and people's safety.", [
        ("PSIM", "Physical security information management: one console for site alarms."),
        ("Guard and mobile workforce", "Guard tours, dispatch and lone-worker protection."),
        ("Travel and executive protection", "Tracking and protecting travellers and executives."),
        ("Geospatial risk", "Maps of assets, people and threats with risk layers."),
    ]),
    ("Converged operations", "convergence", "One operations centre for cyber and physical risk.", [
        ("Unified incident model", "One incident record whatever its cyber or physical origin."),
        ("Cross-domain correlation", "Linking cyber and physical signals about the same event."),
        ("Converged risk register", "Cyber and physical risks scored on one scale."),
        ("Unified operator console", "A single pane for SOC and GSOC operators."),
    ]),
    ("Resilience and crisis", "convergence", "Keeping the business running when things go wrong.", [
        ("Crisis communication", "Mass notification and two-way communication in a crisis."),
        ("Business continuity management", "Plans, exercises and recovery tracking."),
        ("Supply-chain risk", "Monitoring suppliers for cyber, physical and geopolitical risk."),
        ("Insider risk", "Detecting insider threats from combined cyber and physical signals."),
    ]),
]


def seed(apps, schema_editor):
    domain_model = apps.get_model("vendors", "CapabilityDomain")
    capability_model = apps.get_model("vendors", "Capability")
    for position, (name, area, description, capabilities) in enumerate(TAXONOMY, start=1):
        domain, _ = domain_model.objects.update_or_create(
            slug=slugify(name),
            defaults={"name": name, "area": area, "description": description, "position": position},
        )
        for cap_position, (cap_name, cap_description) in enumerate(capabilities, start=1):
            capability_model.objects.update_or_create(
                slug=slugify(cap_name.replace("/", " ")),
                defaults={
                    "name": cap_name,
                    "domain": domain,
                    "description": cap_description,
                    "position": cap_position,
                },
            )


def unseed(apps, schema_editor):
    domain_model = apps.get_model("vendors", "CapabilityDomain")
    capability_model = apps.get_model("vendors", "Capability")
    capability_model.objects.filter(
        slug__in=[slugify(c.replace("/", " ")) for *_, caps in TAXONOMY for c, _ in caps]
    ).delete()
    domain_model.objects.filter(slug__in=[slugify(name) for name, *_ in TAXONOMY]).delete()


class Migration(migrations.Migration):
    dependencies = [("vendors", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
