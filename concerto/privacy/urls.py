from django.urls import path

from concerto.privacy import views

app_name = "privacy"
urlpatterns = [
    path("access-log/", views.access_log, name="access_log"),
    path("access-log/unusual/", views.unusual_reading, name="unusual_reading"),
    path("audit-trail/", views.audit_trail, name="audit_trail"),
    path("audit-trail/export.csv", views.audit_trail_csv, name="audit_trail_csv"),
    path("subjects/", views.subject_search, name="subject_search"),
    path("subjects/<int:pk>/", views.subject_detail, name="subject_detail"),
    path("subjects/<int:pk>/export.pdf", views.subject_export_pdf, name="subject_export_pdf"),
    path("subjects/<int:pk>/export.json", views.subject_export_json, name="subject_export_json"),
    path("subjects/<int:pk>/anonymise/", views.subject_erase, name="subject_erase"),
    path("disclosure/", views.disclosure, name="disclosure"),
]
