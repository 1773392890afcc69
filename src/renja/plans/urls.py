from django.urls import path

from renja.plans import content_views, edit_views, views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("renja/<int:pk>/", views.renja_detail, name="renja_detail"),
    path("renja/<int:pk>/rincian/", views.renja_tree_page, name="renja_tree"),
    # editing (htmx): one cell at a time
    path("renja/<int:pk>/pagu/<int:row_id>/<int:tahun>/", edit_views.pagu_cell, name="pagu_cell"),
    path("renja/<int:pk>/pagu/<int:row_id>/<int:tahun>/pratinjau/", edit_views.pagu_preview, name="pagu_preview"),
    path("renja/<int:pk>/target/<int:ind_id>/<int:tahun>/", edit_views.target_cell, name="target_cell"),
    path("renja/<int:pk>/baris/<int:row_id>/", edit_views.baris_cell, name="baris_cell"),
    path("renja/<int:pk>/baris/<int:row_id>/hapus/", edit_views.baris_hapus, name="baris_hapus"),
    path("renja/<int:pk>/baris/tambah/", edit_views.baris_tambah, name="baris_tambah"),
    path("renja/<int:pk>/indikator/<int:ind_id>/", edit_views.indikator_cell, name="indikator_cell"),
    path("renja/<int:pk>/indikator/<int:ind_id>/hapus/", edit_views.indikator_hapus, name="indikator_hapus"),
    path("renja/<int:pk>/baris/<int:row_id>/indikator/", edit_views.indikator_tambah, name="indikator_tambah"),
    path("renja/<int:pk>/nomenklatur/", edit_views.nomenklatur_cari, name="nomenklatur_cari"),
    path("renja/<int:pk>/narasi/", content_views.narasi_page, name="narasi"),
    path("renja/<int:pk>/narasi/<slug:kode>/", content_views.narasi_bab, name="narasi_bab"),
    path("renja/<int:pk>/tujuan-sasaran/", content_views.tujuan_sasaran_page, name="tujuan_sasaran"),
    path("renja/<int:pk>/tujuan-sasaran/<int:ts_id>/", content_views.tujuan_sasaran_cell, name="tujuan_sasaran_cell"),
    path("renja/<int:pk>/renstra/", content_views.renstra_page, name="renstra"),
    path(
        "renja/<int:pk>/renstra/target/<int:ind_id>/<slug:kunci>/",
        content_views.renstra_target_cell,
        name="renstra_target_cell",
    ),
]
