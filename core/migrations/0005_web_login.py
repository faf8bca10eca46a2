from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_inbound_mail')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('address_key', fields.CharField(max_length=64)),
                ('client_key', fields.CharField(max_length=64)),
                ('requested_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_request', 'app': 'models', 'indexes': [Index(fields=['address_key', 'requested_at']), Index(fields=['client_key', 'requested_at'])], 'pk_attr': 'id', 'table_description': 'Someone asked for a sign-in link: for which address, from which client, when.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LoginToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='login_tokens', on_delete=OnDelete.CASCADE)),
                ('next_path', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'login_token', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One sign-in link sent to `user`: it works until `expires_at`, and once (`used_at`).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='web_sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_seen_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'web_session', 'app': 'models', 'pk_attr': 'id', 'table_description': "A signed-in browser, found by the hash of its cookie's value."},
            bases=['Model'],
        ),
    ]
