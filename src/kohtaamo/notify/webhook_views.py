"""The webhooks page: an admin subscribes URLs to events, sees the secret once, switches off or deletes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kohtaamo.notify.forms import WebhookSubscriptionForm
from kohtaamo.notify.selectors import incidents as selectors
from kohtaamo.notify.services.events import subscription_change, subscription_create, subscription_delete
from kohtaamo.workspaces.access import Actor
from kohtaamo.workspaces.auth import workspace_view


@workspace_view("manage_webhooks")
def webhook_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = WebhookSubscriptionForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _subscription, secret = subscription_create(workspace=actor.workspace, url=data["url"],
                                                        events_wanted=data["events"], kind=data["kind"],
                                                        name=data["name"], by=request.user)  # fmt: skip
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            form = WebhookSubscriptionForm()
    context = {"subscriptions": selectors.subscriptions_list(actor=actor), "form": form, "secret": secret}
    return render(request, "notify/webhooks.html", context)


@require_POST
@workspace_view("manage_webhooks")
def webhook_change(request: HttpRequest, actor: Actor, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_get(actor=actor, subscription_id=subscription_id)
    action = request.POST.get("action")
    if action == "delete":
        subscription_delete(subscription=subscription, by=request.user)
        messages.success(request, _("The subscription was deleted."))
    elif action in ("enable", "disable"):
        subscription_change(subscription=subscription, enabled=action == "enable", by=request.user)
        messages.success(request, _("Settings saved."))
    return redirect("notify-webhooks", ws=actor.workspace.slug)
