from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "cairn.admissions"
    label = "admissions"
    verbose_name = "Admissions"

    def ready(self) -> None:
        from cairn.accounts.access import may
        from cairn.accounts.policy import ProgramAction
        from cairn.core.registry import NavItem, add_nav

        add_nav(
            NavItem(
                "Admissions",
                "admissions:board",
                lambda request: may(request, ProgramAction.VIEW_ADMISSIONS),
                order=5,
                match="/admissions/",
            )
        )
