from django.urls import path

from . import views

app_name = "accounts"
# The accounts page is a platform page in the tenancy matrix (tests/tenancy/matrix.py).
TENANCY_MATRIX = True

urlpatterns = [
    path("", views.accounts, name="list"),
    path("<str:username>/unlock/", views.unlock, name="unlock"),
    path("<str:username>/revoke-tokens/", views.revoke_tokens, name="revoke-tokens"),
]
