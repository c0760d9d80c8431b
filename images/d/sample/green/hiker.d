module hiker;

int answer()
{
    return 6 * 7;
}
