from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "renja.documents"
    label = "documents"
    verbose_name = "Dokumen"
