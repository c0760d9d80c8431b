from hiker import roads, Hiker


def test_a_hiker_walks_down_42_roads():
    assert roads() == 42


def test_every_hiker_walks_down_the_same_roads():
    assert Hiker().roads() == 42
