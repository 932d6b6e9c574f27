def test_the_personas_can_be_built(student, guardian, nurse, outsiders, org_admin):
    from accommodations import selectors

    assert selectors.access_for(user=nurse, student=student).can_acknowledge
    for outsider in outsiders.values():
        assert selectors.access_for(user=outsider, student=student) is None
