from django.urls import path

from concerto.proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_update, name="update"),
    path("<int:pk>/status/", views.proposal_change_status, name="change_status"),
    path("<int:pk>/accept/", views.proposal_accept, name="accept"),
    path("<int:pk>/comments/", views.proposal_comment, name="comment"),
    path("<int:pk>/history/", views.proposal_history, name="history"),
]
