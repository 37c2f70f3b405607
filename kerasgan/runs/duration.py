"""Durations on the command line: `90s`, `10m`, `2h`, `1h30m`, `1.5h`, or plain seconds."""

import math
import re

from kerasgan.errors import ConfigError

UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*([smhd])", re.IGNORECASE)


def parse_duration(text, flag="--time-budget"):
    """Seconds in a duration such as `90s`, `10m`, `2h`, `1h30m` or `600` (seconds).

    Args:
        text: the duration (a number is taken as seconds).
        flag: the option named in the error message.

    Returns:
        A positive, finite float.

    Raises:
        ConfigError: in one line, for text that is not a duration or is not positive.

    Example:
        >>> parse_duration("1h30m")
        5400.0
    """
    source = str(text).strip()
    try:
        seconds = float(source)
    except ValueError:
        compact = source.replace(" ", "")
        parts = _PART.findall(compact)
        if not parts or "".join(f"{n}{u}" for n, u in parts).lower() != compact.lower():
            raise ConfigError(
                f"{flag} must be a duration such as 90s, 10m, 2h or 1h30m, not {text!r}."
            ) from None
        seconds = sum(float(number) * UNITS[unit.lower()] for number, unit in parts)
    if not math.isfinite(seconds) or seconds <= 0:
        raise ConfigError(f"{flag} must be a positive duration (such as 10m), not {text!r}.")
    return seconds


def format_duration(seconds):
    """`seconds` as text: `45.2 s`, `12 min 5 s`, `2 h 3 min`."""
    seconds = float(seconds)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"
