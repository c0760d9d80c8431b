public static class Hiker
{
    public static int Answer()
    {
        return 6 * 9;
    }
}
