"""The inbox: in-app notifications (待办提醒、审批结果、报表完成…) with e-mail through Django's mail
backend. Apps call :func:`devzone.inbox.services.notify`; see ADR 0021."""
