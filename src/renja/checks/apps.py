from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "renja.checks"
    label = "checks"
    verbose_name = "Pemeriksaan konsistensi"
