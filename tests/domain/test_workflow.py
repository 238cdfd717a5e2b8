"""The workflow helper on a real table (devzone's own report jobs), and ``model_update``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devzone.domain import Conflict, Invalid, Move, NotAllowed, Step, Workflow, model_update, moves_from
from devzone.reports.models import JobState, ReportJob

pytestmark = pytest.mark.django_db

# The pure table a rules.py keeps, and the Django-side details a service adds.
TABLE = {
    "start": ({"queued"}, "running"),
    "fail": ({"queued", "running"}, "failed"),
    "retry": ({"failed"}, "queued"),
}
MOVES = {
    **moves_from(
        TABLE,
        labels={"start": "开始", "fail": "记为失败", "retry": "重试"},
        refusals={"retry": "任务当前为“%(state)s”，只有失败的任务可以重试。"},
    ),
    "cancel": Move({"queued"}, "failed", label="取消", permission="change_zone"),
}


@pytest.fixture
def log() -> list[Step[ReportJob]]:
    return []


@pytest.fixture
def flow(log: list[Step[ReportJob]]) -> Workflow[ReportJob]:
    return Workflow(ReportJob, MOVES, log=log.append)


@pytest.fixture
def user() -> User:
    return User.objects.create_user("clerk")


def job(user: User, state: str = JobState.QUEUED) -> ReportJob:
    return ReportJob.objects.create(user=user, report="history", title="变更历史", state=state)


def test_the_table_answers_targets_and_allowed_moves(flow: Workflow[ReportJob]) -> None:
    assert flow.target("start", "queued") == "running" and flow.target("start", "running") is None
    assert flow.allowed("queued") == ["start", "fail", "cancel"]
    assert flow.allowed("done") == []
    assert flow.state_label("running") == "生成中"
    assert MOVES["fail"] == Move(frozenset({"queued", "running"}), "failed", label="记为失败")


def test_a_move_locks_sets_the_state_saves_and_logs(
    flow: Workflow[ReportJob], log: list[Step[ReportJob]], user: User
) -> None:
    stale = job(user)
    with CaptureQueriesContext(connection) as queries:
        moved = flow.run(stale, "start", user=user, note="开始生成", attempt=1)
    assert moved.state == "running" and ReportJob.objects.get(pk=stale.pk).state == "running"
    assert stale.state == "queued"  # the caller's copy is not the locked one
    [step] = log
    assert (step.action, step.source, step.target, step.user, step.note) == (
        "start",
        "queued",
        "running",
        user,
        "开始生成",
    )
    assert step.obj is moved and step.extra == {"attempt": 1}
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


def test_the_move_body_runs_on_the_locked_row_inside_the_transaction(
    flow: Workflow[ReportJob], log: list[Step[ReportJob]], user: User
) -> None:
    row = job(user)
    with flow.transition(row, "start", user=user) as step:
        step.obj.progress = 10
        step.extra["why"] = "queue"
    assert ReportJob.objects.values_list("state", "progress").get(pk=row.pk) == ("running", 10)
    assert log[0].extra == {"why": "queue"}

    class Refused(Exception):
        pass

    with pytest.raises(Refused), flow.transition(ReportJob.objects.get(pk=row.pk), "fail", user=user) as step:
        step.obj.error = "boom"
        raise Refused
    assert ReportJob.objects.values_list("state", "error").get(pk=row.pk) == ("running", "")  # rolled back
    assert len(log) == 1  # and not logged


def test_a_wrong_state_is_a_conflict_naming_the_allowed_moves(
    flow: Workflow[ReportJob], log: list[Step[ReportJob]], user: User
) -> None:
    row = job(user, JobState.RUNNING)
    with pytest.raises(Conflict) as caught:
        flow.run(row, "start", user=user)
    assert str(caught.value) == "当前状态为“生成中”，不能开始。当前可以：记为失败。"
    assert (caught.value.state, caught.value.allowed) == ("running", ("fail",))
    with pytest.raises(Conflict) as caught:
        flow.run(row, "retry", user=user)
    assert str(caught.value) == "任务当前为“生成中”，只有失败的任务可以重试。"
    assert ReportJob.objects.get(pk=row.pk).state == "running" and log == []


def test_the_state_checked_is_the_locked_rows_not_the_callers_copy(flow: Workflow[ReportJob], user: User) -> None:
    row = job(user)
    ReportJob.objects.filter(pk=row.pk).update(state=JobState.FAILED)  # someone else moved it meanwhile
    with pytest.raises(Conflict):
        flow.run(row, "start", user=user)
    assert flow.run(row, "retry", user=user).state == "queued"


def test_a_move_with_a_permission_refuses_users_without_it(flow: Workflow[ReportJob], user: User) -> None:
    row = job(user)
    with pytest.raises(NotAllowed) as caught:
        flow.run(row, "cancel", user=user, denied="您无权取消该任务。")
    assert caught.value.status_code == 403 and str(caught.value) == "您无权取消该任务。"
    with pytest.raises(KeyError):
        flow.run(row, "publish", user=user)
    assert ReportJob.objects.get(pk=row.pk).state == "queued"


def test_model_update_saves_only_what_changed(user: User) -> None:
    row = job(user)
    with CaptureQueriesContext(connection) as queries:
        same, changed = model_update(row, {"title": "变更历史", "progress": 0}, fields=["title", "progress"])
    assert same is row and changed == [] and len(queries) == 0

    ReportJob.objects.filter(pk=row.pk).update(scope="别人改的")
    with CaptureQueriesContext(connection) as queries:
        _, changed = model_update(
            row, {"progress": 40, "title": "新标题", "error": "不许改"}, fields=["title", "progress", "scope"]
        )
    assert changed == ["title", "progress"]
    [update] = [q["sql"] for q in queries.captured_queries]
    assert "scope" not in update and "error" not in update
    fresh = ReportJob.objects.get(pk=row.pk)
    assert (fresh.title, fresh.progress, fresh.scope, fresh.error) == ("新标题", 40, "别人改的", "")


def test_model_update_can_full_clean_and_answers_invalid_by_field(user: User) -> None:
    row = job(user)
    with pytest.raises(Invalid) as caught:
        model_update(row, {"state": "nonsense"}, fields=["state"], clean=True)
    assert list(caught.value.errors) == ["state"]
    assert ReportJob.objects.get(pk=row.pk).state == "queued"
    _, changed = model_update(row, {"state": "running"}, fields=["state"], clean=True)
    assert changed == ["state"] and ReportJob.objects.get(pk=row.pk).state == "running"
