from django import forms
from django.utils.translation import gettext_lazy as _


class FigureExtractForm(forms.Form):
    """Pasted text or an uploaded file to read figures from; nothing is stored."""

    text = forms.CharField(
        label=_("粘贴正文"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(
        label=_("或上传文件"),
        required=False,
        error_messages={"empty": _("上传的文件是空的。")},
        help_text=_("支持 .txt、.docx、文字版 .pdf 和 .html，不超过 20 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf,.html,.htm"}),
    )
    include_off_topic = forms.BooleanField(
        label=_("同时列出页面中无关文章的数据（标为“无关”）"), required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("请粘贴正文或上传文件。"))
        return data
