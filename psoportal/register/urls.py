from django.urls import path

from psoportal.register import views

app_name = "register"

urlpatterns = [
    path("register/", views.search, name="search"),
    path("register/download.<str:fmt>", views.export, name="export"),
    path("register/controleren/", views.check, name="check"),
]
