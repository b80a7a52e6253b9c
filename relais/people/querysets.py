from django.apps import apps
from django.db.models import Q, QuerySet

from relais.users.enums import Role
from relais.users.grants import person_data_grant


def involved_person_ids(organization):
    """Subqueries of the persons an organisation referred, hosted, met, treated or recorded."""
    Contact = apps.get_model("people", "Contact")
    Referral = apps.get_model("referrals", "Referral")
    Stay = apps.get_model("stays", "Stay")
    PathwayStep = apps.get_model("pathways", "PathwayStep")
    return (
        Q(created_by_organization=organization)
        | Q(pk__in=Contact.objects.filter(organization=organization, person__isnull=False).values("person_id"))
        | Q(
            pk__in=Referral.objects.filter(
                Q(from_organization=organization) | Q(to_structure__operator=organization)
            ).values("person_id")
        )
        | Q(pk__in=Stay.objects.filter(structure__operator=organization).values("person_id"))
        | Q(pk__in=PathwayStep.objects.filter(organization=organization).values("person_id"))
    )


class PersonQuerySet(QuerySet):
    def visible_to(self, user):
        """Coordination sees every person; operateur, maraude and soignant those their organisation
        referred, hosted, met, treated or recorded, and those they reached by break-glass for its
        short duration; every other role none."""
        return self._in_scope(user, break_glass=True)

    def actionable_by(self, user):
        """The persons the user may write about (contacts, steps, notes, consents, referrals, edits):
        as `visible_to` but without break-glass, which opens reading only. A write would otherwise
        make the user's organisation involved with the person, so in scope for good."""
        return self._in_scope(user, break_glass=False)

    def _in_scope(self, user, *, break_glass: bool):
        grant = person_data_grant(user)
        if grant is None:
            return self.none()
        if grant.role == Role.COORDINATION:
            return self
        involved = involved_person_ids(grant.organization)
        if not break_glass:
            return self.filter(involved)
        # Plus the persons this user reached by break-glass, while it lasts (relais/identity/break_glass.py).
        BreakGlassAccess = apps.get_model("identity", "BreakGlassAccess")
        broken = BreakGlassAccess.objects.active().filter(user=user).values("person_id")
        return self.filter(involved | Q(pk__in=broken))

    def active(self):
        """Not merged into another record."""
        return self.filter(merged_into__isnull=True)


class PersonRelatedQuerySet(QuerySet):
    """For rows that belong to a person: visible exactly when the person is."""

    def visible_to(self, user):
        """Coordination sees all; operateur, maraude, soignant the rows of persons visible to them."""
        grant = person_data_grant(user)
        if grant is None:
            return self.none()
        if grant.role == Role.COORDINATION:
            return self
        Person = apps.get_model("people", "Person")
        return self.filter(person__in=Person.objects.visible_to(user).values("pk"))

    def actionable_by(self, user):
        """The rows the user may change: those of the persons it may write about (no break-glass)."""
        Person = apps.get_model("people", "Person")
        return self.filter(person__in=Person.objects.actionable_by(user).values("pk"))


class ContactQuerySet(PersonRelatedQuerySet):
    def visible_to(self, user):
        """As persons; anonymous contacts (counted only) to the organisation that made them."""
        grant = person_data_grant(user)
        if grant is None:
            return self.none()
        if grant.role == Role.COORDINATION:
            return self
        Person = apps.get_model("people", "Person")
        return self.filter(
            Q(person__in=Person.objects.visible_to(user).values("pk"))
            | Q(person__isnull=True, organization=grant.organization)
        )


class ConsentQuerySet(PersonRelatedQuerySet):
    def valid_on(self, day):
        return self.filter(given_on__lte=day, expires_on__gt=day, withdrawn_on__isnull=True)
