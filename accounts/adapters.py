"""allauth hooks: where a user lands after logging in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Curators land in the admin, where their work is; everyone else on the home page.

        A curator is in the Curators group (or a superuser) *and* may open the admin
        (`is_staff`): a group member without it would only be sent to the admin's login.
        A `next` the login page was given still wins (allauth asks this hook only without one).
        """
        user = request.user
        if user.is_staff and user.is_curator:
            return reverse("admin:index")
        return super().get_login_redirect_url(request)
