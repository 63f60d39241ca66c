"""The public news pages, the feeds and the newsletter's sign-up and sign-off (no login)."""

from django.urls import path

from psoportal.news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.news_list, name="list"),
    path("feed/", feeds.atom_feed, name="feed"),
    path("rss/", feeds.rss_feed, name="rss"),
    path("aanmelden/", views.subscribe, name="subscribe"),
    path("aanmelden/verstuurd/", views.subscribe_sent, name="subscribe_sent"),
    path("aanmelden/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.news_item, name="item"),
    path("<slug:slug>/afbeelding/", views.news_image, name="image"),
]
