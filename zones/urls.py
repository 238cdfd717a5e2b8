from django.urls import path

from . import area_views, views

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

# areas and maps (ADR 0162/0163); the map page goes before "<slug:code>/", which would take it
urlpatterns.insert(0, path("map/", area_views.province_map, name="map"))
urlpatterns += [
    path("map.geojson", area_views.map_geojson, name="map-geojson"),
    path("<slug:code>/areas/new/", area_views.sub_area_new, name="sub-area-new"),
    path("<slug:code>/areas/<slug:slug>/edit/", area_views.area_edit, name="area-edit"),
]
