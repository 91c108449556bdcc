from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cairn.accounts"
    label = "accounts"
    verbose_name = "Accounts and access"

    def ready(self) -> None:
        from cairn.accounts import signals  # noqa: F401
        from cairn.accounts.access import may
        from cairn.accounts.policy import ProgramAction
        from cairn.core.registry import NavItem, add_nav

        add_nav(
            NavItem(
                "Users",
                "accounts:user_list",
                lambda request: may(request, ProgramAction.MANAGE_USERS),
                order=90,
                match="/accounts/users/",
            )
        )
