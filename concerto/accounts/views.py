from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from concerto.accounts import second_factor, second_factor_views
from concerto.accounts.models import User
from concerto.accounts.selectors import memberships_of


class ConcertoLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        """A user with a second factor gives its code before being signed in."""
        user = form.get_user()
        if second_factor.has_second_factor(user):
            return second_factor_views.pending_login_start(self.request, user, self._success_url_for(user))
        return super().form_valid(form)

    def _success_url_for(self, user: User) -> str:
        return translate_url(super().get_success_url(), user.language)

    def get_success_url(self) -> str:
        # Open the app in the language the user chose last time.
        return translate_url(super().get_success_url(), self.request.user.language)  # type: ignore[union-attr]


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    token = Token.objects.filter(user=user).first()
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships_of(user),
            "token": token,
            "has_second_factor": second_factor.has_second_factor(user),
        },
    )


@login_required
@require_POST
def token_renew(request: HttpRequest) -> HttpResponse:
    """Create or replace the user's API token (the old one stops working at once)."""
    user = cast(User, request.user)
    Token.objects.filter(user=user).delete()
    Token.objects.create(user=user)
    messages.success(request, _("A new API token was created; the previous one no longer works."))
    return HttpResponseRedirect(request.POST.get("next") or "../")
