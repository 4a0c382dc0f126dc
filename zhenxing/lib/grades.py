"""The four grades of an evaluation (优秀, 良好, 一般, 较差) and their badge colours, shared by
the evaluations of pairing cooperation and of pilots."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("较差")


GRADE_COLOURS = {
    Grade.EXCELLENT: "green",
    Grade.GOOD: "blue",
    Grade.FAIR: "yellow",
    Grade.POOR: "red",
}
