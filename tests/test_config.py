"""Configuration comes from the environment; secrets never have a fixed default."""

from __future__ import annotations

from opsreview import create_app


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPSREVIEW_INSTANCE", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def test_without_database_url_a_sqlite_file_in_the_instance_folder_is_used(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPSREVIEW_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'opsreview.sqlite3'}"


def test_a_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPSREVIEW_INSTANCE", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    again = create_app().config["SECRET_KEY"]
    assert first == again and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_each_install_gets_its_own_secret_key(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("OPSREVIEW_INSTANCE", str(tmp_path / "one"))
    one = create_app().config["SECRET_KEY"]
    monkeypatch.setenv("OPSREVIEW_INSTANCE", str(tmp_path / "two"))
    assert create_app().config["SECRET_KEY"] != one


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OPSREVIEW_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"
