"""Committees, congresses, resolutions, their sections, targets and results.

Business rules do not live here: writes go through ``resolutions.services``; verdicts come from
``indicators.evaluation``. Models only hold data and the invariants the database can enforce.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from indicators.direction import DirectionGuess, guess_direction
from indicators.evaluation import Direction
from indicators.expressions import Expression, Kind
from indicators.models import BASIS_CHOICES, DIRECTION_CHOICES, Indicator
from indicators.ratings import Counts as RatingCounts
from indicators.ratings import Measure, Subject
from indicators.statuses import Status
from indicators.text import fold_text
from resolutions import labels
from resolutions.audit import history_user

# Figures: 20 digits, 6 decimals. More decimals than this is an input error, never rounded.
FIGURE = {"max_digits": 20, "decimal_places": 6, "null": True, "blank": True}

STATUS_CHOICES = [(s.value, s.label) for s in Status]
KIND_CHOICES = [
    (Kind.POINT.value, "Mức (điểm)"),
    (Kind.LOWER.value, "Cận dưới (trên, từ ... trở lên)"),
    (Kind.UPPER.value, "Cận trên (dưới, không quá)"),
    (Kind.RANGE.value, "Khoảng"),
    (Kind.QUALITATIVE.value, "Định tính"),
    (Kind.EMPTY.value, "Không có giá trị"),
    (Kind.UNREADABLE.value, "Không đọc được (cần người xem)"),
]
# Target kinds whose verdict depends on the direction (a cap "dưới 1%" is met below it either way).
DIRECTED_KINDS = (Kind.POINT.value, Kind.LOWER.value, Kind.RANGE.value)

ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]


def to_roman(number: int) -> str:
    """Roman numeral of a positive integer (congress ordinals: 19 -> 'XIX')."""
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


class Committee(models.Model):
    """A party committee (Đảng bộ) at one level, with its place in the hierarchy and its lifetime."""

    class Level(models.TextChoices):
        CENTRAL = "central", "Trung ương"
        PROVINCE = "province", "Tỉnh, thành phố"
        DISTRICT = "district", "Huyện, quận, thị xã"
        COMMUNE = "commune", "Xã, phường, thị trấn"
        GRASSROOTS = "grassroots", "Cơ sở"

    key = models.SlugField("mã", max_length=80, unique=True)
    name = models.CharField("tên", max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True, default="")
    level = models.CharField("cấp", max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="cấp ủy cấp trên", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    active_from = models.DateField("hoạt động từ", null=True, blank=True)
    active_to = models.DateField("hoạt động đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name="hợp nhất vào", null=True, blank=True,
        on_delete=models.PROTECT, related_name="predecessors",
    )

    class Meta:
        verbose_name = "đảng bộ"
        verbose_name_plural = "đảng bộ"
        ordering = ["level", "name", "active_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True) | Q(active_to__isnull=True)
                | Q(active_from__lte=models.F("active_to")),
                name="committee_active_from_before_to",
                violation_error_message="Ngày bắt đầu phải trước ngày kết thúc.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="committee_not_own_parent",
                violation_error_message="Đảng bộ không thể là cấp trên của chính nó.",
            ),
        ]

    def __str__(self) -> str:
        years = labels.lifetime(self.active_from, self.active_to)
        return f"{self.name} {years}" if years else self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived search column only (accent-insensitive search); no business rule here.
        self.name_folded = fold_text(self.name)
        super().save(*args, **kwargs)

    def end_note(self, successor_name: str = "") -> str:
        """What the committee's end means ("hợp nhất vào … từ 01/07/2025"); "" while it is active.

        Pass the successor's name when it is loaded; without it, a merged committee reads
        "thôi hoạt động từ …" (no query is made here).
        """
        return labels.committee_end_note(self.active_to, successor_name)

    def active_in(self, year: int) -> bool:
        """Whether the committee still existed in ``year`` (at least part of it)."""
        return self.active_to is None or year <= self.active_to.year


class Congress(models.Model):
    """A committee's congress (Đại hội lần thứ XIX) and its term."""

    committee = models.ForeignKey(
        Committee, verbose_name="đảng bộ", on_delete=models.PROTECT, related_name="congresses"
    )
    ordinal = models.PositiveSmallIntegerField("lần thứ")
    term_start = models.PositiveSmallIntegerField("nhiệm kỳ từ năm")
    term_end = models.PositiveSmallIntegerField("nhiệm kỳ đến năm")

    class Meta:
        verbose_name = "đại hội"
        verbose_name_plural = "đại hội"
        ordering = ["committee__name", "term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "ordinal"], name="congress_unique_ordinal",
                violation_error_message="Đảng bộ này đã có đại hội lần thứ này.",
            ),
            models.CheckConstraint(
                condition=Q(term_start__lt=models.F("term_end")),
                name="congress_term_start_before_end",
                violation_error_message="Năm bắt đầu nhiệm kỳ phải trước năm kết thúc.",
            ),
            models.CheckConstraint(
                condition=Q(ordinal__gte=1), name="congress_ordinal_positive",
                violation_error_message="Số thứ tự đại hội phải từ 1 trở lên.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.name} lần thứ {self.roman}, nhiệm kỳ {self.term}"

    @property
    def roman(self) -> str:
        """The ordinal as the documents print it ("XIX"; the first congress is "lần thứ I")."""
        return to_roman(self.ordinal)

    @property
    def term(self) -> str:
        return f"{self.term_start} - {self.term_end}"


class ResolutionQuerySet(models.QuerySet):
    def with_context(self) -> ResolutionQuerySet:
        """Resolutions with committee and congress loaded (lists, headers)."""
        return self.select_related("congress__committee")


class Resolution(models.Model):
    """A congress resolution (term targets) or an annual resolution (one year's targets)."""

    class Kind(models.TextChoices):
        CONGRESS = "congress", "Nghị quyết đại hội (nhiệm kỳ)"
        ANNUAL = "annual", "Nghị quyết năm"

    congress = models.ForeignKey(
        Congress, verbose_name="đại hội", on_delete=models.PROTECT, related_name="resolutions"
    )
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    code = models.CharField("số, ký hiệu", max_length=100, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=500)
    source = models.CharField("nguồn", max_length=500, blank=True)
    # Evaluation settings per resolution (see indicators.evaluation.Rules).
    exceed_margin = models.DecimalField(
        "mức vượt tối thiểu", max_digits=20, decimal_places=6, default=Decimal(0),
        help_text="Kết quả phải vượt mục tiêu hơn mức này mới tính là Vượt (mặc định 0).",
    )
    basic_band = models.DecimalField(
        "ngưỡng 'Cơ bản đạt' (%)", max_digits=6, decimal_places=2, null=True, blank=True,
        help_text="Ví dụ 5: thiếu không quá 5% so với mục tiêu được tính Cơ bản đạt. Để trống: không dùng.",
    )

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = "nghị quyết"
        verbose_name_plural = "nghị quyết"
        permissions = [
            ("import_resolution", "Được nhập phụ lục từ Excel"),
            ("export_resolution", "Được xuất phụ lục ra Excel"),
        ]
        ordering = ["congress__committee__name", "congress__term_start", "kind", "year"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="congress") & Q(year__isnull=True))
                | (Q(kind="annual") & Q(year__isnull=False)),
                name="resolution_year_matches_kind",
                violation_error_message="Nghị quyết năm phải có năm; nghị quyết đại hội thì không.",
            ),
            models.UniqueConstraint(
                fields=["congress"], condition=Q(kind="congress"),
                name="resolution_one_congress_resolution",
                violation_error_message="Đại hội này đã có nghị quyết đại hội.",
            ),
            models.UniqueConstraint(
                fields=["congress", "year"], condition=Q(kind="annual"),
                name="resolution_one_annual_per_year",
                violation_error_message="Đã có nghị quyết năm này cho đại hội này.",
            ),
            models.CheckConstraint(
                condition=Q(exceed_margin__gte=0), name="resolution_margin_not_negative",
                violation_error_message="Mức vượt không được âm.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def committee(self) -> Committee:
        return self.congress.committee

    def periods(self) -> list[tuple[str, int | None]]:
        """Periods a result may be entered for: each year of the term (or the year), then the term."""
        if self.kind == self.Kind.ANNUAL:
            return [(Result.Period.YEAR, self.year)]
        years = range(self.congress.term_start + 1, self.congress.term_end + 1)
        return [(Result.Period.YEAR, y) for y in years] + [(Result.Period.TERM, None)]


class Section(models.Model):
    """A group of targets (I KINH TẾ, II XÃ HỘI, ...)."""

    resolution = models.ForeignKey(
        Resolution, verbose_name="nghị quyết", on_delete=models.CASCADE, related_name="sections"
    )
    code = models.CharField("số La Mã", max_length=10, blank=True)
    title = models.CharField("tên nhóm", max_length=255, blank=True)
    order = models.PositiveIntegerField("thứ tự")

    class Meta:
        verbose_name = "nhóm chỉ tiêu"
        verbose_name_plural = "nhóm chỉ tiêu"
        ordering = ["resolution", "order"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "order"], name="section_unique_order"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """"I. KINH TẾ" as pages show it; ``code`` stays as the document wrote it ("I")."""
        return labels.section_label(self.code, self.title)


class TargetQuerySet(models.QuerySet):
    def in_document_order(self) -> TargetQuerySet:
        return self.order_by("resolution_id", "order")

    def for_verdicts(self) -> TargetQuerySet:
        """Targets with what ``resolutions.verdicts`` reads (catalogue direction, every result, the adjustments
        that may govern a period): 3 queries."""
        # Results unordered: their default ordering joins the targets again, for nothing.
        unordered = models.Prefetch("results", queryset=Result.objects.order_by())
        return self.select_related("indicator").prefetch_related(unordered, "adjustments").order_by("order")

    def direction_unconfirmed(self) -> TargetQuerySet:
        """Targets judged by a guessed direction nobody has confirmed yet (see ``Target.direction_unconfirmed``)."""
        return self.filter(direction_source=Target.DirectionSource.GUESSED, target_kind__in=DIRECTED_KINDS)

    def for_scoreboard(self) -> TargetQuerySet:
        """Targets with everything a scoreboard or export shows, results and adjustments prefetched: 3 queries."""
        return self.for_verdicts().select_related("section", "parent")


class Target(models.Model):
    """A numbered target (chỉ tiêu) or one of its sub-targets, in document order.

    The target text is kept exactly as written; its parsed meaning (kind, low, high, sub) is stored
    beside it by the service that saves it, so pages never re-parse. So is the direction the
    verdict uses and where it came from: the catalogue indicator, a guess from the wording
    (shown as needing confirmation) or a person's confirmation (``services.confirm_direction``).
    """

    class DirectionSource(models.TextChoices):
        CATALOGUE = "catalogue", "Theo danh mục chỉ số"
        GUESSED = "guessed", "Do hệ thống suy đoán, cần xác nhận"
        CONFIRMED = "confirmed", "Đã được xác nhận"

    resolution = models.ForeignKey(
        Resolution, verbose_name="nghị quyết", on_delete=models.CASCADE, related_name="targets"
    )
    section = models.ForeignKey(
        Section, verbose_name="nhóm", null=True, blank=True, on_delete=models.CASCADE,
        related_name="targets",
    )
    parent = models.ForeignKey(
        "self", verbose_name="chỉ tiêu cha", null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField("thứ tự trong văn bản")
    number = models.CharField("STT", max_length=20, blank=True)
    name = models.TextField("chỉ tiêu")
    name_folded = models.TextField(editable=False, default="")
    indicator = models.ForeignKey(
        Indicator, verbose_name="chỉ số (danh mục)", null=True, blank=True,
        on_delete=models.PROTECT, related_name="targets",
    )
    unit = models.CharField("đơn vị tính", max_length=100, blank=True)
    target_text = models.CharField("mục tiêu (nguyên văn)", max_length=500, blank=True)
    target_kind = models.CharField("loại mục tiêu", max_length=20, choices=KIND_CHOICES, default="empty")
    target_low = models.DecimalField("giá trị dưới", **FIGURE)
    target_high = models.DecimalField("giá trị trên", **FIGURE)
    target_sub = models.DecimalField("giá trị 'trong đó'", **FIGURE)
    target_error = models.CharField("lỗi đọc mục tiêu", max_length=500, blank=True)
    term_basis = models.CharField(
        "cách tính số cả kỳ", max_length=20, choices=BASIS_CHOICES, default="latest"
    )
    direction = models.CharField(
        "chiều đánh giá", max_length=10, choices=DIRECTION_CHOICES, default="higher",
        help_text="Chiều mà quy tắc đánh giá dùng: càng cao càng tốt, hay càng thấp càng tốt.",
    )
    direction_source = models.CharField(
        "nguồn chiều đánh giá", max_length=10, choices=DirectionSource.choices, default=DirectionSource.GUESSED,
    )
    direction_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xác nhận chiều đánh giá", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    direction_confirmed_at = models.DateTimeField("thời điểm xác nhận chiều đánh giá", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_folded"], get_user=history_user)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["resolution", "order"]
        permissions = [("confirm_direction", "Được xác nhận chiều đánh giá của chỉ tiêu")]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "order"], name="target_unique_order",
                violation_error_message="Hai chỉ tiêu không thể cùng vị trí trong nghị quyết.",
            ),
            models.CheckConstraint(
                condition=Q(target_low__isnull=True) | Q(target_high__isnull=True)
                | Q(target_low__lte=models.F("target_high")),
                name="target_low_not_above_high",
                violation_error_message="Giá trị dưới của mục tiêu không được lớn hơn giá trị trên.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="target_not_own_parent",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["higher", "lower"]), name="target_direction_valid",
                violation_error_message="Chiều đánh giá phải là càng cao càng tốt hoặc càng thấp càng tốt.",
            ),
            models.CheckConstraint(
                condition=Q(direction_source__in=["catalogue", "guessed", "confirmed"]),
                name="target_direction_source_valid",
            ),
            models.CheckConstraint(
                condition=~Q(direction_source="catalogue") | Q(indicator__isnull=False),
                name="target_catalogue_direction_needs_indicator",
                violation_error_message="Chiều đánh giá theo danh mục cần chỉ tiêu gắn với một chỉ số.",
            ),
        ]

    def __str__(self) -> str:
        prefix = f"{self.number}. " if self.number and self.number != "-" else ""
        return f"{prefix}{self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived search column only (accent-insensitive search); no business rule here.
        self.name_folded = fold_text(self.name)
        super().save(*args, **kwargs)

    @property
    def expression(self) -> Expression:
        """The stored parsed meaning of the target text."""
        return Expression.from_stored(
            self.target_text, self.target_kind, self.target_low, self.target_high,
            self.target_sub,
        )

    @property
    def evaluation_direction(self) -> Direction:
        """``direction`` as the evaluation engine's enum."""
        return Direction(self.direction)

    @property
    def direction_unconfirmed(self) -> bool:
        """The verdict uses a guessed direction no person has confirmed, and the direction matters
        (a point, lower-bound or range target; a cap or a qualitative target is judged the same way
        whichever way the indicator points)."""
        return self.direction_source == self.DirectionSource.GUESSED and self.target_kind in DIRECTED_KINDS

    @property
    def direction_guess(self) -> DirectionGuess:
        """Why the system would guess this direction from the wording (shown beside the notice)."""
        parent = [self.parent.name] if self.parent_id and self.parent is not None else []
        return guess_direction(self.name, self.target_text, parent)

    @property
    def direction_notice(self) -> str:
        """The Vietnamese notice shown wherever the target is, until a person confirms the direction."""
        if not self.direction_unconfirmed:
            return ""
        return (f"Chiều đánh giá do hệ thống suy đoán, cần xác nhận: {self.get_direction_display().lower()} "
                f"({self.direction_guess.reason}).")

    @property
    def figure_unit(self) -> str:
        """The unit figures are written in: the target's own, else the one inside its target text
        ("600.000 tỷ đồng"), else the catalogue indicator's."""
        if self.unit and self.unit != '"':
            return self.unit
        if self.expression.unit:
            return self.expression.unit
        if self.indicator_id and self.indicator is not None:
            return self.indicator.unit
        return ""

    @property
    def is_numbered(self) -> bool:
        return bool(self.number) and self.number[0].isdigit()


