//! Identifier casing and de-duplication for operation ids, type names,
//! parameters and example keys, including the Rust names progenitor derives
//! from them (two names that differ in OpenAPI can meet in Rust: `X-A` and
//! `X A` are both `x_a`).

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

use crate::fast_hash::{HashMap, HashSet};
use crate::short_text::{concat, push_decimal};

/// `"Enable Notifications"` → `enable_notifications`. Never empty, never
/// starts with a digit. Words are split on anything that is not a letter or
/// digit, and between a lowercase letter and an uppercase one (`camelCase`),
/// and lowercased.
pub fn snake_case(text: &str) -> String {
    // Built in one string: example names can be whole sentences, and
    // collecting each word first was most of naming an example.
    let mut joined = String::with_capacity(text.len());
    let mut in_word = false;
    let mut previous_lower = false;
    for character in text.chars() {
        // ASCII, nearly every name: the same rules without Unicode tables
        // (Box's example names are whole sentences, cased for every key).
        if character.is_ascii() {
            if !character.is_ascii_alphanumeric() {
                previous_lower = false;
                in_word = false;
                continue;
            }
            if character.is_ascii_uppercase() && previous_lower {
                in_word = false;
            }
            if !in_word && !joined.is_empty() {
                joined.push('_');
            }
            in_word = true;
            previous_lower = character.is_ascii_lowercase();
            joined.push(character.to_ascii_lowercase());
            continue;
        }
        if character.is_alphanumeric() {
            if character.is_uppercase() && previous_lower {
                in_word = false;
            }
            if !in_word && !joined.is_empty() {
                joined.push('_');
            }
            in_word = true;
            previous_lower = character.is_lowercase();
            joined.extend(character.to_lowercase());
        } else {
            previous_lower = false;
            in_word = false;
        }
    }
    match joined.chars().next() {
        None => "unnamed".to_string(),
        Some(first) if first.is_ascii_digit() => format!("n_{joined}"),
        Some(_) => joined,
    }
}

/// `"enable notifications"` → `EnableNotifications`. Never empty, never
/// starts with a digit.
pub fn pascal_case(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    push_pascal_words(&mut joined, text);
    finish_pascal(joined)
}

/// Appends the words of `text` (as [`snake_case`] splits them) to `out`, each
/// capitalized, with none of [`pascal_case`]'s fix-ups. Words never span the
/// space between two texts, so `push_pascal_words` of `a` then of `b` gives
/// the same as of `"{a} {b}"`: nested type names are built by appending,
/// not by re-casing their parent's whole name at every level.
pub(crate) fn push_pascal_words(out: &mut String, text: &str) {
    let mut in_word = false;
    let mut previous_lower = false;
    for character in text.chars() {
        // ASCII, nearly every name: the same rules without Unicode tables.
        if character.is_ascii() {
            if !character.is_ascii_alphanumeric() {
                previous_lower = false;
                in_word = false;
                continue;
            }
            if character.is_ascii_uppercase() && previous_lower {
                in_word = false;
            }
            previous_lower = character.is_ascii_lowercase();
            out.push(if in_word {
                character.to_ascii_lowercase()
            } else {
                character.to_ascii_uppercase()
            });
            in_word = true;
            continue;
        }
        if !character.is_alphanumeric() {
            previous_lower = false;
            in_word = false;
            continue;
        }
        if character.is_uppercase() && previous_lower {
            in_word = false;
        }
        previous_lower = character.is_lowercase();
        for (position, lower) in character.to_lowercase().enumerate() {
            if position == 0 && !in_word {
                out.extend(lower.to_uppercase());
            } else {
                out.push(lower);
            }
        }
        in_word = true;
    }
}

/// [`pascal_case`]'s fix-ups on joined words: never empty, never a leading
/// digit.
pub(crate) fn finish_pascal(joined: String) -> String {
    match joined.chars().next() {
        None => "Unnamed".to_string(),
        Some(first) if first.is_ascii_digit() => format!("N{joined}"),
        Some(_) => joined,
    }
}

/// The Rust identifier progenitor 0.15 derives from an OpenAPI name for a
/// method or parameter (its `sanitize(name, Case::Snake)`): characters that
/// cannot continue an identifier become word breaks, words are snake_cased,
/// and keywords get a trailing `_`. Two parameters of one operation with the
/// same Rust name make a builder with duplicate fields, which does not compile.
pub fn rust_snake_name(name: &str) -> String {
    // Most names are already snake_case words, which heck leaves as they are.
    let bytes = name.as_bytes();
    let already_snake = bytes.first().is_some_and(u8::is_ascii_lowercase)
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
        && !name.contains("__")
        && !name.ends_with('_');
    if already_snake && !is_rust_keyword(name) {
        return name.to_string();
    }
    progenitor_sanitize(name, |text| text.to_snake_case())
}

