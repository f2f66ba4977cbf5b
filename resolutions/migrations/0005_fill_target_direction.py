"""Store each existing target's direction: its catalogue indicator's when linked, else a guess
from its wording (marked as needing confirmation). Until now the direction was read from the
indicator on the fly, and unlinked targets were silently "higher is better"."""

from django.db import migrations


def fill(apps, schema_editor):
    from indicators.direction import guess_direction

    Target = apps.get_model("resolutions", "Target")
    names = dict(Target.objects.values_list("pk", "name"))
    changed = []
    for target in Target.objects.select_related("indicator"):
        if target.indicator_id:
            target.direction, target.direction_source = target.indicator.direction, "catalogue"
        else:
            parent = [names[target.parent_id]] if target.parent_id else []
            target.direction = guess_direction(target.name, target.target_text, parent).direction.value
            target.direction_source = "guessed"
        changed.append(target)
    Target.objects.bulk_update(changed, ["direction", "direction_source"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("resolutions", "0004_target_stored_direction"),
        ("indicators", "0004_load_national_catalogue"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
