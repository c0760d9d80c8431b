use strict;
use warnings;
use Test::More;

use Hiker qw(answer);

is(answer(), 42, 'life, the universe, and everything');

done_testing();