/// The Rust type name progenitor derives from an operation id (its
/// `sanitize(name, Case::Pascal)`); two operations with one type name make
/// duplicate builder structs.
pub fn rust_pascal_name(name: &str) -> String {
    // Operation ids are snake_case words (see `snake_case`): capitalizing
    // each word is what heck does to them, without its allocations.
    if let Some(pascal) = pascal_of_snake(name)
        && !is_rust_keyword(&pascal)
    {
        return pascal;
    }
    progenitor_sanitize(name, |text| text.to_pascal_case())
}

/// `get_user_v2` → `GetUserV2`, for plain snake_case only: ASCII lowercase
/// letters, digits and single inner underscores, starting with a letter.
fn pascal_of_snake(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    let plain = bytes.first().is_some_and(u8::is_ascii_lowercase)
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
        && !name.contains("__")
        && !name.ends_with('_');
    if !plain {
        return None;
    }
    let mut pascal = String::with_capacity(name.len());
    for word in name.split('_') {
        let mut characters = word.chars();
        if let Some(first) = characters.next() {
            pascal.push(first.to_ascii_uppercase());
            pascal.extend(characters);
        }
    }
    Some(pascal)
}

fn progenitor_sanitize(name: &str, to_case: fn(&str) -> String) -> String {
    let out = match name {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => to_case(
            &name
                .replace('\'', "")
                .replace(|c: char| !is_xid_continue(c), "-"),
        ),
    };
    let out = match out.chars().next() {
        None => to_case("x"),
        Some(first) if is_xid_start(first) => out,
        Some(_) => format!("_{out}"),
    };
    if is_rust_keyword(&out) {
        format!("{out}_")
    } else {
        out
    }
}

