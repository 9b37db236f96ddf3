from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from common.health import health
from config import signin
from home.pages import HomeView

# The admin signs in through the app's sign-in page: the same lockout, the same two-factor code step.
admin.site.login = signin.AdminSignInView.as_view()

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # Public: for the load balancer and monitoring; ok/error per part, nothing else (common/health.py).
    path("health/", health, name="health"),
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/login/two-factor/", signin.TwoFactorSignInView.as_view(), name="login_two_factor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api")),
    path("vendors/", include("vendors.urls")),
    path("questionnaires/", include("evaluator.questionnaires.urls")),
    path("evaluations/", include("evaluator.urls")),
    # TEMPORARY (h-p1b): P1's portal include replaces this line at merge.
    path("respond/", include("evaluator.portal.urls")),
    # Background jobs: progress, result or why not, retry (common/jobs/).
    path("jobs/", include("common.jobs.urls")),
]

# Django's own error answers: JSON in the API's error shape under /api/, the HTML pages elsewhere.
handler400 = "common.rest.errors.bad_request"
handler403 = "common.rest.errors.permission_denied"
handler404 = "common.rest.errors.page_not_found"
handler500 = "common.rest.errors.server_error"
