"""Signing in, single sign-on, API tokens and the admin CLI."""

from __future__ import annotations

from datetime import date

import pytest

from opsreview.accounts.models import ApiToken, Role, User
from opsreview.extensions import db
from tests.conftest import client_as, make_app
from tests.factories import add_meeting, add_teams, add_user

PASSWORD = "correct horse battery staple"


@pytest.fixture
def person(app) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        add_user(Role.HOST, email="harper@example.com", password=PASSWORD)


def test_signing_in_leads_to_the_page_asked_for(anonymous, person) -> None:  # type: ignore[no-untyped-def]
    response = anonymous.post("/login?next=/teams/", data={"email": "harper@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/teams/"
    assert anonymous.get("/teams/").status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com", "/\\evil.example.com", "javascript:alert(1)"])
def test_signing_in_never_redirects_to_another_site(anonymous, person, target) -> None:  # type: ignore[no-untyped-def]
    response = anonymous.post(f"/login?next={target}", data={"email": "harper@example.com", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_a_wrong_password_says_so_and_keeps_the_email(anonymous, person) -> None:  # type: ignore[no-untyped-def]
    page = anonymous.post("/login", data={"email": "harper@example.com", "password": "nope"}).get_data(as_text=True)
    assert "do not match" in page and 'value="harper@example.com"' in page


def test_repeated_failures_lock_the_account_for_a_while(anonymous, person) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        anonymous.post("/login", data={"email": "harper@example.com", "password": "guess"})
    locked = anonymous.post("/login", data={"email": "harper@example.com", "password": PASSWORD})
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.get_data(as_text=True)


def test_session_cookies_are_httponly_and_samesite(anonymous, person) -> None:  # type: ignore[no-untyped-def]
    response = anonymous.post("/login", data={"email": "harper@example.com", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookies_are_secure_when_served_over_https(anonymous, person) -> None:  # type: ignore[no-untyped-def]
    response = anonymous.post(
        "/login", data={"email": "harper@example.com", "password": PASSWORD}, base_url="https://opsreview.test"
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_single_sign_on_is_believed_only_from_the_configured_proxy(database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(database_url, tmp_path, SSO_EMAIL_HEADER="X-Forwarded-Email", SSO_TRUSTED_PROXIES=("127.0.0.9",))
    client = app.test_client()
    header = {"X-Forwarded-Email": "new.person@example.com"}
    untrusted = client.get("/api/v1/teams", headers=header, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert untrusted.status_code == 401
    trusted = client.get("/api/v1/teams", headers=header, environ_base={"REMOTE_ADDR": "127.0.0.9"})
    assert trusted.status_code == 200
    with app.app_context():
        user = db.session.scalars(db.select(User).where(User.email == "new.person@example.com")).one()
        assert user.role == Role.VIEWER and user.password_hash is None
        db.session.remove()
        db.engine.dispose()


def test_an_api_token_is_shown_once_and_stored_hashed(client, app) -> None:  # type: ignore[no-untyped-def]
    page = client.post("/account/tokens", data={"name": "dashboard bot", "scope": "read"}).get_data(as_text=True)
    secret = page.split('<code id="new-token">', 1)[1].split("</code>", 1)[0]
    assert secret.startswith("opsr_") and len(secret) > 30
    with app.app_context():
        stored = db.session.scalars(db.select(ApiToken)).one()
        assert secret not in (stored.token_hash, stored.prefix)
    assert secret not in client.get("/account/tokens").get_data(as_text=True)
    anonymous = app.test_client()
    assert anonymous.get("/api/v1/teams", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_a_read_token_cannot_write_and_a_revoked_one_cannot_read(app) -> None:  # type: ignore[no-untyped-def]
    from opsreview.accounts.models import TokenScope
    from opsreview.accounts.services import create_token, revoke_token

    with app.app_context():
        host = add_user(Role.HOST)
        token, read_only = create_token(host, "reader", TokenScope.READ)
        token_id = token.id
        add_teams(3)
        meeting_id = add_meeting(date(2030, 1, 10)).id
    anonymous = app.test_client()
    bearer = {"Authorization": f"Bearer {read_only}"}
    refused = anonymous.post(f"/api/v1/meetings/{meeting_id}/spins", json={}, headers=bearer)
    assert refused.status_code == 403 and "read-only" in refused.get_json()["error"]["message"]
    with app.app_context():
        revoke_token(db.session.get(ApiToken, token_id))
    assert anonymous.get("/api/v1/teams", headers=bearer).status_code == 401


def test_a_read_write_token_acts_with_its_owners_role(app) -> None:  # type: ignore[no-untyped-def]
    from opsreview.accounts.models import TokenScope
    from opsreview.accounts.services import create_token

    with app.app_context():
        _, as_viewer = create_token(add_user(Role.VIEWER), "viewer bot", TokenScope.READ_WRITE)
        _, as_host = create_token(add_user(Role.HOST), "host bot", TokenScope.READ_WRITE)
        add_teams(3)
        meeting_id = add_meeting(date(2030, 1, 10)).id
    anonymous = app.test_client()
    url = f"/api/v1/meetings/{meeting_id}/spins"
    assert anonymous.post(url, json={}, headers={"Authorization": f"Bearer {as_viewer}"}).status_code == 403
    assert anonymous.post(url, json={}, headers={"Authorization": f"Bearer {as_host}"}).status_code == 201


def test_create_admin_from_the_command_line(app) -> None:  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-admin", "--email", "Root@Example.com", "--name", "Root", "--password", PASSWORD]
    )
    assert "Admin root@example.com created." in result.output
    too_short = runner.invoke(args=["users", "create-admin", "--email", "b@example.com", "--name", "B", "--password", "short"])
    assert too_short.exit_code != 0 and "12 characters" in too_short.output
    with app.app_context():
        admin = db.session.scalars(db.select(User).where(User.email == "root@example.com")).one()
        assert admin.role == Role.ADMIN and PASSWORD not in admin.password_hash


def test_an_admin_gives_someone_a_role_and_the_form_keeps_bad_input(client, app) -> None:  # type: ignore[no-untyped-def]
    bad = client.post("/admin/users/new", data={"email": "not-an-email", "name": "Sam", "role": "leader", "password": "short"})
    page = bad.get_data(as_text=True)
    assert "Not an email address." in page and "At least 12 characters." in page and 'value="Sam"' in page
    good = client.post(
        "/admin/users/new", data={"email": "sam@example.com", "name": "Sam", "role": "leader", "password": PASSWORD}
    )
    assert good.status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(User).where(User.email == "sam@example.com")).one().role == Role.LEADER
    assert client_as(app, Role.LEADER).get("/admin/users").status_code == 403


def test_people_and_the_audit_log_through_the_api(client, app) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/me").get_json()["user"]["role"] == "admin"
    bad = client.post("/api/v1/users", json={"email": "nope", "name": "Sam"})
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "email"
    made = client.post("/api/v1/users", json={"email": "sam@example.com", "name": "Sam", "role": "leader"})
    assert made.status_code == 201
    user_id = made.get_json()["user"]["id"]
    changed = client.patch(f"/api/v1/users/{user_id}", json={"role": "host"})
    assert changed.get_json()["user"]["role"] == "host"
    log = client.get(f"/api/v1/audit?object_type=user&object_id={user_id}").get_json()["entries"]
    assert [e["action"] for e in log] == ["update", "create"]
    assert log[0]["before"] == {"role": "leader"} and log[0]["after"] == {"role": "host"}
    assert client_as(app, Role.HOST).get("/api/v1/audit").status_code == 403
