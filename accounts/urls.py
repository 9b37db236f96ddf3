from django.urls import path

from accounts import oidc, twofactor_views, views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("two-factor/", twofactor_views.TwoFactorView.as_view(), name="two_factor"),
    path("two-factor/enable/", twofactor_views.EnableView.as_view(), name="two_factor_enable"),
    path("two-factor/disable/", twofactor_views.DisableView.as_view(), name="two_factor_disable"),
    path("two-factor/recovery-codes/", twofactor_views.RecoveryCodesView.as_view(), name="recovery_codes"),
    # Answer 404 unless single sign-on is configured (accounts/oidc.py).
    path("oidc/login/", oidc.ProviderSignInView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.ProviderCallbackView.as_view(), name="oidc_callback"),
]
