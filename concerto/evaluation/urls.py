from django.urls import path

from concerto.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.todo, name="todo"),
    path("editions/<int:pk>/", views.edition, name="edition"),
    path("editions/<int:pk>/report/", views.report, name="report"),
    path("editions/<int:pk>/evaluate/", views.evaluate, name="evaluate"),
    path("editions/<int:pk>/participant-evaluation/", views.participant_evaluation, name="participant_evaluation"),
    path("editions/<int:pk>/next-edition/", views.follow_up, name="follow_up"),
    path("follow-ups/<int:pk>/remove/", views.follow_up_remove, name="follow_up_remove"),
    path("activities/<int:pk>/", views.activity_loop, name="activity_loop"),
]
