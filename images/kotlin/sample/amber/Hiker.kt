fun answer(): Int {
    return 6 * 7)
}
