from django import template

register = template.Library()


@register.filter
def in_minutes(delta) -> int:
    """A timedelta as whole minutes, rounded up: « réessayez dans 16 minutes »."""
    return -(-int(delta.total_seconds()) // 60)
