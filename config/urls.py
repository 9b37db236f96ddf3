from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config import signin, views

# The admin signs in through the app's sign-in page: the same lockout, the same two-factor code step.
admin.site.login = signin.AdminSignInView.as_view()

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/login/two-factor/", signin.TwoFactorSignInView.as_view(), name="login_two_factor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api")),
    path("vendors/", include("vendors.urls")),
    path("questionnaires/", include("evaluator.questionnaire_urls")),
    path("evaluations/", include("evaluator.urls")),
]
