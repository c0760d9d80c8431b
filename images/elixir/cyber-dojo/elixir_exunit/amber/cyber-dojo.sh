ERL_FLAGS='+JMsingle true' elixir -r 'lib/**/*.ex' -r test/test_helper.exs -r 'test/**/*_test.exs'
