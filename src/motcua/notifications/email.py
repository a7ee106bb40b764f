"""The console e-mail backend (the default, for development and the demo): each message printed readably (the
body decoded, not base64), the recipient masked, and codes and secrets masked unless in debug mode."""

from __future__ import annotations

from django.core.mail.backends.console import EmailBackend

from motcua.notifications.sms import console_text, mask


class ConsoleEmailBackend(EmailBackend):
    def write_message(self, message) -> None:
        recipients = ", ".join(mask(r) for r in message.recipients())
        text = f"E-mail to {recipients}\nSubject: {message.subject}\n\n{message.body}"
        self.stream.write(f"{console_text(text)}\n{'-' * 79}\n")
