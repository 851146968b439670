from django.urls import path

from concerto.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.ConcertoLoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("account/", views.account, name="account"),
    path("account/token/", views.token_renew, name="token_renew"),
]
