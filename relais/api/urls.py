from django.urls import include, path
from rest_framework.routers import DefaultRouter

from relais.api.views_docs import RedocView, SchemaView, SwaggerView
from relais.api.views_indicators import IndicatorViewSet, OpenDataViewSet
from relais.api.views_people import PersonViewSet, ReferralViewSet, StayViewSet
from relais.api.views_sites import SiteViewSet
from relais.api.views_structures import AvailabilityViewSet, StructureViewSet


class Router(DefaultRouter):
    include_root_view = False


router = Router()
router.register("structures", StructureViewSet, basename="structure")
router.register("availability", AvailabilityViewSet, basename="availability")
router.register("sites", SiteViewSet, basename="site")
router.register("persons", PersonViewSet, basename="person")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("stays", StayViewSet, basename="stay")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("open-data", OpenDataViewSet, basename="open-data")

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="v1")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("docs/redoc/", RedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
