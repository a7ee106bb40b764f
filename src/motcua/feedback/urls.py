from django.urls import path
from django.views.decorators.cache import never_cache

from motcua.feedback import desk_views, views

app_name = "feedback"
# The staff's pages and a citizen's answer hold names, contacts and secrets: never kept by a cache.
urlpatterns = [
    path("danh-gia/", views.rate, name="rate"),
    path("danh-gia/quay/<id:counter_id>/", views.tablet, name="tablet"),
    path("phan-anh/", views.submit, name="submit"),
    path("phan-anh/cong-khai/", views.public_list, name="public"),
    path("phan-anh/<str:code>/", never_cache(views.read), name="read"),
    path("desk/danh-gia/", never_cache(desk_views.ratings), name="desk_ratings"),
    path("desk/danh-gia/quay/<id:counter_id>/", never_cache(desk_views.show_on_tablet), name="show_on_tablet"),
    path("desk/danh-gia/quay/<id:counter_id>/ghep-may/", never_cache(desk_views.pair_tablet), name="pair_tablet"),
    path("desk/phan-anh/", never_cache(desk_views.feedback_list), name="desk_feedback"),
    path("desk/phan-anh/<str:code>/", never_cache(desk_views.feedback_detail), name="desk_feedback_detail"),
]
