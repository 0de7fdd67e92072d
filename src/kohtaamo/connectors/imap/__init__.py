"""Email (IMAP): a workspace's mailbox, polled by the worker; each message an email interaction."""

from .kind import Imap

__all__ = ["Imap"]
