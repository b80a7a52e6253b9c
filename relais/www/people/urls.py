from django.urls import path

from relais.www.people import views

app_name = "people"
urlpatterns = [
    path("personnes/", views.person_list, name="person_list"),
    path("personnes/nouvelle/", views.person_new, name="person_create"),
    path("personnes/doublons/", views.duplicates, name="duplicates"),
    path("personnes/doublons/fusionner/", views.merge, name="merge"),
    path("personnes/fusions/<int:merge_id>/annuler/", views.merge_undo, name="merge_undo"),
    path("personnes/<uuid:person_id>/", views.person_detail, name="person_detail"),
    path("personnes/<uuid:person_id>/modifier/", views.person_edit, name="person_edit"),
    path("personnes/<uuid:person_id>/consentements/", views.consent_add, name="consent_add"),
    path("personnes/<uuid:person_id>/parcours/", views.step_add, name="step_add"),
    path("personnes/<uuid:person_id>/notes-de-sante/", views.health_note_add, name="health_note_add"),
    path("personnes/<uuid:person_id>/orienter/", views.refer, name="refer"),
    path("personnes/<uuid:person_id>/admettre/", views.admit_direct, name="admit_direct"),
    path("consentements/<int:consent_id>/retirer/", views.consent_withdraw_view, name="consent_withdraw"),
    path("etapes/<int:step_id>/", views.step_update, name="step_update"),
    path("rencontres/", views.contact_list, name="contact_list"),
    path("rencontres/nouvelle/", views.contact_create, name="contact_create"),
    path("orientations/", views.referral_list, name="referral_list"),
    path("orientations/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("orientations/<int:referral_id>/imprimer/", views.referral_print, name="referral_print"),
    path(
        "orientations/<int:referral_id>/prise-en-compte/", views.referral_acknowledge_view, name="referral_acknowledge"
    ),
    path("orientations/<int:referral_id>/accepter/", views.referral_accept_view, name="referral_accept"),
    path("orientations/<int:referral_id>/refuser/", views.referral_decline_view, name="referral_decline"),
    path("orientations/<int:referral_id>/annuler/", views.referral_cancel_view, name="referral_cancel"),
    path("orientations/<int:referral_id>/attribuer/", views.referral_assign_view, name="referral_assign"),
    path("orientations/<int:referral_id>/admettre/", views.referral_admit_view, name="referral_admit"),
    path("sejours/", views.stay_list, name="stay_list"),
    path("sejours/export.csv", views.stay_export, name="stay_export"),
    path("sejours/<int:stay_id>/sortie/", views.stay_exit_view, name="stay_exit"),
    path("sejours/<int:stay_id>/transfert/", views.stay_transfer_view, name="stay_transfer"),
]
