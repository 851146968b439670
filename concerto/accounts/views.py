from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from concerto.accounts import api_tokens, second_factor, second_factor_views
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
    return render(request, "accounts/account.html", _account_context(user))


def _account_context(user: User, token_form: forms.Form | None = None) -> dict[str, Any]:
    return {
        "memberships": memberships_of(user),
        "tokens": api_tokens.tokens_of(user),
        "token_form": token_form or TokenForm(),
        "has_second_factor": second_factor.has_second_factor(user),
    }


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Client name"),
        max_length=80,
        help_text=gettext_lazy("What will use it, e.g. “APO spreadsheet export”."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        choices=[(days, gettext_lazy("%(days)d days") % {"days": days}) for days in api_tokens.LIFETIME_CHOICES_DAYS],
        initial=90,
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token for one client; its secret is shown on this page only."""
    user = cast(User, request.user)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/account.html", _account_context(user, token_form=form), status=400)
    token, secret = api_tokens.token_create(user, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
    response = render(request, "accounts/token_created.html", {"token": token, "secret": secret})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    user = cast(User, request.user)
    if api_tokens.token_revoke(user, token_key):
        messages.success(request, _("The token was revoked: clients using it are refused from now on."))
    return redirect("accounts:account")
