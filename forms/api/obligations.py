"""`/api/v1/obligations`: deadlines and tasks, as `core.obligations.owed` gives them — what
the token's user owes, and every obligation for the coordinator."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from core.errors import NotFound
from core.i18n import mark
from core.models import Obligation, ObligationKind, ObligationStatus, Role
from core.obligations.owed import obligations_followed_by
from forms.api.auth import ApiRoute, ApiUser
from forms.api.common import ERROR_RESPONSES, Limit, ObjectId, Offset, Page, SchoolCode, page_of

router = APIRouter(prefix="/obligations", tags=["obligations"], route_class=ApiRoute)

OBLIGATION_NOT_FOUND: Final = mark("Obligation {id} was not found.")


class ObligationOut(BaseModel):
    id: int
    kind: ObligationKind
    title: str
    description: str
    legal_basis: str
    school: str | None = Field(description="The school's code; null for the whole gmina.")
    assignee: str | None = Field(description="The person named to do it, if any.")
    assignee_role: Role | None = Field(description="Else the role that owes it.")
    due_date: dt.date
    status: ObligationStatus
    snoozed_until: dt.date | None
    done_at: dt.datetime | None


@router.get("", response_model=Page[ObligationOut], responses=ERROR_RESPONSES)
async def list_obligations(
    user: ApiUser,
    limit: Limit = 50,
    offset: Offset = 0,
    status: Annotated[ObligationStatus | None, Query()] = None,
    school: SchoolCode = None,
) -> Page[ObligationOut]:
    """The obligations the token's user owes (all of them for the coordinator), soonest
    due first."""
    obligations = obligations_followed_by(user)
    if status is not None:
        obligations = obligations.filter(status=status)
    if school is not None:
        obligations = obligations.filter(school__code=school)
    return await page_of(
        obligations,
        _out,
        order=("due_date", "id"),
        limit=limit,
        offset=offset,
        related=("school", "assignee"),
    )


@router.get("/{obligation_id}", response_model=ObligationOut, responses=ERROR_RESPONSES)
async def get_obligation(user: ApiUser, obligation_id: ObjectId) -> ObligationOut:
    """One obligation the token's user owes (any, for the coordinator)."""
    obligation = await obligations_followed_by(user).get_or_none(id=obligation_id)
    if obligation is None:
        raise NotFound(OBLIGATION_NOT_FOUND, id=obligation_id)
    await obligation.fetch_related("school", "assignee")
    return _out(obligation)


def _out(obligation: Obligation) -> ObligationOut:
    return ObligationOut(
        id=obligation.id,
        kind=obligation.kind,
        title=obligation.title,
        description=obligation.description,
        legal_basis=obligation.legal_basis,
        school=obligation.school.code if obligation.school else None,
        assignee=obligation.assignee.full_name if obligation.assignee else None,
        assignee_role=obligation.assignee_role,
        due_date=obligation.due_date,
        status=obligation.status,
        snoozed_until=obligation.snoozed_until,
        done_at=obligation.done_at,
    )
