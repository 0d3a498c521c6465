"""
The floor: a plain Django project whose one view renders one database row holding the same bytes
as the measured article page. It is served by gunicorn exactly like the site, so the ratio of a
page to it is the cost of everything the site does beyond Django itself.
"""
