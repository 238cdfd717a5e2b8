"""The recompute pipeline: derived figures follow their sources, and no change is ever lost.

A domain app registers a consumer per kind (``registry.register("zones.area", handler)`` in
its ``AppConfig.ready()``), and its services call ``services.request_recompute(kind, scope,
year)`` inside the transaction that changes a source figure. The outbox row written there is
paid by the ``devzone.recompute.tasks.process`` task after commit, or by the beat-scheduled
``sweep`` when the message was lost. See ADR 0131.
"""
