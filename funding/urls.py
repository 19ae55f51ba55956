from django.urls import path

from . import views, views_funded, views_letters, views_reports, views_reviews

app_name = "funding"

urlpatterns = [
    path("calls/<int:call_id>/apply/", views.start, name="start"),
    path("calls/<int:call_id>/applications/", views.call_applications, name="call-applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/members/", views.add_member, name="add-member"),
    path(
        "applications/<int:pk>/members/<int:member_id>/remove/",
        views.remove_member,
        name="remove-member",
    ),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/accept/", views.accept, name="accept"),
    path("applications/<int:pk>/decline/", views.decline, name="decline"),
    path("applications/<int:pk>/files/<int:file_id>/", views.download_file, name="file"),
    # Review and scores (views_reviews.py).
    path("reviews/", views_reviews.review_list, name="reviews"),
    path("reviews/<int:pk>/", views_reviews.review, name="review"),
    path("reviews/<int:pk>/files/<int:file_id>/", views_reviews.review_file, name="review-file"),
    path("calls/<int:call_id>/reviews/", views_reviews.call_reviews, name="call-reviews"),
    path(
        "calls/<int:call_id>/reviews/<int:pk>/assign/",
        views_reviews.assign,
        name="assign-reviewer",
    ),
    path("calls/<int:call_id>/reviews/decide/", views_reviews.decide, name="decide-by-scores"),
    path("applications/<int:pk>/report/", views_reports.report, name="report"),
    path("applications/<int:pk>/report/decide/", views_reports.decide, name="report-decide"),
    # Funded projects (views_funded.py): the managers' record and the funder's public list.
    path("applications/<int:pk>/funding/", views_funded.record_funding, name="record-funding"),
    path("funders/<int:institution_id>/funded/", views_funded.funder_funded, name="funder-funded"),
    path("applications/<int:pk>/letter/", views_letters.letter, name="letter"),
]
