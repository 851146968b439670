from django.urls import path

from concerto.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.current_year, name="index"),
    path("<int:year>/", views.year_report, name="year"),
    path("<int:year>/report.pdf", views.year_pdf, name="year_pdf"),
    path("<int:year>/texts/<slug:section>/", views.section_text, name="section_text"),
    path("<int:year>/report.csv", views.year_csv, name="year_csv"),
    path("<int:year>/report.xlsx", views.year_xlsx, name="year_xlsx"),
]
