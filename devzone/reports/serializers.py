from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from .models import JobState, ReportJob


class ReportJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="本任务的 API 地址 / this job's API URL")
    page_url = serializers.SerializerMethodField(help_text="带进度条的页面 / the page with the progress bar")
    download_url = serializers.SerializerMethodField(help_text="完成后的 PDF 下载地址，未完成时为 null")

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "report",
            "title",
            "params",
            "scope",
            "state",
            "progress",
            "rows",
            "pages",
            "error",
            "created_at",
            "finished_at",
            "url",
            "page_url",
            "download_url",
        ]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, job: ReportJob) -> str:
        return self._absolute(reverse("report-job-detail", kwargs={"pk": job.pk}))

    def get_page_url(self, job: ReportJob) -> str:
        return self._absolute(reverse("reports:job", kwargs={"pk": job.pk}))

    def get_download_url(self, job: ReportJob) -> str | None:
        if job.state != JobState.DONE:
            return None
        return self._absolute(reverse("report-job-download", kwargs={"pk": job.pk}))