/// The words typify refuses as identifiers (Rust keywords, `gen` included).
fn is_rust_keyword(word: &str) -> bool {
    matches!(
        word,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// Hands out names that are unique within one scope by appending `_2`, `_3`
/// (or `2`, `3` for type names) to repeats.
///
/// A base that had to be numbered remembers the last suffix it handed out,
/// so claiming one name n times costs O(n log n), not O(n²): a suffix that
/// was taken stays taken.
#[derive(Debug, Default)]
pub struct UniqueNames {
    // Hashed, not ordered: a large collection has tens of thousands of
    // operations, and each lookup in a tree of their names was a dozen
    // string comparisons. The hasher is seeded per process: names come
    // from the collection.
    taken: HashSet<String>,
    last_suffix: HashMap<String, u64>,
}

impl UniqueNames {
    /// Returns `base`, or `base` with the first free numeric suffix.
    pub fn claim(&mut self, base: &str, separator: &str) -> String {
        // The common case, a name not seen before, allocates once.
        if !self.taken.contains(base) {
            self.taken.insert(base.to_string());
            return base.to_string();
        }
        self.claim_with(base, separator, |candidate| vec![candidate.to_string()])
    }

    /// Like [`claim`](Self::claim), but a candidate is free only when none of
    /// `keys(candidate)` is taken (for example its Rust snake and Pascal
    /// names), and all of them are taken once it is handed out.
    pub fn claim_with(
        &mut self,
        base: &str,
        separator: &str,
        keys: impl Fn(&str) -> Vec<String>,
    ) -> String {
        let mut suffix = self.last_suffix.get(base).copied().unwrap_or(1);
        loop {
            let candidate = if suffix <= 1 {
                base.to_string()
            } else {
                let mut candidate = concat(&[base, separator]);
                push_decimal(&mut candidate, suffix);
                candidate
            };
            let candidate_keys = keys(&candidate);
            if candidate_keys.iter().all(|key| !self.taken.contains(key)) {
                self.taken.extend(candidate_keys);
                if suffix > 1 {
                    self.last_suffix.insert(base.to_string(), suffix);
                }
                return candidate;
            }
            suffix = suffix.saturating_add(1);
        }
    }

    /// Marks `key` as taken without handing it out (a reserved word).
    pub fn reserve(&mut self, key: impl Into<String>) {
        self.taken.insert(key.into());
    }

    /// Whether `key` is taken.
    pub fn is_taken(&self, key: &str) -> bool {
        self.taken.contains(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn snake_case_ids_get_the_pascal_names_heck_gives() {
        let heck = |name: &str| progenitor_sanitize(name, |text| text.to_pascal_case());
        let mut names: Vec<String> = [
            "get",
            "get_user",
            "get_user_2",
            "get_v2_1_leads",
            "n_2fa_login",
            "self",
            "a1b2",
            "x_9",
            "enable_notifications_2",
            "type",
            "super_",
            "a__b",
            "_a",
            "Get",
            "get-it",
        ]
        .iter()
        .map(|name| name.to_string())
        .collect();
        // Every snake_case of a spread of names, as operation ids come.
        for text in [
            "Get Leads records",
            "v2.1 Leads",
            "2FA login",
            "getHTTPResponse",
            "x y 9z",
        ] {
            names.push(snake_case(text));
        }
        for name in &names {
            assert_eq!(rust_pascal_name(name), heck(name), "for {name:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_snake_like_id_gets_the_pascal_name_heck_gives(name in "[a-z_][a-z0-9_]{0,20}") {
            let heck = progenitor_sanitize(&name, |text| text.to_pascal_case());
            proptest::prop_assert_eq!(rust_pascal_name(&name), heck);
        }
    }

    proptest::proptest! {
        #[test]
        fn snake_case_joins_the_words_the_reference_splits(text in "(?s).{0,24}", ascii in "[a-zA-Z0-9 _.-]{0,24}") {
            for text in [&text, &ascii] {
                let reference = words(text).join("_");
                let expected = match reference.chars().next() {
                    None => "unnamed".to_string(),
                    Some(first) if first.is_ascii_digit() => format!("n_{reference}"),
                    Some(_) => reference,
                };
                proptest::prop_assert_eq!(snake_case(text), expected);
            }
        }
    }

    #[test]
    fn operation_names_become_snake_case() {
        assert_eq!(snake_case("Enable Notifications"), "enable_notifications");
        assert_eq!(snake_case("getUserByID"), "get_user_by_id");
        assert_eq!(snake_case("Update Details (v2.1)"), "update_details_v2_1");
        assert_eq!(snake_case("2FA login"), "n_2fa_login");
        assert_eq!(snake_case("¿?"), "unnamed");
    }

    #[test]
    fn pascal_case_capitalizes_the_words_snake_case_splits() {
        // The reference: capitalize each of words()'s words.
        let by_words = |text: &str| {
            let joined: String = words(text)
                .iter()
                .map(|word| {
                    let mut characters = word.chars();
                    characters
                        .next()
                        .map(|first| first.to_uppercase().chain(characters).collect::<String>())
                        .unwrap_or_default()
                })
                .collect();
            finish_pascal(joined)
        };
        for text in [
            "",
            " ",
            "enable notifications",
            "getHTTPResponse",
            "a-b_c d",
            "9 lives",
            "İstanbul ǅemal",
            "ß straße",
            "x2Y z",
            "ÀÉ éà",
            "__",
            "Ünïcode ΣΑΣ σας",
            "aÉb éAx Σa1B",
        ] {
            assert_eq!(pascal_case(text), by_words(text), "for {text:?}");
            let mut appended = String::new();
            push_pascal_words(&mut appended, text);
            push_pascal_words(&mut appended, "item x");
            assert_eq!(
                finish_pascal(appended),
                pascal_case(&format!("{text} item x"))
            );
        }
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
        assert_eq!(
            names.claim("oauth_scope_mismatch_2", "_"),
            "oauth_scope_mismatch_2_2",
            "a base that is itself a numbered name"
        );
    }

    #[test]
    fn rust_names_are_what_progenitor_derives() {
        assert_eq!(rust_snake_name("X-A"), "x_a");
        assert_eq!(rust_snake_name("X A"), "x_a");
        assert_eq!(rust_snake_name("userId"), "user_id");
        assert_eq!(rust_snake_name("type"), "type_");
        assert_eq!(rust_snake_name("1st"), "_1st");
        assert_eq!(rust_snake_name(""), "x");
        assert_eq!(rust_snake_name("page_size2"), "page_size2");
        assert_eq!(rust_snake_name("a__b_"), "a_b");
        assert_eq!(
            rust_pascal_name("get_user_2"),
            rust_pascal_name("get_user2")
        );
    }

    #[test]
    fn keyed_claims_avoid_every_key() {
        let mut names = UniqueNames::default();
        let keys = |name: &str| vec![rust_pascal_name(name)];
        assert_eq!(names.claim_with("get_user_2", "_", keys), "get_user_2");
        assert_eq!(
            names.claim_with("get_user2", "_", keys),
            "get_user2_2",
            "GetUser2 is taken"
        );
    }
}
