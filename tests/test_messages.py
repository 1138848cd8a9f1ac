"""Messages that point the right way (issue 16 §6): what a beginner reads must name the real
value, the real cause and a way out."""

from __future__ import annotations

from pathlib import Path

from conftest import write_files

from herokulint.engine import check, select_rules
from herokulint.rules import READY_FILES, READY_SETTINGS


def messages(tmp_path: Path, code: str, files: dict[str, str]) -> list[str]:
    write_files(tmp_path, {**READY_FILES, **files})
    _, found = check(tmp_path, select_rules([code]))
    return [finding.message for finding in found if finding.code == code]


def test_hk505_names_the_backend_written_in_the_settings(tmp_path: Path) -> None:
    backend = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    settings = READY_SETTINGS + f'STATICFILES_STORAGE = "{backend}"\n'
    [message] = messages(tmp_path, "HK505", {"mysite/settings.py": settings})
    assert f'`STORAGES = {{"staticfiles": {{"BACKEND": "{backend}"}}}}`' in message
    assert "..." not in message


def test_hk505_keeps_an_ellipsis_for_a_backend_it_cannot_read(tmp_path: Path) -> None:
    settings = READY_SETTINGS + 'STATICFILES_STORAGE = os.environ["STATIC_BACKEND"]\n'
    [message] = messages(tmp_path, "HK505", {"mysite/settings.py": settings})
    assert '{"BACKEND": ...}' in message


def test_hk405_says_what_a_wildcard_lets_an_attacker_do(tmp_path: Path) -> None:
    settings = READY_SETTINGS.replace('ALLOWED_HOSTS = [".herokuapp.com"]', 'ALLOWED_HOSTS = ["*"]')
    assert settings != READY_SETTINGS
    [message] = messages(tmp_path, "HK405", {"mysite/settings.py": settings})
    assert "forged Host headers" in message
    assert "password-reset emails link to an attacker's site" in message


def test_hk504_blames_django_heroku_when_it_inserted_whitenoise(tmp_path: Path) -> None:
    settings = (
        READY_SETTINGS
        + 'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]\n'
        + "\nimport django_heroku\n\ndjango_heroku.settings(locals())\n"
    )
    requirements = READY_FILES["requirements.txt"] + "django-heroku==0.3.1\n"
    write_files(tmp_path, {**READY_FILES, "requirements.txt": requirements})
    write_files(tmp_path, {"mysite/settings.py": settings})
    _, found = check(tmp_path, select_rules(["HK504"]))
    [finding] = found
    assert finding.message.startswith("`django_heroku.settings()` in mysite/settings.py puts")
    assert "`staticfiles=False`" in finding.message
    assert finding.fix is None  # moving a line cannot undo what the call does on every start
