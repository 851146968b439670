from django.urls import path

from concerto.attendance import views

app_name = "attendance"
urlpatterns = [
    path("sessions/<int:pk>/", views.session_sheet, name="session_sheet"),
    path("sessions/<int:pk>/all-present/", views.session_all_present, name="session_all_present"),
    path("sessions/<int:pk>/participants/", views.participant_list, name="participant_list"),
    path("sessions/<int:pk>/participants.pdf", views.participant_list_pdf, name="participant_list_pdf"),
    path("movements/", views.movement_list, name="movement_list"),
    path("movements.pdf", views.movement_list_pdf, name="movement_list_pdf"),
    path("editions/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("participants/<int:pk>/interview/", views.interview, name="interview"),
    path("participants/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
]
