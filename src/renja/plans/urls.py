from django.urls import path

from renja.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("renja/<int:pk>/", views.renja_detail, name="renja_detail"),
    path("renja/<int:pk>/rincian/", views.renja_tree_page, name="renja_tree"),
]
