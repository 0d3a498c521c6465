from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin with the newsroom's site (its home page is the editorial desk)."""

    default_site = "newsroom.admin_site.NewsroomAdminSite"
