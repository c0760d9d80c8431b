class Hiker {

    static int answer() {
        6 * 7
    }
}
