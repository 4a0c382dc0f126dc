from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Unit


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或别名"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别"))] + list(Unit.Kind.choices)
    )
    include_former = forms.BooleanField(label=_("含已撤销单位"), required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100)
