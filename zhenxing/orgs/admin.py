from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zhenxing.admin_site import RuledModelAdmin, VersionedModelAdmin
from zhenxing.orgs import access
from zhenxing.orgs.models import ApiToken, Region, Unit, UnitAlias, UnitGroup, User
from zhenxing.orgs.services import unit_alias_add

admin.site.unregister(Group)


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1
    fields = ["name", "kind"]

    def has_view_permission(self, request, obj=None):
        return access.may_maintain_reference_data(request.user)

    has_change_permission = has_add_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return access.may_maintain_reference_data(request.user)


@admin.register(Unit)
class UnitAdmin(VersionedModelAdmin):
    list_display = ["full_name", "short_name", "kind", "parent", "region", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["full_name", "short_name", "english_name", "aliases__name"]
    autocomplete_fields = ["parent", "succeeded_by", "region"]
    inlines = [UnitAliasInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Lookups go through aliases only: a unit created or renamed here must be found by
        # its names, as the loader's units are. Former names stay as aliases.
        unit = form.instance
        for name, kind in [
            (unit.full_name, UnitAlias.Kind.FULL_NAME),
            (unit.short_name, UnitAlias.Kind.SHORT_NAME),
            (unit.english_name, UnitAlias.Kind.ENGLISH),
        ]:
            if name.strip():
                unit_alias_add(unit=unit, name=name, kind=kind)


@admin.register(Region)
class RegionAdmin(VersionedModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class AccountCreationForm(forms.ModelForm):
    """A new account without a password: nobody chooses one for another person.

    The system administrator then issues a one-time password from the account's page.
    """

    class Meta:
        model = User
        fields = ["username", "display_name", "unit", "email"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        user.must_change_password = True
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(VersionedModelAdmin, DjangoUserAdmin):
    """Accounts: the system administrator creates them; only the security administrator grants roles."""

    view_rule = staticmethod(
        lambda user: access.may_manage_accounts(user) or access.may_grant_roles(user)
    )
    write_rule = view_rule
    list_display = ["username", "display_name", "unit", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "display_name", "unit__full_name"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        (None, {"fields": ["username", "password_reset", "version"]}),
        ("个人信息", {"fields": ["display_name", "unit", "position", "email", "phone"]}),
        ("角色与状态", {"fields": ["role", "is_active", "must_change_password"]}),
        ("登录记录", {"fields": ["last_login", "date_joined"]}),
    ]
    add_form = AccountCreationForm
    add_fieldsets = [(None, {"fields": ["username", "display_name", "unit", "email"]})]

    @admin.display(description=_("密码"))
    def password_reset(self, obj):
        # In place of Django's link to a form where the administrator types a new password.
        return format_html(
            '{} <a href="/security/accounts/{}/password-reset/">{}</a>',
            _("管理员不能为他人设定密码。"),
            obj.pk,
            _("签发一次性密码"),
        )

    def get_readonly_fields(self, request, obj=None):
        return ["password_reset", *self._readonly_fields(request, obj)]

    def _readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        account_fields = [
            "username",
            "display_name",
            "unit",
            "position",
            "email",
            "phone",
            "is_active",
            "must_change_password",
        ]
        if access.may_grant_roles(request.user):
            readonly = account_fields + ["last_login", "date_joined"]
            if obj is not None and obj.pk == request.user.pk:
                readonly.append("role")
            return readonly
        return ["role", "last_login", "date_joined"]

    def has_add_permission(self, request):
        return request.user.is_superuser or access.may_manage_accounts(request.user)

    def has_change_permission(self, request, obj=None):
        # No administrator acts on another administrator's account alone (separation of duties).
        if (
            obj is not None
            and obj.is_administrator
            and obj.pk != request.user.pk
            and not self._superuser(request)
        ):
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Nobody, a superuser neither, chooses another person's password: a one-time reset
        # (security app) replaces this form.
        raise PermissionDenied

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.may_manage_accounts)
    write_rule = staticmethod(lambda user: False)
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = [
        "prefix",
        "name",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    exclude = ["token_hash"]


@admin.register(UnitGroup)
class UnitGroupAdmin(RuledModelAdmin):
    list_display = ["name", "note"]
    search_fields = ["name"]
    filter_horizontal = ["units"]
