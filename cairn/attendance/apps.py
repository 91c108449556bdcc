from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "cairn.attendance"
    label = "attendance"
    verbose_name = "Attendance"
