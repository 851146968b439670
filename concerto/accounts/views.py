from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from concerto.accounts import api_tokens, second_factor, second_factor_views
from concerto.accounts.audit import client_address
from concerto.accounts.models import User
from concerto.accounts.selectors import memberships_of
from concerto.accounts.services import user_choose_language
from concerto.accounts.sessions import sign_out_everywhere
from concerto.core.translation import same_page_in


class ConcertoLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        """A user with a second factor gives its code before being signed in."""
        user = form.get_user()
        if second_factor.has_second_factor(user):
            return second_factor_views.pending_login_start(self.request, user, self.get_success_url())
        return super().form_valid(form)

    def get_success_url(self) -> str:
        # Stay in the language of the login page: the reader chose it there (or by its link), and
        # signing in neither overrides it with the saved preference nor saves it as one.
        return same_page_in(super().get_success_url(), get_language())


@never_cache
@require_GET
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch: the same page (``next``, a same-site address) in language ``code``.

    The one place where a choice of language is remembered: in a cookie (for addresses without
    a language) and, for a signed-in user, as their saved preference. A GET, so that the switch
    is a plain link; it changes nothing but the reader's own language and only goes to this site.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = f"/{code}/"
    response = HttpResponseRedirect(same_page_in(next_url, code))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax")
    if request.user.is_authenticated:
        user_choose_language(user=cast(User, request.user), language=code)
    return response


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """Sign out of every browser and device, this one included."""
    sign_out_everywhere(cast(User, request.user).pk)
    logout(request)
    messages.success(request, _("You were signed out everywhere: every browser must sign in again."))
    return redirect("accounts:login")


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
        # A callable, so that the labels are in the reader's language, not the one at import.
        choices=lambda: [(days, _("%(days)d days") % {"days": days}) for days in api_tokens.LIFETIME_CHOICES_DAYS],
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
    token, secret = api_tokens.token_create(
        user, name=form.cleaned_data["name"], days=form.cleaned_data["days"], ip_address=client_address(request)
    )
    response = render(request, "accounts/token_created.html", {"token": token, "secret": secret})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    user = cast(User, request.user)
    if api_tokens.token_revoke(user, token_key, ip_address=client_address(request)):
        messages.success(request, _("The token was revoked: clients using it are refused from now on."))
    return redirect("accounts:account")
