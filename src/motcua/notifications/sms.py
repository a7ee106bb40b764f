"""SMS adapters: `ConsoleSms` (development: logs the text) and `HttpSms` (an HTTP gateway configured by a URL
template, optionally a JSON body template for a POST, credentials from the environment). Standard library only.

Settings (Django setting NOTIFY_SMS_<NAME>, else the environment variable MOTCUA_SMS_<NAME>):
BACKEND (console | http), URL (e.g. https://gw.example/send?user={user}&pass={password}&to={to}&text={text}),
BODY (a JSON template; when set the request is a POST of it), USER, PASSWORD, SENDER, SUCCESS (a text the
answer must contain to count as accepted), ID_PATTERN (a regular expression whose first group is the
provider's message id), TIMEOUT (seconds, default 10).
Placeholders: {to} as stored, {to_intl} (84…), {text}, {user}, {password}, {sender}.
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.error
import urllib.request
from typing import Protocol
from urllib.parse import quote

from django.conf import settings

from motcua.core.logging import mask_codes

log = logging.getLogger(__name__)


class SendError(Exception):
    """A message was not accepted. `retry`: trying again may succeed, and it surely was not delivered."""

    def __init__(self, message: str, *, retry: bool):
        super().__init__(message)
        self.retry = retry


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str) -> str:
        """Send; return the provider's message id; raise SendError when not accepted."""


def sms_setting(name: str, default: str = "") -> str:
    value = getattr(settings, f"NOTIFY_SMS_{name}", None)
    return str(value) if value is not None else os.environ.get(f"MOTCUA_SMS_{name}", default)


def mask(recipient: str) -> str:
    """What logs and the dossier history show: 091****678, h***@example.com."""
    if "@" in recipient:
        name, _, domain = recipient.partition("@")
        return f"{name[:1]}***@{domain}"
    return recipient[:3] + "*" * max(len(recipient) - 6, 1) + recipient[-3:]


def console_text(text: str) -> str:
    """What a console backend prints: the text as sent in debug mode (the demo reads its codes there), otherwise
    with one-time codes, look-up secrets, ID and phone numbers masked (a real server's terminal is a log)."""
    return text if settings.DEBUG else mask_codes(text)


class ConsoleSms:
    def send(self, *, to: str, text: str) -> str:
        log.info("SMS to %s: %s", mask(to), console_text(text))
        return ""


class HttpSms:
    def __init__(
        self,
        *,
        url: str,
        body: str = "",
        user: str = "",
        password: str = "",
        sender: str = "",
        success: str = "",
        id_pattern: str = "",
        timeout: float = 10.0,
    ):
        if not url:
            raise ValueError("MOTCUA_SMS_URL is required for the http SMS backend")
        self.url, self.body, self.success, self.timeout = url, body, success, timeout
        self.credentials = {"user": user, "password": password, "sender": sender}
        self.id_pattern = re.compile(id_pattern) if id_pattern else None

    @classmethod
    def from_settings(cls) -> HttpSms:
        return cls(
            url=sms_setting("URL"),
            body=sms_setting("BODY"),
            user=sms_setting("USER"),
            password=sms_setting("PASSWORD"),
            sender=sms_setting("SENDER"),
            success=sms_setting("SUCCESS"),
            id_pattern=sms_setting("ID_PATTERN"),
            timeout=float(sms_setting("TIMEOUT", "10")),
        )

    def send(self, *, to: str, text: str) -> str:
        values = {**self.credentials, "to": to, "to_intl": _international(to), "text": text}
        url = _fill(self.url, {k: quote(v, safe="") for k, v in values.items()})
        data, headers = None, {"User-Agent": "motcua"}
        if self.body:
            data = _fill(self.body, {k: json.dumps(v, ensure_ascii=False)[1:-1] for k, v in values.items()}).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, answer = response.status, response.read(65536).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            retry = exc.code >= 500 or exc.code == 429
            raise SendError(f"gateway answered HTTP {exc.code}", retry=retry) from exc
        except TimeoutError as exc:
            # It may have been delivered: not retried, so that it is never sent twice.
            raise SendError("no answer from the gateway in time; outcome unknown", retry=False) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise SendError("could not reach the gateway in time", retry=True) from exc
            raise SendError(f"could not reach the gateway: {exc.reason}", retry=True) from exc
        if self.success and self.success not in answer:
            raise SendError(f"gateway did not accept it: {answer[:200]}", retry=True)
        if self.id_pattern and (found := self.id_pattern.search(answer)):
            return found.group(1)
        return answer.strip()[:255] if status < 300 else ""


PLACEHOLDER = re.compile(r"\{(to|to_intl|text|user|password|sender)\}")


def _fill(template: str, values: dict[str, str]) -> str:
    """Only the known placeholders are replaced: a JSON body's own braces stay as they are."""
    return PLACEHOLDER.sub(lambda found: values[found.group(1)], template)


def _international(phone: str) -> str:
    digits = phone.lstrip("+")
    return "84" + digits[1:] if digits.startswith("0") else digits


def sms_backend() -> SmsBackend:
    kind = sms_setting("BACKEND", "console")
    if kind == "http":
        return HttpSms.from_settings()
    if kind == "console":
        return ConsoleSms()
    raise ValueError(f"unknown SMS backend {kind!r} (console or http)")
