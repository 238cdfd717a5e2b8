"""Explicit state machines: allowed moves as data, a locked transition, a log row.

An app keeps its table of moves as plain data in its pure ``rules.py`` (action → (from-states,
to-state)) and builds one :class:`Workflow` per model in its services, adding what needs Django —
labels, permissions, refusal sentences — and the callback that writes its log row::

    # rules.py
    PLAN_TRANSITIONS = {"submit": ({"draft", "returned"}, "submitted"), "approve": ({"submitted"}, "approved")}
    # services.py
    plan_flow = Workflow(
        Plan,
        moves_from(rules.PLAN_TRANSITIONS, labels={"submit": _("报送"), "approve": _("批准")},
                   permissions={"submit": DRAFT_PLAN, "approve": REVIEW_PLAN}),
        log=lambda step: PlanTransition.objects.create(
            plan=step.obj, from_state=step.source, to_state=step.target, user=step.user, note=step.note,
            snapshot=step.extra.get("snapshot")),
        select_related=("zone",),
    )

    # a service: lock, check, do the work of the move, set the state, save, log — one transaction
    with plan_flow.transition(plan, "submit", user=user, note=note) as step:
        step.obj.submitted_at = timezone.now()
        step.extra["snapshot"] = make_snapshot(step.obj)
    return step.obj

    plan_flow.run(plan, "approve", user=user)  # when the move needs nothing else

A move from a state it does not leave from raises :class:`~devzone.domain.errors.Conflict`
whose message names the current state and the moves allowed from it (or the move's own
``refusal`` sentence), and whose ``allowed`` lists them. A move with a ``permission`` is checked
with ``devzone.tenancy.can(user, permission, obj)`` first (:class:`NotAllowed`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from devzone.types import User

from .errors import Conflict, Message, NotAllowed

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Move:
    """One action: the states it leaves from, the state it leads to.

    ``label`` is the verb shown in messages (``_("报送")``); ``permission`` a tenancy action the
    user needs on the object (None: the service checks itself); ``refusal`` replaces the default
    conflict message, with ``%(state)s`` for the current state's label.
    """

    sources: Collection[str]
    target: str
    label: Message = ""
    permission: str | None = None
    refusal: Message = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", frozenset(self.sources))


def moves_from(
    table: Mapping[str, tuple[Collection[str], str]],
    *,
    labels: Mapping[str, Message] | None = None,
    permissions: Mapping[str, str] | None = None,
    refusals: Mapping[str, Message] | None = None,
) -> dict[str, Move]:
    """:class:`Move` s from a pure rules table ``{action: (from-states, to-state)}``."""
    return {
        action: Move(
            sources,
            target,
            label=(labels or {}).get(action, ""),
            permission=(permissions or {}).get(action),
            refusal=(refusals or {}).get(action, ""),
        )
        for action, (sources, target) in table.items()
    }


@dataclass
class Step(Generic[M]):
    """A transition under way: the locked object, where it comes from and goes to, who moves it.

    ``extra`` carries what the service adds for the log row (a snapshot, a comment …).
    """

    obj: M
    action: str
    source: str
    target: str
    user: User | None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Workflow(Generic[M]):
    """The moves of one model's ``state_field`` and how a move is logged."""

    def __init__(
        self,
        model: type[M],
        moves: Mapping[str, Move],
        *,
        log: Callable[[Step[M]], object] | None = None,
        state_field: str = "state",
        select_related: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.moves = dict(moves)
        self.log = log
        self.state_field = state_field
        self.select_related = select_related

    # --- the table ------------------------------------------------------------------------

    def target(self, action: str, state: str) -> str | None:
        """Where ``action`` leads from ``state``, or None when it does not leave from there."""
        move = self.moves[action]
        return move.target if state in move.sources else None

    def allowed(self, state: str) -> list[str]:
        """The actions that leave from ``state``, in the table's order."""
        return [action for action, move in self.moves.items() if state in move.sources]

    def state_label(self, state: str) -> str:
        """The state's display label (the field's choices), or the value itself."""
        field = self.model._meta.get_field(self.state_field)
        choices = dict(field.flatchoices) if isinstance(field, models.Field) else {}
        return str(choices.get(state, state))

    # --- checks ---------------------------------------------------------------------------

    def require(self, user: User | None, action: str, obj: M, message: Message | None = None) -> None:
        """:class:`NotAllowed` unless ``user`` holds the move's permission on ``obj``."""
        permission = self.moves[action].permission
        if permission is None:
            return
        from devzone.tenancy.scope import can

        if not can(user, permission, obj):
            raise NotAllowed(message)

    def check(self, obj: M, action: str) -> str:
        """The target state of ``action`` from ``obj``'s state, or :class:`Conflict`."""
        state = getattr(obj, self.state_field)
        target = self.target(action, state)
        if target is not None:
            return target
        move = self.moves[action]
        allowed = self.allowed(state)
        label = self.state_label(state)
        if move.refusal:
            message = str(move.refusal) % {"state": label}
        else:
            message = _("当前状态为“%(state)s”，不能%(action)s。") % {"state": label, "action": move.label or action}
            if allowed:
                moves = "、".join(str(self.moves[a].label or a) for a in allowed)
                message += _("当前可以：%(moves)s。") % {"moves": moves}
        raise Conflict(message, state=state, allowed=allowed)

    def lock(self, obj: M) -> M:
        """A fresh copy of ``obj`` with its row locked until the transaction ends."""
        qs = self.model._default_manager.select_for_update()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs.get(pk=obj.pk)

    # --- moving ---------------------------------------------------------------------------

    @contextmanager
    def transition(
        self, obj: M, action: str, *, user: User | None, note: str = "", denied: Message | None = None
    ) -> Iterator[Step[M]]:
        """Check permission, lock, check the source state; run the ``with`` body (the move's own
        work, which may raise to abort); then set the state, save and log — all in one
        transaction. The ``with`` body sees the locked object as ``step.obj``."""
        if action not in self.moves:
            raise KeyError(f"{self.model.__name__} has no move {action!r}")
        with transaction.atomic():
            self.require(user, action, obj, denied)
            locked = self.lock(obj)
            source = getattr(locked, self.state_field)
            target = self.check(locked, action)
            step: Step[M] = Step(obj=locked, action=action, source=source, target=target, user=user, note=note)
            yield step
            setattr(locked, self.state_field, target)
            locked.save()
            if self.log is not None:
                self.log(step)

    def run(
        self, obj: M, action: str, *, user: User | None, note: str = "", denied: Message | None = None, **extra: Any
    ) -> M:
        """A move with no work of its own: :meth:`transition` with an empty body; ``extra`` goes
        to the log callback as ``step.extra``."""
        with self.transition(obj, action, user=user, note=note, denied=denied) as step:
            step.extra.update(extra)
        return step.obj
