"""Posters, weekly sheets and flyers as PDFs, and the staff page that chooses them.

Every PDF URL takes its choices as query parameters (month, week, size, language) with
defaults, so a link can be bookmarked or pinned; the staff page's GET forms send the unit or
edition too, and are redirected to those URLs (a form cannot put a value in a path without
JavaScript).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from concerto.accounts.permissions import actor_for
from concerto.core.pdf import pdf_response, render_pdf

from . import selectors
from .forms import FlyerForm, PaperForm, PosterForm, UnitPaperForm, WeekForm
from .permissions import can_print_publicity

DOCUMENTS = ("poster", "week", "unit_flyer", "edition_flyer")


def _require_printer(request: HttpRequest) -> None:
    actor_for(request.user).require(
        can_print_publicity(actor_for(request.user)), _("Only staff who work with detainees print posters and flyers.")
    )


def _with_defaults(query: QueryDict, initial: dict[str, Any]) -> dict[str, Any]:
    """The query's values, and the form's defaults for those it leaves out or empty."""
    given = {key: value for key, value in query.items() if value}
    return {**initial, **given}


def _forms(request: HttpRequest, bound: str | None = None) -> dict[str, Any]:
    """The staff page's four forms, the one named ``bound`` filled from the query."""
    language = selectors.default_language()
    query = request.GET if bound else None
    editions = selectors.edition_choices()
    return {
        "poster": PosterForm(
            query if bound == "poster" else None, initial=PosterForm.initial_values(language), auto_id="poster_%s"
        ),
        "week": WeekForm(
            query if bound == "week" else None, initial=WeekForm.initial_values(language), auto_id="week_%s"
        ),
        "unit_flyer": UnitPaperForm(
            query if bound == "unit_flyer" else None, initial={"language": language}, auto_id="unit_flyer_%s"
        ),
        "edition_flyer": FlyerForm(
            query if bound == "edition_flyer" else None,
            editions=editions,
            initial={"language": language},
            auto_id="edition_flyer_%s",
        ),
        "has_editions": bool(editions),
    }


@login_required
def publicity_index(request: HttpRequest) -> HttpResponse:
    """Choose a unit or an edition, a month or week, a size and a language, then print.

    With ``?document=...`` the chosen form is checked and, when valid, the reader is sent to the
    PDF's own URL; otherwise the page shows what is wrong next to the field.
    """
    _require_printer(request)
    document = request.GET.get("document")
    bound = document if document in DOCUMENTS else None
    forms = _forms(request, bound)
    if bound:
        form = forms[bound]
        chosen = "edition" if bound == "edition_flyer" else "unit"
        if form.is_valid() and not form.cleaned_data.get(chosen):
            form.add_error(chosen, _("Choose an edition.") if chosen == "edition" else _("Choose a unit."))
        if form.is_valid():
            return HttpResponseRedirect(_pdf_url(bound, form.cleaned_data))
    context = {**forms, "bound": bound, "bound_form": forms[bound] if bound else None}
    return render(request, "publicity/index.html", context, status=400 if bound else 200)


def _pdf_url(document: str, data: dict[str, Any]) -> str:
    query: dict[str, str] = {"language": data["language"]}
    if document == "edition_flyer":
        return f"{reverse('publicity:edition_flyer', args=[data['edition']])}?{urlencode(query)}"
    if document == "poster":
        query |= {"month": f"{data['month']:%Y-%m}", "size": data["size"]}
    elif document == "week":
        year, week, _day = data["week"].isocalendar()
        query |= {"week": f"{year}-W{week:02d}"}
    name = {"poster": "unit_poster", "week": "unit_week", "unit_flyer": "unit_flyer"}[document]
    return f"{reverse(f'publicity:{name}', args=[data['unit']])}?{urlencode(query)}"


def _checked(request: HttpRequest, form: PaperForm, document: str) -> dict[str, Any] | HttpResponse:
    """The form's cleaned data, or the staff page showing the errors (400)."""
    if form.is_valid():
        return form.cleaned_data
    forms = _forms(request)
    forms[document] = form
    return render(request, "publicity/index.html", {**forms, "bound": document, "bound_form": form}, status=400)


