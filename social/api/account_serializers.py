from __future__ import annotations

from typing import Any

from rest_framework import serializers

from config.api.serializers import CurrencyField, ModelOut, StrictSerializer
from social.models import Profile, User
from social.phones import InvalidPhone, normalize_phone


class PhoneField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        raw = super().to_internal_value(data)
        try:
            return normalize_phone(raw)
        except InvalidPhone:
            raise serializers.ValidationError("Not a valid phone number (use +<country code><number>).")


def _https_only(value: str) -> None:
    if value and not value.lower().startswith("https://"):
        raise serializers.ValidationError("Use an https:// address.")


class ProfileOut(ModelOut):
    class Meta:
        model = Profile
        fields = ["display_name", "default_currency", "time_zone", "locale", "upi_id", "avatar_url",
                  "notification_preferences"]
        read_only_fields = fields


class UserOut(ModelOut):
    profile = ProfileOut(read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "email_verified_at", "pending_email", "phone", "name", "profile"]
        read_only_fields = fields


class RegisterIn(StrictSerializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    name = serializers.CharField(max_length=150)
    phone = PhoneField(required=False, allow_null=True)


class LoginIn(StrictSerializer):
    email = serializers.CharField(max_length=254, required=False)
    phone = serializers.CharField(max_length=32, required=False)
    password = serializers.CharField(max_length=128, trim_whitespace=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("email")) == bool(attrs.get("phone")):
            raise serializers.ValidationError({"email": ["Give an email or a phone (one of them)."]})
        return attrs


class RefreshIn(StrictSerializer):
    refresh = serializers.CharField(max_length=2048)


class PasswordResetIn(StrictSerializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmIn(StrictSerializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class VerifyEmailIn(StrictSerializer):
    token = serializers.CharField(max_length=512)


class DetailOut(serializers.Serializer):
    detail = serializers.CharField()


class TokensOut(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class SessionOut(TokensOut):
    user = UserOut()


def _valid_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise serializers.ValidationError("Unknown time zone.")
    return value


def _valid_locale(value: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError, TypeError):
        raise serializers.ValidationError("Unknown locale.")
    return value


class MeIn(StrictSerializer):
    name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(max_length=254, required=False)
    phone = PhoneField(required=False, allow_null=True)
    password = serializers.CharField(max_length=128, required=False, trim_whitespace=False)
    display_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    default_currency = CurrencyField(required=False)
    time_zone = serializers.CharField(max_length=64, required=False, validators=[_valid_zone])
    locale = serializers.CharField(max_length=16, required=False, validators=[_valid_locale])
    upi_id = serializers.RegexField(r"^[\w.\-]{2,64}@[A-Za-z][\w.\-]{1,32}$", max_length=100, required=False, allow_blank=True)
    avatar_url = serializers.URLField(max_length=500, required=False, allow_blank=True,
                                      validators=[_https_only])
    notification_preferences = serializers.DictField(child=serializers.BooleanField(), required=False)

    def validate_notification_preferences(self, value: dict[str, bool]) -> dict[str, bool]:
        from realtime.notifications import kinds

        known = {k.key for k in kinds()}
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(f"Unknown kinds: {', '.join(unknown)}. Known: {', '.join(sorted(known))}.")
        return value
