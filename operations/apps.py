from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: login throttling pages and admin, backup and restore, the load test."""

    name = "operations"
    verbose_name = "Vận hành hệ thống"
