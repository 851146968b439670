from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from rest_framework.authtoken.models import Token

from concerto.accounts.models import User
from concerto.accounts.selectors import memberships_of
from concerto.accounts.services import user_choose_language
from concerto.core.translation import same_page_in


class ConcertoLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

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
        {"memberships": memberships_of(user), "token": token},
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
