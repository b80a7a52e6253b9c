"""A demo situation report for the comité of 30 September 2021 (idempotent)."""

import datetime

from relais.reports.models import SituationReport
from relais.reports.services import situation_report_generate
from relais.users.enums import Role
from relais.users.models import User

DEMO_MEETING = datetime.date(2021, 9, 30)


def seed_reports() -> None:
    if SituationReport.objects.for_meeting(DEMO_MEETING).exists():
        return
    situation_report_generate(meeting_date=DEMO_MEETING, by=User.objects.get(username=str(Role.COMITE)))
