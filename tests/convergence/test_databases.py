"""DATABASE_URL and the embedded default: an SQLite database gets the same options either way."""

from pathlib import Path

from convergence import databases


def test_an_sqlite_url_gets_the_pragmas_that_let_its_migrations_rebuild_tables() -> None:
    config = databases.from_url("sqlite:////tmp/convergence-url.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/convergence-url.sqlite3"
    assert "PRAGMA legacy_alter_table=ON" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"] == databases.embedded(Path("/tmp/conv-db-test"))["OPTIONS"]


def test_a_postgres_url_is_left_as_it_is_written() -> None:
    config = databases.from_url("postgres://convergence:secret@db.example.org:5432/convergence")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.example.org",
        5432,
        "convergence",
    )
    assert "init_command" not in config.get("OPTIONS", {})
    assert config["CONN_MAX_AGE"] == 60


def test_the_embedded_default_makes_its_folder(tmp_path: Path) -> None:
    config = databases.embedded(tmp_path / "data")
    assert (tmp_path / "data").is_dir()
    assert config["NAME"] == str(tmp_path / "data" / "convergence.sqlite3")
