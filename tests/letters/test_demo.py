"""The demo: a signed letter shared with a school official, with a link to print."""

from django.test import Client

from letters.demo import create_demo_letters
from letters.models import Letter, LetterShare


def test_the_demo_letter_is_signed_shared_and_its_link_opens(student, psychologist, guardian):
    path = create_demo_letters(student=student, psychologist=psychologist, guardian=guardian)
    letter = Letter.objects.get(student=student)
    assert letter.status == Letter.Status.SIGNED
    response = Client().get(path, follow=True)
    assert response.status_code == 200
    assert "Ms. Carmen Díaz" in LetterShare.objects.get().recipient_name


def test_running_the_demo_again_keeps_one_letter_and_one_open_link(student, psychologist, guardian):
    first = create_demo_letters(student=student, psychologist=psychologist, guardian=guardian)
    second = create_demo_letters(student=student, psychologist=psychologist, guardian=guardian)
    assert first != second
    assert Letter.objects.filter(student=student).count() == 1
    assert LetterShare.objects.live().count() == 1
    assert Client().get(first).status_code == 410
    assert Client().get(second, follow=True).status_code == 200
