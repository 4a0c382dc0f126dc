"""The traffic lights (红黄绿灯) that rounds, coordination, inspections and indicators compute,
kept apart from an assessor's rating."""

from django.utils.translation import gettext_noop


class Colour:
    """Computed traffic lights (红黄绿灯), kept apart from an assessor's rating."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    COMPLETED = "completed"

    # Chinese, the source texts: pages translate them where they show them ({% translate %}),
    # documents (reports, exports handed on) show them as they are.
    LABELS = {
        GREEN: gettext_noop("绿灯"),
        YELLOW: gettext_noop("黄灯"),
        RED: gettext_noop("红灯"),
        COMPLETED: gettext_noop("已销号"),
    }
    ORDER = {RED: 0, YELLOW: 1, GREEN: 2, COMPLETED: 3}
