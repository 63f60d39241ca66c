"""URLs of the letter part of the buyer workspace (issue 13 §6)."""

from django.urls import path

from psoportal.buyers import views_letter

urlpatterns = [
    path("<int:organisation_id>/leveranciersbrief/", views_letter.letter, name="letter"),
    path("<int:organisation_id>/leveranciersbrief/pdf/", views_letter.letter_pdf_download,
         name="letter_pdf"),
    path("<int:organisation_id>/leveranciersbrief/docx/", views_letter.letter_docx_download,
         name="letter_docx"),
    path("<int:organisation_id>/leveranciersbrief/ontvangers/", views_letter.recipient_add,
         name="letter_recipient_add"),
    path("<int:organisation_id>/leveranciersbrief/ontvangers/lijst/", views_letter.recipients_add,
         name="letter_recipients_add"),
    path("<int:organisation_id>/leveranciersbrief/ontvangers/<int:recipient_id>/verwijderen/",
         views_letter.recipient_delete, name="letter_recipient_delete"),
]
