from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("renja.api.urls")),
    path("masuk/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("renja.plans.urls")),
    path("", include("renja.workflow.urls")),
    path("", include("renja.evaluasi.urls")),
    path("", include("renja.checks.urls")),
    path("", include("renja.documents.urls")),
    path("", include("renja.usulan.urls")),
]
