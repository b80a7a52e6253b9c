import datetime

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from relais.premises.enums import AWAITING_REVIEW, FINAL


class ProposalQuerySet(QuerySet):
    def active(self):
        return self.exclude(status__in=FINAL)

    def awaiting_review(self):
        return self.filter(status__in=AWAITING_REVIEW)

    def overdue_on(self, day: datetime.date, expected_reviews: int):
        """Still awaiting the State's opinions after the response deadline."""
        return (
            self.awaiting_review()
            .filter(response_due_on__lt=day)
            .annotate(_reviews=Count("reviews", distinct=True))
            .filter(_reviews__lt=expected_reviews)
        )

    def with_review_state(self, day: datetime.date, expected_reviews: int):
        """`reviews_count`, `reviews_missing` and `is_overdue`, in SQL, for lists."""
        qs = self.annotate(reviews_count=Count("reviews", distinct=True))
        overdue = Q(status__in=AWAITING_REVIEW, response_due_on__lt=day, reviews_count__lt=expected_reviews)
        return qs.annotate(
            is_overdue=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
