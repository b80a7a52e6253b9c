from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "relais.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # `users` sits below: it tells every grant change to whoever listens, without importing us.
        from relais.notifications import events
        from relais.users import services as users_services

        users_services.RIGHTS_EVENT_LISTENERS.append(events.on_rights_event)
