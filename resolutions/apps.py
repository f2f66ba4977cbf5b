from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Nghị quyết và chỉ tiêu"
