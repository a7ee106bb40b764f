"""The several-machines block of the settings: nothing changes without its variables; with them, Redis for the
cache and sessions, the shared media folder, the replica alias and its router (ADR 0011, 0012)."""

from __future__ import annotations

import runpy
from pathlib import Path

import motcua.config


def settings_with(monkeypatch, tmp_path, **variables: str) -> dict:
    monkeypatch.setenv("MOTCUA_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MOTCUA_SECRET_KEY", "settings-test")
    for name in ("REDIS_URL", "MEDIA_ROOT", "REPLICA_DATABASE_URL", "DATABASE_URL"):
        monkeypatch.delenv(f"MOTCUA_{name}", raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(f"MOTCUA_{name}", value)
    # The file run afresh with these variables (the loaded settings module stays as it is).
    return runpy.run_path(str(Path(motcua.config.__file__).with_name("settings.py")))


def test_one_machine_keeps_its_own_cache_sessions_and_folder(monkeypatch, tmp_path):
    values = settings_with(monkeypatch, tmp_path)
    assert "CACHES" not in values and "SESSION_ENGINE" not in values and "DATABASE_ROUTERS" not in values
    assert list(values["DATABASES"]) == ["default"]
    assert values["MEDIA_ROOT"] == (tmp_path / "var" / "media").resolve()


def test_several_machines_share_redis_a_folder_and_read_from_the_replica(monkeypatch, tmp_path):
    values = settings_with(
        monkeypatch,
        tmp_path,
        DATABASE_URL="postgresql://motcua@db1:5432/motcua",
        REDIS_URL="redis://redis1:6379/0",
        MEDIA_ROOT="/srv/motcua/media",
        REPLICA_DATABASE_URL="postgresql://motcua_ro@db2:5432/motcua",
    )
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHES"]["default"]["LOCATION"] == "redis://redis1:6379/0"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert str(values["MEDIA_ROOT"]) == "/srv/motcua/media"
    replica = values["DATABASES"]["replica"]
    assert (replica["HOST"], replica["USER"], replica["TEST"]) == ("db2", "motcua_ro", {"MIRROR": "default"})
    assert "statement_timeout" in replica["OPTIONS"]["options"]  # the primary's safeguards apply to it too
    assert values["DATABASE_ROUTERS"] == ["motcua.core.dbrouter.ReplicaRouter"]
