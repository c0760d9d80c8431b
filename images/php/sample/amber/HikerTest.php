<?php

use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/Hiker.php';

final class HikerTest extends TestCase
{
    public function testLifeTheUniverseAndEverything(): void
    {
        $this->assertSame(42, answer());
    }
}
