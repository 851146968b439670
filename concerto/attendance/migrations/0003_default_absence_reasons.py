"""The default list of absence reasons; coordinators edit it in the admin afterwards."""

from django.db import migrations

# code, French, Dutch, English, excused (an excused absence never counts towards dropping out)
REASONS = [
    ("court_hearing", "Audience au tribunal", "Zitting in de rechtbank", "Court hearing", True),
    ("lawyer_or_visit", "Avocat ou visite", "Advocaat of bezoek", "Lawyer or visit", True),
    ("medical", "Raison médicale", "Medische reden", "Medical", True),
    ("work", "Travail", "Werk", "Work", True),
    ("transferred", "Transféré", "Overgebracht", "Transferred", True),
    ("released", "Libéré", "Vrijgelaten", "Released", True),
    ("refused", "A refusé de venir", "Weigerde te komen", "Refused to come", False),
    ("lockdown_or_strike", "Confinement ou grève", "Lockdown of staking", "Lockdown or strike", True),
    ("session_cancelled", "Séance annulée", "Sessie geannuleerd", "Session cancelled", True),
    # Without a known reason the absence is the participant's own: it counts towards dropping out.
    ("other", "Autre", "Andere", "Other", False),
]


def add_reasons(apps, schema_editor):
    AbsenceReason = apps.get_model("attendance", "AbsenceReason")
    for position, (code, fr, nl, en, excused) in enumerate(REASONS, start=1):
        AbsenceReason.objects.get_or_create(
            code=code,
            defaults={"name_fr": fr, "name_nl": nl, "name_en": en, "is_excused": excused, "position": position * 10},
        )


def remove_reasons(apps, schema_editor):
    AbsenceReason = apps.get_model("attendance", "AbsenceReason")
    Attendance = apps.get_model("attendance", "Attendance")
    used = Attendance.objects.values_list("reason__code", flat=True)
    AbsenceReason.objects.filter(code__in=[r[0] for r in REASONS]).exclude(code__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("attendance", "0002_initial")]

    operations = [migrations.RunPython(add_reasons, remove_reasons)]
