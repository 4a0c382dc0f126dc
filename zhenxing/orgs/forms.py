from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import ApiScope, Unit


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或别名"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部类别"))] + list(Unit.Kind.choices)
    )
    include_former = forms.BooleanField(label=_("含已撤销单位"), required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("用途"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("权限范围"),
        choices=ApiScope.choices,
        initial=[ApiScope.READ],
        required=False,  # none chosen: read-only, the least a token can do
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "“只读”：只能读取；选择具体范围：可读取全部，并可在所选范围内写入；"
            "“全部”：与您的账户权限相同。"
        ),
    )

    def clean_scopes(self):
        return self.cleaned_data["scopes"] or [ApiScope.READ]


# -- unit pickers, shared by the forms of every app that assigns work to units ----------------


class UnitChoiceField(forms.ModelChoiceField):
    """One unit, shown by its display name (or its full name, `label_by="full_name"`)."""

    def __init__(self, *args, label_by: str = "display_name", **kwargs):
        self.label_by = label_by
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return getattr(obj, self.label_by)


class UnitsField(forms.ModelMultipleChoiceField):
    """Several units as check boxes, shown by their display names."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display_name


class UnitsForm(forms.Form):
    """A form whose unit pickers offer `unit_choices()`, read per form so that units set up or
    dissolved today count. Subclasses say which units (members, inspected units…)."""

    def unit_choices(self):
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, UnitChoiceField | UnitsField):
                form_field.queryset = self.unit_choices()
