from django.urls import path

from renja.evaluasi import views

app_name = "evaluasi"

urlpatterns = [
    path("renja/<int:pk>/evaluasi/t-c29/", views.tc29_page, name="tc29"),
    path("renja/<int:pk>/evaluasi/t-c29.json", views.tc29_json, name="tc29_json"),
    path("renja/<int:pk>/monev/", views.e81_page, name="e81"),
    path("renja/<int:pk>/monev/e81.json", views.e81_json, name="e81_json"),
    path("renja/<int:pk>/monev/baris/<int:row_id>/", views.realisasi_baris, name="realisasi_baris"),
    path("renja/<int:pk>/monev/catatan/", views.catatan_triwulan, name="catatan_triwulan"),
    path("renja/<int:pk>/monev/impor/", views.impor_e81, name="impor_e81"),
    path("renja/<int:pk>/indikator/<int:indikator_id>/semantik/", views.semantik, name="semantik"),
]
