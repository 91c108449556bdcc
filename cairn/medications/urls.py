app_name = "medications"
urlpatterns = []
