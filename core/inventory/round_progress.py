"""How inventory rounds stand: which schools submitted their sheet (when, by whom), which
are late."""

from __future__ import annotations

from dataclasses import dataclass

from core import clock
from core.errors import NotFound
from core.models import InventoryRound, InventoryRoundStatus, InventorySubmission, School


@dataclass(frozen=True)
class SchoolProgress:
    """One school in a round: its submission, if any, and whether it is late without one."""

    school: School
    submission: InventorySubmission | None
    overdue: bool


@dataclass(frozen=True)
class RoundProgress:
    round: InventoryRound
    schools: list[SchoolProgress]

    @property
    def is_open(self) -> bool:
        return self.round.status is InventoryRoundStatus.OPEN

    @property
    def submitted(self) -> int:
        return sum(1 for each in self.schools if each.submission is not None)


async def round_by_id(round_id: int) -> InventoryRound:
    """Raises NotFound when there is no such round."""
    inventory_round = await InventoryRound.get_or_none(id=round_id)
    if inventory_round is None:
        raise NotFound("There is no such inventory round.")
    return inventory_round


async def rounds_with_progress(*, school: School | None = None) -> list[RoundProgress]:
    """Every round, newest first, with each active school's progress (and of any school that
    submitted since it was deactivated); only `school`'s when given."""
    rounds = await InventoryRound.all().order_by("-opened_at", "-id")
    schools = (
        [school] if school is not None else await School.filter(is_active=True).order_by("name")
    )
    submissions = InventorySubmission.filter(round_id__in=[r.id for r in rounds])
    if school is not None:
        submissions = submissions.filter(school_id=school.id)
    by_round: dict[int, dict[int, InventorySubmission]] = {}
    for submission in await submissions.prefetch_related("submitted_by", "school"):
        by_round.setdefault(submission.round_id, {})[submission.school_id] = submission
    today = clock.today()
    progress = []
    for inventory_round in rounds:
        submitted = by_round.get(inventory_round.id, {})
        listed = schools + [
            each.school
            for each in submitted.values()
            if each.school_id not in {s.id for s in schools}
        ]
        late = (
            inventory_round.status is InventoryRoundStatus.OPEN and inventory_round.deadline < today
        )
        progress.append(
            RoundProgress(
                inventory_round,
                [
                    SchoolProgress(each, submitted.get(each.id), late and each.id not in submitted)
                    for each in listed
                ],
            )
        )
    return progress
