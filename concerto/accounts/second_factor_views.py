"""Pages of the second factor: the code after the password, setting up the app, recovery codes."""

from __future__ import annotations

import time
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from concerto.accounts import second_factor
from concerto.accounts.models import User

PENDING = "concerto_pending_login"
PENDING_SECONDS = 300


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


def pending_login_start(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """After a right password, for a user with a second factor: ask for the code before signing in."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "at": time.time(),
        "next": next_url,
    }
    return redirect("accounts:login_code")


def login_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please sign in again: the code must follow the password within five minutes."))
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(user, form.cleaned_data["code"])
        if device is None:
            form.add_error(
                "code", _("This code is not right, or it was already used. Try the code your app shows now.")
            )
        else:
            del request.session[PENDING]
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            if device.name == second_factor.RECOVERY_DEVICE_NAME:
                messages.warning(request, _("You used a recovery code; it will not work again."))
            next_url = pending["next"]
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
            return redirect(next_url if safe else "dashboard:home")
    return render(request, "accounts/login_code.html", {"form": form})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan or type the key, then prove it with a code."""
    user = cast(User, request.user)
    if second_factor.has_second_factor(user):
        return render(request, "accounts/second_factor.html", {"required": second_factor.requires_second_factor(user)})
    enrolment = second_factor.enrolment_start(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.enrolment_confirm(user, enrolment.device, form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code", _("This code is not right. Check the time on your phone and type the code it shows now.")
            )
        else:
            otp_login(request, enrolment.device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "new": True})
    return render(
        request,
        "accounts/second_factor_setup.html",
        {"enrolment": enrolment, "form": form, "required": second_factor.requires_second_factor(user)},
    )


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not second_factor.has_second_factor(user):
        return redirect("accounts:second_factor")
    return render(request, "accounts/recovery_codes.html", {"codes": second_factor.recovery_codes_renew(user)})


@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Remove the second factor, proving it with a code first."""
    user = cast(User, request.user)
    form = CodeForm(request.POST)
    if form.is_valid() and second_factor.verify(user, form.cleaned_data["code"]) is not None:
        second_factor.second_factor_remove(user)
        messages.success(request, _("Your second factor was removed."))
    else:
        messages.error(request, _("The second factor was kept: the code was not right."))
    return redirect("accounts:second_factor")
