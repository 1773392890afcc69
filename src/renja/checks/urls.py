from django.urls import path

from renja.checks import views

app_name = "checks"

urlpatterns = [
    path("renja/<int:pk>/temuan/", views.renja_temuan, name="renja_temuan"),
]
