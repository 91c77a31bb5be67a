from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_revolving_cards"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("case_id", models.BigIntegerField(db_index=True)),
            ],
            options={"verbose_name": "case change", "verbose_name_plural": "case changes"},
        ),
    ]
