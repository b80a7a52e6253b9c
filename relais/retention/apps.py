from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "relais.retention"
    label = "retention"
    verbose_name = "Conservation et droits des personnes"
