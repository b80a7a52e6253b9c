from django.urls import path

from relais.www.governance.views import actions, measures, meetings, tracker

app_name = "governance"
urlpatterns = [
    path("engagements/", tracker.tracker, name="tracker"),
    path("mesures/", measures.measure_list, name="measure_list"),
    path("plans/nouveau/", measures.plan_create_view, name="plan_create"),
    path("plans/<int:pk>/axes/", measures.axis_create, name="axis_create"),
    path("mesures/nouvelle/", measures.measure_create, name="measure_create"),
    path("mesures/<int:pk>/", measures.measure_detail, name="measure_detail"),
    path("mesures/<int:pk>/modifier/", measures.measure_edit, name="measure_edit"),
    path("mesures/<int:pk>/statut/", measures.measure_status, name="measure_status"),
    path("mesures/<int:pk>/cible/", measures.measure_target, name="measure_target"),
    path("mesures/<int:pk>/budget/", measures.measure_budget, name="measure_budget"),
    path("reunions/", meetings.meeting_list, name="meeting_list"),
    path("reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/suivante/", meetings.meeting_next, name="meeting_next"),
    path("reunions/<int:pk>/decisions/", meetings.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", meetings.decision_detail, name="decision_detail"),
    path("actions/nouvelle/", actions.action_create, name="action_create"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/modifier/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/statut/", actions.action_status, name="action_status"),
]
