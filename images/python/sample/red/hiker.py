def answer():
    return 6 * 9
