"""Form widgets and fields that every app's forms share and that know no model. Pickers know
their model and live with it: units in `orgs.forms`, projects in `projects.forms`, tasks in
`policies.forms`."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker (values in ISO form, 2026-10-01)."""

    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file]


def form_as_posted(form) -> dict:
    """What a browser would post for an unbound form as the page rendered it (its initial
    values): an API edit changes some fields of it and binds the page's form to the rest as
    read (same checks as the page); a test changes one field and posts the rest."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            value = ""
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        elif isinstance(value, bool):
            if not value:
                continue
            value = "on"
        data[bound.html_name] = value
    return data
