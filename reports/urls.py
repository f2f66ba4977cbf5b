"""Dashboards, the results section and appendix downloads (Excel, Word)."""

from django.urls import path

from reports import data_views, excel_views, issuing_views, ratings_views, views, word_views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("nghi-quyet/<int:pk>/", views.scoreboard, name="scoreboard"),
    path("nghi-quyet/<int:pk>/chi-tieu/<int:target_pk>/", views.indicator, name="indicator"),
    path("nghi-quyet/<int:pk>/excel/", excel_views.export, name="export"),
    path("nghi-quyet/<int:pk>/du-lieu/", data_views.scoreboard_data, name="scoreboard_data"),
    path("nghi-quyet/<int:pk>/word/", word_views.export, name="export_word"),
    path("nghi-quyet/<int:pk>/ket-qua-chi-tieu/", word_views.results_section, name="results_section"),
    path("nghi-quyet/<int:pk>/ket-qua-chi-tieu/word/", word_views.results_section_word, name="results_section_word"),
    path("dang-bo/<int:pk>/tong-quan/", views.committee_overview, name="committee_overview"),
    path("dang-bo/<int:pk>/tong-quan/du-lieu/", data_views.overview_data, name="overview_data"),
    path("nghi-quyet/<int:pk>/phat-hanh/", issuing_views.issue_view, name="issue"),
    path("phat-hanh/<int:pk>/", issuing_views.issued_view, name="issued"),
    path("phat-hanh/<int:pk>/tep/<str:fmt>/", issuing_views.issued_file, name="issued_file"),
    path("dang-bo/<int:pk>/xep-loai/", ratings_views.ratings_page, name="ratings"),
    path("dang-bo/<int:pk>/xep-loai/excel/", ratings_views.ratings_export, name="ratings_export"),
    path("dang-bo/<int:pk>/xep-loai/word/", ratings_views.ratings_export_word, name="ratings_export_word"),
]
