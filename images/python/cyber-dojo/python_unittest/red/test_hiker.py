import unittest

from hiker import roads, Hiker


class HikerTest(unittest.TestCase):

    def test_a_hiker_walks_down_42_roads(self):
        self.assertEqual(42, roads())

    def test_every_hiker_walks_down_the_same_roads(self):
        self.assertEqual(42, Hiker().roads())


if __name__ == '__main__':
    unittest.main()  # pragma: no cover
