from django.shortcuts import get_object_or_404, render
from django.urls import path

from bench.floor.models import Page


def page(request):
    return render(request, "floor/page.html", {"page": get_object_or_404(Page, pk=1)})


urlpatterns = [path("", page)]
