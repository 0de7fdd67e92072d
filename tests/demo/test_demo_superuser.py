"""The demo's admin (whose password is printed for everyone) is a superuser only in an empty database."""

from django.utils import timezone
from rich.progress import Progress

from kohtaamo.demo import DemoContext
from kohtaamo.demo.world import users_step, workspaces_step
from kohtaamo.workspaces.models import Membership
from kohtaamo.workspaces.services import user_create


def build_users(ctx=None) -> DemoContext:
    now = timezone.now()
    ctx = DemoContext(seed=7, today=now.date(), now=now, scale=0.01, progress=Progress(disable=True))
    users_step(ctx)
    workspaces_step(ctx)
    return ctx


def test_in_an_empty_database_the_demo_admin_is_a_superuser(db):
    ctx = build_users()
    assert ctx.users["admin@kohtaamo.demo"].is_superuser


def test_in_a_database_with_other_users_the_demo_admin_administers_only_the_demo(db):
    real = user_create(email="it@company.fi", password="a-long-real-password")
    ctx = build_users()
    admin = ctx.users["admin@kohtaamo.demo"]
    admin.refresh_from_db()
    assert not admin.is_superuser and not admin.is_staff
    assert set(Membership.objects.filter(user=admin).values_list("workspace__slug", "role")) == {
        ("voima", "admin"),
        ("linkki", "admin"),
    }
    assert not real.is_superuser
