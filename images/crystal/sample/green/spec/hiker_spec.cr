require "spec"
require "../src/hiker"

describe "answer" do
  it "is the answer to life, the universe and everything" do
    answer.should eq 42
  end
end
