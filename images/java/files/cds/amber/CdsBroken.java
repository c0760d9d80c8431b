// Does not compile on purpose: javac's error path, for the class list.
public class CdsBroken {

    public static int answer() {
        return 6 * 7
    }
}
