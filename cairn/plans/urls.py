from django.urls import path, register_converter

from cairn.plans import views_print, views_relapse, views_signing, views_treatment


class ItemKindConverter:
    regex = "problem|goal|objective|intervention"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ItemKindConverter, "item_kind")

TP = "clients/<int:client_id>/plans/treatment"
TPV = f"{TP}/<int:version_id>"
RP = "clients/<int:client_id>/plans/relapse-prevention"
RPV = f"{RP}/<int:rp_version_id>"

app_name = "plans"
urlpatterns = [
    path(f"{TP}/", views_treatment.treatment, name="treatment"),
    path(f"{TP}/start/", views_treatment.start, name="treatment_start"),
    path(f"{TP}/revise/", views_treatment.revise, name="treatment_revise"),
    path(f"{TP}/review/", views_treatment.review, name="treatment_review"),
    path(f"{TP}/history/", views_treatment.history, name="treatment_history"),
    path(
        f"{TP}/objectives/<int:objective_id>/",
        views_treatment.objective,
        name="treatment_objective",
    ),
    path(f"{TPV}/", views_treatment.version, name="treatment_version"),
    path(f"{TPV}/details/", views_treatment.details, name="treatment_details"),
    path(f"{TPV}/library/", views_treatment.add_library, name="treatment_library"),
    path(f"{TPV}/<item_kind:kind>/add/", views_treatment.item, name="treatment_item_add"),
    path(f"{TPV}/<item_kind:kind>/<int:item_id>/", views_treatment.item, name="treatment_item"),
    path(
        f"{TPV}/<item_kind:kind>/<int:item_id>/remove/",
        views_treatment.remove,
        name="treatment_item_remove",
    ),
    path(f"{TPV}/sign/", views_signing.treatment_sign, name="treatment_sign"),
    path(f"{TPV}/client-sign/", views_signing.treatment_client_sign, name="treatment_client_sign"),
    path(f"{TPV}/print/", views_print.treatment_print, name="treatment_print"),
    path(f"{TPV}/plan.pdf", views_print.treatment_pdf, name="treatment_pdf"),
    path(f"{RP}/", views_relapse.relapse, name="relapse"),
    path(f"{RP}/write/", views_relapse.start, name="relapse_start"),
    path(f"{RP}/history/", views_relapse.history, name="relapse_history"),
    path(f"{RPV}/edit/", views_relapse.edit, name="relapse_edit"),
    path(f"{RPV}/sign/", views_signing.relapse_sign, name="relapse_sign"),
    path(f"{RPV}/client-sign/", views_signing.relapse_client_sign, name="relapse_client_sign"),
    path(f"{RPV}/print/", views_print.relapse_print, name="relapse_print"),
    path(f"{RPV}/plan.pdf", views_print.relapse_pdf, name="relapse_pdf"),
    path(f"{RPV}/wallet-card.pdf", views_print.wallet_card, name="relapse_wallet_card"),
]
