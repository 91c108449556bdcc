"""Attendance, minutes attended, weekly-hours compliance and daily IOP qualification."""

from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "cairn.attendance"
    label = "attendance"
    verbose_name = "Attendance"

    def ready(self) -> None:
        from cairn.accounts.access import may
        from cairn.accounts.policy import Action, ProgramAction
        from cairn.attendance import disclosure, header, panels
        from cairn.consents.categories import register_provider
        from cairn.core.registry import (
            ChartTab,
            HomePanel,
            NavItem,
            add_chart_tab,
            add_header_fact,
            add_home_panel,
            add_nav,
        )

        add_nav(
            NavItem(
                "Attendance",
                "attendance:sessions",
                lambda request: may(request, ProgramAction.VIEW_ATTENDANCE),
                order=30,
                match="/attendance/",
            )
        )
        add_chart_tab(ChartTab("Attendance", "attendance:chart", Action.VIEW_CHART, order=30))
        add_home_panel(HomePanel("todays_sessions", panels.todays_sessions, order=10))
        add_home_panel(HomePanel("attendance_alerts", panels.attendance_alerts, order=40))
        register_provider("attendance", disclosure.attendance, source="cairn.attendance")
        add_header_fact(header.hours_this_week, action=Action.VIEW_CHART, order=20)
