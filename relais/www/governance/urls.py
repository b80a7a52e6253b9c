from django.urls import path

from relais.www.governance import views

app_name = "governance"
urlpatterns = [
    path("engagements/", views.tracker, name="tracker"),
    path("mesures/", views.measure_list, name="measure_list"),
    path("plans/nouveau/", views.plan_create_view, name="plan_create"),
    path("plans/<int:pk>/axes/", views.axis_create, name="axis_create"),
    path("mesures/nouvelle/", views.measure_create, name="measure_create"),
    path("mesures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("mesures/<int:pk>/modifier/", views.measure_edit, name="measure_edit"),
    path("mesures/<int:pk>/statut/", views.measure_status, name="measure_status"),
    path("mesures/<int:pk>/cible/", views.measure_target, name="measure_target"),
    path("mesures/<int:pk>/budget/", views.measure_budget, name="measure_budget"),
    path("reunions/", views.meeting_list, name="meeting_list"),
    path("reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/suivante/", views.meeting_next, name="meeting_next"),
    path("reunions/<int:pk>/decisions/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("actions/nouvelle/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/modifier/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/statut/", views.action_status, name="action_status"),
]
