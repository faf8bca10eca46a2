from tortoise import migrations
from tortoise.migrations import operations as ops
from core.models.mail import InboundOutcome, InboundReason
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_outbox_provider_message_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='InboundMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('mailbox', fields.CharField(max_length=255)),
                ('uidvalidity', fields.BigIntField()),
                ('uid', fields.BigIntField()),
                ('message_id', fields.CharField(default='', db_index=True, max_length=255)),
                ('sender', fields.CharField(default='', max_length=254)),
                ('subject', fields.CharField(default='', max_length=300)),
                ('outcome', fields.CharEnumField(description='NEW_TICKET: new_ticket\nCOMMENT: comment\nREOPENED: reopened\nCOURTESY: courtesy\nIGNORED: ignored\nREJECTED: rejected\nFAILED: failed', enum_type=InboundOutcome, max_length=16)),
                ('reason', fields.CharEnumField(default=InboundReason.NONE, description='NONE: \nOWN_ADDRESS: own_address\nAUTO_REPLY: auto_reply\nBULK: bulk\nBOUNCE: bounce\nSPAM: spam\nDUPLICATE: duplicate\nUNKNOWN_SENDER: unknown_sender\nNO_SCHOOL: no_school\nEMPTY: empty\nTOO_LARGE: too_large\nUNREADABLE: unreadable\nERROR: error', enum_type=InboundReason, max_length=20)),
                ('detail', fields.TextField(default='', unique=False)),
                ('ticket', fields.ForeignKeyField('models.Ticket', source_field='ticket_id', null=True, db_constraint=True, to_field='id', related_name='inbound_messages', on_delete=OnDelete.SET_NULL)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'inbound_mail', 'app': 'models', 'unique_together': (('mailbox', 'uidvalidity', 'uid'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
