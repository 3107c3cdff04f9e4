"""The environment reader behind `settings.py`: django-environ, held to the rules these
settings have always had.

Plain django-environ would read "maybe" as false, "1e-3" as 13 and "30s" as 30, fail on
a blank number with a bare ValueError, and take a value starting with "$" as the name of
another variable (a generated secret key may start with one). Here:

- surrounding blanks are ignored, and list items are stripped;
- a blank flag or number means its default (a blank string stays blank);
- a flag or number that does not parse stops start-up naming the variable;
- a value is always taken literally.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})
_EXPECTED = {bool: "true or false", int: "an integer", float: "a number"}


class Env(environ.Env):
    def get_value(
        self, var: str, cast: Any = None, default: Any = environ.Env.NOTSET, parse_default=False
    ) -> Any:
        if var not in self.ENVIRON:
            # The default, or django-environ's "Set the X environment variable".
            return super().get_value(var, cast=cast, default=default)
        raw = self.ENVIRON[var].strip()
        if not raw and cast in _EXPECTED and default is not self.NOTSET:
            return default
        try:
            return self.parse_value(raw, cast)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{var} must be {_EXPECTED.get(cast, 'valid')}, not {raw!r}"
            ) from error

    @classmethod
    def parse_value(cls, value: str, cast: Any) -> Any:
        if cast is bool:
            if value.lower() in TRUE:
                return True
            if value.lower() in FALSE:
                return False
            raise ValueError(value)
        if cast is float:
            return float(value)
        if cast is list:
            return [item.strip() for item in value.split(",") if item.strip()]
        return super().parse_value(value, cast)


def parse_prices(var: str, raw: str) -> dict[str, tuple[Decimal, Decimal]]:
    """`model=input/output,...` (price per 1,000 prompt / completion tokens; one number
    is both) as {model: (input, output)}; anything else stops start-up naming `var`."""
    prices: dict[str, tuple[Decimal, Decimal]] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        model, sep, value = (piece.strip() for piece in item.partition("="))
        numbers = [piece.strip() for piece in value.split("/")]
        try:
            parsed = [Decimal(n) for n in numbers]
        except InvalidOperation:
            parsed = []
        if (
            not sep
            or not model
            or len(parsed) not in (1, 2)
            or any(not p.is_finite() or p < 0 for p in parsed)
        ):
            raise ImproperlyConfigured(
                f"{var} must be model=price or model=input/output per 1,000 tokens, "
                f"comma-separated, not {item!r}"
            )
        prices[model] = (parsed[0], parsed[-1])
    return prices
