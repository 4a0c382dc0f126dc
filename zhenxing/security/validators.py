"""Password rules beyond Django's: three character classes, no reuse of recent passwords."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHARACTER_CLASSES = {
    "lowercase": str.islower,
    "uppercase": str.isupper,
    "digit": str.isdigit,
    "symbol": lambda character: not character.isalnum(),
}


def character_classes(password: str) -> int:
    """How many of lower case, upper case, digits and symbols the password uses."""
    return sum(
        any(test(character) for character in password) for test in CHARACTER_CLASSES.values()
    )


class CharacterClassesValidator:
    """At least `minimum_classes` of: lower case, upper case, digits, symbols."""

    def __init__(self, minimum_classes: int = 3):
        self.minimum_classes = minimum_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.minimum_classes:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少%(count)d类。")
                % {"count": self.minimum_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号中的至少%(count)d类。") % {
            "count": self.minimum_classes
        }


class PasswordHistoryValidator:
    """Not the current password nor any of the `count` before it; records each new one."""

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from zhenxing.security.selectors import recent_password_hashes

        hashes = [user.password, *recent_password_hashes(user, self.count)]
        if any(encoded and check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("不能使用当前密码或最近%(count)d次用过的密码。") % {"count": self.count},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from zhenxing.security.services import password_history_record

        password_history_record(user=user, keep=self.count)

    def get_help_text(self):
        return _("不能使用当前密码或最近%(count)d次用过的密码。") % {"count": self.count}
