"""The default list of refusal reasons; coordinators edit it in the admin afterwards."""

from django.db import migrations

DEFAULTS = [
    ("criteria", "Ne répond pas aux critères", "Voldoet niet aan de criteria", "Does not meet the criteria"),
    ("no-place", "Plus de place", "Geen plaats meer", "No place left"),
    ("security", "Raisons de sécurité", "Veiligheidsredenen", "Security reasons"),
    ("language", "Langue", "Taal", "Language"),
    ("schedule", "Horaire incompatible", "Uurrooster niet verenigbaar", "Schedule clash"),
    ("other", "Autre", "Andere", "Other"),
]


def add_defaults(apps, schema_editor):
    RefusalReason = apps.get_model("registrations", "RefusalReason")
    for position, (code, name_fr, name_nl, name_en) in enumerate(DEFAULTS, start=1):
        RefusalReason.objects.get_or_create(
            code=code,
            defaults={"name_fr": name_fr, "name_nl": name_nl, "name_en": name_en, "position": position * 10},
        )


def remove_defaults(apps, schema_editor):
    RefusalReason = apps.get_model("registrations", "RefusalReason")
    Application = apps.get_model("registrations", "Application")
    used = set(Application.objects.exclude(refusal_reason=None).values_list("refusal_reason__code", flat=True))
    RefusalReason.objects.filter(code__in=[d[0] for d in DEFAULTS]).exclude(code__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0002_application_offer_lapsed_at"),
    ]

    operations = [
        migrations.RunPython(add_defaults, remove_defaults),
    ]
