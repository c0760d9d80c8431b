phpunit --do-not-cache-result .
