from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_chat_state')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='OutboxMessage',
            name='provider_message_id',
            field=fields.CharField(null=True, db_index=True, max_length=255),
        ),
    ]
