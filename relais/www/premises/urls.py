from django.urls import path

from relais.www.premises import views

app_name = "premises"
urlpatterns = [
    path("", views.proposal_list, name="proposal_list"),
    path("nouvelle/", views.proposal_create, name="proposal_create"),
    path("<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("<int:pk>/modifier/", views.proposal_edit, name="proposal_edit"),
    path("<int:pk>/avis/", views.review_create, name="review_create"),
    path("<int:pk>/etape/", views.proposal_move, name="proposal_move"),
    path("<int:pk>/delai/", views.proposal_deadline, name="proposal_deadline"),
    path("<int:pk>/ouvrir/", views.proposal_open_view, name="proposal_open"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("<int:pk>/blocages/", views.blocker_create, name="blocker_create"),
    path("blocages/<int:pk>/lever/", views.blocker_resolve_view, name="blocker_resolve"),
]
