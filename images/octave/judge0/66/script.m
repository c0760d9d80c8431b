x = scanf ("%d", 2);
printf ("%d\n", sum (x));
