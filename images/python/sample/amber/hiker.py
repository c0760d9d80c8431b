def answer():
    return 6 * 7)
