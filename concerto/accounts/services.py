"""Writes on users: what a user chooses for themselves."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from concerto.accounts.models import User


def user_choose_language(*, user: User, language: str) -> User:
    """Save ``language`` as the user's interface language (the one chosen with the switch).

    Raises ValidationError when ``language`` is not an interface language. Only the switch calls
    this: opening a page under another language prefix is not a choice.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("This language is not offered.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
