from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "relais.orientation"
    label = "orientation"
    verbose_name = "Orientation : liste d'attente, règles de priorité, attributions"

    def ready(self):
        from relais.orientation import audit  # noqa: F401 - registers the models with auditlog
        from relais.orientation.services import end_waits_on_admission, end_waits_on_referral
        from relais.referrals.services import REFERRAL_SENT_LISTENERS
        from relais.stays.services import ADMISSION_LISTENERS

        # A referral to the kind of place, or an admission, ends the person's wait on the list.
        if end_waits_on_referral not in REFERRAL_SENT_LISTENERS:
            REFERRAL_SENT_LISTENERS.append(end_waits_on_referral)
        if end_waits_on_admission not in ADMISSION_LISTENERS:
            ADMISSION_LISTENERS.append(end_waits_on_admission)
