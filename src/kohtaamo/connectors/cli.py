"""`kohtaamo connector`: add, list, remove and poll the connectors that bring conversations in."""

import argparse
import os

from kohtaamo.cli.errors import CliError

PASSWORD_ENV = "KOHTAAMO_CONNECTOR_PASSWORD"  # noqa: S105 (the variable's name, not a password)


def register(commands: argparse._SubParsersAction) -> None:
    connector = commands.add_parser("connector", help="channels in: WhatsApp, Chatwoot, IMAP and SMS-reply connectors")
    actions = connector.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a connector; prints its webhook path (or mailbox) on the last line")
    kinds = add.add_subparsers(dest="kind", required=True, metavar="KIND")

    whatsapp = kinds.add_parser("whatsapp", help="WhatsApp Business Cloud API (Meta's webhook)")
    _common(whatsapp, default_name="WhatsApp")
    whatsapp.add_argument("--app-secret", required=True, help="the Meta app's secret (signs every notification)")
    whatsapp.add_argument("--verify-token", required=True, help="the token you type into Meta's webhook setup")
    whatsapp.add_argument("--phone-number-id", help="take only this business number's messages")

    chatwoot = kinds.add_parser("chatwoot", help="a Chatwoot account's webhook")
    _common(chatwoot, default_name="Chatwoot")
    chatwoot.add_argument("--webhook-secret", help="Chatwoot's webhook secret: signatures are then required")

    imap = kinds.add_parser("imap", help=f"an email mailbox over IMAP (password from --password or ${PASSWORD_ENV})")
    _common(imap, default_name="Email")
    imap.add_argument("--host", required=True)
    imap.add_argument("--port", type=int, help="default 993 with tls, 143 otherwise")
    imap.add_argument("--security", choices=("tls", "starttls", "none"), default="tls")
    imap.add_argument("--username", required=True)
    imap.add_argument("--password", help=f"the mailbox password (better: ${PASSWORD_ENV}, not in the process list)")
    imap.add_argument("--folder", action="append", dest="folders", help="folders to read (repeatable; INBOX)")
    imap.add_argument("--address", help="the mailbox's own address: messages from it are agents' replies")
    sms = kinds.add_parser("sms", help="SMS replies to survey invitations (the SMS provider's inbound webhook)")
    _common(sms, default_name="SMS replies")
    for parser in (whatsapp, chatwoot, imap, sms):
        parser.set_defaults(handler=add_command)

    listing = actions.add_parser("list", help="connectors with their webhook path or mailbox and status")
    listing.add_argument("--workspace", help="only this workspace (slug)")
    listing.set_defaults(handler=list_command)
    remove = actions.add_parser("remove", help="remove a connector (what it brought in stays)")
    remove.add_argument("name")
    remove.add_argument("--workspace", required=True)
    remove.set_defaults(handler=remove_command)
    poll = actions.add_parser("poll", help="poll mailboxes now (the worker does it every few minutes)")
    poll.add_argument("--workspace", help="only this workspace (slug)")
    poll.set_defaults(handler=poll_command)


def _common(parser: argparse.ArgumentParser, *, default_name: str) -> None:
    parser.add_argument("--workspace", required=True, help="the workspace's slug")
    parser.add_argument("--name", default=default_name, help=f"the connector's name (default {default_name})")


def _options(args: argparse.Namespace) -> dict[str, object]:
    if args.kind == "whatsapp":
        return {"app_secret": args.app_secret, "verify_token": args.verify_token,
                "phone_number_id": args.phone_number_id}  # fmt: skip
    if args.kind == "chatwoot":
        return {"webhook_secret": args.webhook_secret}
    if args.kind == "sms":
        return {}
    password = args.password or os.environ.get(PASSWORD_ENV, "")
    if not password:
        raise CliError(f"give the mailbox password with --password or ${PASSWORD_ENV}")
    return {"host": args.host, "port": args.port, "security": args.security, "username": args.username,
            "password": password, "folders": args.folders, "address": args.address}  # fmt: skip


def add_command(args: argparse.Namespace) -> int:
    from kohtaamo.cli.common import workspace_by_slug
    from kohtaamo.connectors.kinds import ConnectorInvalid
    from kohtaamo.connectors.registry import kind_of
    from kohtaamo.connectors.services.connectors import connector_add
    from kohtaamo.connectors.tasks import mailbox_poll_schedule

    workspace = workspace_by_slug(args.workspace)
    try:
        connector = connector_add(workspace=workspace, kind=args.kind, name=args.name, options=_options(args))
    except ConnectorInvalid as invalid:
        raise CliError(str(invalid)) from None
    print(f"Connector {connector.name!r} ({connector.kind}) added to {workspace.slug}.")
    if kind_of(connector.kind).polled:
        mailbox_poll_schedule(connector=connector)
        print("The worker (`kohtaamo worker`) polls it every few minutes; `kohtaamo connector poll` polls now.")
        print(kind_of(connector.kind).summary(connector))
    else:
        print("Give the platform this address (after your server's https://host); its path:")
        print(connector.webhook_path)
    return 0


def _workspaces(slug: str | None) -> list:
    from kohtaamo.cli.common import workspace_by_slug
    from kohtaamo.workspaces.models import Workspace

    return [workspace_by_slug(slug)] if slug else list(Workspace.objects.order_by("slug"))


def list_command(args: argparse.Namespace) -> int:
    from kohtaamo.connectors.selectors import connector_statuses
    from kohtaamo.workspaces.access import Actor

    for workspace in _workspaces(args.workspace):
        for s in connector_statuses(actor=Actor.system(workspace)):
            state = (
                "disabled" if not s.connector.enabled else "ok" if s.healthy else f"failing: {s.connector.last_error}"
            )
            seen = s.last_seen_at.isoformat(timespec="seconds") if s.last_seen_at else "never"
            print(f"{workspace.slug}\t{s.connector.kind}\t{s.connector.name}\t{s.summary}\t"
                  f"{s.conversations} conversations\tlast data {seen}\t{state}")  # fmt: skip
    return 0


def remove_command(args: argparse.Namespace) -> int:
    from kohtaamo.cli.common import workspace_by_slug
    from kohtaamo.connectors.selectors import connector_find
    from kohtaamo.connectors.services.connectors import connector_remove
    from kohtaamo.workspaces.access import Actor

    workspace = workspace_by_slug(args.workspace)
    connector = connector_find(actor=Actor.system(workspace), name=args.name)
    if connector is None:
        raise CliError(f"workspace {workspace.slug!r} has no connector named {args.name!r}")
    connector_remove(connector=connector)
    print(f"Connector {args.name!r} removed; its webhook path no longer answers.")
    return 0


def poll_command(args: argparse.Namespace) -> int:
    from kohtaamo.connectors.registry import kind_of
    from kohtaamo.connectors.selectors import connectors_polled
    from kohtaamo.workspaces.access import Actor

    failed = 0
    for workspace in _workspaces(args.workspace):
        for connector in connectors_polled(actor=Actor.system(workspace)):
            report = kind_of(connector.kind).poll(connector)
            trouble = f"; failing: {report.error}" if report.error else ""
            failed += bool(trouble)
            print(f"{workspace.slug}\t{connector.name}\t{report.fetched} fetched, {report.created} new, "
                  f"{report.rejected} rejected{trouble}")  # fmt: skip
    return 1 if failed else 0
