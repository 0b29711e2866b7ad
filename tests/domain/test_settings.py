from kompas.domain import settings
from kompas.domain.settings import REPO_ROOT


def test_every_setting_is_documented_in_the_readme():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for setting in settings.SETTINGS:
        assert f"`{setting.env}`" in readme, setting.name


def test_environment_overrides_default(monkeypatch):
    monkeypatch.setenv("KOMPAS_MIN_N_COUNT", "25")
    assert settings.get_int("min_n_count") == 25
    monkeypatch.delenv("KOMPAS_MIN_N_COUNT")
    assert settings.get_int("min_n_count") == 10
