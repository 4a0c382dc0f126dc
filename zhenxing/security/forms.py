from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorForm(forms.Form):
    token = forms.RegexField(
        label=_("动态口令"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("请输入6位数字动态口令。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class LockoutReleaseForm(forms.Form):
    parameter = forms.ChoiceField(
        choices=[("username", _("账户")), ("ip_address", _("地址"))], widget=forms.HiddenInput
    )
    value = forms.CharField(max_length=150, widget=forms.HiddenInput)
