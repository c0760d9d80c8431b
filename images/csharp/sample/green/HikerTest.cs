using System;

// Debian packages no NUnit: this test checks itself, prints what failed and exits with 1.
public static class HikerTest
{
    public static int Main()
    {
        int actual = Hiker.Answer();
        if (actual != 42)
        {
            Console.WriteLine("FAILED: life_the_universe_and_everything: expected 42, got " + actual);
            Console.WriteLine("1 test, 1 failure");
            return 1;
        }
        Console.WriteLine("1 test, 0 failures");
        Console.WriteLine("All tests passed");
        return 0;
    }
}
