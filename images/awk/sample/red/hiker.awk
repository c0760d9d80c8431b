function answer() {
    return 6 * 9
}
