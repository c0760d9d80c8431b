# Line coverage of the sandbox's files, written to report/coverage.txt by simplecov-console's
# formatter when the tests ran (not after an exception).
require 'simplecov'
require 'simplecov-console'
require 'stringio'

class CoverageReport
  def format(result)
    return if $ERROR_BEFORE_EXIT

    text = StringIO.new
    previous = $stdout
    begin
      $stdout = text
      SimpleCov::Formatter::Console.new.format(result)
    ensure
      $stdout = previous
    end
    dir = File.join(ENV.fetch('CYBER_DOJO_SANDBOX', Dir.pwd), 'report')
    Dir.mkdir(dir) unless Dir.exist?(dir)
    File.write(File.join(dir, 'coverage.txt'), text.string)
  end
end

SimpleCov.command_name('minitest')
SimpleCov.formatter = CoverageReport
SimpleCov.start

at_exit { $ERROR_BEFORE_EXIT = !$!.nil? && !$!.is_a?(SystemExit) }
