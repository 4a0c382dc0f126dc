"""Forms of regional programmes: the designation form (with its version) and the list filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.lib.versions import add_version_field
from zhenxing.orgs.models import Region
from zhenxing.programmes.models import EDITABLE_FIELDS, Designation


class DesignationForm(forms.ModelForm):
    source_url = forms.URLField(
        label=_("来源地址"), max_length=300, required=False, assume_scheme="https"
    )

    class Meta:
        model = Designation
        fields = list(EDITABLE_FIELDS)
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.select_related("parent")
        add_version_field(self)

    def values(self) -> dict:
        """The cleaned values for the service (the version separately)."""
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


class DesignationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("区域类型"),
        required=False,
        choices=[("", _("全部类型"))] + list(Designation.Kind.choices),
    )
    province = forms.ChoiceField(label=_("省份"), required=False)
    year = forms.IntegerField(label=_("有效年份"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # JSON containment is not portable to SQLite; the provinces are thirty-one rows.
        provinces = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")
        self.fields["province"].choices = [("", _("全部省份"))] + [
            (region.code, region.name) for region in provinces if "northeast" in region.tags
        ]
