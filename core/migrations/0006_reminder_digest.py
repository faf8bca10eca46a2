from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_web_login')]

    initial = False

    operations = [
        ops.AddField(
            model_name='User',
            name='reminder_digest',
            field=fields.BooleanField(default=False),
        ),
    ]
