from django.urls import path

from renja.usulan import views

app_name = "usulan"

urlpatterns = [
    path("usulan/", views.usulan_list, name="list"),
    path("usulan/ringkasan/", views.usulan_ringkasan, name="ringkasan"),
    path("usulan/baru/", views.usulan_baru, name="baru"),
    path("usulan/impor/", views.usulan_impor, name="impor"),
    path("usulan/<int:pk>/", views.usulan_detail, name="detail"),
    path("usulan/<int:pk>/ubah/", views.usulan_ubah, name="ubah"),
    path("usulan/<int:pk>/rekomendasi/", views.rekomendasi_catat, name="rekomendasi"),
    path("usulan/<int:pk>/tautan/", views.tautan_set, name="tautan"),
]
