from django.urls import path

from articles.reader import views
from articles.search.views import search_page

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("section/<slug:slug>/", views.section_page, name="section"),
    path("tag/<slug:slug>/", views.tag_page, name="tag"),
    path("entity/<slug:slug>/", views.entity_page, name="entity"),
    path("article/<slug:slug>/", views.article_detail, name="detail"),
    path("article/<slug:slug>/bilingual/", views.article_bilingual, name="bilingual"),
    path("search/", search_page, name="search"),
]
