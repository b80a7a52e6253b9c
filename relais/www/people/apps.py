from django.apps import AppConfig


class PeopleWebConfig(AppConfig):
    name = "relais.www.people"
    label = "www_people"
