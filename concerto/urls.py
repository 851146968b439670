from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from concerto.accounts import views as accounts_views
from concerto.core import views as core_views
from concerto.public import views as public_views

handler400 = "concerto.core.views.bad_request"
handler403 = "concerto.core.views.permission_denied"
handler404 = "concerto.core.views.page_not_found"
handler500 = "concerto.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/", include("concerto.api.urls")),
    # Open data (HSDS, tabular package, DCAT): one URL per dataset, the language as a parameter.
    path("opendata/", include("concerto.opendata.urls")),
    path("admin/", admin.site.urls),
    path("language/<str:code>/", accounts_views.choose_language, name="choose_language"),
    # Calendar applications keep this address for months: no language prefix (the feed is in its owner's).
    path("feeds/private/", include("concerto.feeds.urls_private")),
    path("sitemap.xml", public_views.sitemap, name="sitemap"),
    path("robots.txt", public_views.robots, name="robots"),
]

urlpatterns += i18n_patterns(
    path("", RedirectView.as_view(pattern_name="dashboard:home", permanent=False), name="root"),
    path("", include("concerto.accounts.urls")),
    path("dashboard/", include("concerto.dashboard.urls")),
    path("catalogue/", include("concerto.catalogue.urls")),
    path("detainees/", include("concerto.detainees.urls")),
    path("registrations/", include("concerto.registrations.urls")),
    path("attendance/", include("concerto.attendance.urls")),
    path("privacy/", include("concerto.privacy.urls")),
    path("surveys/", include("concerto.surveys.urls")),
    path("evaluation/", include("concerto.evaluation.urls")),
    path("coverage/", include("concerto.coverage.urls")),
    path("proposals/", include("concerto.proposals.urls")),
    path("reports/", include("concerto.reports.urls")),
    path("reference-data/", include("concerto.referencedata.urls")),
    path("publicity/", include("concerto.publicity.urls")),
    path("prison-inbox/", include("concerto.inbox.urls")),
    path("feeds/", include("concerto.feeds.urls")),
    path("", include("concerto.public.urls")),
    prefix_default_language=True,
)

if settings.CONCERTO_BENCH:
    # The benchmark's floor view (concerto/bench/views.py), behind the same middleware and language prefix.
    urlpatterns += i18n_patterns(path("bench/", include("concerto.bench.urls")), prefix_default_language=True)
