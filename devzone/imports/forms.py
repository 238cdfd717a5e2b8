from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    # Empty or wrong files are judged by the import itself, with its own Chinese messages.
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        allow_empty_file=True,
        error_messages={"required": _("请选择要导入的 Excel(.xlsx) 文件。")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
