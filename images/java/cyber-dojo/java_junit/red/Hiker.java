public class Hiker {

    public static int roads() {
        return 6 * 9;
    }
}
