// Trains the image's class-data sharing archives at build time (see the Dockerfile); never run
// in a sandbox.
public class CdsTraining {

    public static int answer() {
        return 6 * 7;
    }
}
