from django.urls import path

from renja.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
]
