unit module Hiker;

sub answer() is export {
    6 * 7 +
}
