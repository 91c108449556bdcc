from django.urls import path

from cairn.consents import views, views_disclosures

app_name = "consents"
urlpatterns = [
    path("clients/<int:client_id>/consents/", views.chart, name="chart"),
    path("clients/<int:client_id>/consents/new/", views.new_consent, name="new"),
    path("consents/<int:consent_id>/", views.consent_detail, name="consent"),
    path("consents/<int:consent_id>/pdf/", views.consent_pdf, name="consent_pdf"),
    path("consents/<int:consent_id>/sign/", views.sign, name="sign"),
    path("consents/<int:consent_id>/revoke/", views.revoke, name="revoke"),
    path("consents/<int:consent_id>/void/", views.void, name="void"),
    path(
        "clients/<int:client_id>/disclosures/new/",
        views_disclosures.new_disclosure,
        name="disclose",
    ),
    path(
        "clients/<int:client_id>/disclosures/emergency/",
        views_disclosures.emergency,
        name="emergency",
    ),
    path("disclosures/review/", views_disclosures.review_queue, name="review_queue"),
    path(
        "disclosures/<int:disclosure_id>/",
        views_disclosures.disclosure_detail,
        name="disclosure",
    ),
    path(
        "disclosures/<int:disclosure_id>/pdf/",
        views_disclosures.disclosure_pdf,
        name="disclosure_pdf",
    ),
    path("disclosures/<int:disclosure_id>/review/", views_disclosures.review, name="review"),
    path("clients/<int:client_id>/accounting/", views_disclosures.accounting, name="accounting"),
    path(
        "clients/<int:client_id>/accounting/pdf/",
        views_disclosures.accounting_pdf,
        name="accounting_pdf",
    ),
    path("clients/<int:client_id>/record-export/", views_disclosures.export, name="export"),
]
