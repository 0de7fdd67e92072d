"""Shaping for the account pages: the authenticator's QR code and its secret as a person types it."""

from base64 import b32encode

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG QR code (drawn paths only: no text, no script)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1a1a1a")
    return mark_safe(svg)  # noqa: S308 -- segno's own markup; the address is encoded as modules, not text


def totp_secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
