from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from core.models.chat_state import ChatStateKind
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ChatState',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='USER: user\nCHAT: chat\nBOT: bot\nCONVERSATION: conversation\nCALLBACK: callback', enum_type=ChatStateKind, max_length=16)),
                ('key', fields.CharField(max_length=255)),
                ('data', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'chat_state', 'app': 'models', 'unique_together': (('kind', 'key'),), 'pk_attr': 'id', 'table_description': 'One piece of bot state, found by its kind and key.'},
            bases=['Model'],
        ),
    ]
