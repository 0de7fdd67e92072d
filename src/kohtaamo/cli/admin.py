"""workspace, token and user administration."""

import os
from datetime import UTC

from django.db import IntegrityError

from .common import workspace_by_slug
from .errors import CliError


def register(commands) -> None:
    workspace = commands.add_parser("workspace", help="manage workspaces (one per client brand)")
    ws_commands = workspace.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = ws_commands.add_parser("create", help="create a workspace")
    create.add_argument("slug")
    create.add_argument("--name", required=True)
    create.add_argument("--time-zone", default="Europe/Helsinki")
    create.add_argument("--country", default="FI")
    create.set_defaults(handler=workspace_create_command)
    listing = ws_commands.add_parser("list", help="list workspaces")
    listing.set_defaults(handler=workspace_list_command)

    token = commands.add_parser("token", help="API tokens")
    token_commands = token.add_subparsers(dest="action", required=True, metavar="ACTION")
    token_create = token_commands.add_parser("create", help="create a token and print it once")
    token_create.add_argument("--workspace", required=True)
    token_create.add_argument("--name", default="integration")
    token_create.add_argument("--read-only", action="store_true", help="may read and export, never write")
    token_create.add_argument("--expires-in-days", type=int, metavar="DAYS", help="stops working after DAYS days")
    token_create.set_defaults(handler=token_create_command)
    token_list = token_commands.add_parser("list", help="the workspace's tokens, with scope, expiry and last use")
    token_list.add_argument("--workspace", required=True)
    token_list.set_defaults(handler=token_list_command)
    token_revoke = token_commands.add_parser("revoke", help="stop a token at once")
    token_revoke.add_argument("token", help="the token's id or the start of it that `token list` shows")
    token_revoke.add_argument("--workspace", required=True)
    token_revoke.set_defaults(handler=token_revoke_command)

    user = commands.add_parser("user", help="users and their roles")
    user_commands = user.add_subparsers(dest="action", required=True, metavar="ACTION")
    user_add = user_commands.add_parser("add", help="add a user to a workspace with a role")
    user_add.add_argument("email")
    user_add.add_argument("--workspace", required=True)
    user_add.add_argument(
        "--role", required=True, choices=["admin", "cx_manager", "qa_evaluator", "team_lead", "agent"]
    )
    user_add.add_argument("--name", default="")
    user_add.set_defaults(handler=user_add_command)
    unlock = user_commands.add_parser("unlock", help="lift a login lock (too many failed logins)")
    unlock.add_argument("email", nargs="?", default="", help="the account to unlock")
    unlock.add_argument("--address", default="", help="a client address to unlock instead (or as well)")
    unlock.set_defaults(handler=user_unlock_command)


def workspace_create_command(args) -> int:
    from django.core.exceptions import ValidationError

    from kohtaamo.workspaces.services import workspace_create

    try:
        workspace = workspace_create(slug=args.slug, name=args.name, time_zone=args.time_zone, country=args.country)
    except (ValidationError, IntegrityError) as error:
        raise CliError(f"cannot create workspace {args.slug!r}: {_one_line(error)}") from None
    print(f"Workspace {workspace.slug} ({workspace.name}) created.")
    return 0


def workspace_list_command(args) -> int:
    from kohtaamo.workspaces.models import Workspace

    for workspace in Workspace.objects.order_by("slug"):
        print(f"{workspace.slug}\t{workspace.name}\t{workspace.time_zone}\t{workspace.country}")
    return 0


def token_create_command(args) -> int:
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from kohtaamo.workspaces.services import api_token_create

    workspace = workspace_by_slug(args.workspace)
    expires_at = None
    if args.expires_in_days is not None:
        if not 1 <= args.expires_in_days <= 3650:
            raise CliError("--expires-in-days must be between 1 and 3650")
        expires_at = timezone.now() + timedelta(days=args.expires_in_days)
    try:
        _, secret = api_token_create(
            workspace=workspace, name=args.name, read_only=args.read_only, expires_at=expires_at
        )
    except ValidationError as error:
        raise CliError(f"cannot create the token: {_one_line(error)}") from None
    print(secret)
    return 0


def token_list_command(args) -> int:
    from django.utils import timezone

    from kohtaamo.workspaces.access import Actor
    from kohtaamo.workspaces.selectors import api_token_list

    now = timezone.now()
    print("id\tstarts with\tname\tscope\tstatus\texpires\tlast used")
    for token in api_token_list(actor=Actor.system(workspace_by_slug(args.workspace))):
        status = "revoked" if token.revoked_at else ("expired" if not token.is_usable(now) else "active")
        print(
            f"{token.pk}\t{token.prefix}…\t{token.name}\t{token.scope}\t{status}\t"
            f"{_when(token.expires_at)}\t{_when(token.last_used_at)}"
        )
    return 0


def token_revoke_command(args) -> int:
    from kohtaamo.workspaces.access import Actor
    from kohtaamo.workspaces.selectors import api_token_find
    from kohtaamo.workspaces.services import api_token_revoke

    token = api_token_find(actor=Actor.system(workspace_by_slug(args.workspace)), key=args.token)
    if token is None:
        raise CliError(f"no single token {args.token!r} in {args.workspace}: see `kohtaamo token list`")
    api_token_revoke(token=token)
    print(f"Token {token.prefix}… ({token.name}) revoked.")
    return 0


def _when(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "-"


def user_add_command(args) -> int:
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from kohtaamo.workspaces.services import membership_set, user_create

    workspace = workspace_by_slug(args.workspace)
    user = get_user_model().objects.filter(username=args.email.strip().lower()).first()
    if user is None:
        try:
            user = user_create(email=args.email, password=os.environ.get("KOHTAAMO_USER_PASSWORD"), name=args.name)
        except ValidationError as error:
            raise CliError(f"cannot create user {args.email}: {_one_line(error)}") from None
    membership_set(workspace=workspace, user=user, role=args.role)
    print(f"{user.email} is {args.role} in {workspace.slug}.")
    return 0


def user_unlock_command(args) -> int:
    from kohtaamo.workspaces.services import login_lock_reset

    if not args.email and not args.address:
        raise CliError("name the account to unlock (an email address) or --address")
    removed = login_lock_reset(username=args.email, address=args.address)
    who = " and ".join(part for part in (args.email.strip().lower(), args.address.strip()) if part)
    if removed:
        print(f"Unlocked {who}: {removed} failed login record(s) forgotten.")
    else:
        print(f"{who} was not locked (no failed logins recorded).")
    return 0


def _one_line(error: Exception) -> str:
    messages = getattr(error, "message_dict", None)
    if messages:
        return "; ".join(f"{field}: {' '.join(texts)}" for field, texts in messages.items())
    return str(error).splitlines()[0]
