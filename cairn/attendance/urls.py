app_name = "attendance"
urlpatterns = []
