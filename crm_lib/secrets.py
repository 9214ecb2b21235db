"""Secrets in the config: ``${VAR}`` references, a secrets file, and masking.

Any string value of the config may hold ``${NAME}`` references; they are expanded from
the environment, then from the secrets file (``crm run --secrets FILE`` or the
environment variable ``CRM_SECRETS_FILE``): ``KEY=value`` lines or a YAML mapping. The
environment wins when both name a key. ``$${`` is a literal ``${``. An unknown name is
a :class:`~crm_lib.errors.ConfigError` naming the key of the config (exit 2).

Everything a run writes keeps the references unexpanded (``config.yaml``, the manifest);
the notebooks expand them again when they load the config, from the environment they
inherit, which is why :func:`export` puts the secrets file's values into ``os.environ``.
Messages and logs pass through :func:`redact`: the value of every referenced variable and
every value of the secrets file reads as its ``${NAME}``; credentials written literally
(``password=...``, ``user:pass@host``, DuckDB ``SECRET '...'``) read as ``***``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from crm_lib.errors import ConfigError

ENV_FILE = "CRM_SECRETS_FILE"
NAME = r"[A-Za-z_][A-Za-z0-9_]*"
REFERENCE = re.compile(r"\$(\$?)\{([^}]*)\}")
_VALID_NAME = re.compile(NAME)
_LINE = re.compile(rf"\s*(?:export\s+)?({NAME})\s*=(.*)")
MIN_MASKED = 4  # shorter values are not masked in messages (they would hit ordinary text)
MASK = "***"

# Credentials written literally: the value after the key, the password of a URL, the
# string after a DuckDB secret's key word. Values that are ${references} are left alone.
_KEYS = (
    r"password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?"
    r"|secret[_-]?(?:access[_-]?)?key|session[_-]?token|private[_-]?key|client[_-]?secret"
    r"|key[_-]?id"
)
_KEY_VALUE = re.compile(
    rf"""(?ix)(?<![A-Za-z0-9_])({_KEYS})(\s*[=:]\s*)
        (?!\$\{{)('[^']*'|"[^"]*"|[^\s'";&,)]+)"""
)
_KEY_STRING = re.compile(rf"""(?ix)(?<![A-Za-z0-9_])({_KEYS})(\s+)(?!'\$\{{)('[^']*')""")
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@'\"]+:)(?!\$\{)[^@\s/'\"]+@")

_known: dict[str, str] = {}  # secret value -> its name, for redact()


def references(text: str) -> list[str]:
    """The names ``text`` refers to (``$${...}`` is no reference)."""
    return [m[2] for m in REFERENCE.finditer(text) if not m[1]]


def has_reference(value: Any) -> bool:
    return isinstance(value, str) and bool(references(value))


def expand_text(text: str, lookup: Mapping[str, str], where: str, source: str) -> str:
    """``text`` with each ``${NAME}`` replaced by its value; ``$${`` becomes ``${``."""

    def replace(m: re.Match) -> str:
        escaped, name = m[1], m[2]
        if escaped:
            return "${" + name + "}"
        if not _VALID_NAME.fullmatch(name):
            problem = f"malformed reference ${{{name}}} (write $${{ for a literal ${{)"
            raise ConfigError(source, where, problem)
        if name not in lookup:
            problem = f"${{{name}}} is not set (in the environment or the secrets file)"
            raise ConfigError(source, where, problem)
        return lookup[name]

    return REFERENCE.sub(replace, text)


def expand(raw: Any, lookup: Mapping[str, str], source: str, path: str = "") -> Any:
    """A copy of a config mapping with every string value expanded (keys are not)."""
    if isinstance(raw, dict):
        return {
            k: expand(v, lookup, source, f"{path}.{k}" if path else str(k)) for k, v in raw.items()
        }
    if isinstance(raw, list):
        return [expand(v, lookup, source, f"{path}[{i}]") for i, v in enumerate(raw)]
    if isinstance(raw, str) and "${" in raw:
        return expand_text(raw, lookup, path, source)
    return raw


def referenced_names(raw: Any) -> set[str]:
    """Every name the string values of a config mapping refer to."""
    if isinstance(raw, dict):
        return set().union(*(referenced_names(v) for v in raw.values()))
    if isinstance(raw, list):
        return set().union(*(referenced_names(v) for v in raw))
    return set(references(raw)) if isinstance(raw, str) else set()


