function answer() {
    return 6 * 7 +
}
