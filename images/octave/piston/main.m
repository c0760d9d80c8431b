printf ("OK\n");
