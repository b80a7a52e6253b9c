from django.urls import path

from relais.www.people.views import contacts, persons, referrals, stays

app_name = "people"
urlpatterns = [
    path("personnes/", persons.person_list, name="person_list"),
    path("personnes/nouvelle/", persons.person_new, name="person_create"),
    path("personnes/doublons/", persons.duplicates, name="duplicates"),
    path("personnes/doublons/fusionner/", persons.merge, name="merge"),
    path("personnes/fusions/<int:merge_id>/annuler/", persons.merge_undo, name="merge_undo"),
    path("personnes/<uuid:person_id>/", persons.person_detail, name="person_detail"),
    path("personnes/<uuid:person_id>/modifier/", persons.person_edit, name="person_edit"),
    path("personnes/<uuid:person_id>/consentements/", persons.consent_add, name="consent_add"),
    path("personnes/<uuid:person_id>/parcours/", persons.step_add, name="step_add"),
    path("personnes/<uuid:person_id>/notes-de-sante/", persons.health_note_add, name="health_note_add"),
    path("personnes/<uuid:person_id>/orienter/", referrals.refer, name="refer"),
    path("personnes/<uuid:person_id>/admettre/", stays.admit_direct, name="admit_direct"),
    path("consentements/<int:consent_id>/retirer/", persons.consent_withdraw_view, name="consent_withdraw"),
    path("etapes/<int:step_id>/", persons.step_update, name="step_update"),
    path("rencontres/", contacts.contact_list, name="contact_list"),
    path("rencontres/nouvelle/", contacts.contact_create, name="contact_create"),
    path("orientations/", referrals.referral_list, name="referral_list"),
    path("orientations/<int:referral_id>/", referrals.referral_detail, name="referral_detail"),
    path("orientations/<int:referral_id>/imprimer/", referrals.referral_print, name="referral_print"),
    path(
        "orientations/<int:referral_id>/prise-en-compte/",
        referrals.referral_acknowledge_view,
        name="referral_acknowledge",
    ),
    path("orientations/<int:referral_id>/accepter/", referrals.referral_accept_view, name="referral_accept"),
    path("orientations/<int:referral_id>/refuser/", referrals.referral_decline_view, name="referral_decline"),
    path("orientations/<int:referral_id>/annuler/", referrals.referral_cancel_view, name="referral_cancel"),
    path("orientations/<int:referral_id>/attribuer/", referrals.referral_assign_view, name="referral_assign"),
    path("orientations/<int:referral_id>/admettre/", referrals.referral_admit_view, name="referral_admit"),
    path("sejours/", stays.stay_list, name="stay_list"),
    path("sejours/export.csv", stays.stay_export, name="stay_export"),
    path("sejours/<int:stay_id>/sortie/", stays.stay_exit_view, name="stay_exit"),
    path("sejours/<int:stay_id>/transfert/", stays.stay_transfer_view, name="stay_transfer"),
]
