//! Short texts joined from parts: the JSON path of every item, request,
//! response and header, example keys, server URLs. A large collection
//! builds hundreds of thousands of them, and `format!` runs the formatting
//! machinery (and grows its string) for each; joining known parts into a
//! string of the right size costs a copy.

/// `parts`, one after another.
pub(crate) fn concat(parts: &[&str]) -> String {
    let length = parts
        .iter()
        .map(|part| part.len())
        .fold(0, usize::saturating_add);
    let mut text = String::with_capacity(length);
    for part in parts {
        text.push_str(part);
    }
    text
}

/// `base` followed by `[index]`: a JSON path into a list.
pub(crate) fn indexed(base: &str, index: usize) -> String {
    let mut text = String::with_capacity(base.len().saturating_add(8));
    text.push_str(base);
    text.push('[');
    push_decimal(&mut text, u64::try_from(index).unwrap_or(u64::MAX));
    text.push(']');
    text
}

/// Appends `number` in decimal.
pub(crate) fn push_decimal(text: &mut String, number: u64) {
    // u64::MAX has 20 digits.
    let mut digits = [0u8; 20];
    let mut rest = number;
    let mut start = digits.len();
    loop {
        start = start.saturating_sub(1);
        if let Some(digit) = digits.get_mut(start) {
            // The remainder is below 10.
            *digit = b'0'.saturating_add((rest % 10) as u8);
        }
        rest /= 10;
        if rest == 0 || start == 0 {
            break;
        }
    }
    for &digit in digits.get(start..).unwrap_or_default() {
        text.push(char::from(digit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_texts_read_as_formatted_ones() {
        assert_eq!(concat(&["$.item", "[3]", ".request"]), "$.item[3].request");
        assert_eq!(concat(&[]), "");
        for index in [0, 7, 10, 99, 1000, 4_294_967_296, usize::MAX] {
            assert_eq!(indexed("$.item", index), format!("$.item[{index}]"));
            let mut text = String::from("x");
            push_decimal(&mut text, index as u64);
            assert_eq!(text, format!("x{index}"));
        }
    }
}
