"""Leaders' instructions get the mechanism of their task or matter (issue 17's levels): until
now every instruction showed in every mechanism. Those on projects, and those whose task or
matter predates levels, stay without one: the top level's."""

import django.db.models.deletion
from django.db import migrations, models


def fill_from_targets(apps, schema_editor):
    Instruction = apps.get_model("coordination", "Instruction")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("policies", "Task")
    CoordinationMatter = apps.get_model("coordination", "CoordinationMatter")
    sources = {
        ("policies", "task"): Task.objects.values_list("pk", "plan__mechanism_id"),
        ("coordination", "coordinationmatter"): CoordinationMatter.objects.values_list(
            "pk", "mechanism_id"
        ),
    }
    for (app_label, model), rows in sources.items():
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        instructions = Instruction.objects.filter(content_type=content_type)
        targets = set(instructions.values_list("object_id", flat=True))
        mechanisms = dict(rows.filter(pk__in=targets))
        for instruction in instructions.only("pk", "object_id"):
            mechanism_id = mechanisms.get(instruction.object_id)
            if mechanism_id is not None:
                Instruction.objects.filter(pk=instruction.pk).update(mechanism_id=mechanism_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("coordination", "0003_matter_raised_index"),
        ("mechanisms", "0004_mechanism_levels"),
        ("policies", "0006_task_responsible_leader"),
    ]

    operations = [
        migrations.AddField(
            model_name="instruction",
            name="mechanism",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="instructions",
                to="mechanisms.mechanism",
                verbose_name="工作机制",
            ),
        ),
        migrations.RunPython(fill_from_targets, migrations.RunPython.noop),
    ]
