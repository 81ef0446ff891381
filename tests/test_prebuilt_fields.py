"""Model serializers build their fields once per class (config.api.serializers): every one of
them must come out exactly as DRF would build it, and instances must not share fields."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from config.api.serializers import ModelOut, PrebuiltFieldsMixin, represent


def _all_prebuilt() -> list[type]:
    import config.urls  # noqa: F401 - loads every app's API, so every serializer class exists

    found, todo = [], [PrebuiltFieldsMixin]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if issubclass(sub, serializers.ModelSerializer) and getattr(sub, "Meta", None) is not None:
                found.append(sub)
    return found


def test_every_output_serializer_of_a_model_builds_its_fields_once():
    names = {cls.__name__ for cls in _all_prebuilt()}
    assert {"UserOut", "ProfileOut", "PartyOut", "EntryOut", "InvoiceOut", "NotificationOut"} <= names


@pytest.mark.parametrize("cls", _all_prebuilt(), ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_prebuilt_fields_are_the_fields_drf_builds(cls):
    prebuilt = cls()
    assert prebuilt.get_fields() is not prebuilt.get_fields()  # a copy every time
    fresh = serializers.ModelSerializer.get_fields(cls())  # DRF's own build, no cache
    built = cls().get_fields()
    assert list(built) == list(fresh)
    assert [repr(f) for f in built.values()] == [repr(f) for f in fresh.values()]


def test_instances_do_not_share_fields():
    from social.api.account_serializers import UserOut

    first, second = UserOut(), UserOut()
    first.fields["name"].label = "changed"
    del first.fields["email"]
    assert second.fields["name"].label != "changed" and "email" in second.fields
    assert first.fields["phone"] is not second.fields["phone"]
    assert UserOut().fields["name"].parent is not first


def test_represent_gives_data_through_one_serializer_per_thread():
    import threading

    from social.api.account_serializers import ProfileOut, UserOut
    from social.models import Profile, User

    user = User(email="r@example.com", name="R")
    user.profile = Profile(user=user, display_name="R", default_currency="INR", time_zone="Asia/Kolkata")
    other = User(email="s@example.com", name="S")
    other.profile = Profile(user=other, display_name="S", default_currency="EUR", time_zone="UTC")
    assert represent(UserOut, user) == UserOut(user).data
    assert represent(UserOut, other) == UserOut(other).data != UserOut(user).data
    assert represent(ProfileOut, user.profile) == ProfileOut(user.profile).data

    from config.api import serializers as module

    mine = module._per_thread.serializers[UserOut]
    theirs = []
    thread = threading.Thread(target=lambda: (represent(UserOut, user), theirs.append(module._per_thread.serializers[UserOut])))
    thread.start()
    thread.join()
    assert theirs and theirs[0] is not mine and module._per_thread.serializers[UserOut] is mine
    assert issubclass(UserOut, ModelOut)
