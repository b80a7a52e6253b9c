"""The retention table: how long each category of person data is kept, and why."""

# Retention (`manage.py purge_retention`, daily): how long each category of data is kept, in days
# from the date said beside it, and why. Rows that published figures count are anonymised, not
# deleted, so that any figure recomputed for a past date stays the same.
RELAIS_RETENTION = {
    # Exact place and coordinates of an encounter; date, arrondissement, organisation, count kept.
    "contacts": {
        "days": 3 * 365,
        "from": "date de la rencontre",
        "basis": "RGPD art. 5(1)(c) et (e) ; CASF L. 345-2 (veille sociale : le lieu précis ne sert qu'au suivi en cours)",
    },
    # Alias, matching key, year of birth, sex, languages, needs, consents: a person with no activity
    # for three years is no longer followed (one cycle of prison, hospital or departure and return).
    "persons": {
        "days": 3 * 365,
        "from": "dernière activité",
        "basis": "RGPD art. 5(1)(e) et 17 ; référentiel CNIL de l'accompagnement social et médico-social (durée de l'accompagnement)",
    },
    # Coordination notes only: the medical record itself stays with the carer (CSP R. 1112-7).
    "health_notes": {
        "days": 2 * 365,
        "from": "date de la note",
        "basis": "CSP L. 1110-4 (partage limité à la prise en charge) ; RGPD art. 9 et 5(1)(e)",
    },
    # The link to the encounter and the authors of each status change; dated referrals kept.
    "referrals": {
        "days": 5 * 365,
        "from": "date d'envoi",
        "basis": "RGPD art. 5(1)(e) et 89 (statistiques) ; évaluation pluriannuelle du plan",
    },
    # The exact place (room, bed); dated stays and exit destinations kept.
    "stays": {
        "days": 5 * 365,
        "from": "date de sortie",
        "basis": "RGPD art. 5(1)(e) et 89 (statistiques) ; CASF L. 345-2",
    },
    # Deleted from the start of the chain, which resumes from a checkpoint; as long as a record lives,
    # a person may learn who read it.
    "access_log": {
        "days": 3 * 365,
        "from": "date de l'accès",
        "basis": "RGPD art. 32 ; CNIL, recommandation sur la journalisation (plus de 1 an si le risque le justifie : données de santé)",
    },
    # Files of a closed proposal (opened, set aside, abandoned); the proposal itself stays.
    "premises_documents": {
        "days": 5 * 365,
        "from": "clôture de la proposition",
        "basis": "Code du patrimoine L. 212-2 (durée d'utilité administrative) ; RGPD art. 5(1)(e)",
    },
    # The engine's proposals archived with their inputs (the waiting list with each person's points, reasons,
    # needs and where they were last met): kept while a person may ask how the rules applied to them and
    # contest it; the referrals sent stay, with their own duration. Erasure removes the person before.
    "allocations": {
        "days": 365,
        "from": "date de la proposition",
        "basis": (
            "CRPA L. 311-3-1 et R. 311-3-1-2 (communication des règles d'un traitement algorithmique et de leur "
            "application à la personne) ; CE, 13 juillet 2016, Czabaj (recours dans un délai raisonnable d'un an) ; "
            "RGPD art. 5(1)(e) et 5(2)"
        ),
    },
}
