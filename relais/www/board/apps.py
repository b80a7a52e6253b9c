from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "relais.www.board"
    label = "www_board"
