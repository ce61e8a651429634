//! Identifier casing and de-duplication for operation ids, type names and
//! example keys.

use std::collections::BTreeSet;

/// Splits text into lowercase words on anything that is not a letter or digit,
/// and between a lowercase letter and an uppercase one (`camelCase`).
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for character in text.chars() {
        if character.is_alphanumeric() {
            if character.is_uppercase() && previous_lower && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = character.is_lowercase();
            current.extend(character.to_lowercase());
        } else {
            previous_lower = false;
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `"Enable Notifications"` → `enable_notifications`. Never empty, never
/// starts with a digit.
pub fn snake_case(text: &str) -> String {
    let joined = words(text).join("_");
    match joined.chars().next() {
        None => "unnamed".to_string(),
        Some(first) if first.is_ascii_digit() => format!("n_{joined}"),
        Some(_) => joined,
    }
}

/// `"enable notifications"` → `EnableNotifications`. Never empty, never
/// starts with a digit.
pub fn pascal_case(text: &str) -> String {
    let joined: String = words(text)
        .iter()
        .map(|word| {
            let mut characters = word.chars();
            match characters.next() {
                Some(first) => first.to_uppercase().chain(characters).collect::<String>(),
                None => String::new(),
            }
        })
        .collect();
    match joined.chars().next() {
        None => "Unnamed".to_string(),
        Some(first) if first.is_ascii_digit() => format!("N{joined}"),
        Some(_) => joined,
    }
}

/// Hands out names that are unique within one scope by appending `_2`, `_3`
/// (or `2`, `3` for type names) to repeats.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    /// Returns `base`, or `base` with the first free numeric suffix.
    pub fn claim(&mut self, base: &str, separator: &str) -> String {
        let mut candidate = base.to_string();
        let mut counter = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{separator}{counter}");
            counter += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_become_snake_case() {
        assert_eq!(snake_case("Enable Notifications"), "enable_notifications");
        assert_eq!(snake_case("getUserByID"), "get_user_by_id");
        assert_eq!(snake_case("Update Details (v2.1)"), "update_details_v2_1");
        assert_eq!(snake_case("2FA login"), "n_2fa_login");
        assert_eq!(snake_case("¿?"), "unnamed");
    }

    #[test]
    fn type_names_become_pascal_case() {
        assert_eq!(
            pascal_case("enable_notifications response"),
            "EnableNotificationsResponse"
        );
        assert_eq!(pascal_case("price_books"), "PriceBooks");
    }

    #[test]
    fn repeats_get_numbered() {
        let mut names = UniqueNames::default();
        assert_eq!(
            names.claim("oauth_scope_mismatch", "_"),
            "oauth_scope_mismatch"
        );
        assert_eq!(
            names.claim("oauth_scope_mismatch", "_"),
            "oauth_scope_mismatch_2"
        );
        assert_eq!(
            names.claim("oauth_scope_mismatch", "_"),
            "oauth_scope_mismatch_3"
        );
    }
}
