from django import forms
from django.utils.translation import gettext_lazy as _

from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.forms import DateInput


class ChangeFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("动作"),
        required=False,
        choices=[("", _("全部"))] + list(ChangeRecord.Action.choices),
    )
    object_text = forms.CharField(label=_("对象"), required=False, max_length=100)
    request_id = forms.CharField(label=_("请求编号"), required=False, max_length=64)
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=DateInput)

    def filter(self, records):
        data = self.cleaned_data
        if data["actor"]:
            records = records.filter(actor_name__icontains=data["actor"])
        if data["action"]:
            records = records.filter(action=data["action"])
        if data["object_text"]:
            records = records.filter(object_repr__icontains=data["object_text"])
        if data["request_id"]:
            records = records.filter(request_id=data["request_id"])
        if data["date_from"]:
            records = records.filter(time__date__gte=data["date_from"])
        if data["date_to"]:
            records = records.filter(time__date__lte=data["date_to"])
        return records


class ExportForm(forms.Form):
    """A date range (both ends included) and a file format, for the assessor's copy."""

    date_from = forms.DateField(label=_("起始日期"), widget=DateInput)
    date_to = forms.DateField(label=_("截止日期"), widget=DateInput)
    file_format = forms.ChoiceField(
        label=_("格式"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")], initial="xlsx"
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        if not self.errors and data.get("file_format") == "xlsx":
            from zhenxing.audit.exports import XLSX_MAX_ROWS

            if self.records().count() > XLSX_MAX_ROWS:
                raise forms.ValidationError(
                    _("所选范围超过 %(limit)s 条记录：请缩小日期范围或导出 CSV。")
                    % {"limit": f"{XLSX_MAX_ROWS:,}"}
                )
        return data

    def records(self):
        data = self.cleaned_data
        return (
            ChangeRecord.objects.select_related("content_type")
            .filter(time__date__gte=data["date_from"], time__date__lte=data["date_to"])
            .order_by("sequence")
        )
