"""How settings read the environment (interview_bot/env.py on django-environ)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from interview_bot.env import Env

ROOT = Path(__file__).resolve().parents[2]


def _env(**values: str) -> Env:
    env = Env()
    env.ENVIRON = values
    return env


def test_unset_variables_take_their_defaults():
    env = _env()

    assert env.str("NAME", "default") == "default"
    assert env.str("NAME", "") == ""
    assert env.bool("FLAG", True) is True
    assert env.int("COUNT", 20) == 20
    assert env.float("SECONDS", 0.04) == 0.04
    assert env.list("HOSTS", default=["localhost"]) == ["localhost"]


def test_values_are_stripped_and_list_items_too():
    env = _env(NAME="  Asia/Seoul ", COUNT=" 7 ", HOSTS=" a.example , ,b.example,")

    assert env.str("NAME", "") == "Asia/Seoul"
    assert env.int("COUNT", 20) == 7
    assert env.list("HOSTS", default=[]) == ["a.example", "b.example"]


def test_a_blank_flag_or_number_means_its_default_and_a_blank_string_stays_blank():
    env = _env(FLAG=" ", COUNT="", SECONDS="  ", NAME=" ", HOSTS="")

    assert env.bool("FLAG", True) is True
    assert env.int("COUNT", 20) == 20
    assert env.float("SECONDS", 0.04) == 0.04
    assert env.str("NAME", "default") == ""
    assert env.list("HOSTS", default=["localhost"]) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *[("1", True), ("true", True), ("Yes", True), ("ON", True)],
        *[("0", False), ("false", False), ("No", False), ("off", False)],
    ],
)
def test_flags_take_these_words(raw, expected):
    assert _env(FLAG=raw).bool("FLAG", not expected) is expected


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("bool", "maybe", "FLAG must be true or false, not 'maybe'"),
        ("bool", "2", "FLAG must be true or false, not '2'"),
        ("int", "abc", "FLAG must be an integer, not 'abc'"),
        ("int", "1.5", "FLAG must be an integer, not '1.5'"),
        ("float", "30s", "FLAG must be a number, not '30s'"),
    ],
)
def test_a_value_that_does_not_parse_stops_start_up_naming_the_variable(kind, raw, message):
    env = _env(FLAG=raw)
    with pytest.raises(ImproperlyConfigured) as error:
        getattr(env, kind)("FLAG", {"bool": False, "int": 1, "float": 1.0}[kind])
    assert str(error.value) == message


def test_numbers_parse_as_python_does():
    assert _env(SECONDS="1e-3").float("SECONDS", 0.0) == 0.001
    assert _env(COUNT="-2").int("COUNT", 0) == -2


def test_a_value_starting_with_a_dollar_is_taken_literally():
    # Plain django-environ would look up a variable named "abc" and fall back silently.
    env = _env(DJANGO_SECRET_KEY="$abc", abc="other")

    assert env.str("DJANGO_SECRET_KEY", "dev-key") == "$abc"


def test_a_required_variable_is_named_when_missing():
    with pytest.raises(ImproperlyConfigured, match="Set the NAME environment variable"):
        _env().str("NAME")


def _settings(**environ: str) -> subprocess.CompletedProcess:
    """The settings module loaded in a fresh process with only `environ` set."""
    keep = {"PATH", "HOME", "LANG", "PYTHONPATH"}
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import json; from django.conf import settings as s; print(json.dumps({n: getattr(s, n)"
            " for n in ['EMAIL_PORT', 'INTERVIEWER_PROVIDER', 'RETRIEVER_BACKEND', 'DATABASES',"
            " 'DEBUG']}, default=str))",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k in keep},
            "DJANGO_SETTINGS_MODULE": "interview_bot.settings",
            **environ,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_from_an_empty_environment_and_from_set_values():
    bare = _settings()
    assert bare.returncode == 0, bare.stderr
    defaults = json.loads(bare.stdout.splitlines()[-1])
    assert defaults["EMAIL_PORT"] == 25
    assert defaults["INTERVIEWER_PROVIDER"] == "local"
    assert defaults["RETRIEVER_BACKEND"] == "local"
    assert defaults["DEBUG"] is True
    assert defaults["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"

    configured = _settings(
        INTERVIEWER_PROVIDER=" OpenAI ",
        RETRIEVER_BACKEND="",
        DATABASE_URL="postgres://bot:secret@db.example:5433/interviews",
        DATABASE_POOL_MAX_SIZE="5",
    )
    assert configured.returncode == 0, configured.stderr
    values = json.loads(configured.stdout.splitlines()[-1])
    assert values["INTERVIEWER_PROVIDER"] == "openai"
    assert values["RETRIEVER_BACKEND"] == "local"
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"]) == ("db.example", 5433)
    assert database["NAME"] == "interviews"
    assert (database["USER"], database["PASSWORD"]) == ("bot", "secret")
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["pool"]["max_size"] == 5


def test_a_bad_number_in_the_environment_stops_start_up():
    result = _settings(DJANGO_EMAIL_PORT="twenty-five")

    assert result.returncode != 0
    assert "DJANGO_EMAIL_PORT must be an integer, not 'twenty-five'" in result.stderr


def test_llm_prices_parse_per_model_with_one_or_two_numbers():
    from decimal import Decimal

    from interview_bot.env import parse_prices

    assert parse_prices("P", " gpt-4o-mini = 0.00015/0.0006 , local-llama=0 ,") == {
        "gpt-4o-mini": (Decimal("0.00015"), Decimal("0.0006")),
        "local-llama": (Decimal(0), Decimal(0)),
    }
    assert parse_prices("P", "") == {}


@pytest.mark.parametrize("raw", ["gpt-4o", "=1", "m=abc", "m=1/2/3", "m=-1", "m=nan", "m=inf"])
def test_a_bad_llm_price_stops_start_up_naming_the_variable(raw):
    from interview_bot.env import parse_prices

    with pytest.raises(ImproperlyConfigured, match="LLM_PRICE_PER_1K_TOKENS"):
        parse_prices("LLM_PRICE_PER_1K_TOKENS", raw)
