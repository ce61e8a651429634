//! Secrets: redacted wherever they could be printed, and refused when they
//! could corrupt the request that carries them.

use std::fmt;

/// A secret string (access or refresh token, client secret, callback
/// token): redacted in `Debug` and `Display`, readable only through
/// [`Secret::expose`].
///
/// A secret with a control character (CR, LF, NUL, ...) is refused when it is
/// made: in a header it would end the header early (the request would go out
/// without `Authorization`), and no Zoho token contains one.
///
/// ```
/// use zoho_crm_notifications::Secret;
/// let token = Secret::new("1000.abc").expect("no control characters");
/// assert_eq!(format!("{token:?}"), "<redacted>");
/// assert!(Secret::new("1000.abc\r\nX-Injected: 1").is_err());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

/// Why a string cannot be a [`Secret`]. It never contains the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a secret cannot contain control characters (found {character} at byte {byte_offset}); check for a stray newline when it was read"
)]
pub struct InvalidSecret {
    /// Where the first control character is.
    pub byte_offset: usize,
    /// The character, escaped (`\r`, `\n`, `\u{0}`).
    pub character: String,
}

impl Secret {
    /// Wraps a secret, refusing one with a control character.
    pub fn new(secret: impl Into<String>) -> Result<Self, InvalidSecret> {
        let secret = secret.into();
        match secret.char_indices().find(|(_, c)| c.is_control()) {
            Some((byte_offset, character)) => Err(InvalidSecret {
                byte_offset,
                character: character.escape_default().to_string(),
            }),
            None => Ok(Secret(secret)),
        }
    }

    /// The secret itself, for sending.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Secret {
    type Error = InvalidSecret;

    fn try_from(secret: String) -> Result<Self, Self::Error> {
        Secret::new(secret)
    }
}

impl TryFrom<&str> for Secret {
    type Error = InvalidSecret;

    fn try_from(secret: &str) -> Result<Self, Self::Error> {
        Secret::new(secret)
    }
}

/// Serializing writes the secret itself: that is how it is sent.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Deserializing refuses control characters, as [`Secret::new`] does.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Secret::new(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Secret {
    fn schema_name() -> String {
        "Secret".into()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        String::json_schema(generator)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_without_echoing_the_secret() {
        for bad in ["tok\ren", "tok\nen", "tok\0en", "tok\u{7f}en", "\u{85}"] {
            let error = Secret::new(format!("s3cr3t{bad}")).expect_err(bad);
            assert!(!error.to_string().contains("s3cr3t"), "{error}");
        }
        let error = Secret::new("abc\r\n").expect_err("CR");
        assert_eq!((error.byte_offset, error.character.as_str()), (3, "\\r"));
        assert!(Secret::new("1000.ünïcode and spaces").is_ok());
    }
}
