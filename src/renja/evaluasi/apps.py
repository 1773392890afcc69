from django.apps import AppConfig


class EvaluasiConfig(AppConfig):
    name = "renja.evaluasi"
    label = "evaluasi"
    verbose_name = "Evaluasi dan monev"
    default_auto_field = "django.db.models.BigAutoField"
