from django.urls import path

from renja.documents import views

app_name = "documents"

urlpatterns = [
    path("renja/<int:pk>/dokumen/", views.dokumen, name="dokumen"),
    path("renja/<int:pk>/dokumen/unduh.<str:fmt>", views.unduh, name="unduh"),
]
