"""The administration site, opened by the access module rather than Django's is_staff flag."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from zhenxing.lib.versions import (
    VersionConflict,
    VersionField,
    VersionMissing,
    differences,
    lock_version,
)
from zhenxing.orgs import access


class ZhenxingAdminSite(admin.AdminSite):
    site_header = "振兴 · 系统管理"
    site_title = "振兴 · 系统管理"
    index_title = "管理"

    def has_permission(self, request):
        return access.may_use_admin_site(request.user)


class RuledModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose permissions come from two access rules: who reads, who writes."""

    view_rule = staticmethod(access.may_maintain_reference_data)
    write_rule = staticmethod(access.may_maintain_reference_data)
    allow_delete = False

    def _superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return (
            self._superuser(request)
            or self.view_rule(request.user)
            or self.write_rule(request.user)
        )

    def has_change_permission(self, request, obj=None):
        return self._superuser(request) or self.write_rule(request.user)

    def has_add_permission(self, request):
        return self._superuser(request) or self.write_rule(request.user)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request) or (self.allow_delete and self.write_rule(request.user))


def nobody(user) -> bool:
    """The write rule of data that changes only through its pages and services."""
    return False


class ReadOnlyModelAdmin(RuledModelAdmin):
    """The secretariat reads; changes go through the pages and services, so that notifications,
    ledgers, revisions and snapshots follow (a superuser may still correct a row)."""

    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(nobody)


class VersionedAdminForm(forms.ModelForm):
    """An admin change form that carries the version it read: saving over someone else's newer
    change is refused, naming what they changed, instead of overwriting it."""

    # Declared, so that the admin's fieldsets render it (hidden); a new row starts at 1.
    version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_conflict = False
        if self.instance.pk is not None:
            self.fields["version"].required = True
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            data["version"] = 1
            return data
        model = type(self.instance)
        try:
            # The admin saves in the same transaction: the row stays locked until then.
            locked = lock_version(
                model.objects.all(), pk=self.instance.pk, expected_version=data.get("version")
            )
        except VersionMissing:
            raise
        except VersionConflict as conflict:
            self.version_conflict = True
            theirs = type(self)(instance=conflict.current)
            changed = "；".join(
                f"{row['label']}：{row['theirs']}（您填写：{row['mine']}）"
                for row in differences(self, theirs)
            )
            raise ValidationError(f"{conflict.messages[0]} {changed}") from conflict
        data["version"] = locked.version + 1  # what the admin then saves
        return data


class VersionedModelAdmin(RuledModelAdmin):
    """RuledModelAdmin whose change form is optimistically locked; a stale save answers 409."""

    form = VersionedAdminForm

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if getattr(context["adminform"].form, "version_conflict", False):
            response.status_code = 409
        return response
