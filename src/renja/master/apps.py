from django.apps import AppConfig


class MasterConfig(AppConfig):
    name = "renja.master"
    label = "master"
    default_auto_field = "django.db.models.BigAutoField"
