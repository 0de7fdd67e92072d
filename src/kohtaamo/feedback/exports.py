"""CSV exports: invitations with their links, and every dashboard table as shown."""

import csv
from collections.abc import Iterable, Sequence
from typing import IO

from .services.sending import score_links, survey_link

# A cell starting with one of these is run as a formula by spreadsheet programs; customer text is
# untrusted, so such cells are prefixed with an apostrophe (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_csv(out: IO[str], header: Sequence[str], rows: Iterable[Sequence]) -> None:
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


INVITATION_HEADER = (
    "id", "survey", "status", "language", "email", "customer_id", "interaction_id", "channel", "agent",
    "team", "send_after", "expires_at", "link", "first_question_links",
)  # fmt: skip


def invitations_csv(invitations: Iterable, out: IO[str]) -> None:
    """One row per invitation with its survey link and the pre-filled score links of the first question."""
    rows = (
        (
            i.pk,
            i.survey.key,
            i.status,
            i.language,
            i.email,
            i.customer_id or "",
            i.interaction_id or "",
            i.channel,
            i.agent.name if i.agent else "",
            i.team.name if i.team else "",
            i.send_after.isoformat(),
            i.expires_at.isoformat(),
            survey_link(i),
            " ".join(link for _, link in score_links(i)),
        )  # fmt: skip
        for i in invitations
    )
    write_csv(out, INVITATION_HEADER, rows)
