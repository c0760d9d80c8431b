package Hiker;

use strict;
use warnings;
use Exporter 'import';

our @EXPORT_OK = ('answer');

sub answer {
    return 6 * 7;
}

1;
