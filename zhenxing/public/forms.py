from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhenxing.lib.evidence import EVIDENCE_MAX_BYTES, checked_evidence
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import DivisionPlan
from zhenxing.public.captcha import captcha_new, captcha_passes
from zhenxing.public.models import Publication, Suggestion

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


class FreshInput(forms.TextInput):
    """A text box drawn empty even when the form comes back with errors (a spent answer)."""

    def format_value(self, value):
        return None


class SuggestionForm(forms.ModelForm):
    """The public's form: what, where, the text, an optional file, how to reach them, and the
    captcha (a fresh one every time the form is drawn)."""

    attachment = forms.FileField(
        label=_("附件"),
        required=False,
        help_text=_("可选：PDF、Word(.docx)、Excel(.xlsx)、图片(jpg/png) 或文本，不超过 10 MB。"),
    )
    captcha_answer = forms.CharField(
        label=_("验证码"),
        max_length=4,
        widget=FreshInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("请输入下图中算式的结果。"),
    )

    class Meta:
        model = Suggestion
        fields = ["category", "region", "text", "contact_name", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            level__in=["province", "prefecture"]
        ).order_by("code")
        self.fields["text"].max_length = 5000
        self.fields["text"].widget.attrs["maxlength"] = 5000
        # Drawn with a new challenge each time; a posted one is spent when it is checked. The
        # template writes this token into the hidden captcha_token input, never the posted one.
        self.new_captcha = captcha_new()

    def clean(self):
        cleaned = super().clean()
        token = str(self.data.get("captcha_token", ""))
        if not captcha_passes(token, cleaned.get("captcha_answer", "")):
            self.add_error("captcha_answer", _("验证码错误或已过期，请重新输入。"))
        return cleaned

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(_("文件过大，上限为 10 MB。"))
        data = upload.read()
        name, content_type = checked_evidence(upload.name, data)
        return name, data, content_type


class StatusForm(forms.Form):
    receipt_number = forms.CharField(label=_("回执编号"), max_length=24)
    contact = forms.CharField(label=_("提交时填写的联系方式"), max_length=100)


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=Unit.objects.none())
    note = forms.CharField(label=_("转办意见"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The units that answer for their own work (departments answer through their ministry).
        self.fields["unit"].queryset = Unit.objects.current().filter(parent__isnull=True)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea)


class PublishForm(forms.Form):
    answer_published = forms.BooleanField(label=_("向提出人公开答复"), required=False)
    listed_publicly = forms.BooleanField(label=_("在公开列表中展示"), required=False)
