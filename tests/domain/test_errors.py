"""The domain error family and its two mappings: the API error shape and the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from devzone.api.exceptions import exception_handler
from devzone.domain import Conflict, DomainError, Invalid, NotAllowed, NotFound
from devzone.domain.pages import DomainErrorMiddleware, flash, show_on_form


def api(exc: Exception) -> tuple[int, Any]:
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_each_error_has_its_status_and_the_api_error_shape() -> None:
    assert api(NotAllowed("您无权审核该方案。")) == (403, {"detail": "您无权审核该方案。", "errors": {}})
    assert api(NotFound()) == (404, {"detail": "未找到。", "errors": {}})
    assert api(Conflict("该公司下设子公司。")) == (409, {"detail": "该公司下设子公司。", "errors": {}})
    status, data = api(Invalid({"to_status": ["没有这种开发区状态。"], "note": "说明过长。"}))
    assert status == 400
    assert data == {
        "detail": "输入有误：没有这种开发区状态。",
        "errors": {"to_status": ["没有这种开发区状态。"], "note": ["说明过长。"]},
    }


def test_a_conflict_names_the_state_and_the_allowed_moves() -> None:
    exc = Conflict("不能批准。", state="draft", allowed=["submit"])
    assert api(exc) == (409, {"detail": "不能批准。", "errors": {}, "state": "draft", "allowed": ["submit"]})


def test_invalid_answers_exactly_like_a_django_validation_error_did() -> None:
    """Services switching from ``ValidationError`` to ``Invalid`` keep their response bodies."""
    for errors in ({"slug": ["只能登记目录核准面积。"]}, {"a": ["一", "二"], "b": ["三"]}):
        assert api(Invalid(errors)) == api(ValidationError(errors))
    assert api(Invalid("没有适用的规则。")) == api(ValidationError("没有适用的规则。"))


def test_the_errors_are_the_django_exceptions_pages_already_handle() -> None:
    invalid = Invalid({"merged": ["请至少选择一个被整合的开发区。"]})
    assert isinstance(invalid, ValidationError) and invalid.message_dict == {
        "merged": ["请至少选择一个被整合的开发区。"]
    }
    assert isinstance(NotAllowed(), PermissionDenied) and isinstance(NotFound(), Http404)
    assert all(isinstance(e, DomainError) for e in (invalid, NotAllowed(), NotFound(), Conflict()))
    assert str(Conflict("不能报送。")) == "不能报送。" and Conflict("不能报送。").detail == "不能报送。"


def test_messages_follow_the_active_language() -> None:
    with translation.override("en"):
        english = str(Conflict())
    assert english != str(Conflict()) == "当前状态不允许此操作。"
    assert english == "The current state does not allow this operation."


class ThingForm(forms.Form):
    name = forms.CharField()
    status = forms.CharField()


def test_show_on_form_puts_field_errors_next_to_fields_and_the_rest_on_top() -> None:
    form = ThingForm({"name": "x", "status": "warned"})
    assert form.is_valid()
    status = show_on_form(
        form,
        Invalid({"name": ["名称重复。"], "internal_bodies": ["第 1 项未填写名称。"]}),
        labels={"internal_bodies": "内设机构"},
    )
    assert status == 400
    assert form.errors["name"] == ["名称重复。"]
    assert form.non_field_errors() == ["内设机构：第 1 项未填写名称。"]

    form = ThingForm({"name": "x", "status": "warned"})
    assert form.is_valid()
    assert show_on_form(form, Conflict("已有未办结的方案。"), conflict_field="status") == 409
    assert form.errors["status"] == ["已有未办结的方案。"]
    # a plain Django ValidationError (full_clean) is shown the same way
    form = ThingForm({"name": "x", "status": "warned"})
    assert form.is_valid()
    assert show_on_form(form, ValidationError("格式不对。")) == 400
    assert form.non_field_errors() == ["格式不对。"]


def page_request(path: str = "/plans/1/submit/") -> Any:
    request = RequestFactory().post(path)
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.django_db
def test_an_uncaught_conflict_on_a_page_is_a_409_page_with_the_reason() -> None:
    middleware = DomainErrorMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(page_request(), Conflict("方案当前状态为“已批准”，不能报送。"))
    assert response is not None and response.status_code == 409
    assert "方案当前状态为“已批准”，不能报送。" in response.content.decode()
    invalid = middleware.process_exception(page_request(), Invalid({"a": ["第一条。"], "b": ["第二条。"]}))
    assert invalid is not None and invalid.status_code == 400
    assert "第一条。" in invalid.content.decode() and "第二条。" in invalid.content.decode()
    # 403/404 stay Django's own pages; anything else is not ours to handle
    assert middleware.process_exception(page_request(), NotAllowed()) is None
    assert middleware.process_exception(page_request(), ValueError("x")) is None


def test_flash_leaves_the_reason_for_the_next_page() -> None:
    request = page_request()
    flash(request, Conflict("该公司下设子公司，请先删除或调整其子公司。"))
    assert [str(m) for m in request._messages] == ["该公司下设子公司，请先删除或调整其子公司。"]
