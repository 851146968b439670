from django.urls import path

from concerto.accounts import second_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.ConcertoLoginView.as_view(), name="login"),
    path("login/code/", second_factor_views.login_code, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("logout/everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.token_create, name="token_create"),
    path("account/tokens/<str:token_key>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/second-factor/", second_factor_views.setup, name="second_factor"),
    path("account/second-factor/recovery-codes/", second_factor_views.recovery_codes_renew, name="recovery_codes"),
    path("account/second-factor/remove/", second_factor_views.remove, name="second_factor_remove"),
]
