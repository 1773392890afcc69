from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "renja.workflow"
    label = "workflow"
    verbose_name = "Tahapan, verifikasi dan plafon"
    default_auto_field = "django.db.models.BigAutoField"
