class Hiker {
    func answer() -> Int {
        return 6 * nine
    }
}
