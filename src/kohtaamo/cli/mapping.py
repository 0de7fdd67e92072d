"""import through a profile, import profiles, import zendesk: other systems' files in."""

from pathlib import Path

from .common import (
    count_kpis,
    has_pending_migrations,
    print_import_report,
    progress_bar,
    workspace_by_slug,
    write_rejects,
)
from .errors import CliError


def register(kinds) -> None:
    profiles = kinds.add_parser("profiles", help="list the shipped import profiles (for --profile)")
    profiles.add_argument("--check", type=Path, metavar="FILE", help="check a profile file of your own")
    profiles.set_defaults(handler=profiles_command)
    zendesk = kinds.add_parser("zendesk", help="tickets from Zendesk's incremental export (.json or .jsonl)")
    zendesk.add_argument("file", type=Path)
    zendesk.add_argument("--workspace", required=True)
    zendesk.add_argument("--rejects", type=Path, help="where to write rejected tickets (default FILE.rejects.jsonl)")
    zendesk.set_defaults(handler=import_zendesk_command)


def profile_named(name_or_path: str, zone: str | None = None):
    """A shipped profile by name, or a profile file; ``zone`` overrides the zone of its local times."""
    from kohtaamo.lib.importmap import ProfileInvalid, load_profile, shipped_profile, shipped_profiles
    from kohtaamo.lib.importmap.convert import zone_named

    try:
        profile = shipped_profile(name_or_path)
        if profile is None:
            path = Path(name_or_path)
            if not path.is_file():
                known = ", ".join(shipped_profiles())
                raise CliError(f"no profile {name_or_path!r}: name a shipped one ({known}) or a profile file")
            profile = load_profile(path.read_text("utf-8", errors="surrogateescape"), str(path))
        return profile.in_zone(zone_named(zone)) if zone else profile
    except ProfileInvalid as error:
        raise CliError(f"the profile cannot be used: {error}") from None
    except (OSError, UnicodeError) as error:
        raise CliError(f"cannot read the profile {name_or_path}: {error}") from None
    except ValueError as error:  # the --zone name
        raise CliError(f"--zone {error}") from None


def profiles_command(args) -> int:
    from kohtaamo.lib.importmap import shipped_profiles

    if args.check:
        profile = profile_named(str(args.check))
        print(f"{args.check}: profile {profile.name!r} ({profile.format}) is valid, {len(profile.rules)} fields.")
        return 0
    profiles = shipped_profiles()
    width = max(map(len, profiles))
    for name, description in profiles.items():
        print(f"{name:<{width}}  {description}")
    print("Use one with `kohtaamo import interactions FILE --workspace SLUG --profile NAME` (docs/integrations.md).")
    return 0


def import_through_profile(args) -> int:
    """``import interactions FILE --profile NAME``: the file read through the profile, then the one ingest path."""
    from kohtaamo.timeline.ingest import interactions_ingest
    from kohtaamo.timeline.ingest.mapped import MappedRead, mapped_records

    profile = profile_named(args.profile, args.zone)
    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    workspace = workspace_by_slug(args.workspace)
    source = args.source or profile.constant("source") or "default"
    read = MappedRead()
    with progress_bar() as progress:
        task = progress.add_task(f"Importing {args.file.name} ({profile.name})", total=None)
        report = interactions_ingest(
            workspace=workspace,
            records=mapped_records(
                workspace=workspace, path=args.file, profile=profile, default_source=source, read=read
            ),
            default_source=source,
            progress=lambda n: progress.advance(task, n),
        )
    count_kpis(workspace)
    print_import_report(report, "records")
    if read.passed_over:
        print(
            f"{read.passed_over} of {read.lines} lines were about agents and queues, not calls, and were passed over."
        )
    return write_rejects(report.rejected, args.file, args.rejects)


def import_zendesk_command(args) -> int:
    from kohtaamo.timeline.ingest import interactions_ingest
    from kohtaamo.timeline.ingest.zendesk import ZendeskRead, zendesk_records

    if has_pending_migrations():
        raise CliError("the database is not up to date: run `kohtaamo init` first")
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    workspace = workspace_by_slug(args.workspace)
    read = ZendeskRead()
    with progress_bar() as progress:
        task = progress.add_task(f"Importing {args.file.name} (Zendesk)", total=None)
        report = interactions_ingest(
            workspace=workspace,
            records=zendesk_records(workspace=workspace, path=args.file, read=read),
            default_source="zendesk",
            progress=lambda n: progress.advance(task, n),
        )
    count_kpis(workspace)
    print_import_report(report, "tickets")
    if read.older:
        print(f"{read.older} tickets are stored in a newer version than this file's and were left as they are.")
    return write_rejects(report.rejected, args.file, args.rejects)
