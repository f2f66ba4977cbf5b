"""Model instances for a whole table (reports.excel.instances): what Django's loading gives, cheaper."""

from __future__ import annotations

from typing import Any

from django.db.models import signals

from reports.excel.instances import instances
from resolutions.models import Resolution, Result, Target


def field_values(obj: Any) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_instances_hold_what_django_loads_with_their_sections_and_indicators(
    hung_yen_xix: Resolution, django_assert_num_queries: Any
) -> None:
    expected = list(Target.objects.filter(resolution=hung_yen_xix).select_related("section", "indicator")
                    .order_by("order"))
    with django_assert_num_queries(1):
        made = instances(Target.objects.filter(resolution=hung_yen_xix).order_by("order"),
                         related=("section", "indicator"))
        assert [field_values(t) for t in made] == [field_values(t) for t in expected]
        assert [field_values(t.section) for t in made] == [field_values(t.section) for t in expected]
        assert [t.indicator and field_values(t.indicator) for t in made] == [
            t.indicator and field_values(t.indicator) for t in expected]
        assert [(t.expression, t.figure_unit, t.is_numbered, str(t)) for t in made] == [
            (t.expression, t.figure_unit, t.is_numbered, str(t)) for t in expected]
    assert any(t.indicator is not None for t in made) and any(t.indicator is None for t in made)
    assert all(t.pk and not t._state.adding and t._state.db == "default" for t in made)


def test_a_section_shared_by_many_targets_is_made_once(hung_yen_xix: Resolution) -> None:
    made = instances(Target.objects.filter(resolution=hung_yen_xix), related=("section",))
    sections = {t.section_id: t.section for t in made}
    assert len(sections) < len(made)
    assert all(t.section is sections[t.section_id] for t in made)


def test_a_skipped_column_is_read_on_first_access_like_a_deferred_field(
    hung_yen_xix: Resolution, django_assert_num_queries: Any
) -> None:
    result = instances(Result.objects.filter(target__resolution=hung_yen_xix).order_by("pk"), skip=("entered_at",))[0]
    assert result.get_deferred_fields() == {"entered_at"}
    stored = Result.objects.get(pk=result.pk).entered_at
    with django_assert_num_queries(1):
        assert result.entered_at == stored is not None
    assert result.get_deferred_fields() == set()


def test_an_instance_saves_as_the_row_it_was_read_from(hung_yen_xix: Resolution) -> None:
    target = instances(Target.objects.filter(resolution=hung_yen_xix).order_by("order"))[0]
    count = Target.objects.count()
    target.note = "Ghi chú sau khi đọc"
    target.save()
    assert Target.objects.count() == count
    assert Target.objects.get(pk=target.pk).note == "Ghi chú sau khi đọc"


def test_with_a_receiver_of_the_init_signals_django_loads_the_rows_itself(hung_yen_xix: Resolution) -> None:
    seen: list[Target] = []

    def receiver(sender: type, instance: Target, **kwargs: Any) -> None:
        seen.append(instance)

    signals.post_init.connect(receiver, sender=Target)
    try:
        made = instances(Target.objects.filter(resolution=hung_yen_xix).order_by("order"), related=("section",))
    finally:
        signals.post_init.disconnect(receiver, sender=Target)
    assert seen == made and len(made) == hung_yen_xix.targets.count()
    assert made[0].section is not None
