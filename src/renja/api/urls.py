from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from renja.api import views

router = DefaultRouter()
router.register("pemda", views.PemdaViewSet, basename="pemda")
router.register("perangkat-daerah", views.PerangkatDaerahViewSet, basename="perangkat-daerah")
router.register("renstra", views.RenstraViewSet, basename="renstra")
router.register("renja", views.RenjaViewSet, basename="renja")
router.register("baris", views.PlanRowViewSet, basename="baris")
router.register("indikator", views.IndikatorViewSet, basename="indikator")
router.register("target", views.TargetViewSet, basename="target")
router.register("pagu", views.PaguViewSet, basename="pagu")
router.register("realisasi", views.RealisasiViewSet, basename="realisasi")
router.register("usulan", views.UsulanViewSet, basename="usulan")
router.register("transisi", views.TransisiViewSet, basename="transisi")
router.register("catatan", views.CatatanViewSet, basename="catatan")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
