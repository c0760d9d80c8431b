<?php

require_once 'Hiker.php';

use PHPUnit\Framework\TestCase;

final class HikerTest extends TestCase
{
    public function testAHikerWalksDown42Roads(): void
    {
        $this->assertSame(42, roads());
    }
}
