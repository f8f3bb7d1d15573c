"""Settings: one table, documented, read from file, environment and flags in that order."""

from __future__ import annotations

from pathlib import Path

import pytest

from edgraph.errors import SettingsError
from edgraph.settings import SETTINGS, Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_flags_override_environment_override_file(tmp_path: Path) -> None:
    config = tmp_path / "edgraph.toml"
    config.write_text('[edgraph]\nstore = "from-file"\nbase_iri = "https://file.example/"\n')
    settings = Settings.load(
        overrides={"store": "from-flag"},
        env={"EDGRAPH_BASE_IRI": "https://env.example/"},
        config_file=config,
    )
    assert settings.store == "from-flag"
    assert settings.base_iri == "https://env.example/"


def test_a_relative_project_in_a_settings_file_is_relative_to_that_file(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "edgraph.toml"
    config.parent.mkdir()
    config.write_text('project = "../mydata"\n')
    assert Settings.load(env={}, config_file=config).project == tmp_path / "conf" / "../mydata"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour = 'red'\n", "unknown setting 'colour'"),
        ("base_iri = 'ftp://x/'\n", r"must be an http\(s\) IRI"),
        ("store = \n", "Invalid value"),
    ],
)
def test_a_bad_settings_file_names_itself_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    config = tmp_path / "edgraph.toml"
    config.write_text(content)
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.load(env={}, config_file=config)
    assert str(config) in str(caught.value)


def test_the_default_store_is_per_project_under_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    one = Settings.load(overrides={"project": tmp_path / "a"}, env={}, config_file=None)
    two = Settings.load(overrides={"project": tmp_path / "b"}, env={}, config_file=None)
    assert str(one.store_location()).startswith(str(tmp_path / "edgraph" / "stores" / "a-"))
    assert one.store_location() != two.store_location()


@pytest.mark.parametrize("setting", [s.name for s in SETTINGS])
def test_every_setting_is_documented_in_the_readme(setting: str) -> None:
    text = README.read_text(encoding="utf-8")
    assert f"`{setting}`" in text
    assert f"EDGRAPH_{setting.upper()}" in text


def test_the_address_settings_are_checked_when_read() -> None:
    def load(**values: object) -> Settings:
        return Settings.load(overrides=values, env={}, config_file=None)

    assert load(public_url="https://data.example.org/kg").public_url == (
        "https://data.example.org/kg/"
    )
    assert load(trusted_hosts="a.example, .b.example").trusted_hosts == ("a.example", ".b.example")
    assert load(trusted_proxy="10.0.0.2").trusted_proxy == "10.0.0.2"
    for name, value, message in [
        ("public_url", "data.example.org", "not an http"),
        ("public_url", "https://data.example.org/?x=1", "no query or fragment"),
        ("trusted_hosts", "evil.example/path", "not a host name"),
        ("trusted_proxy", "proxy.example", "not an IP address"),
        ("query_queue", "-1", "not zero or a positive"),
    ]:
        with pytest.raises(SettingsError, match=message):
            load(**{name: value})
    assert load(query_queue="0").query_queue == 0  # no waiting: refused unless a worker is free
