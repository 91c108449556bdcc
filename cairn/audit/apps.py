from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cairn.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from cairn.accounts.access import may
        from cairn.accounts.policy import ProgramAction
        from cairn.core.registry import NavItem, add_nav

        add_nav(
            NavItem(
                "Audit",
                "audit:report",
                lambda request: may(request, ProgramAction.VIEW_AUDIT_REPORT),
                order=85,
                match="/audit/",
            )
        )