class ResultQuerySet(models.QuerySet):
    def for_period(self, period: str, year: int | None) -> ResultQuerySet:
        return self.filter(period=period, year=year)


class Result(models.Model):
    """A figure for a target and a period (a year, its first 6 months, or the whole term).

    An estimate ("ước thực hiện") and the official figure are separate rows; both are kept.
    """

    class Period(models.TextChoices):
        YEAR = "year", "Năm"
        HALF = "half", "6 tháng đầu năm"
        TERM = "term", "Cả nhiệm kỳ"
        # The mid-term "Trung bình (hoặc lũy kế) giai đoạn 2021-2023": the term's first years up to
        # ``year``, ``span`` years in all (2,5 when it ends with a first half year).
        TO_DATE = "todate", "Từ đầu nhiệm kỳ đến nay"

    class Figure(models.TextChoices):
        ESTIMATE = "estimate", "Ước thực hiện"
        OFFICIAL = "official", "Chính thức"

    target = models.ForeignKey(
        Target, verbose_name="chỉ tiêu", on_delete=models.CASCADE, related_name="results"
    )
    period = models.CharField("kỳ", max_length=10, choices=Period.choices)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    figure = models.CharField(
        "loại số liệu", max_length=10, choices=Figure.choices, default=Figure.OFFICIAL
    )
    raw_text = models.CharField("kết quả (nguyên văn)", max_length=500, blank=True)
    value_kind = models.CharField("loại kết quả", max_length=20, choices=KIND_CHOICES, default="empty")
    value = models.DecimalField("giá trị", **FIGURE)
    value_high = models.DecimalField("giá trị trên (nếu là khoảng)", **FIGURE)
    value_sub = models.DecimalField("giá trị 'trong đó'", **FIGURE)
    value_error = models.CharField("lỗi đọc kết quả", max_length=500, blank=True)
    span = models.DecimalField(
        "số năm tính đến nay", max_digits=4, decimal_places=1, null=True, blank=True,
        help_text="Chỉ với số liệu từ đầu nhiệm kỳ đến nay: số năm số liệu bao quát (2,5 nếu đến 6 tháng).",
    )
    reported_status = models.CharField(
        "đánh giá theo văn bản", max_length=20, choices=STATUS_CHOICES, blank=True
    )
    reported_text = models.CharField("đánh giá (nguyên văn)", max_length=100, blank=True)
    override_status = models.CharField(
        "đánh giá điều chỉnh", max_length=20, choices=STATUS_CHOICES, blank=True
    )
    override_reason = models.TextField("lý do điều chỉnh", blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người điều chỉnh", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    overridden_at = models.DateTimeField("thời điểm điều chỉnh", null=True, blank=True)
    # A person confirmed an implausible figure ("Cần kiểm tra") as written, with a reason. Cleared by
    # the services when the figure changes: a new figure needs a new look.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người xác nhận số liệu", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    checked_at = models.DateTimeField("thời điểm xác nhận số liệu", null=True, blank=True)
    check_reason = models.TextField("lý do xác nhận số liệu", blank=True)
    source_note = models.TextField("nguồn, ghi chú", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    entered_at = models.DateTimeField("thời điểm nhập", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    version = models.PositiveIntegerField("phiên bản", default=1)

    objects = ResultQuerySet.as_manager()
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = "kết quả"
        verbose_name_plural = "kết quả"
        permissions = [("override_result", "Được điều chỉnh đánh giá (có lý do)")]
        ordering = ["target__resolution", "target__order", "period", "year", "figure"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "period", "year", "figure"], condition=Q(year__isnull=False),
                name="result_one_per_target_period_figure",
                violation_error_message="Chỉ tiêu này đã có kết quả cho kỳ và loại số liệu này.",
            ),
            models.UniqueConstraint(
                fields=["target", "period", "figure"], condition=Q(year__isnull=True),
                name="result_one_term_figure_per_target",
                violation_error_message="Chỉ tiêu này đã có kết quả cả nhiệm kỳ cho loại số liệu này.",
            ),
            models.CheckConstraint(
                condition=(Q(period="term") & Q(year__isnull=True))
                | (Q(period__in=["year", "half", "todate"]) & Q(year__isnull=False)),
                name="result_year_matches_period",
                violation_error_message="Kết quả năm hoặc 6 tháng phải có năm; kết quả cả kỳ thì không.",
            ),
            models.CheckConstraint(
                condition=(Q(period="todate") & Q(span__gt=0)) | (~Q(period="todate") & Q(span__isnull=True)),
                name="result_span_only_to_date",
                violation_error_message="Số liệu từ đầu nhiệm kỳ đến nay phải ghi số năm; các kỳ khác thì không.",
            ),
            models.CheckConstraint(
                condition=Q(checked_at__isnull=True) | ~Q(check_reason=""),
                name="result_check_needs_reason",
                violation_error_message="Xác nhận số liệu cần kiểm tra phải có lý do.",
            ),
            models.CheckConstraint(
                condition=Q(override_status="") | ~Q(override_reason=""),
                name="result_override_needs_reason",
                violation_error_message="Điều chỉnh đánh giá phải có lý do.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} — {self.period_label}: {self.raw_text or '(trống)'}"

    @property
    def period_label(self) -> str:
        """'Năm 2024', '6 tháng đầu năm 2023', 'Cả nhiệm kỳ', 'Từ đầu nhiệm kỳ đến năm 2023' (``labels``)."""
        return labels.period_label(self.period, self.year, self.span)

    @property
    def expression(self) -> Expression:
        """The stored parsed meaning of the result text."""
        low = self.value
        high = self.value_high if self.value_high is not None else self.value
        kind = self.value_kind  # a str equals its Kind; from_stored makes it one
        if kind == Kind.UPPER:
            low, high = None, self.value
        elif kind == Kind.LOWER:
            high = None
        return Expression.from_stored(self.raw_text, kind, low, high, self.value_sub)


class Membership(models.Model):
    """Which committee a user works for, and in which role. Scoping (resolutions.access) reads this."""

    class Role(models.TextChoices):
        ENTRY = "entry", "Nhập liệu"
        LEADER = "leader", "Lãnh đạo"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người dùng", on_delete=models.CASCADE,
        related_name="memberships",
    )
    committee = models.ForeignKey(
        Committee, verbose_name="đảng bộ", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("vai trò", max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công người dùng"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "committee", "role"], name="membership_unique",
                violation_error_message="Người dùng đã có vai trò này ở đảng bộ này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.committee.name}"


class Submission(models.Model):
    """The state of a resolution's figures for one period: draft → submitted → approved (locked)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Đang nhập"
        SUBMITTED = "submitted", "Đã gửi"
        APPROVED = "approved", "Đã duyệt (khóa)"

    resolution = models.ForeignKey(
        Resolution, verbose_name="nghị quyết", on_delete=models.CASCADE, related_name="submissions"
    )
    period = models.CharField("kỳ", max_length=10, choices=Result.Period.choices)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người gửi", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người duyệt", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    reopen_reason = models.TextField("lý do mở lại", blank=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = "gửi, duyệt số liệu"
        verbose_name_plural = "gửi, duyệt số liệu"
        permissions = [
            ("approve_submission", "Được duyệt số liệu của cấp dưới"),
            ("reopen_submission", "Được mở lại số liệu đã duyệt"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "period", "year"], condition=Q(year__isnull=False),
                name="submission_one_per_period",
            ),
            models.UniqueConstraint(
                fields=["resolution", "period"], condition=Q(year__isnull=True),
                name="submission_one_per_term",
            ),
        ]

    def __str__(self) -> str:
        when = "cả nhiệm kỳ" if self.year is None else str(self.year)
        return f"{self.resolution} — {when}: {self.get_state_display()}"


class VerdictTally(models.Model):
    """How many numbered top-level targets of a resolution have one effective status in one period.

    Derived data, written only by ``resolutions.tallies.refresh_tallies`` from ``resolutions.verdicts``
    (the one judging path) inside the transaction of every write that can change a verdict, so the
    dashboards of a province or the whole country read counts instead of judging 10,000 targets.
    One row per status (not a JSON counter): SQL sums them for a committee's whole subtree with a
    plain GROUP BY, on SQLite and PostgreSQL alike, and a status the engine adds later is just a new
    value; ``status`` therefore has no choices and no check constraint on the list of statuses.
    """

    resolution = models.ForeignKey(
        Resolution, verbose_name="nghị quyết", on_delete=models.CASCADE, related_name="tallies"
    )
    period = models.CharField("kỳ", max_length=10, choices=Result.Period.choices)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    status = models.CharField("đánh giá", max_length=30)
    count = models.PositiveIntegerField("số chỉ tiêu")
    # The targets' numbers (STT) in document order, for headlines naming them ("chỉ tiêu số 7, 12").
    numbers = models.JSONField("số thứ tự các chỉ tiêu", default=list)
    # For forecasts of a running term: the last year they cover ("tạm tính đến năm 2026"), else None.
    as_of = models.PositiveSmallIntegerField("tạm tính đến năm", null=True, blank=True)

    class Meta:
        verbose_name = "số chỉ tiêu theo đánh giá"
        verbose_name_plural = "số chỉ tiêu theo đánh giá"
        indexes = [
            # Subtree totals read every resolution's tallies for one period: an index-only scan on
            # PostgreSQL (the INCLUDE columns; other databases get the plain index). ARCHITECTURE.md.
            models.Index(fields=["period", "year", "resolution"], include=["status", "count"],
                         name="tally_period_covering"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "period", "year", "status"], condition=Q(year__isnull=False),
                name="tally_one_per_status_period",
            ),
            models.UniqueConstraint(
                fields=["resolution", "period", "status"], condition=Q(year__isnull=True),
                name="tally_one_per_status_term",
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="tally_count_positive"),
            models.CheckConstraint(
                condition=(Q(period="term") & Q(year__isnull=True)) | (Q(period="year") & Q(year__isnull=False)),
                name="tally_year_matches_period",
            ),
        ]

    def __str__(self) -> str:
        when = "cả nhiệm kỳ" if self.year is None else f"năm {self.year}"
        return f"{self.resolution_id}, {when}: {self.status} × {self.count}"


class VerdictCells(models.Model):
    """The effective status and the figure shown of each catalogued target of a resolution in one period.

    Derived like ``VerdictTally`` and written with it by ``resolutions.tallies.refresh_tallies``: the
    overview's committee × indicator matrix reads these instead of judging every target of every
    committee below (34 provinces × 40 targets at the national level). ``cells`` is a list of
    ``[target id, status value, figure as shown]`` for the targets linked to the catalogue, in
    document order.
    """

    resolution = models.ForeignKey(
        Resolution, verbose_name="nghị quyết", on_delete=models.CASCADE, related_name="verdict_cells"
    )
    period = models.CharField("kỳ", max_length=10, choices=Result.Period.choices)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    cells = models.JSONField("đánh giá từng chỉ tiêu", default=list)

    class Meta:
        verbose_name = "đánh giá các chỉ tiêu theo kỳ"
        verbose_name_plural = "đánh giá các chỉ tiêu theo kỳ"
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "period", "year"], condition=Q(year__isnull=False), name="cells_one_per_period",
            ),
            models.UniqueConstraint(
                fields=["resolution", "period"], condition=Q(year__isnull=True), name="cells_one_per_term",
            ),
            models.CheckConstraint(
                condition=(Q(period="term") & Q(year__isnull=True)) | (Q(period="year") & Q(year__isnull=False)),
                name="cells_year_matches_period",
            ),
        ]

    def __str__(self) -> str:
        when = "cả nhiệm kỳ" if self.year is None else f"năm {self.year}"
        return f"{self.resolution_id}, {when}: {len(self.cells)} chỉ tiêu"


# --------------------------------------------------------------------------- a term's life


class TargetAdjustment(models.Model):
    """An adjustment of a target (điều chỉnh chỉ tiêu) by a named decision, from a date.

    The target's own text stays the original; each adjustment keeps its text as written and its
    parsed meaning. Which one governs a period is ``indicators.adjustments.in_force``. Written only
    by ``resolutions.adjustments`` (checks locks); never edited, only withdrawn (audited).
    """

    target = models.ForeignKey(
        Target, verbose_name="chỉ tiêu", on_delete=models.CASCADE, related_name="adjustments"
    )
    target_text = models.CharField("mục tiêu điều chỉnh (nguyên văn)", max_length=500)
    target_kind = models.CharField("loại mục tiêu", max_length=20, choices=KIND_CHOICES, default="empty")
    target_low = models.DecimalField("giá trị dưới", **FIGURE)
    target_high = models.DecimalField("giá trị trên", **FIGURE)
    target_sub = models.DecimalField("giá trị 'trong đó'", **FIGURE)
    target_error = models.CharField("lỗi đọc mục tiêu", max_length=500, blank=True)
    decision_code = models.CharField(
        "văn bản điều chỉnh (số, ký hiệu)", max_length=200,
        help_text="Ví dụ: Nghị quyết số 15-NQ/TU",
    )
    decision_title = models.CharField("trích yếu văn bản", max_length=500, blank=True)
    decided_on = models.DateField("ngày ban hành văn bản", null=True, blank=True)
    effective_from = models.DateField("áp dụng từ ngày")
    reason = models.TextField("lý do, ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người ghi", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "điều chỉnh chỉ tiêu"
        verbose_name_plural = "điều chỉnh chỉ tiêu"
        ordering = ["target", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "effective_from"], name="adjustment_one_per_target_and_date",
                violation_error_message="Chỉ tiêu này đã có một điều chỉnh áp dụng từ ngày này.",
            ),
            models.CheckConstraint(
                condition=~Q(decision_code=""), name="adjustment_needs_decision",
                violation_error_message="Điều chỉnh chỉ tiêu phải ghi văn bản điều chỉnh.",
            ),
            models.CheckConstraint(
                condition=~Q(target_text=""), name="adjustment_needs_text",
                violation_error_message="Điều chỉnh chỉ tiêu phải ghi mục tiêu mới.",
            ),
            models.CheckConstraint(
                condition=Q(target_low__isnull=True) | Q(target_high__isnull=True)
                | Q(target_low__lte=models.F("target_high")),
                name="adjustment_low_not_above_high",
                violation_error_message="Giá trị dưới của mục tiêu không được lớn hơn giá trị trên.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.target_text} (từ {self.effective_from:%d/%m/%Y}, {self.decision_code})"

    @property
    def expression(self) -> Expression:
        """The stored parsed meaning of the adjusted text."""
        return Expression.from_stored(
            self.target_text, self.target_kind, self.target_low, self.target_high, self.target_sub,
        )

    @property
    def decision(self) -> str:
        """"Nghị quyết số 15-NQ/TU ngày 10/07/2023" (the date when known)."""
        when = f" ngày {self.decided_on:%d/%m/%Y}" if self.decided_on else ""
        return f"{self.decision_code}{when}"


class TargetLink(models.Model):
    """A target linked to another committee's or another term's target.

    SERVES: a district target serves the province target above it (targets that cascade; count
    indicators roll up). CONTINUES: a new term's target continues a previous term's target (its
    last-year figure is the new term's baseline); after a merger one target continues several.
    Written only by ``resolutions.cascade`` and ``resolutions.next_term``.
    """

    class Kind(models.TextChoices):
        SERVES = "serves", "Phục vụ chỉ tiêu cấp trên"
        CONTINUES = "continues", "Kế thừa chỉ tiêu nhiệm kỳ trước"

    target = models.ForeignKey(Target, verbose_name="chỉ tiêu", on_delete=models.CASCADE, related_name="links")
    kind = models.CharField("loại liên kết", max_length=20, choices=Kind.choices)
    linked_to = models.ForeignKey(
        Target, verbose_name="liên kết với chỉ tiêu", on_delete=models.CASCADE, related_name="linked_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người liên kết", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField("liên kết lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "liên kết chỉ tiêu"
        verbose_name_plural = "liên kết chỉ tiêu (cấp trên, nhiệm kỳ trước)"
        ordering = ["target", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "kind", "linked_to"], name="target_link_unique",
                violation_error_message="Hai chỉ tiêu này đã được liên kết.",
            ),
            models.UniqueConstraint(
                fields=["target"], condition=Q(kind="serves"), name="target_serves_one_upper_target",
                violation_error_message="Chỉ tiêu này đã phục vụ một chỉ tiêu cấp trên.",
            ),
            models.CheckConstraint(
                condition=~Q(target=models.F("linked_to")), name="target_link_not_to_itself",
                violation_error_message="Chỉ tiêu không thể liên kết với chính nó.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["serves", "continues"]), name="target_link_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} → {self.get_kind_display().lower()}: {self.linked_to}"


RATING_SUBJECTS = [(s.value, s.label) for s in Subject]
RATING_MEASURES = [(m.value, m.label) for m in Measure]


class RatingCount(models.Model):
    """Quality ratings (xếp loại chất lượng) of one subject under a committee for a year: counts only.

    Rates are computed from these counts (``indicators.ratings``), never stored or typed. Counts that
    do not add up are kept as the document wrote them and flagged on every page. Written only by
    ``resolutions.ratings`` (which also updates the results of the targets judged from them).
    """

    # A committee's ratings go with it (the history keeps them); a committee with congresses cannot be deleted.
    committee = models.ForeignKey(
        Committee, verbose_name="đảng bộ", on_delete=models.CASCADE, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField("năm")
    subject = models.CharField("đối tượng", max_length=20, choices=RATING_SUBJECTS)
    total = models.PositiveIntegerField("tổng số", null=True, blank=True)
    rated = models.PositiveIntegerField("số được đánh giá, xếp loại", null=True, blank=True)
    excellent = models.PositiveIntegerField("hoàn thành xuất sắc nhiệm vụ", null=True, blank=True)
    good = models.PositiveIntegerField("hoàn thành tốt nhiệm vụ", null=True, blank=True)
    completed = models.PositiveIntegerField("hoàn thành nhiệm vụ", null=True, blank=True)
    failed = models.PositiveIntegerField("không hoàn thành nhiệm vụ", null=True, blank=True)
    source_note = models.TextField("nguồn, ghi chú", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người nhập", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    version = models.PositiveIntegerField("phiên bản", default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        ordering = ["committee__name", "-year", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "subject"], name="rating_one_per_committee_year_subject",
                violation_error_message="Đảng bộ này đã có số liệu xếp loại của đối tượng này trong năm này.",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(rated__isnull=True) | Q(rated__lte=models.F("total")),
                name="rating_rated_not_above_total",
                violation_error_message="Số được đánh giá, xếp loại không được lớn hơn tổng số.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100), name="rating_year_plausible",
                violation_error_message="Năm không hợp lệ.",
            ),
            models.CheckConstraint(
                condition=Q(subject__in=[s.value for s in Subject]), name="rating_subject_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.name} — {self.get_subject_display()} — năm {self.year}"

    @property
    def counts(self) -> RatingCounts:
        return RatingCounts(self.total, self.rated, self.excellent, self.good, self.completed, self.failed)


class RatingTarget(models.Model):
    """A target judged from the ratings (a share such as "trên 90% ... hoàn thành tốt nhiệm vụ trở lên").

    Its yearly results are computed from the committee's rating counts by ``resolutions.ratings``;
    they are not typed.
    """

    target = models.OneToOneField(
        Target, verbose_name="chỉ tiêu", on_delete=models.CASCADE, related_name="rating_measure"
    )
    subject = models.CharField("đối tượng", max_length=20, choices=RATING_SUBJECTS)
    measure = models.CharField("tỷ lệ", max_length=30, choices=RATING_MEASURES)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người liên kết", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu tính từ xếp loại"
        verbose_name_plural = "chỉ tiêu tính từ xếp loại chất lượng"
        constraints = [
            models.CheckConstraint(
                condition=Q(subject__in=[s.value for s in Subject]), name="rating_target_subject_valid",
            ),
            models.CheckConstraint(
                condition=Q(measure__in=[m.value for m in Measure]), name="rating_target_measure_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}: tỷ lệ {self.get_subject_display().lower()} {self.get_measure_display()}"


class IssuedReport(models.Model):
    """A scoreboard or an appendix as it was issued ("Phát hành"): frozen figures, verdicts, explanations,
    rules and files, with who and when.

    Never changed after it is written (``resolutions.issuing.issue``); a later edit of the data shows as
    "đã thay đổi sau khi phát hành" by comparing the snapshot with today's verdicts. Issuing again makes
    a new version. Files (Excel, Word, ...) hang from it as ``IssuedFile`` rows, one per format.
    """

    class Kind(models.TextChoices):
        SCOREBOARD = "scoreboard", "Bảng theo dõi"
        APPENDIX = "appendix", "Phụ lục"

    resolution = models.ForeignKey(
        Resolution, verbose_name="nghị quyết", on_delete=models.PROTECT, related_name="issued_reports"
    )
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    layout = models.CharField("mẫu phụ lục", max_length=20, blank=True)
    appendix = models.CharField("số phụ lục", max_length=10, blank=True)
    period = models.CharField("kỳ", max_length=10, choices=Result.Period.choices)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    version = models.PositiveIntegerField("bản số")
    title = models.CharField("tiêu đề", max_length=500)
    note = models.TextField("ghi chú khi phát hành", blank=True)
    snapshot = models.JSONField("nội dung đã phát hành")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người phát hành", on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField("phát hành lúc")

    # The snapshot is immutable and large: the history records who issued (or, by an administrator, removed) it.
    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        verbose_name = "bản phát hành"
        verbose_name_plural = "bản phát hành (bảng theo dõi, phụ lục)"
        ordering = ["resolution", "-issued_at"]
        permissions = [("issue_report", "Được phát hành bảng theo dõi, phụ lục")]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "kind", "layout", "period", "year", "version"], condition=Q(year__isnull=False),
                name="issued_one_version_per_period",
                violation_error_message="Đã có bản phát hành số này cho kỳ này.",
            ),
            models.UniqueConstraint(
                fields=["resolution", "kind", "layout", "period", "version"], condition=Q(year__isnull=True),
                name="issued_one_version_per_term",
                violation_error_message="Đã có bản phát hành số này cho cả nhiệm kỳ.",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="issued_version_positive"),
            models.CheckConstraint(
                condition=(Q(kind="appendix") & ~Q(layout="")) | (Q(kind="scoreboard") & Q(layout="")),
                name="issued_layout_matches_kind",
                violation_error_message="Phụ lục phát hành phải có mẫu; bảng theo dõi thì không.",
            ),
            models.CheckConstraint(
                condition=(Q(period="term") & Q(year__isnull=True))
                | (Q(period__in=["year", "half"]) & Q(year__isnull=False)),
                name="issued_year_matches_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — bản {self.version}, {self.issued_at:%d/%m/%Y}"


class IssuedFile(models.Model):
    """One file of an issued report, exactly as issued (its bytes, name and SHA-256); one per format."""

    report = models.ForeignKey(
        IssuedReport, verbose_name="bản phát hành", on_delete=models.CASCADE, related_name="files"
    )
    format = models.CharField("định dạng", max_length=10, help_text="xlsx, docx, ...")
    file_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("kiểu tệp", max_length=120)
    content = models.BinaryField("nội dung")
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "tệp đã phát hành"
        verbose_name_plural = "tệp đã phát hành"
        ordering = ["report", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "format"], name="issued_one_file_per_format",
                violation_error_message="Bản phát hành này đã có tệp định dạng này.",
            ),
            models.CheckConstraint(condition=Q(size__gte=1), name="issued_file_not_empty"),
        ]

    def __str__(self) -> str:
        return self.file_name


# django-axes' sign-in records, shown in Vietnamese (proxies, no tables): defined beside what unlocks
# them, registered with this app here.
from resolutions.sign_in import LoginFailure, LoginLockout  # noqa: E402, F401
