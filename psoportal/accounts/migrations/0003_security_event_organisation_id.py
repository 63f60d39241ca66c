"""SecurityEvent.organisation becomes a plain id: accounts no longer depend on organisations.

The column (organisation_id, bigint, indexed) stays as it is with its rows; only the foreign-key
constraint goes. In the model state the field is renamed from the relation to the id.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_ratelimitbucket_user_erased_at_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="securityevent",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True, null=True, on_delete=models.SET_NULL, related_name="+",
                        to="organisations.organisation", verbose_name="organisatie",
                        db_constraint=False,
                    ),
                ),
            ],
            state_operations=[
                migrations.RemoveField(model_name="securityevent", name="organisation"),
                migrations.AddField(
                    model_name="securityevent",
                    name="organisation_id",
                    field=models.BigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="organisatie (id)"
                    ),
                ),
            ],
        ),
    ]