def read_secrets_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines (``#`` comments, optional ``export``, optional quotes) or a YAML
    mapping of names to scalars. Errors name the file and the line, never a value."""
    source = str(path)
    if not path.is_file():
        raise ConfigError(source, "", "secrets file not found")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(source, "", "secrets file is not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(source, "", f"cannot read the secrets file ({exc.strerror})") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    lines = [(n, line) for n, line in lines if not line.lstrip().startswith("#")]
    if path.suffix.lower() not in {".yaml", ".yml"} and all(_LINE.match(x) for _, x in lines):
        return dict(_parse_line(line) for _, line in lines)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        bad = next((n for n, line in lines if not _LINE.match(line)), None)
        where = where or (f"line {bad}" if bad else "")
        raise ConfigError(source, where, "expected KEY=value lines or a YAML mapping") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        bad = next((n for n, line in lines if not _LINE.match(line)), None)
        raise ConfigError(
            source, f"line {bad}" if bad else "", "expected KEY=value lines or a YAML mapping"
        )
    values = {}
    for key, value in data.items():
        if not isinstance(key, str) or not _VALID_NAME.fullmatch(key):
            raise ConfigError(source, str(key), "not a valid name (letters, digits and _)")
        if isinstance(value, dict | list):
            raise ConfigError(source, key, "expected a single value")
        values[key] = _scalar_text(value)
    return values


def _parse_line(line: str) -> tuple[str, str]:
    key, value = _LINE.match(line).groups()
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    elif " #" in value:
        value = value.split(" #", 1)[0].rstrip()
    return key, value


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def lookup_table(file_values: Mapping[str, str]) -> dict[str, str]:
    """Where references are looked up: the secrets file, overridden by the environment."""
    return {**file_values, **os.environ}


def remember(name: str, value: str) -> None:
    """Mask ``value`` as ``${name}`` in every message from now on."""
    if value and len(value) >= MIN_MASKED:
        _known.setdefault(value, name)


def forget_all() -> None:
    """Forget every remembered value (tests)."""
    _known.clear()


def export(file_values: Mapping[str, str]) -> None:
    """Put the secrets file's values into ``os.environ`` (the environment wins), so that
    the kernels the run starts inherit them and can expand the config's references."""
    for key, value in file_values.items():
        os.environ.setdefault(key, value)


def mask_credentials(text: str) -> str:
    """Credentials written literally in ``text`` replaced by ``***``."""
    if not text:
        return text
    text = _KEY_VALUE.sub(lambda m: f"{m[1]}{m[2]}{_quoted_mask(m[3])}", text)
    text = _KEY_STRING.sub(lambda m: f"{m[1]}{m[2]}'{MASK}'", text)
    return _URL_PASSWORD.sub(lambda m: f"{m[1]}{MASK}@", text)


def _quoted_mask(value: str) -> str:
    return f"{value[0]}{MASK}{value[0]}" if value[:1] in {"'", '"'} else MASK


def redact_values(text: str) -> str:
    """``text`` with every remembered secret value as its ``${NAME}``."""
    if not isinstance(text, str) or not text:
        return text
    for value in sorted(_known, key=len, reverse=True):
        if value in text:
            text = text.replace(value, "${" + _known[value] + "}")
    return text


def redact(text: str) -> str:
    """``text`` fit to print or log: remembered secret values as ``${NAME}``, literal
    credentials as ``***``."""
    if not isinstance(text, str) or not text:
        return text
    return mask_credentials(redact_values(text))


def redact_data(data: Any, redact=redact) -> Any:
    """``redact`` applied to every string of a JSON-like structure (keys too); lists stay
    lists and tuples tuples, so that data without a secret compare equal to their redaction
    (the runner rewrites the whole database when they do not)."""
    if isinstance(data, dict):
        return {
            redact(k) if isinstance(k, str) else k: redact_data(v, redact) for k, v in data.items()
        }
    if isinstance(data, list | tuple):
        return type(data)(redact_data(v, redact) for v in data)
    return redact(data) if isinstance(data, str) else data


def has_known_value(text: str) -> bool:
    return any(value in text for value in _known)


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies in ``folder`` (both resolved, symlinks followed)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
