from django.urls import path

from renja.workflow import views

app_name = "workflow"

urlpatterns = [
    path("renja/<int:pk>/tahapan/", views.tahapan_page, name="tahapan"),
    path("renja/<int:pk>/tahapan/<slug:aksi>/", views.tahapan_aksi, name="tahapan_aksi"),
    path("renja/<int:pk>/item/<slug:jenis>/<int:item_id>/", views.item_panel, name="item"),
    path("renja/<int:pk>/item/<slug:jenis>/<int:item_id>/catatan/", views.catatan_buat, name="catatan_buat"),
    path("catatan/<int:catatan_id>/balas/", views.catatan_balas, name="catatan_balas"),
    path("catatan/<int:catatan_id>/selesai/", views.catatan_selesai, name="catatan_selesai"),
    path("renja/<int:pk>/catatan/", views.catatan_list, name="catatan"),
    path("renja/<int:pk>/riwayat/", views.riwayat, name="riwayat"),
    path("renja/<int:pk>/banding/", views.banding, name="banding"),
    path("renja/<int:pk>/dasbor/", views.dasbor_renja, name="dasbor"),
    path("pemda/", views.pemda_index, name="pemda_index"),
    path("pemda/<int:pemda_id>/", views.pemda_dasbor, name="pemda_dasbor"),
    path("pemda/<int:pemda_id>/jadwal/", views.pemda_jadwal, name="pemda_jadwal"),
    path("pemda/<int:pemda_id>/plafon/", views.pemda_plafon, name="pemda_plafon"),
    path("publik/", views.publik_list, name="publik"),
    path("publik/renja/<int:pk>/", views.publik_renja, name="publik_renja"),
]
