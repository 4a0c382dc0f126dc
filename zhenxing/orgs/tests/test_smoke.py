def test_home_shows_member_count(client, personas):
    client.force_login(personas.secretariat)
    response = client.get("/")
    assert response.status_code == 200
    assert "东北振兴省部联席落实推进工作机制" in response.content.decode()
    assert response.context["counts"]["member_units"] == 26
