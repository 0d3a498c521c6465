from django.db import models


class Page(models.Model):
    body = models.TextField()

    class Meta:
        app_label = "floor"

    def __str__(self):
        return f"page {self.pk}"