def _language(code: str) -> selectors.PaperLanguage:
    language = selectors.paper_language(code)
    if language is None:  # the form's choices are these languages: only a removed catalogue gets here
        raise Http404
    return language


@login_required
def unit_poster(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """The unit's activities of one month, A4 or A3, in one paper language."""
    _require_printer(request)
    language = selectors.default_language()
    form = PosterForm(_with_defaults(request.GET, PosterForm.initial_values(language)), auto_id="poster_%s")
    data = _checked(request, form, "poster")
    if isinstance(data, HttpResponse):
        return data
    paper = _language(data["language"])
    poster = selectors.poster_for(unit_pk=unit_pk, month=data["month"], language=paper, size=data["size"])
    if poster is None:
        raise Http404
    content = render_pdf("publicity/pdf/poster.html", {"poster": poster, "paper": paper}, language=paper.code)
    filename = f"poster-{poster.unit.text}-{poster.month:%Y-%m}-{data['size']}-{paper.code}.pdf"
    return pdf_response(content, _safe_filename(filename), personal=False)


@login_required
def unit_week(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """The unit's sessions of one week for the notice board, cancelled ones struck through."""
    _require_printer(request)
    language = selectors.default_language()
    form = WeekForm(_with_defaults(request.GET, WeekForm.initial_values(language)), auto_id="week_%s")
    data = _checked(request, form, "week")
    if isinstance(data, HttpResponse):
        return data
    paper = _language(data["language"])
    sheet = selectors.week_sheet_for(unit_pk=unit_pk, monday=data["week"], language=paper)
    if sheet is None:
        raise Http404
    content = render_pdf("publicity/pdf/week.html", {"sheet": sheet, "paper": paper}, language=paper.code)
    year, week, _day = sheet.monday.isocalendar()
    return pdf_response(
        content, _safe_filename(f"week-{sheet.unit.text}-{year}-W{week:02d}-{paper.code}.pdf"), personal=False
    )


@login_required
def unit_flyer(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """Every current and coming activity of the unit, and a slip with a tick box for each."""
    _require_printer(request)
    form = PaperForm(_with_defaults(request.GET, {"language": selectors.default_language()}), auto_id="unit_flyer_%s")
    data = _checked(request, form, "unit_flyer")
    if isinstance(data, HttpResponse):
        return data
    paper = _language(data["language"])
    flyer = selectors.unit_flyer_for(unit_pk=unit_pk, language=paper)
    if flyer is None:
        raise Http404
    content = render_pdf("publicity/pdf/flyer.html", _flyer_context(flyer, paper), language=paper.code)
    unit = flyer.unit.text if flyer.unit else unit_pk
    return pdf_response(content, _safe_filename(f"flyer-{unit}-{paper.code}.pdf"), personal=False)


@login_required
def edition_flyer(request: HttpRequest, edition_pk: int) -> HttpResponse:
    """One edition: what, when, where, how to apply, and the slip to tear off with its code."""
    _require_printer(request)
    form = PaperForm(
        _with_defaults(request.GET, {"language": selectors.default_language()}), auto_id="edition_flyer_%s"
    )
    data = _checked(request, form, "edition_flyer")
    if isinstance(data, HttpResponse):
        return data
    paper = _language(data["language"])
    flyer = selectors.edition_flyer_for(edition_pk=edition_pk, language=paper)
    if flyer is None:
        raise Http404
    content = render_pdf("publicity/pdf/flyer.html", _flyer_context(flyer, paper), language=paper.code)
    return pdf_response(content, f"flyer-{flyer.editions[0].code}-{paper.code}.pdf", personal=False)


def _flyer_context(flyer: selectors.Flyer, paper: selectors.PaperLanguage) -> dict[str, Any]:
    """The slip's labels get a small copy in the staff's language when the paper is in another script's
    language (the staff who read the slip back may not read Arabic)."""
    staff_language = "" if paper.texts_language == paper.code else selectors.default_language()
    return {"flyer": flyer, "paper": paper, "staff_language": staff_language}


def _safe_filename(name: str) -> str:
    """ASCII letters, digits, dots and dashes only (unit names carry accents and spaces)."""
    return "".join(c if c.isascii() and (c.isalnum() or c in ".-") else "-" for c in name)
