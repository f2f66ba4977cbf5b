"""Fill the national indicator catalogue from indicators/catalogue.yaml, so `migrate` alone on an
empty database knows the indicators resolutions use.

Later versions of the file are merged by `manage.py sync_catalogue` (run by `make setup`), which
also moves linked targets' directions; this migration only runs once. It reads the file as it is
when the migration runs and writes only the fields that exist at this point of the schema.
"""

from django.db import migrations


def load(apps, schema_editor):
    from indicators.catalogue import plan_entry, read_catalogue
    from indicators.text import fold_text

    Indicator = apps.get_model("indicators", "Indicator")
    stored = {i.key: i for i in Indicator.objects.all()}
    for entry in read_catalogue():
        obj = stored.get(entry.key)
        current = None
        if obj is not None:
            current = {
                "name": obj.name, "aliases": [a.strip() for a in obj.aliases.splitlines() if a.strip()],
                "unit": obj.unit, "direction": obj.direction, "basis": obj.basis, "group": obj.group,
            }
        plan = plan_entry(entry, current, obj.shipped if obj is not None else None)
        if obj is None:
            obj = Indicator(key=entry.key)
        values = dict(plan.values)
        values["aliases"] = "\n".join(values["aliases"])
        for name, value in values.items():
            setattr(obj, name, value)
        obj.origin = "catalogue"
        obj.shipped = plan.shipped
        # Historical models do not run Indicator.save(): the search column is derived here.
        obj.search_folded = fold_text(f"{obj.name}\n{obj.aliases}")
        obj.save()


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0003_catalogue_fields_and_history"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
