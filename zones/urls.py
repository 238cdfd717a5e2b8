"""The zone pages, mounted at ``/zones/`` (namespace ``zones``): one list for every sub-package's
views, so the URL names stay one namespace (ADR 0006)."""

from django.urls import path

from zones.areas import basemap
from zones.areas import views as area_views
from zones.plots import views as plot_views
from zones.profile import views as profile_views
from zones.registry import views as registry_views

app_name = "zones"
urlpatterns = [
    path("", registry_views.zone_list, name="list"),
    path("<slug:code>/", profile_views.zone_detail, name="detail"),
]

# registry
urlpatterns += [
    path("<slug:code>/edit/", registry_views.zone_edit, name="edit"),
    path("<slug:code>/status/", registry_views.zone_status, name="status"),
    path("<slug:code>/merge/", registry_views.zone_merge, name="merge"),
    path("<slug:code>/companies/new/", registry_views.company_form, name="company-new"),
    path("<slug:code>/companies/<int:pk>/", registry_views.company_form, name="company-edit"),
    path("<slug:code>/social-functions/new/", registry_views.social_function_form, name="social-function-new"),
    path(
        "<slug:code>/social-functions/<slug:function>/",
        registry_views.social_function_form,
        name="social-function-edit",
    ),
    path("<slug:code>/plots/new/", plot_views.plot_form, name="plot-new"),
    path("<slug:code>/plots/<str:plot_code>/", plot_views.plot_form, name="plot-edit"),
    path("<slug:code>/<str:kind>/<str:key>/delete/", profile_views.registry_delete, name="registry-delete"),
]

# areas and maps (ADR 0162/0163); the map page goes before "<slug:code>/", which would take it
urlpatterns.insert(0, path("map/", area_views.province_map, name="map"))
urlpatterns.insert(0, path("suggest/", registry_views.zone_suggest, name="suggest"))
urlpatterns += [
    path("map.geojson", area_views.map_geojson, name="map-geojson"),
    path("map/base.geojson", basemap.base_geojson, name="map-base"),  # ADR 0026
    path("<slug:code>/areas/new/", area_views.sub_area_new, name="sub-area-new"),
    path("<slug:code>/areas/<slug:slug>/edit/", area_views.area_edit, name="area-edit"),
]
