from django.apps import AppConfig


class AccountsWebConfig(AppConfig):
    name = "relais.www.accounts"
    label = "www_accounts"
