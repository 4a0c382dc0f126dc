from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.policies.models import DivisionPlan
from zhenxing.public.models import Publication

DATASET_CHOICES = [
    choice for choice in Publication.Dataset.choices if choice[0] != Publication.Dataset.PLAN
]


class PublicationsForm(forms.Form):
    """What a mechanism publishes: datasets and, one by one, its published plans."""

    datasets = forms.MultipleChoiceField(
        label=_("公开内容"),
        choices=DATASET_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plans = forms.ModelMultipleChoiceField(
        label=_("公开的分工方案"),
        queryset=DivisionPlan.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只有已发布的方案可以公开；草稿从不公开。"),
    )

    def __init__(self, *args, mechanism, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = DivisionPlan.objects.filter(
            mechanism=mechanism, status=DivisionPlan.Status.PUBLISHED
        ).order_by("published_at", "pk")
        if not self.is_bound:
            publications = mechanism.publications.all()
            self.initial = {
                "datasets": [p.dataset for p in publications if not p.plan_id],
                "plans": [p.plan_id for p in publications if p.plan_id],
            }
