from django.urls import path

from . import views

app_name = "zones"
urlpatterns = [
    path("", views.zone_list, name="list"),
    path("<slug:code>/", views.zone_detail, name="detail"),
]

# registry
urlpatterns += [
    path("<slug:code>/edit/", views.zone_edit, name="edit"),
    path("<slug:code>/status/", views.zone_status, name="status"),
    path("<slug:code>/merge/", views.zone_merge, name="merge"),
    path("<slug:code>/companies/new/", views.company_form, name="company-new"),
    path("<slug:code>/companies/<int:pk>/", views.company_form, name="company-edit"),
    path("<slug:code>/social-functions/new/", views.social_function_form, name="social-function-new"),
    path("<slug:code>/social-functions/<slug:function>/", views.social_function_form, name="social-function-edit"),
    path("<slug:code>/plots/new/", views.plot_form, name="plot-new"),
    path("<slug:code>/plots/<str:plot_code>/", views.plot_form, name="plot-edit"),
    path("<slug:code>/<str:kind>/<str:key>/delete/", views.registry_delete, name="registry-delete"),
]
