from django.apps import AppConfig


class NotificationsPagesConfig(AppConfig):
    name = "relais.www.notifications"
    label = "www_notifications"
