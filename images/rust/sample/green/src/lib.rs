pub fn answer() -> i32 {
    6 * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn life_the_universe_and_everything() {
        assert_eq!(42, answer());
    }
}
