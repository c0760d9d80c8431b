"""How many roads must a hiker walk down?"""


def roads() -> int:
    return 6 * 9


class Hiker:

    def roads(self: Hiker) -> int:
        return roads()

    def twice(self: Hiker, other: Hiker) -> int:
        return self.roads() + other.roads()
