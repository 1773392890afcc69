from django.apps import AppConfig


class UsulanConfig(AppConfig):
    name = "renja.usulan"
    label = "usulan"
    default_auto_field = "django.db.models.BigAutoField"
