//! The direction of a piece of text.

/// The direction of the first letter that has one: `Some(true)` right to
/// left (Arabic, Hebrew, Syriac, Thaana, N'Ko and their presentation
/// forms), `Some(false)` left to right, `None` for text without letters.
pub fn direction(text: &str) -> Option<bool> {
    for c in text.chars() {
        let u = c as u32;
        if (0x0590..=0x08FF).contains(&u)
            || (0xFB1D..=0xFDFF).contains(&u)
            || (0xFE70..=0xFEFF).contains(&u)
        {
            return Some(true);
        }
        if c.is_alphabetic() {
            return Some(false);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_of_a_line() {
        assert_eq!(direction("سلام"), Some(true));
        assert_eq!(direction("  123 مرحبا hello"), Some(true));
        assert_eq!(direction("hello مرحبا"), Some(false));
        assert_eq!(direction("123 -"), None);
        assert_eq!(direction(""), None);
    }
}
