from django.urls import path

from relais.www.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("generer/", views.generate, name="generate"),
    path("citations/<int:pk>/retirer/", views.quote_withdraw, name="quote_withdraw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/communique/", views.communique, name="communique"),
    path("<int:pk>/communique.docx", views.communique_download, name="communique_docx"),
    path("<int:pk>/export/<slug:table_id>.<str:fmt>", views.export, name="export"),
    path("reunions/<int:pk>/dossier-de-seance.<str:fmt>", views.meeting_pack, name="meeting_pack"),
]
