from django.urls import path

from .views import builder, campaigns, entry
from .views import paper as paper_views
from .views import results as results_views

app_name = "surveys"
urlpatterns = [
    # Campaigns (the page the menu opens) and the keyboard entry of paper forms.
    path("", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_update, name="campaign_update"),
    path("campaigns/<int:pk>/entry/", entry.response_entry, name="response_entry"),
    # Questionnaires and the builder of their versions.
    path("questionnaires/", builder.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/new/", builder.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/<int:pk>/", builder.questionnaire_detail, name="questionnaire_detail"),
    path("versions/<int:pk>/", builder.version_builder, name="version_builder"),
    path("versions/<int:pk>/preview/", builder.version_preview, name="version_preview"),
    path("versions/<int:pk>/new-version/", builder.version_new_draft, name="version_new_draft"),
    # Paper forms per language, results with their charts, and the exports.
    path("campaigns/<int:pk>/paper/<slug:language>/", paper_views.paper_form, name="paper_form"),
    path("campaigns/<int:pk>/paper/<slug:language>.pdf", paper_views.paper_form_pdf, name="paper_form_pdf"),
    path("campaigns/<int:pk>/results/", results_views.campaign_results, name="campaign_results"),
    path("campaigns/<int:pk>/results.pdf", results_views.campaign_results_pdf, name="campaign_results_pdf"),
    path("campaigns/<int:pk>/results.<slug:file_format>", results_views.export_results, name="export_results"),
    path("campaigns/<int:pk>/answers.<slug:file_format>", results_views.export_answers, name="export_answers"),
]
