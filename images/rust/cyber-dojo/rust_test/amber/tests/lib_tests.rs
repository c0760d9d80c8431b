#![cfg_attr(feature = "strict", deny(warnings))]

#[test]
fn a_hiker_walks_down_42_roads() {
    assert_eq!(42, hiker::roads());
}
