app_name = "accommodations"
urlpatterns: list = []
