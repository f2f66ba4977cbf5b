from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo, phụ lục"

    def ready(self) -> None:
        # Uploaded workbooks are XML: refuse to run without defusedxml (XML bomb protection).
        from openpyxl.xml import DEFUSEDXML

        if not DEFUSEDXML:
            raise ImproperlyConfigured("defusedxml phải được cài đặt để đọc tệp Excel an toàn.")
