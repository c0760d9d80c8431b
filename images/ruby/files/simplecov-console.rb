# frozen_string_literal: true

# runbox's stand-in for the simplecov-console gem, which Debian does not package.
# SimpleCov::Formatter::Console#format(result) prints a plain-text coverage summary to
# $stdout: the total line coverage, then one row per file, least covered first, with the
# numbers of its uncovered lines (runs of three or more are shown as ranges).
require 'simplecov'

module SimpleCov
  module Formatter
    class Console
      def format(result)
        files = result.files.to_a
        puts Kernel.format('COVERAGE: %6.2f%% -- %d/%d lines in %d files',
                           result.covered_percent, result.covered_lines,
                           result.total_lines, files.size)
        return if files.empty?

        rows = files.sort_by { |f| [f.covered_percent, f.project_filename] }.map do |f|
          [Kernel.format('%.2f%%', f.covered_percent), f.project_filename.sub(%r{\A/}, ''),
           f.lines_of_code.to_s, f.missed_lines.size.to_s, missing(f)]
        end
        puts
        table([%w[coverage file lines missed missing]] + rows)
      end

      private

      def missing(file)
        numbers = file.missed_lines.map(&:line_number).sort
        numbers.slice_when { |a, b| b != a + 1 }.map do |run|
          run.size >= 3 ? "#{run.first}-#{run.last}" : run.join(', ')
        end.join(', ')
      end

      def table(rows)
        widths = rows.transpose.map { |column| column.map(&:length).max }
        rows.each do |row|
          puts row.each_with_index.map { |cell, i| cell.ljust(widths[i]) }.join('  ').rstrip
        end
      end
    end
  end
end
