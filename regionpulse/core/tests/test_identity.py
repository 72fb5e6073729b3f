"""Identity (等保: 身份鉴别): password rules, the forced change of an initial password, sign-in
lock-out after five failures, the idle time-out, the optional second factor, no default accounts."""

from __future__ import annotations

import base64
import datetime
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from regionpulse.conftest import PASSWORD, World
from regionpulse.core.models import AuditEvent, User

Kind = AuditEvent.Kind
LOGIN = "/accounts/login/"


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_password_needs_three_kinds_of_character_and_ten_characters() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password("kundulunqu2022")  # letters and digits only
    assert "大写字母、小写字母、数字、符号中的至少3种" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        validate_password("Kd-2022")  # three kinds, too short
    validate_password("Kdl-demo-2022")


def test_five_failed_sign_ins_lock_the_account_until_the_security_officer_lifts_it(world: World) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(4):
        assert sign_in(client, "tongji", "wrong-Password-1").status_code == 200
    locked = sign_in(client, "tongji", "wrong-Password-1")
    assert locked.status_code == 429
    assert "连续5次登录失败，已被锁定30分钟" in locked.content.decode()
    # Locked: even the right password is refused now.
    assert sign_in(client, "tongji", PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(kind=Kind.LOGIN_FAILED, actor_label="tongji").count() >= 5
    # The lock-out, and each try refused while it lasts, are recorded.
    lockout = AuditEvent.objects.filter(kind=Kind.LOCKED_OUT).earliest("at")
    assert (lockout.actor_label, lockout.remote_addr) == ("tongji", "10.1.2.3")

    # The leader cannot lift it; the security officer can, and that is recorded.
    assert world.client_for(world.leader).post(reverse("lift-lockout"), {"username": "tongji"}).status_code == 403
    officer = world.client_for(world.security_officer)
    assert "tongji" in officer.get(reverse("lockouts")).content.decode()
    officer.post(reverse("lift-lockout"), {"username": "tongji"})
    assert AuditEvent.objects.filter(kind=Kind.ACCOUNT_UNLOCKED, actor_label="anquan").exists()
    assert sign_in(client, "tongji", PASSWORD).status_code == 302


def test_a_successful_sign_in_is_recorded_with_its_address(world: World) -> None:
    client = Client(REMOTE_ADDR="10.9.8.7")
    assert sign_in(client, "leader", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(kind=Kind.LOGIN)
    assert (event.actor, event.remote_addr) == (world.leader, "10.9.8.7")


def test_an_initial_password_must_be_changed_before_anything_else(world: World) -> None:
    User.objects.filter(pk=world.statistician.pk).update(must_change_password=True)
    client = Client()
    sign_in(client, "tongji", PASSWORD)
    page = client.get(reverse("cockpit:home"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("password_change"))
    assert client.get("/api/projects/").status_code == 403

    refused = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "simplepassword", "new_password2": "simplepassword"},
    )
    assert "至少3种" in refused.content.decode()
    new = "Kdl-tongji-2023!"
    client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    world.statistician.refresh_from_db()
    assert not world.statistician.must_change_password
    assert client.get(reverse("cockpit:home")).status_code == 200
    assert AuditEvent.objects.filter(kind=Kind.PASSWORD_CHANGED, actor=world.statistician).exists()


def test_an_account_the_administrator_creates_must_change_its_password(world: World) -> None:
    admin = world.client_for(world.admin)
    password = "Kdl-new-user-2022"
    answer = admin.post(
        "/admin/core/user/add/",
        {
            "username": "xinren",
            "password1": password,
            "password2": password,
            "usable_password": "true",
            "role": "leader",
            "region": world.district.pk,
        },
    )
    assert answer.status_code == 302
    assert User.objects.get(username="xinren").must_change_password


def test_an_idle_session_ends_after_thirty_minutes(world: World, settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client = Client()
    sign_in(client, "leader", PASSWORD)
    assert client.get(reverse("cockpit:home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page = client.get(reverse("cockpit:home"))
    assert page.status_code == 302 and page["Location"].startswith(LOGIN)


def test_each_request_restarts_the_idle_clock(world: World) -> None:
    client = Client()
    sign_in(client, "leader", PASSWORD)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    client.get(reverse("cockpit:home"))
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > datetime.timedelta(minutes=29)


def test_an_administrator_can_add_a_second_factor_that_every_sign_in_then_asks_for(world: World) -> None:
    admin = world.client_for(world.admin)
    # Opening the page changes nothing; the key is made when asked for.
    assert "生成二维码" in admin.get(reverse("second-factor")).content.decode()
    assert not TOTPDevice.objects.exists()
    admin.post(reverse("second-factor"), {"action": "start"})
    page = admin.get(reverse("second-factor")).content.decode()
    device = TOTPDevice.objects.get(user=world.admin)
    assert "二维码" in page and base64.b32encode(device.bin_key).decode() in page
    admin.post(reverse("second-factor"), {"action": "enable", "token": "000000"})
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # a wrong code makes the next try wait; the test does not
    admin.post(reverse("second-factor"), {"action": "enable", "token": f"{totp(device.bin_key):06d}"})
    device.refresh_from_db()
    assert device.confirmed

    client = Client()
    sign_in(client, "admin", PASSWORD)
    page = client.get(reverse("cockpit:home"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("verify-second-factor"))
    wrong = client.post(reverse("verify-second-factor"), {"token": "123456"})
    assert "动态口令不正确" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    # A code is good once: the next time step's code (within the allowed drift) signs in.
    client.post(reverse("verify-second-factor"), {"token": f"{totp(device.bin_key, drift=1):06d}"})
    assert client.get(reverse("cockpit:home")).status_code == 200


def test_the_second_factor_is_for_administrators(world: World) -> None:
    assert world.client_for(world.leader).get(reverse("second-factor")).status_code == 403


@pytest.mark.django_db
def test_a_fresh_installation_has_no_account() -> None:
    assert not User.objects.exists()
