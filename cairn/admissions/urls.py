app_name = "admissions"
urlpatterns = []
