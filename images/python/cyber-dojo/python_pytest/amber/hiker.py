"""How many roads must a hiker walk down?"""


def roads() -> int:
    return 6 *


class Hiker:

    def roads(self: Hiker) -> int:
        return roads()
