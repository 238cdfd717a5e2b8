"""The shared domain kit (ADR 0008): errors services raise, explicit state machines, row updates.

Import from here::

    from devzone.domain import Conflict, Invalid, NotAllowed, NotFound, Move, Workflow, model_update
"""

from .errors import Conflict, DomainError, Invalid, NotAllowed, NotFound
from .workflow import Move, Step, Workflow, moves_from
from .writes import model_update

__all__ = [
    "Conflict",
    "DomainError",
    "Invalid",
    "Move",
    "NotAllowed",
    "NotFound",
    "Step",
    "Workflow",
    "model_update",
    "moves_from",
]
