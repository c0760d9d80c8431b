say "OK";
